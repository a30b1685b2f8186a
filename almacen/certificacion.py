"""Certified copies: the original PDF followed by a certification page for it.

The page says what TUO Ley 27444 art. 138 and the entity's directive ask a fedatario's stamp to
say (fedatario, DNI, designating resolution, date, folios) plus a verification code and the
public URL where anyone can check it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from almacen.errores import PdfInvalido
from almacen.pdf_analisis import ERRORES_LECTURA, limites_pypdf

FRASE_CERTIFICACION = (
    "CERTIFICO que la presente copia es fiel reproducción del original que he tenido a la vista."
)


@dataclass(frozen=True)
class DatosCertificacion:
    entidad: str
    documento: str
    fedatario: str
    dni: str
    cargo: str
    resolucion_designacion: str
    fecha: str
    folios: int
    codigo_verificacion: str
    url_verificacion: str


def generar_copia_certificada(original: bytes, datos: DatosCertificacion) -> bytes:
    # The original passed intake, but intake tolerates damage pypdf can read around; copying it
    # whole may still trip pypdf, under the same limits as intake.
    try:
        with limites_pypdf():
            lector = PdfReader(io.BytesIO(original), strict=False)
            escritor = PdfWriter()
            escritor.append(lector)
            escritor.append(PdfReader(io.BytesIO(_pagina_certificacion(datos))))
            escritor.add_metadata(
                {
                    "/Title": f"Copia certificada - {datos.documento}",
                    "/SecretariaCodigoVerificacion": datos.codigo_verificacion,
                }
            )
            salida = io.BytesIO()
            escritor.write(salida)
    except ERRORES_LECTURA as exc:
        raise PdfInvalido(
            f"No se puede generar la copia certificada: el PDF original no se puede copiar ({exc})."
        ) from exc
    return salida.getvalue()


def _pagina_certificacion(d: DatosCertificacion) -> bytes:
    salida = io.BytesIO()
    lienzo = Canvas(salida, pagesize=A4)
    _ancho, alto = A4
    x = 25 * mm
    y = alto - 30 * mm
    lienzo.setFont("Helvetica-Bold", 14)
    lienzo.drawString(x, y, d.entidad.upper())
    y -= 10 * mm
    lienzo.setFont("Helvetica-Bold", 12)
    lienzo.drawString(x, y, "CERTIFICACIÓN DE COPIA FIEL DEL ORIGINAL")
    y -= 12 * mm
    lienzo.setFont("Helvetica", 10)
    lineas = [
        FRASE_CERTIFICACION,
        "",
        f"Documento: {d.documento}",
        f"Folios: {d.folios}",
        f"Fedatario: {d.fedatario}",
        f"DNI: {d.dni}",
        f"Cargo: {d.cargo}",
        f"Designado por: {d.resolucion_designacion}",
        f"Fecha de certificación: {d.fecha}",
        "",
        f"Código de verificación: {d.codigo_verificacion}",
        f"Verifique esta copia en: {d.url_verificacion}",
        "",
        "Servicio gratuito (TUO de la Ley N° 27444, art. 138).",
    ]
    for linea in lineas:
        lienzo.drawString(x, y, linea)
        y -= 6 * mm
    y -= 20 * mm
    lienzo.line(x, y, x + 70 * mm, y)
    lienzo.drawString(x, y - 5 * mm, d.fedatario)
    lienzo.drawString(x, y - 10 * mm, "Fedatario")
    lienzo.showPage()
    lienzo.save()
    return salida.getvalue()
