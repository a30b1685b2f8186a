"""Factory for `uvicorn --factory servicio.principal:api` (multi-worker serving)."""

from __future__ import annotations

from fastapi import FastAPI

from servicio.api import crear_api
from servicio.bootstrap import construir


def api() -> FastAPI:
    return crear_api(construir())
