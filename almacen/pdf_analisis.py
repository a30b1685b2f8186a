"""What secretaria reads from a PDF with pypdf: structure, active content, text.

These functions trust nothing in the file; they run under `limites_pypdf()` (tighter decoding and
page-tree limits than pypdf's defaults) and, in the service, inside a child process with a memory
cap and a deadline (`pdf_aislado`), because pypdf cannot be interrupted from outside.

Active content policy: a PDF with JavaScript, actions that launch programs, submit or import
data, XFA forms, or embedded files is refused. An official act is what its pages show; the
archive republishes its files to citizens on the portal, so nothing may run when it is opened and
nothing may ride along unseen. The fix for a legitimate document is to print it to PDF again.
Refused rather than cleaned: the archive keeps the exact bytes presented (their sha256 is the
evidence), so it cannot strip them itself.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from almacen.errores import PdfInvalido

MAX_PAGINAS = 2000
MAX_TEXTO = 500_000  # characters of extracted text kept for search
MAX_OBJETOS = 500_000
MAX_PROFUNDIDAD = 64
MAX_DECODIFICADO = 32 * 1024 * 1024  # bytes a single stream may inflate to

logging.getLogger("pypdf").setLevel(logging.ERROR)

ERRORES_LECTURA = (
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
    EOFError,
)

ACCIONES_ACTIVAS = {
    "/JavaScript": "JavaScript",
    "/Launch": "una acción que ejecuta programas (Launch)",
    "/SubmitForm": "una acción que envía datos (SubmitForm)",
    "/ImportData": "una acción que importa datos (ImportData)",
    "/RichMediaExecute": "contenido multimedia ejecutable (RichMedia)",
}
CLAVES_ACTIVAS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/EmbeddedFiles": "archivos adjuntos",
    "/EF": "archivos adjuntos",
    "/XFA": "un formulario XFA (con scripts)",
    "/RichMedia": "contenido multimedia ejecutable (RichMedia)",
}


def limites_pypdf() -> AbstractContextManager[Any]:
    """pypdf's resource limits, tightened to what a record of up to MAX_PAGINAS pages needs."""
    return apply_configuration(
        zlib_maximum_output_length=MAX_DECODIFICADO,
        lzw_maximum_output_length=MAX_DECODIFICADO,
        run_length_maximum_output_length=MAX_DECODIFICADO,
        brotli_maximum_output_length=MAX_DECODIFICADO,
        jbig2_maximum_output_length=MAX_DECODIFICADO,
        array_based_stream_maximum_output_length=MAX_DECODIFICADO,
        stream_decoding_work_maximum_length=4 * MAX_DECODIFICADO,
        page_tree_maximum_entries=4 * MAX_PAGINAS,
        # Counts the entries of every page dictionary copied (a page shared N times counts N
        # times): generous for real pages, fatal to one page referenced 100,000 times.
        page_tree_maximum_page_entries=64 * MAX_PAGINAS,
        page_tree_maximum_depth=MAX_PROFUNDIDAD,
        xform_maximum_invocations_per_extraction=500,
        outline_maximum_entries=20_000,
    )


def _explicar_error(exc: BaseException) -> PdfInvalido:
    if isinstance(exc, LimitReachedError):
        return PdfInvalido(f"El PDF excede los límites de estructura admitidos: {exc}")
    if isinstance(exc, RecursionError):
        return PdfInvalido("El PDF tiene una estructura anidada demasiado profunda.")
    return PdfInvalido(f"El PDF está dañado o no se puede leer: {exc}")


def _contenido_activo(valor: Any, profundidad: int = 0) -> str | None:
    """What active content this object (and its direct, not referenced, parts) carries."""
    if profundidad > MAX_PROFUNDIDAD:
        return None
    if isinstance(valor, DictionaryObject):
        if str(valor.get("/S", "")) in ACCIONES_ACTIVAS:
            return ACCIONES_ACTIVAS[str(valor["/S"])]
        if str(valor.get("/Type", "")) == "/EmbeddedFile":
            return "archivos adjuntos"
        if str(valor.get("/Subtype", "")) == "/FileAttachment":
            return "archivos adjuntos"
        for clave in valor:
            if clave in CLAVES_ACTIVAS:
                return CLAVES_ACTIVAS[clave]
        hijos: Any = valor.values()
    elif isinstance(valor, ArrayObject):
        hijos = valor
    else:
        return None
    for hijo in hijos:
        if not isinstance(hijo, IndirectObject):  # referenced objects are visited on their own
            hallado = _contenido_activo(hijo, profundidad + 1)
            if hallado:
                return hallado
    return None


def _objetos(lector: PdfReader) -> Iterator[IndirectObject]:
    """Every object the file declares (also unreferenced ones: a refusal errs on the safe side)."""
    vistos = 0
    for generacion, entradas in list(lector.xref.items()):
        for numero in list(entradas):
            vistos += 1
            if vistos > MAX_OBJETOS:
                raise PdfInvalido(f"El PDF tiene más de {MAX_OBJETOS} objetos.")
            yield IndirectObject(numero, generacion, lector)
    for numero in list(lector.xref_objStm):
        vistos += 1
        if vistos > MAX_OBJETOS:
            raise PdfInvalido(f"El PDF tiene más de {MAX_OBJETOS} objetos.")
        yield IndirectObject(numero, 0, lector)


def exigir_sin_contenido_activo(lector: PdfReader) -> None:
    hallado = _contenido_activo(lector.trailer)
    if hallado:
        raise _rechazo_activo(hallado)
    for referencia in _objetos(lector):
        try:
            objeto = referencia.get_object()
        except ERRORES_LECTURA:
            continue  # what pypdf cannot parse it skips for pages and text too
        hallado = _contenido_activo(objeto)
        if hallado:
            raise _rechazo_activo(hallado)


def _rechazo_activo(hallado: str) -> PdfInvalido:
    return PdfInvalido(
        f"El PDF contiene {hallado}; no se acepta contenido activo ni adjuntos en un registro "
        "oficial. Vuelva a generarlo (p. ej. «Imprimir a PDF») y súbalo de nuevo."
    )


def abrir(datos: bytes) -> tuple[PdfReader, int]:
    """Open and check a PDF: readable, not encrypted, 1..MAX_PAGINAS pages, no active content."""
    try:
        lector = PdfReader(io.BytesIO(datos), strict=False)
        if lector.is_encrypted:
            raise PdfInvalido("El PDF está cifrado o protegido con contraseña; no se acepta.")
        paginas = len(lector.pages)
        if 0 < paginas <= MAX_PAGINAS:
            exigir_sin_contenido_activo(lector)
    except PdfInvalido:
        raise
    except ERRORES_LECTURA as exc:
        raise _explicar_error(exc) from exc
    if paginas == 0:
        raise PdfInvalido("El PDF no tiene páginas.")
    if paginas > MAX_PAGINAS:
        raise PdfInvalido(f"El PDF tiene {paginas} páginas; el máximo es {MAX_PAGINAS}.")
    return lector, paginas


def textos(lector: PdfReader) -> Iterator[str]:
    """The text of each page, up to MAX_TEXTO characters in all; unreadable pages give ''."""
    total = 0
    for numero in range(len(lector.pages)):
        try:
            texto = lector.pages[numero].extract_text() or ""
        except Exception:  # a page whose text cannot be read is still a page
            texto = ""
        texto = texto[: MAX_TEXTO - total]
        total += len(texto)
        yield texto
        if total >= MAX_TEXTO:
            return
