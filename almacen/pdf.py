"""PDF intake with pypdf: refuse what is not a readable, unencrypted PDF within the limits,
and extract what the record keeps (pages, text)."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from almacen.errores import ArchivoDemasiadoGrande, PdfInvalido

MAX_PAGINAS = 2000
MAX_TEXTO = 500_000  # characters of extracted text kept for search

logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class InformePdf:
    paginas: int
    texto: str


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
    try:
        lector = PdfReader(io.BytesIO(datos), strict=False)
        if lector.is_encrypted:
            raise PdfInvalido("El PDF está cifrado o protegido con contraseña; no se acepta.")
        paginas = len(lector.pages)
    except PdfInvalido:
        raise
    except (
        PyPdfError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        IndexError,
        RecursionError,
        OSError,
        AssertionError,
        ZeroDivisionError,
    ) as exc:
        raise PdfInvalido(f"El PDF está dañado o no se puede leer: {exc}") from exc
    if paginas == 0:
        raise PdfInvalido("El PDF no tiene páginas.")
    if paginas > MAX_PAGINAS:
        raise PdfInvalido(f"El PDF tiene {paginas} páginas; el máximo es {MAX_PAGINAS}.")
    return InformePdf(paginas=paginas, texto=_extraer_texto(lector))


def _extraer_texto(lector: PdfReader) -> str:
    partes: list[str] = []
    total = 0
    for pagina in lector.pages:
        try:
            texto = pagina.extract_text() or ""
        except Exception:
            texto = ""
        partes.append(texto)
        total += len(texto)
        if total >= MAX_TEXTO:
            break
    return "\n".join(partes)[:MAX_TEXTO]
