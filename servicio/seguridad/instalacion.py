"""Wires the protections into the FastAPI app. Call it last: its middleware must wrap every
other one, so that early refusals (413, 429) carry the headers too."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from servicio.problemas import respuesta_problema
from servicio.seguridad.cabeceras import COMUNES, CSP_ESTRICTA, CabecerasSeguridad
from servicio.seguridad.cors import CorsPortal
from servicio.seguridad.intentos import LimitadorFallos

registro = logging.getLogger("secretaria.errores")


def instalar(api: FastAPI, origenes_cors: list[str], max_fallos_token: int) -> None:
    api.state.limitador_fallos = LimitadorFallos(max_fallos_token)

    @api.exception_handler(Exception)
    async def _inesperado(request: Request, exc: Exception) -> JSONResponse:
        # Answered by the outermost error middleware, outside ours: the headers go here.
        registro.error("Error no controlado en %s %s", request.method, request.url.path)
        cabeceras = {k.decode(): v.decode() for k, v in COMUNES}
        cabeceras["Content-Security-Policy"] = CSP_ESTRICTA.decode()
        cabeceras["Cache-Control"] = "no-store"
        return respuesta_problema(
            500, "error_interno", "Ocurrió un error interno; intente de nuevo.", cabeceras
        )

    api.add_middleware(CorsPortal, origenes=origenes_cors)
    api.add_middleware(CabecerasSeguridad)
