"""Wires idempotency into the FastAPI app (call before the routers are included)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from servicio.idempotencia.dependencia import (
    CABECERA,
    ESQUEMA_CLAVE,
    RepeticionIdempotente,
    clave_idempotencia,
)
from servicio.idempotencia.middleware import RegistroIdempotencia
from servicio.idempotencia.respuestas import respuesta_repetida


def _solo_en_post(api: FastAPI) -> None:
    """The key is an app-wide dependency; /docs shows it only where it means something."""
    generar = api.openapi

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            esquema = generar()
            for operaciones in esquema.get("paths", {}).values():
                for metodo, operacion in operaciones.items():
                    if not isinstance(operacion, dict):
                        continue
                    if metodo == "post":
                        for parametro in operacion.get("parameters", []):
                            if parametro.get("name") == CABECERA:
                                parametro["schema"] = dict(ESQUEMA_CLAVE)
                        continue
                    parametros = [
                        p for p in operacion.get("parameters", []) if p.get("name") != CABECERA
                    ]
                    if parametros:
                        operacion["parameters"] = parametros
                    else:
                        operacion.pop("parameters", None)
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]


def instalar(api: FastAPI) -> None:
    api.router.dependencies.append(Depends(clave_idempotencia))

    @api.exception_handler(RepeticionIdempotente)
    async def _repetir(request: Request, exc: RepeticionIdempotente) -> Response:
        contenedor = request.app.state.contenedor
        return await run_in_threadpool(
            respuesta_repetida, contenedor.app, exc.registro, contenedor.comandos.hoy()
        )

    api.add_middleware(RegistroIdempotencia)
    _solo_en_post(api)
