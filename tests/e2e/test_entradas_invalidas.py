"""Bad input gets the right 4xx, a Spanish problem+json, and changes nothing."""

from __future__ import annotations

import os
import uuid

import pytest

from almacen.archivos import clave_para, huella
from tests.soporte.cliente import ClienteApi
from tests.soporte.pdfs import pdf_cifrado, pdf_con_texto, pdf_truncado

ARCHIVOS_MALOS = {
    "bytes_al_azar": (os.urandom(4096), 422),
    "pdf_truncado": (pdf_truncado(), 422),
    "pdf_cifrado": (pdf_cifrado(), 422),
    "archivo_vacio": (b"", 422),
    "html_disfrazado": (b"<html><body>%PDF- no</body></html>" * 10, 422),
}


@pytest.mark.parametrize("nombre", list(ARCHIVOS_MALOS))
def test_pdf_invalido_rechazado_sin_cambios(cliente: ClienteApi, nombre: str) -> None:
    datos, estado = ARCHIVOS_MALOS[nombre]
    antes = cliente.contenedor.app.posicion_actual()
    r = cliente.registrar("ORDENANZA", pdf=datos)
    assert r.status_code == estado, r.text
    cuerpo = r.json()
    assert r.headers["content-type"] == "application/problem+json"
    assert cuerpo["status"] == estado and cuerpo["codigo"] in {"pdf_invalido", "dato_invalido"}
    assert cuerpo["detail"] and cuerpo["title"] and cuerpo["type"]
    assert cliente.contenedor.app.posicion_actual() == antes
    assert not cliente.contenedor.almacen.existe(clave_para(huella(datos)))


def test_pdf_cifrado_explica_el_motivo(cliente: ClienteApi) -> None:
    r = cliente.registrar("ORDENANZA", pdf=pdf_cifrado())
    assert "cifrado" in r.json()["detail"]


@pytest.mark.parametrize(
    ("datos", "mensaje"),
    [
        ({"tipo": "ORDENANZA"}, "Falta el campo 'titulo'"),
        ({"titulo": "Sin tipo"}, "Falta el campo 'tipo'"),
        ({"tipo": "DECRETO_SUPREMO", "titulo": "Tipo desconocido"}, "Valor no permitido en 'tipo'"),
        ({"tipo": "ORDENANZA", "titulo": "x", "fecha_documento": "ayer"}, "Fecha inválida"),
        ({"tipo": "ORDENANZA", "titulo": "   "}, "título"),
    ],
)
def test_campos_invalidos(cliente: ClienteApi, datos: dict, mensaje: str) -> None:
    antes = cliente.contenedor.app.posicion_actual()
    r = cliente.http.post(
        "/v1/documentos",
        headers=cliente.como("registrador"),
        data=datos,
        files={"archivo": ("a.pdf", pdf_con_texto("Ordenanza"), "application/pdf")},
    )
    assert r.status_code == 422, r.text
    assert mensaje in r.json()["detail"]
    assert cliente.contenedor.app.posicion_actual() == antes


def test_falta_el_archivo(cliente: ClienteApi) -> None:
    r = cliente.http.post(
        "/v1/documentos",
        headers=cliente.como("registrador"),
        data={"tipo": "ORDENANZA", "titulo": "x"},
    )
    assert r.status_code == 422 and "archivo" in r.json()["detail"]


def test_archivo_demasiado_grande(cliente: ClienteApi) -> None:
    limite = cliente.contenedor.ajustes.max_archivo_bytes
    grande = pdf_con_texto("Ordenanza") + b"%" + b"0" * limite
    antes = cliente.contenedor.app.posicion_actual()
    r = cliente.registrar("ORDENANZA", pdf=grande)
    assert r.status_code == 413
    assert r.json()["codigo"] == "archivo_demasiado_grande"
    assert cliente.contenedor.app.posicion_actual() == antes


def test_id_desconocido(cliente: ClienteApi) -> None:
    desconocido = uuid.uuid4()
    for metodo, ruta, kwargs in [
        ("get", f"/v1/documentos/{desconocido}", {}),
        ("get", f"/v1/documentos/{desconocido}/archivo", {}),
        ("get", f"/v1/documentos/{desconocido}/historial", {}),
        ("post", f"/v1/documentos/{desconocido}/aprobacion", {"json": {}}),
    ]:
        rol = "secretario"
        r = getattr(cliente.http, metodo)(ruta, headers=cliente.como(rol), **kwargs)
        assert r.status_code == 404, (ruta, r.text)
        assert str(desconocido) in r.json()["detail"]
    r = cliente.http.get("/v1/documentos/no-es-un-uuid", headers=cliente.como("auditor"))
    assert r.status_code == 422


def test_transicion_rechazada_no_escribe_nada(cliente: ClienteApi) -> None:
    doc = cliente.registrar().json()
    cliente.contenedor.ponerse_al_dia()  # the file's text is recorded in the background
    antes = cliente.contenedor.app.posicion_actual()
    r = cliente.accion(doc["id"], "publicacion", medio="PORTAL")
    assert r.status_code == 409
    assert r.json()["detail"] == "No se puede publicar un documento en estado BORRADOR."
    r = cliente.accion(doc["id"], "copias-certificadas", rol="fedatario")
    assert r.status_code == 409
    r = cliente.accion(doc["id"], "publicacion", medio="TELEVISION")
    assert r.status_code == 422
    assert cliente.contenedor.app.posicion_actual() == antes


def test_cuerpo_json_con_campos_desconocidos(cliente: ClienteApi) -> None:
    doc = cliente.registrar().json()
    r = cliente.accion(doc["id"], "aprobacion", numero=999)
    assert r.status_code == 422 and "numero" in r.json()["detail"]
