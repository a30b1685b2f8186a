"""Real PDFs for the tests, generated with reportlab (and pypdf for the encrypted one)."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas


def pdf_con_texto(texto: str, paginas: int = 1) -> bytes:
    salida = io.BytesIO()
    lienzo = Canvas(salida)
    for n in range(paginas):
        y = 760
        for linea in texto.splitlines() or [""]:
            lienzo.drawString(72, y, linea)
            y -= 14
        lienzo.drawString(72, 40, f"Página {n + 1} de {paginas}")
        lienzo.showPage()
    lienzo.save()
    return salida.getvalue()


def pdf_cifrado(texto: str = "Documento reservado") -> bytes:
    escritor = PdfWriter()
    escritor.append(PdfReader(io.BytesIO(pdf_con_texto(texto))))
    escritor.encrypt("clave-secreta")
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def pdf_truncado() -> bytes:
    completo = pdf_con_texto("Ordenanza truncada", paginas=3)
    return completo[: len(completo) // 3]
