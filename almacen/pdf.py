"""PDF intake: refuse what is not a readable, unencrypted PDF without active content within the
limits, and extract what the record keeps (pages, text).

The cheap checks run here; pypdf runs in an isolated child process with bounded time and memory
(`pdf_aislado`), with the rules of `pdf_analisis` (which also states the active-content policy).
"""

from __future__ import annotations

from dataclasses import dataclass

from almacen.errores import ArchivoDemasiadoGrande, PdfInvalido
from almacen.pdf_aislado import analizar_aislado
from almacen.pdf_analisis import MAX_PAGINAS, MAX_TEXTO

__all__ = ["MAX_PAGINAS", "MAX_TEXTO", "InformePdf", "inspeccionar_pdf"]


@dataclass(frozen=True)
class InformePdf:
    paginas: int
    texto: str
    texto_completo: bool = True


def inspeccionar_pdf(datos: bytes, max_bytes: int) -> InformePdf:
    """Check that `datos` is a PDF secretaria may keep; raise a Spanish error otherwise."""
    if len(datos) > max_bytes:
        raise ArchivoDemasiadoGrande(
            f"El archivo pesa {len(datos)} bytes y el máximo es {max_bytes} bytes."
        )
    if not datos:
        raise PdfInvalido("El archivo está vacío.")
    if b"%PDF-" not in datos[:1024]:
        raise PdfInvalido("El archivo no es un PDF (falta la cabecera %PDF-).")
    analisis = analizar_aislado(datos)
    return InformePdf(
        paginas=analisis.paginas, texto=analisis.texto, texto_completo=analisis.completo
    )
