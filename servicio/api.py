"""The FastAPI application: routers, error handlers, limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from servicio import openapi_problemas, problemas
from servicio.bootstrap import Contenedor
from servicio.idempotencia import instalacion as idempotencia
from servicio.limites import LimiteCuerpo
from servicio.rutas import (
    auditoria,
    documentos,
    fedatarios,
    portal,
    registro,
    salud,
    sello,
    verificacion,
)
from servicio.seguridad import instalacion as seguridad

# Multipart framing and form fields on top of the file itself.
HOLGURA_MULTIPART = 256 * 1024


def crear_api(contenedor: Contenedor) -> FastAPI:
    @asynccontextmanager
    async def ciclo(_: FastAPI) -> AsyncIterator[None]:
        contenedor.iniciar()
        try:
            yield
        finally:
            contenedor.detener()

    api = FastAPI(
        title="secretaria",
        summary="Registro de actos oficiales de la Secretaría General",
        description=(
            f"API de la Secretaría General — {contenedor.ajustes.entidad_nombre}. "
            "El personal usa `/v1` con un token Bearer; el portal público usa `/portal`."
        ),
        version="0.1.0",
        lifespan=ciclo,
    )
    api.state.contenedor = contenedor
    problemas.instalar(api)
    idempotencia.instalar(api)  # before the routers: it adds an app-wide dependency
    for modulo in (registro, documentos, fedatarios, auditoria, portal, verificacion, sello, salud):
        api.include_router(modulo.router)
    api.add_middleware(
        LimiteCuerpo, max_bytes=contenedor.ajustes.max_archivo_bytes + HOLGURA_MULTIPART
    )
    openapi_problemas.documentar(api)
    seguridad.instalar(  # last: its middleware wraps every other one
        api, contenedor.ajustes.cors_origenes, contenedor.ajustes.max_fallos_token_por_minuto
    )
    return api
