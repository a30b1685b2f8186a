"""What the API does when a production backend goes away, and when it comes back.

Each test owns the server it breaks (a SeaweedFS or a PostgreSQL cluster of its own), so the
session's shared servers are never stopped.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError
from fastapi.testclient import TestClient

from servicio.ajustes import Ajustes
from servicio.api import crear_api
from servicio.bootstrap import construir
from tests.soporte.backends import ajustes_embebidos, no_disponible
from tests.soporte.cliente import ClienteApi, preparar_cliente
from tests.soporte.produccion import ajustes_s3, postgres_de_sesion, s3_de_sesion
from tests.soporte.servidores import ClusterPostgres, SeaweedFS, ServidorNoInicia

# How long the API may take to notice that the database is back (the pool reconnects with
# back-off); generous, the test returns as soon as a request succeeds.
VUELTA_S = 30.0


def _problema(respuesta: Any, estado: int, codigo: str) -> dict[str, Any]:
    assert respuesta.status_code == estado, respuesta.text
    assert respuesta.headers["content-type"].startswith("application/problem+json")
    cuerpo = respuesta.json()
    assert cuerpo["codigo"] == codigo
    assert "no está disponible" in cuerpo["detail"]
    return cuerpo


def _cliente(ajustes: Ajustes) -> Iterator[ClienteApi]:
    contenedor = construir(ajustes)
    try:
        with TestClient(crear_api(contenedor)) as http:
            yield preparar_cliente(contenedor, http)
    finally:
        contenedor.cerrar()


@pytest.fixture
def s3_propio(tmp_path: Path) -> Iterator[SeaweedFS]:
    servidor = SeaweedFS(tmp_path / "s3")
    try:
        servidor.iniciar()
    except ServidorNoInicia as exc:
        no_disponible(f"S3 (SeaweedFS) no disponible: {exc}")
    yield servidor
    servidor.matar()  # a throwaway server: no need to wait for a clean stop


@pytest.fixture
def postgres_propio() -> Iterator[ClusterPostgres]:
    cluster = ClusterPostgres()
    try:
        cluster.crear().iniciar()
    except ServidorNoInicia as exc:
        cluster.eliminar()
        no_disponible(f"No se pudo crear un clúster PostgreSQL propio: {exc}")
    yield cluster
    cluster.eliminar()


def test_s3_caido_durante_una_subida(
    request: pytest.FixtureRequest, tmp_path: Path, s3_propio: SeaweedFS
) -> None:
    base = postgres_de_sesion(request)
    ajustes = ajustes_embebidos(tmp_path).model_copy(
        update={
            "bd_url": base.url,
            "bd_esquema": base.nuevo_esquema(),
            "bd_pool": 2,
            **ajustes_s3(s3_propio),
        }
    )
    for cliente in _cliente(ajustes):
        registrado = cliente.registrar(titulo="Antes de la caída")
        assert registrado.status_code == 201, registrado.text
        archivo = f"/v1/documentos/{registrado.json()['id']}/archivo"
        original = cliente.http.get(archivo, headers=cliente.como("auditor")).content

        cliente.contenedor.ponerse_al_dia()  # its text is read before the server goes down
        s3_propio.matar()
        antes = cliente.contenedor.app.posicion_actual()
        inicio = time.monotonic()
        respuesta = cliente.registrar(titulo="Durante la caída")
        assert time.monotonic() - inicio < 5
        _problema(respuesta, 503, "almacen_no_disponible")
        assert cliente.contenedor.app.posicion_actual() == antes  # no event without its file
        _problema(
            cliente.http.get(archivo, headers=cliente.como("auditor")),
            503,
            "almacen_no_disponible",
        )
        assert cliente.http.get("/salud").json()["almacen"] == "no disponible"

        s3_propio.iniciar()  # same ports and folder: the data is still there
        assert cliente.registrar(titulo="Después de la caída").status_code == 201
        assert cliente.http.get(archivo, headers=cliente.como("auditor")).content == original


def test_postgres_caido_y_de_vuelta(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_propio: ClusterPostgres
) -> None:
    ajustes = ajustes_embebidos(tmp_path).model_copy(
        update={
            "bd_url": postgres_propio.url,
            "bd_pool": 2,
            "bd_timeout_s": 1,
            **ajustes_s3(s3_de_sesion(request)),
        }
    )
    for cliente in _cliente(ajustes):
        assert cliente.registrar(titulo="Antes de la caída").status_code == 201

        postgres_propio.detener()
        inicio = time.monotonic()
        respuesta = cliente.registrar(titulo="Durante la caída")
        # One pool wait (bd_timeout_s), then the breaker answers at once.
        assert time.monotonic() - inicio < 6
        _problema(respuesta, 503, "base_datos_no_disponible")
        assert respuesta.headers.get("retry-after")
        inicio = time.monotonic()
        salud = cliente.http.get("/salud")
        assert time.monotonic() - inicio < 4
        assert salud.status_code == 503
        assert salud.json()["base_datos"] == "no disponible"

        postgres_propio.iniciar()
        inicio = time.monotonic()
        while True:
            respuesta = cliente.registrar(titulo="Después de la caída")
            if respuesta.status_code == 201 or time.monotonic() - inicio > VUELTA_S:
                break
        assert respuesta.status_code == 201, respuesta.text
        assert respuesta.json()["posicion"] > 0
        assert cliente.http.get("/salud").status_code == 200


def test_pool_ocupado_no_abre_el_disyuntor(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """A pool with every connection busy times out too, but the server is up: stay closed."""
    base = postgres_de_sesion(request)
    ajustes = ajustes_embebidos(tmp_path).model_copy(
        update={
            "bd_url": base.url,
            "bd_esquema": base.nuevo_esquema(),
            "bd_pool": 1,  # at most 1 + 2 overflow connections
            "bd_timeout_s": 1,
            **ajustes_s3(s3_de_sesion(request)),
        }
    )
    contenedor = construir(ajustes)
    try:
        datastore: Any = contenedor.app.recorder.datastore
        disyuntor = datastore.get_connection.__self__
        ocupadas = [datastore.pool.getconn() for _ in range(3)]
        with pytest.raises(OperationalError), datastore.get_connection():
            pass
        assert not disyuntor.abierto
        for conexion in ocupadas:
            datastore.pool.putconn(conexion)
        assert contenedor.app.posicion_actual() == 0
    finally:
        contenedor.cerrar()
