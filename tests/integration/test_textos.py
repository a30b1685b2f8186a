"""File texts: read after registration, once per file, and found by the next read that asks."""

from __future__ import annotations

import threading
import time
from uuid import UUID

import pytest

from almacen.pdf import AnalisisCancelado, extraer_texto
from dominio.textos import TextoArchivo
from dominio.tipos import TipoDocumento
from servicio.bootstrap import Contenedor
from tests.soporte.cliente import ClienteApi
from tests.soporte.pdfs import pdf_con_texto
from tests.soporte.pdfs_hostiles import GENERADORES


def buscar(cliente: ClienteApi, q: str, posicion: int) -> list[str]:
    r = cliente.http.get(
        f"/v1/documentos?q={q}&posicion={posicion}", headers=cliente.como("auditor")
    )
    assert r.status_code == 200, r.text
    return [d["id"] for d in r.json()["items"]]


def textos_de(c: Contenedor, sha256: str) -> list[TextoArchivo.Extraido]:
    return list(c.app.events.get(TextoArchivo.create_id(sha256)))


def test_texto_leido_aparte_y_encontrado_al_leer_lo_escrito(cliente: ClienteApi) -> None:
    pdf = pdf_con_texto("ACUERDO DE CONCEJO\nDeclara de interés la pesca artesanal en Lagunillas.")
    doc = cliente.registrar("ACUERDO_CONCEJO", pdf=pdf, titulo="Declaratoria de interés").json()
    # The registration itself records the file and its pages, not its text.
    (redactado,) = cliente.contenedor.app.events.get(UUID(doc["id"]))
    assert redactado.texto == "" and redactado.archivo["paginas"] == 1

    # A read that asks for its own write sees the body text too.
    assert buscar(cliente, "pesca artesanal lagunillas", doc["posicion"]) == [doc["id"]]
    (extraido,) = textos_de(cliente.contenedor, doc["archivo"]["sha256"])
    assert "pesca artesanal" in extraido.texto and extraido.completo


def test_mismo_archivo_se_lee_una_vez(cliente: ClienteApi) -> None:
    pdf = pdf_con_texto("Ordenanza que regula los paraderos de mototaxis.")
    primero = cliente.registrar("ORDENANZA", pdf=pdf, titulo="Primera").json()
    assert buscar(cliente, "mototaxis", primero["posicion"]) == [primero["id"]]
    # The text is known before the second document arrives: its row gets it at once.
    segundo = cliente.registrar("DOCUMENTO_EXTERNO", pdf=pdf, titulo="Copia presentada").json()
    encontrados = buscar(cliente, "paraderos mototaxis", segundo["posicion"])
    assert sorted(encontrados) == sorted([primero["id"], segundo["id"]])
    assert len(textos_de(cliente.contenedor, primero["archivo"]["sha256"])) == 1


def test_nueva_version_cambia_el_texto_buscable(cliente: ClienteApi) -> None:
    antes = pdf_con_texto("Proyecto sobre el malecón de El Chaco.")
    doc = cliente.registrar("ORDENANZA", pdf=antes, titulo="Proyecto de ordenanza").json()
    assert buscar(cliente, "malecon", doc["posicion"]) == [doc["id"]]
    despues = pdf_con_texto("Texto corregido sobre el embarcadero turístico.")
    r = cliente.http.post(
        f"/v1/documentos/{doc['id']}/versiones",
        headers=cliente.como("registrador"),
        files={"archivo": ("v2.pdf", despues, "application/pdf")},
    )
    assert r.status_code == 200, r.text
    posicion = r.json()["posicion"]
    assert buscar(cliente, "embarcadero", posicion) == [doc["id"]]
    assert buscar(cliente, "malecon", posicion) == []


def test_extractor_reanudado_no_duplica(contenedor: Contenedor) -> None:
    """A crash after saving a text and before moving the position only costs a repeated check."""
    archivo = contenedor.comandos.ingresar_pdf(pdf_con_texto("Resolución sobre arbitrios."))
    contenedor.app.registrar_documento(
        tipo=TipoDocumento.RESOLUCION_ALCALDIA,
        titulo="Arbitrios",
        resumen="",
        organo_emisor=None,
        fecha_documento=None,
        etiquetas=[],
        archivo=archivo,
        actor={"usuario": "prueba", "rol": "registrador"},
    )
    assert contenedor.extractor.posicion() == 0
    # The text was saved by an extractor that died before recording its position.
    assert contenedor.app.registrar_texto(archivo["sha256"], "Resolución sobre arbitrios.", True)
    assert contenedor.extractor.paso() > 0
    assert contenedor.extractor.posicion() == contenedor.app.posicion_actual()
    assert len(textos_de(contenedor, archivo["sha256"])) == 1
    assert contenedor.extractor.paso() == 0  # nothing left


def test_detener_corta_una_lectura_larga() -> None:
    """Shutting down does not wait for a slow file: its child is killed at once."""
    lento = GENERADORES["paginas_lentas"]()
    cancelar = threading.Event()
    threading.Timer(0.5, cancelar.set).start()
    inicio = time.monotonic()
    with pytest.raises(AnalisisCancelado):
        extraer_texto(lento, cancelar=cancelar)
    assert time.monotonic() - inicio < 2.5


def test_textos_atrasados_no_impiden_leer_lo_escrito(cliente: ClienteApi) -> None:
    """With the extractor behind (here: stopped), a read that asks for its write still answers
    once the view has it, after the wait, with the document found by its title."""
    c = cliente.contenedor
    c.detener()
    c.proyecciones.iniciar()  # the views keep running; the extractor does not
    c.ajustes.espera_posicion_s = 0.5
    doc = cliente.registrar("ORDENANZA", titulo="Ordenanza de ornato").json()
    assert buscar(cliente, "ornato", doc["posicion"]) == [doc["id"]]
    assert buscar(cliente, "texto acto", doc["posicion"]) == []  # its body: not yet read
