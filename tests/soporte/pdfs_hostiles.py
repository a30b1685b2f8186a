"""A corpus of malformed and hostile PDFs, generated on the fly (nothing hostile is stored).

Each entry is (name, bytes). The raw ones are written object by object with a correct xref
table (unless breaking it is the point), so that each one exercises exactly one trick.
"""

from __future__ import annotations

import io
import random
import zlib
from collections.abc import Callable

from pypdf import PdfWriter

from tests.soporte.pdfs import pdf_cifrado, pdf_con_texto

Objetos = dict[int, bytes]


def pdf_crudo(objetos: Objetos, raiz: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF made of these numbered object bodies, with a correct xref table."""
    salida = io.BytesIO()
    salida.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    posiciones: dict[int, int] = {}
    for numero in sorted(objetos):
        posiciones[numero] = salida.tell()
        salida.write(b"%d 0 obj\n" % numero + objetos[numero] + b"\nendobj\n")
    inicio_xref = salida.tell()
    total = max(objetos) + 1
    salida.write(b"xref\n0 %d\n0000000000 65535 f \n" % total)
    for numero in range(1, total):
        if numero in posiciones:
            salida.write(b"%010d 00000 n \n" % posiciones[numero])
        else:
            salida.write(b"0000000000 65535 f \n")
    salida.write(b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (total, raiz, trailer_extra))
    salida.write(b"startxref\n%d\n%%%%EOF\n" % inicio_xref)
    return salida.getvalue()


def _flujo(contenido: bytes, comprimir: bool = False, extra: bytes = b"") -> bytes:
    if comprimir:
        contenido = zlib.compress(contenido, 9)
        extra = b"/Filter /FlateDecode " + extra
    return b"<< /Length %d %s>>\nstream\n" % (len(contenido), extra) + contenido + b"\nendstream"


FUENTE = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXTO = b"BT /F1 12 Tf 72 720 Td (Hola) Tj ET"


def _una_pagina(catalogo_extra: bytes = b"", pagina_extra: bytes = b"", mas: Objetos | None = None):
    objetos = {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalogo_extra + b">>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + pagina_extra + b">>",
        4: _flujo(TEXTO),
        5: FUENTE,
    }
    objetos.update(mas or {})
    return pdf_crudo(objetos)


def _bomba_flate(megas: int) -> bytes:
    compresor = zlib.compressobj(9)
    trozo = b" " * (1024 * 1024)
    datos = b"".join(compresor.compress(trozo) for _ in range(megas)) + compresor.flush()
    objetos = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        4: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(datos) + datos + b"\nendstream",
    }
    return pdf_crudo(objetos)


def _bomba_operadores(megas: int) -> bytes:
    operaciones = b"BT /F1 1 Tf " + b"(a) Tj " * (megas * 1024 * 1024 // 7) + b"ET"
    return _una_pagina(mas={4: _flujo(operaciones, comprimir=True)})


def _filtros_anidados(capas: int) -> bytes:
    datos = TEXTO
    for _ in range(capas):
        datos = zlib.compress(datos)
    filtros = b"[" + b" /FlateDecode" * capas + b" ]"
    flujo = b"<< /Length %d /Filter %s >>\nstream\n" % (len(datos), filtros) + datos
    return _una_pagina(mas={4: flujo + b"\nendstream"})


def _arbol_profundo(niveles: int) -> bytes:
    objetos: Objetos = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    for n in range(2, niveles + 2):
        objetos[n] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (n + 1)
    hoja = niveles + 2
    objetos[hoja] = b"<< /Type /Page /MediaBox [0 0 612 792] >>"
    return pdf_crudo(objetos)


def _arbol_ancho(hojas: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (n + 4) for n in range(hojas))
    objetos: Objetos = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % hojas,
        3: _flujo(TEXTO),
    }
    for n in range(hojas):
        objetos[n + 4] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"
    return pdf_crudo(objetos)


def _paginas_compartidas(referencias: int) -> bytes:
    """One page object referenced many times: a 'page count' that costs almost no bytes."""
    kids = b" ".join([b"3 0 R"] * referencias)
    return pdf_crudo(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % referencias,
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            4: _flujo(TEXTO),
        }
    )


def _paginas_lentas(paginas: int, megas: int) -> bytes:
    """Many pages sharing one content stream that is slow to parse (within pypdf's limits)."""
    operaciones = b"BT /F1 1 Tf " + b"(a) Tj " * (megas * 1024 * 1024 // 7) + b"ET"
    kids = b" ".join(b"%d 0 R" % (n + 10) for n in range(paginas))
    objetos: Objetos = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % paginas,
        4: _flujo(operaciones, comprimir=True),
        5: FUENTE,
    }
    for n in range(paginas):
        objetos[n + 10] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        )
    return pdf_crudo(objetos)


def _memoria_acumulada(paginas: int, megas: int) -> bytes:
    """Pages with distinct stream objects that inflate to `megas` MB each: a reader that keeps
    what it decoded grows page by page (the bytes repeat; the objects do not)."""
    imagen = b"BI /W 1024 /H %d /BPC 8 /CS /G ID " % (megas * 1024) + b"\x00" * (
        megas * 1024 * 1024
    )
    flujo = _flujo(imagen + b" EI BT /F1 1 Tf (p) Tj ET", comprimir=True)
    kids = b" ".join(b"%d 0 R" % (2 * n + 10) for n in range(paginas))
    objetos: Objetos = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % paginas,
        5: FUENTE,
    }
    for n in range(paginas):
        objetos[2 * n + 10] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>" % (2 * n + 11)
        )
        objetos[2 * n + 11] = flujo
    return pdf_crudo(objetos)


def muchos_objetos(cantidad: int) -> bytes:
    """A one-page PDF that declares a great many (unreferenced) objects."""
    objetos: Objetos = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    }
    for n in range(cantidad):
        objetos[n + 4] = b"<< /N %d >>" % n
    return pdf_crudo(objetos)


def _xobject_recursivo() -> bytes:
    forma = _flujo(
        b"/Fm1 Do BT /F1 12 Tf (x) Tj ET",
        extra=b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
        b"/Resources << /XObject << /Fm1 6 0 R >> /Font << /F1 5 0 R >> >> ",
    )
    return _una_pagina(
        pagina_extra=b"/XObject << /Fm1 6 0 R >>",
        mas={
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >> >>",
            4: _flujo(b"/Fm1 Do"),
            6: forma,
        },
    )


def _xref_prev_en_bucle() -> bytes:
    base = pdf_con_texto("Revisiones en bucle")
    inicio = base.rindex(b"startxref")
    offset_xref = int(base[inicio:].split()[1])
    actualizacion = (
        b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Prev %d /Root 1 0 R >>\n"
        % (len(base),)
    )
    del offset_xref
    return base + actualizacion + b"startxref\n%d\n%%%%EOF\n" % len(base)


def _xref_stream_indice_enorme() -> bytes:
    fila = b"\x01\x00\x00\x00"
    flujo = (
        b"<< /Type /XRef /Size 2000000000 /Index [0 2000000000] /W [1 2 1] /Root 1 0 R "
        b"/Length %d >>\nstream\n" % len(fila) + fila + b"\nendstream"
    )
    cuerpo = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    cuerpo += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    inicio = len(cuerpo)
    return cuerpo + b"3 0 obj\n" + flujo + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % inicio


def _con_adjunto() -> bytes:
    escritor = PdfWriter(clone_from=io.BytesIO(pdf_con_texto("Con adjunto")))
    escritor.add_attachment("programa.exe", b"MZ" + b"\x00" * 1000)
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def _truncar(datos: bytes, fraccion: float) -> bytes:
    return datos[: int(len(datos) * fraccion)]


def _sin_xref() -> bytes:
    datos = pdf_con_texto("Sin tabla xref", paginas=2)
    return datos[: datos.rindex(b"xref")]


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)

GENERADORES: dict[str, Callable[[], bytes]] = {
    "vacio": lambda: b"",
    "bytes_aleatorios": lambda: random.Random(7).randbytes(256 * 1024),
    "aleatorio_con_cabecera": lambda: b"%PDF-1.7\n" + random.Random(8).randbytes(256 * 1024),
    "html_disfrazado": lambda: (
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    ),
    "html_con_cabecera_pdf": lambda: b"<html><!-- %PDF-1.4 --><script>alert(1)</script></html>",
    "png_como_pdf": lambda: PNG,
    "solo_cabecera": lambda: b"%PDF-1.7\n%%EOF\n",
    "truncado_a_un_tercio": lambda: _truncar(pdf_con_texto("Truncado", paginas=3), 1 / 3),
    "truncado_en_xref": lambda: _truncar(pdf_con_texto("Truncado en xref"), 0.97),
    "sin_xref": _sin_xref,
    "startxref_falso": lambda: pdf_con_texto("startxref falso").replace(
        b"startxref\n", b"startxref\n9999999"
    ),
    "xref_prev_en_bucle": _xref_prev_en_bucle,
    "xref_stream_indice_enorme": _xref_stream_indice_enorme,
    "raiz_autorreferente": lambda: pdf_crudo({1: b"1 0 R"}),
    "paginas_hijo_de_si_mismo": lambda: pdf_crudo(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        }
    ),
    "paginas_en_ciclo": lambda: pdf_crudo(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        }
    ),
    "conteo_declarado_enorme": lambda: pdf_crudo(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        }
    ),
    "conteo_declarado_mentiroso": lambda: pdf_crudo(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1500 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        }
    ),
    "arbol_de_paginas_profundo": lambda: _arbol_profundo(3000),
    "arbol_de_paginas_ancho": lambda: _arbol_ancho(2500),
    "pagina_referida_100000_veces": lambda: _paginas_compartidas(100_000),
    "bomba_flate_200mb": lambda: _bomba_flate(200),
    "bomba_de_operadores": lambda: _bomba_operadores(40),
    "filtros_anidados_16": lambda: _filtros_anidados(16),
    "filtros_anidados_64": lambda: _filtros_anidados(64),
    "longitud_declarada_enorme": lambda: _una_pagina(
        mas={4: b"<< /Length 99999999999 >>\nstream\n" + TEXTO + b"\nendstream"}
    ),
    "arreglo_profundo": lambda: _una_pagina(catalogo_extra=b"/X " + b"[" * 200_000),
    "diccionario_profundo": lambda: _una_pagina(catalogo_extra=b"/X " + b"<< /A " * 100_000),
    "contenido_arreglo_profundo": lambda: _una_pagina(
        mas={4: _flujo(b"BT " + b"[" * 200_000 + b" ET", comprimir=True)}
    ),
    "xobject_recursivo": _xobject_recursivo,
    "paginas_lentas": lambda: _paginas_lentas(2000, 12),
    "memoria_acumulada": lambda: _memoria_acumulada(600, 30),
    "muchos_objetos": lambda: muchos_objetos(300_000),
    "javascript_openaction": lambda: _una_pagina(
        catalogo_extra=b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"
    ),
    "javascript_nombres": lambda: _una_pagina(
        catalogo_extra=b"/Names << /JavaScript << /Names [(inicio) 6 0 R] >> >>",
        mas={6: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"},
    ),
    "javascript_nombre_escapado": lambda: _una_pagina(
        catalogo_extra=b"/OpenAction << /S /J#61vaScript /JS (app.alert\\(1\\)) >>"
    ),
    "launch_openaction": lambda: _una_pagina(
        catalogo_extra=b"/OpenAction << /S /Launch /F (C:\\\\Windows\\\\System32\\\\calc.exe) >>"
    ),
    "javascript_en_anotacion": lambda: _una_pagina(
        pagina_extra=b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] "
        b"/A << /S /JavaScript /JS (app.alert\\(1\\)) >> >>]"
    ),
    "javascript_al_abrir_pagina": lambda: _una_pagina(
        pagina_extra=b"/AA << /O << /S /JavaScript /JS (app.alert\\(1\\)) >> >>"
    ),
    "adjunto_ejecutable": _con_adjunto,
    "anotacion_adjunto": lambda: _una_pagina(
        pagina_extra=b"/Annots [<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] "
        b"/FS << /Type /Filespec /F (x.exe) /EF << /F 6 0 R >> >> >>]",
        mas={6: _flujo(b"MZ", extra=b"/Type /EmbeddedFile ")},
    ),
    "cifrado": pdf_cifrado,
}


def corpus() -> list[tuple[str, bytes]]:
    return [(nombre, generar()) for nombre, generar in GENERADORES.items()]
