"""PostgreSQL + S3 for the `produccion` backend (being built: see the backends issue)."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicio.ajustes import Ajustes
from tests.soporte.backends import no_disponible


def ajustes_produccion(request: pytest.FixtureRequest, carpeta: Path) -> Ajustes:
    no_disponible("backend de producción aún no conectado a las pruebas")
    raise AssertionError
