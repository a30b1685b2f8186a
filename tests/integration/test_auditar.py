"""`secretaria auditar`: a clean store audits green; each tampering is detected and named."""

from __future__ import annotations

import json
from uuid import UUID

from typer.testing import CliRunner

from proyecciones.sellos import sellar_pendientes
from servicio.cli import cli
from servicio.cli_auditoria import ejecutar_auditoria
from tests.soporte import manipulacion
from tests.soporte.cliente import ClienteApi
from tests.soporte.pdfs import pdf_con_texto


def archivo_sellado(cliente: ClienteApi) -> dict:
    """A published document with a certified copy, every event sealed."""
    doc = cliente.hasta_publicado(titulo="Ordenanza que regula el comercio ambulatorio")
    cliente.accion(doc["id"], "copias-certificadas", rol="fedatario")
    cliente.contenedor.ponerse_al_dia()  # the file's text too: nothing is written after this
    sellar_pendientes(cliente.contenedor.app, cliente.contenedor.sellos)
    return cliente.http.get(f"/v1/documentos/{doc['id']}", headers=cliente.como("auditor")).json()


def test_archivo_limpio_es_conforme_y_coincide_con_el_portal(cliente: ClienteApi) -> None:
    archivo_sellado(cliente)
    sello = cliente.http.get("/portal/sello").json()
    assert sello["posicion"] == cliente.contenedor.app.posicion_actual()
    informe = ejecutar_auditoria(cliente.contenedor, (sello["posicion"], sello["hash"]))
    assert informe.correcto, informe.hallazgos
    assert informe.cabeza == {"posicion": sello["posicion"], "hash": sello["hash"]}
    assert informe.archivos == 2


def test_un_byte_cambiado_en_un_evento(cliente: ClienteApi) -> None:
    doc = archivo_sellado(cliente)
    posicion = next(
        n.id
        for n in cliente.contenedor.app.recorder.select_notifications(start=1, limit=1000)
        if str(n.originator_id) == doc["id"] and n.originator_version == 2
    )
    manipulacion.cambiar_un_byte(cliente.contenedor, posicion, b'"numero":1', b'"numero":7')
    informe = ejecutar_auditoria(cliente.contenedor, archivos=False, vistas=False)
    assert not informe.correcto
    (hallazgo,) = informe.hallazgos
    assert hallazgo.posicion == posicion
    assert "Aprobado v2" in hallazgo.detalle and doc["id"] in hallazgo.detalle


def test_ultimo_evento_borrado(cliente: ClienteApi) -> None:
    archivo_sellado(cliente)
    ultima = cliente.contenedor.app.posicion_actual()
    sello = cliente.http.get("/portal/sello").json()
    manipulacion.borrar_evento(cliente.contenedor, ultima)
    informe = ejecutar_auditoria(
        cliente.contenedor, (sello["posicion"], sello["hash"]), archivos=False
    )
    assert not informe.correcto
    assert any(h.posicion == ultima and "borrado" in h.detalle for h in informe.hallazgos)


def test_archivo_con_otros_bytes(cliente: ClienteApi) -> None:
    doc = archivo_sellado(cliente)
    original = cliente.contenedor.app.documento(UUID(doc["id"])).archivo
    manipulacion.cambiar_bytes_de_archivo(
        cliente.contenedor, original["clave"], pdf_con_texto("Texto falsificado")
    )
    informe = ejecutar_auditoria(cliente.contenedor)
    assert not informe.correcto
    (hallazgo,) = informe.hallazgos
    assert hallazgo.comprobacion == "archivos" and hallazgo.clave == original["clave"]


def test_cli_codigo_de_salida_y_json(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SECRETARIA_DATOS", str(tmp_path))
    ejecutor = CliRunner()
    limpio = ejecutor.invoke(cli, ["auditar", "--json"])
    assert limpio.exit_code == 0, limpio.output
    assert json.loads(limpio.output)["correcto"] is True
    mala = ejecutor.invoke(cli, ["auditar", "--cabeza", "5:" + "a" * 64])
    assert mala.exit_code == 1
    assert "NO CONFORME" in mala.output


def test_fila_de_vista_editada(cliente: ClienteApi) -> None:
    doc = archivo_sellado(cliente)
    proyecciones = cliente.contenedor.proyecciones
    proyecciones.ponerse_al_dia()
    proyecciones.documentos["portal"].alterar_fila(doc["id"], "titulo", "Título cambiado a mano")
    informe = ejecutar_auditoria(cliente.contenedor, archivos=False)
    assert not informe.correcto
    (hallazgo,) = informe.hallazgos
    assert hallazgo.comprobacion == "vistas" and hallazgo.vista == "portal"
    assert doc["id"] in hallazgo.detalle and "titulo" in hallazgo.detalle
