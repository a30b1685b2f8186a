"""Shared fixtures: one `ajustes` per backend, the wired container, and the API client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from servicio.ajustes import Ajustes
from servicio.api import crear_api
from servicio.bootstrap import Contenedor, construir
from tests.soporte.backends import BACKENDS, ajustes_embebidos
from tests.soporte.cliente import ClienteApi, preparar_cliente


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def ajustes(backend: str, tmp_path, request: pytest.FixtureRequest) -> Ajustes:
    if backend == "embedded":
        return ajustes_embebidos(tmp_path)
    from tests.soporte.produccion import ajustes_produccion

    return ajustes_produccion(request, tmp_path)


@pytest.fixture
def contenedor(ajustes: Ajustes) -> Iterator[Contenedor]:
    c = construir(ajustes)
    yield c
    c.cerrar()


@pytest.fixture
def cliente(contenedor: Contenedor) -> Iterator[ClienteApi]:
    with TestClient(crear_api(contenedor)) as http:
        yield preparar_cliente(contenedor, http)
