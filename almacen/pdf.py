"""PDF intake: refuse what is not a readable, unencrypted PDF without active content within the
limits, and read what the record keeps (pages now; the text later, for search).

The cheap checks run here; pypdf runs in an isolated child process with bounded time and memory
(`pdf_aislado`), with the rules of `pdf_analisis` (which also states the active-content policy).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from almacen.errores import ArchivoDemasiadoGrande, PdfInvalido
from almacen.pdf_aislado import AnalisisCancelado, analizar_aislado
from almacen.pdf_analisis import MAX_PAGINAS, MAX_TEXTO

__all__ = [
    "MAX_PAGINAS",
    "MAX_TEXTO",
    "AnalisisCancelado",
    "InformePdf",
    "TextoPdf",
    "extraer_texto",
    "inspeccionar_pdf",
]


@dataclass(frozen=True)
class InformePdf:
    paginas: int


@dataclass(frozen=True)
class TextoPdf:
    texto: str
    completo: bool  # False when the deadline or the memory cap cut the reading short


def inspeccionar_pdf(datos: bytes, max_bytes: int) -> InformePdf:
    """Check that `datos` is a PDF secretaria may keep; raise a Spanish error otherwise.

    Only the structure is read (pages, encryption, active content): a few milliseconds even for
    a long document. Its text is read afterwards, apart (`extraer_texto`).
    """
    if len(datos) > max_bytes:
        raise ArchivoDemasiadoGrande(
            f"El archivo pesa {len(datos)} bytes y el máximo es {max_bytes} bytes."
        )
    if not datos:
        raise PdfInvalido("El archivo está vacío.")
    if b"%PDF-" not in datos[:1024]:
        raise PdfInvalido("El archivo no es un PDF (falta la cabecera %PDF-).")
    return InformePdf(paginas=analizar_aislado(datos, con_texto=False).paginas)


def extraer_texto(datos: bytes, cancelar: threading.Event | None = None) -> TextoPdf:
    """The text of a stored PDF, page after page, until the deadline; raises `PdfInvalido`, or
    `AnalisisCancelado` as soon as `cancelar` is set."""
    analisis = analizar_aislado(datos, con_texto=True, cancelar=cancelar)
    return TextoPdf(texto=analisis.texto, completo=analisis.completo)
