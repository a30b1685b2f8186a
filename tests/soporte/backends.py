"""Settings for each backend under test.

`embedded`: SQLite file + local folder in a temporary directory.
`produccion`: a real PostgreSQL and a real S3 server (SeaweedFS) started for the test session.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from servicio.ajustes import Ajustes

BACKENDS = ("embedded", "produccion")


def en_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def no_disponible(motivo: str) -> None:
    """A backend that cannot start: a failure under CI, a skip with the reason locally."""
    if en_ci():
        pytest.fail(f"Servicio requerido no disponible bajo CI: {motivo}")
    pytest.skip(motivo)


def ajustes_embebidos(carpeta: Path) -> Ajustes:
    return Ajustes(datos=carpeta, url_publica="https://transparencia.example.gob.pe")
