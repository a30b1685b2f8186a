"""Idempotency-Key: retries answer the first response and write nothing, on both backends."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from servicio.api import crear_api
from servicio.bootstrap import construir
from servicio.idempotencia import middleware
from tests.soporte.cliente import ClienteApi
from tests.soporte.pdfs import pdf_con_texto

PDF = pdf_con_texto("Resolución con clave de idempotencia")


def _registrar(cliente: ClienteApi, clave: str, titulo: str = "Con clave", http: Any = None):
    return (http or cliente.http).post(
        "/v1/documentos",
        headers={**cliente.como("registrador"), "Idempotency-Key": clave},
        data={"tipo": "RESOLUCION_ALCALDIA", "titulo": titulo},
        files={"archivo": ("documento.pdf", PDF, "application/pdf")},
    )


def _posicion(cliente: ClienteApi) -> int:
    """The log's head once the texts of files already taken in are recorded: the extractor
    writes those in the background, whatever the request under test does."""
    cliente.contenedor.ponerse_al_dia()
    return cliente.contenedor.app.posicion_actual()


def test_reintento_devuelve_la_primera_respuesta_sin_escribir(cliente: ClienteApi):
    clave = str(uuid.uuid4())
    primera = _registrar(cliente, clave)
    assert primera.status_code == 201, primera.text
    antes = _posicion(cliente)
    # A new multipart boundary and a new file name: still the same request.
    segunda = _registrar(cliente, clave)
    assert segunda.status_code == 201
    assert segunda.json() == primera.json()
    assert segunda.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in primera.headers
    assert _posicion(cliente) == antes


def test_misma_clave_con_otra_solicitud_es_422(cliente: ClienteApi):
    clave = str(uuid.uuid4())
    assert _registrar(cliente, clave, titulo="Primero").status_code == 201
    antes = _posicion(cliente)
    otra = _registrar(cliente, clave, titulo="Otro título")
    assert otra.status_code == 422
    assert otra.headers["content-type"] == "application/problem+json"
    assert otra.json()["codigo"] == "clave_idempotencia_reutilizada"
    assert "clave de idempotencia" in otra.json()["detail"]
    otra_ruta = cliente.http.post(
        "/v1/fedatarios",
        headers={**cliente.como("registrador"), "Idempotency-Key": clave},
        json={},
    )
    assert otra_ruta.status_code == 422
    assert otra_ruta.json()["codigo"] == "clave_idempotencia_reutilizada"
    assert _posicion(cliente) == antes


def test_la_clave_es_de_cada_usuario(cliente: ClienteApi):
    clave = str(uuid.uuid4())
    doc = _registrar(cliente, clave).json()
    cabeceras = {**cliente.como("secretario"), "Idempotency-Key": clave}
    aprobado = cliente.http.post(f"/v1/documentos/{doc['id']}/aprobacion", headers=cabeceras)
    assert aprobado.status_code == 200, aprobado.text
    assert aprobado.json()["estado"] == "APROBADO"


def test_transicion_repetida_no_toma_otro_numero(cliente: ClienteApi):
    doc = cliente.registrar().json()
    cabeceras = {**cliente.como("secretario"), "Idempotency-Key": "aprobar-" + doc["id"]}
    ruta = f"/v1/documentos/{doc['id']}/aprobacion"
    primera = cliente.http.post(ruta, headers=cabeceras, json={"referencia": "Informe 1"})
    segunda = cliente.http.post(ruta, headers=cabeceras, json={"referencia": "Informe 1"})
    assert primera.status_code == segunda.status_code == 200
    assert segunda.json() == primera.json()
    # Without the key the same approval is a refused transition, as always.
    tercera = cliente.http.post(ruta, headers=cliente.como("secretario"), json={})
    assert tercera.status_code == 409
    otro = cliente.registrar().json()
    numero = cliente.accion(otro["id"], "aprobacion").json()["numero"]
    assert numero == primera.json()["numero"] + 1


def test_copia_certificada_repetida_es_una_sola(cliente: ClienteApi):
    doc = cliente.hasta_publicado()
    cabeceras = {**cliente.como("fedatario"), "Idempotency-Key": str(uuid.uuid4())}
    ruta = f"/v1/documentos/{doc['id']}/copias-certificadas"
    primera = cliente.http.post(ruta, headers=cabeceras, json={"solicitante": "María"})
    segunda = cliente.http.post(ruta, headers=cabeceras, json={"solicitante": "María"})
    assert primera.status_code == segunda.status_code == 201
    assert segunda.json() == primera.json()
    ver = cliente.http.get(f"/v1/documentos/{doc['id']}", headers=cliente.como("auditor"))
    assert len(ver.json()["copias_certificadas"]) == 1


def test_reintento_tras_reiniciar_el_proceso(cliente: ClienteApi, ajustes):
    clave = str(uuid.uuid4())
    primera = _registrar(cliente, clave)
    assert primera.status_code == 201
    antes = _posicion(cliente)
    otro = construir(ajustes)
    try:
        with TestClient(crear_api(otro)) as http:
            segunda = _registrar(cliente, clave, http=http)
            assert segunda.status_code == 201
            assert segunda.json() == primera.json()
            assert otro.app.posicion_actual() == antes
    finally:
        otro.cerrar()


def test_sin_respuesta_grabada_se_reconstruye(cliente: ClienteApi, monkeypatch):
    """The process died between the command's save and recording its answer."""
    monkeypatch.setattr(middleware, "_grabar_respuesta", lambda *a: None)
    clave = str(uuid.uuid4())
    primera = _registrar(cliente, clave)
    assert primera.status_code == 201
    antes = _posicion(cliente)
    segunda = _registrar(cliente, clave)
    assert segunda.status_code == 201
    assert segunda.headers["Idempotent-Replayed"] == "true"
    sin_posicion = {k: v for k, v in primera.json().items() if k != "posicion"}
    assert {k: v for k, v in segunda.json().items() if k != "posicion"} == sin_posicion
    assert segunda.json()["posicion"] >= primera.json()["posicion"]
    assert _posicion(cliente) == antes


def test_reintentos_simultaneos_escriben_una_vez(cliente: ClienteApi):
    clave = str(uuid.uuid4())
    antes = _posicion(cliente)
    respuestas: list[Any] = []
    barrera = threading.Barrier(6)

    def enviar() -> None:
        barrera.wait()
        respuestas.append(_registrar(cliente, clave))

    hilos = [threading.Thread(target=enviar) for _ in range(6)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert {r.status_code for r in respuestas} == {201}, [r.text for r in respuestas]
    assert len({r.json()["id"] for r in respuestas}) == 1
    registrados = cliente.contenedor.app.recorder.select_notifications(
        start=antes + 1, limit=10_000, topics=["dominio.documentos:Resolucion.Redactado"]
    )
    ids = {n.originator_id for n in registrados}
    assert len(ids) == 1


@pytest.mark.parametrize("clave", ["", "con espacio", "x" * 256, "ñandú".encode()])
def test_clave_invalida_es_422(cliente: ClienteApi, clave: Any):
    respuesta = _registrar(cliente, clave)
    assert respuesta.status_code == 422
    assert respuesta.headers["content-type"] == "application/problem+json"


def test_una_solicitud_fallida_no_gasta_la_clave(cliente: ClienteApi):
    clave = str(uuid.uuid4())
    mala = cliente.http.post(
        "/v1/documentos",
        headers={**cliente.como("registrador"), "Idempotency-Key": clave},
        data={"tipo": "RESOLUCION_ALCALDIA", "titulo": "Sin PDF"},
        files={"archivo": ("x.pdf", b"no es un pdf", "application/pdf")},
    )
    assert mala.status_code == 422
    assert _registrar(cliente, clave).status_code == 201


def test_openapi_documenta_la_clave_solo_en_post(cliente: ClienteApi):
    esquema = cliente.http.get("/openapi.json").json()
    post = esquema["paths"]["/v1/documentos"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    get = esquema["paths"]["/v1/documentos/{documento_id}"]["get"]
    assert all(p["name"] != "Idempotency-Key" for p in get.get("parameters", []))
