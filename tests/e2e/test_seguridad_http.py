"""Security basics over HTTP: headers, CORS only for the portal, failed-token throttling."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from servicio.api import crear_api
from servicio.bootstrap import construir
from tests.soporte.backends import ajustes_embebidos
from tests.soporte.cliente import ClienteApi, preparar_cliente

ORIGEN = "https://portal.example.gob.pe"


def _cabeceras_seguras(respuesta, nombre: str = "") -> None:
    h = respuesta.headers
    assert h["x-content-type-options"] == "nosniff", nombre
    assert h["x-frame-options"] == "DENY", nombre
    assert "frame-ancestors 'none'" in h["content-security-policy"], nombre
    assert h["referrer-policy"] == "no-referrer", nombre


def test_cabeceras_en_toda_respuesta(cliente: ClienteApi):
    doc = cliente.registrar().json()
    respuestas = {
        "salud": cliente.http.get("/salud"),
        "documento": cliente.http.get(
            f"/v1/documentos/{doc['id']}", headers=cliente.como("auditor")
        ),
        "pdf": cliente.http.get(
            f"/v1/documentos/{doc['id']}/archivo", headers=cliente.como("auditor")
        ),
        "401": cliente.http.get(f"/v1/documentos/{doc['id']}"),
        "404": cliente.http.get("/no-existe"),
        "422": cliente.http.get("/v1/documentos/no-es-uuid", headers=cliente.como("auditor")),
        "413": cliente.http.post(
            "/v1/documentos",
            headers={**cliente.como("registrador"), "content-length": str(10**10)},
            content=b"x",
        ),
        "portal": cliente.http.get("/portal/sello"),
        "docs": cliente.http.get("/docs"),
    }
    for nombre, r in respuestas.items():
        _cabeceras_seguras(r, nombre)
        if nombre.isdigit():
            assert r.status_code == int(nombre), nombre
    for nombre in ("documento", "pdf", "401", "422", "413"):
        assert respuestas[nombre].headers["cache-control"] == "no-store", nombre
    assert "default-src 'none'" in respuestas["documento"].headers["content-security-policy"]
    # Swagger UI loads its script and styles: the docs page only forbids being framed.
    assert "default-src" not in respuestas["docs"].headers["content-security-policy"]


def test_error_inesperado_es_problem_json_con_cabeceras(cliente: ClienteApi, monkeypatch):
    def falla(*_a, **_k):
        raise RuntimeError("fallo simulado")

    monkeypatch.setattr(cliente.contenedor.app, "documento_en", falla)
    http = TestClient(cliente.http.app, raise_server_exceptions=False)
    r = http.get(f"/v1/documentos/{uuid.uuid4()}", headers=cliente.como("auditor"))
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["codigo"] == "error_interno"
    assert "fallo simulado" not in r.text
    _cabeceras_seguras(r)
    assert r.headers["cache-control"] == "no-store"


@pytest.fixture
def cliente_cors(tmp_path) -> Iterator[ClienteApi]:
    ajustes = ajustes_embebidos(tmp_path).model_copy(update={"cors_origenes": [ORIGEN]})
    contenedor = construir(ajustes)
    try:
        with TestClient(crear_api(contenedor)) as http:
            yield preparar_cliente(contenedor, http)
    finally:
        contenedor.cerrar()


def test_cors_solo_en_el_portal_y_para_origenes_configurados(cliente_cors: ClienteApi):
    http = cliente_cors.http
    previa = {"Origin": ORIGEN, "Access-Control-Request-Method": "GET"}
    r = http.options("/portal/sello", headers=previa)
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == ORIGEN
    r = http.get("/portal/sello", headers={"Origin": ORIGEN})
    assert r.headers["access-control-allow-origin"] == ORIGEN
    assert "access-control-allow-credentials" not in r.headers
    ajeno = http.get("/portal/sello", headers={"Origin": "https://malicioso.example.com"})
    assert "access-control-allow-origin" not in ajeno.headers
    for ruta in ("/v1/documentos", "/salud"):
        r = http.options(
            ruta, headers={**previa, "Access-Control-Request-Headers": "authorization"}
        )
        assert "access-control-allow-origin" not in r.headers, ruta
        r = http.get(ruta, headers={**cliente_cors.como("auditor"), "Origin": ORIGEN})
        assert "access-control-allow-origin" not in r.headers, ruta


def test_sin_origenes_configurados_no_hay_cors(cliente: ClienteApi):
    r = cliente.http.get("/portal/sello", headers={"Origin": ORIGEN})
    assert "access-control-allow-origin" not in r.headers


def test_tokens_invalidos_se_limitan_por_direccion(cliente: ClienteApi):
    malo = {"Authorization": "Bearer sec_no-es-un-token"}
    for _ in range(10):
        assert cliente.http.get("/v1/fedatarios", headers=malo).status_code == 401
    bloqueado = cliente.http.get("/v1/fedatarios", headers=malo)
    assert bloqueado.status_code == 429
    assert bloqueado.headers["content-type"] == "application/problem+json"
    assert bloqueado.json()["codigo"] == "demasiados_intentos"
    assert "espere" in bloqueado.json()["detail"]
    assert 1 <= int(bloqueado.headers["retry-after"]) <= 60
    _cabeceras_seguras(bloqueado)
    # While blocked, no token is checked from that address, not even a valid one.
    valido = cliente.http.get("/v1/fedatarios", headers=cliente.como("auditor"))
    assert valido.status_code == 429
    # Requests without a token are not guesses; other addresses are unaffected.
    assert cliente.http.get("/v1/fedatarios").status_code == 401
    otra = TestClient(cliente.http.app, client=("10.0.0.7", 40000))
    assert otra.get("/v1/fedatarios", headers=cliente.como("auditor")).status_code == 200


def test_limitador_olvida_fallos_viejos():
    from servicio.seguridad.intentos import LimitadorFallos

    limitador = LimitadorFallos(maximo=2, ventana_s=0.05)
    limitador.registrar_fallo("1.2.3.4")
    limitador.registrar_fallo("1.2.3.4")
    with pytest.raises(Exception, match="Demasiados"):
        limitador.exigir_permitido("1.2.3.4")
    import time

    time.sleep(0.06)
    limitador.exigir_permitido("1.2.3.4")
    assert limitador._fallos == {}
