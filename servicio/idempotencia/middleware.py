"""ASGI middleware around POST requests that carry an `Idempotency-Key`.

It holds the (small, JSON) answer back until it has recorded it on the request's reservation, so
a client that got an answer will get that same answer on a retry. And when a request fails
because a twin with the same key and body won the race, it answers with the twin's response
instead of the error.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.concurrency import run_in_threadpool

from dominio.idempotencia import Idempotencia
from servicio.idempotencia.respuestas import respuesta_repetida
from servicio.idempotencia.solicitud import CLAVE_SCOPE, SolicitudIdempotente
from servicio.idempotencia.unidad import buscar_registro

registro_log = logging.getLogger("secretaria.idempotencia")


def _grabar_respuesta(app: Any, reserva: Idempotencia, estado: int, cuerpo: bytes) -> None:
    try:
        datos = json.loads(cuerpo) if cuerpo else None
    except ValueError:
        return  # not JSON: a retry rebuilds the answer from the reservation
    reserva.responder(estado, datos)
    try:
        app.save(reserva)
    except Exception:  # the reservation stands; a retry rebuilds the answer
        registro_log.warning("No se pudo grabar la respuesta de %s", reserva.id, exc_info=True)


def _gemela(contenedor: Any, solicitud: SolicitudIdempotente) -> Any:
    registro = buscar_registro(
        contenedor.app, Idempotencia.create_id(solicitud.usuario_id, solicitud.clave)
    )
    if registro is None or registro.huella != solicitud.huella:
        return None
    return respuesta_repetida(contenedor.app, registro, contenedor.comandos.hoy())


class RegistroIdempotencia:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        clave = None
        if scope["type"] == "http" and scope["method"] == "POST":
            clave = dict(scope.get("headers") or []).get(b"idempotency-key")
        if clave is None:
            await self.app(scope, receive, send)
            return
        solicitud = SolicitudIdempotente(clave=clave.decode("latin-1"))
        scope[CLAVE_SCOPE] = solicitud
        inicio: dict[str, Any] | None = None
        partes: list[bytes] = []

        async def retener(mensaje: dict[str, Any]) -> None:
            nonlocal inicio
            if mensaje["type"] == "http.response.start":
                inicio = mensaje
            elif mensaje["type"] == "http.response.body":
                partes.append(mensaje.get("body", b""))
            else:
                await send(mensaje)

        await self.app(scope, receive, retener)
        if inicio is None:
            return
        estado, cuerpo = inicio["status"], b"".join(partes)
        contenedor = scope["app"].state.contenedor
        if solicitud.reservada is not None and 200 <= estado < 300:
            await run_in_threadpool(
                _grabar_respuesta, contenedor.app, solicitud.reservada, estado, cuerpo
            )
        elif estado >= 400 and solicitud.activa and solicitud.reservada is None:
            gemela = await run_in_threadpool(_gemela, contenedor, solicitud)
            if gemela is not None:
                await gemela(scope, receive, send)
                return
        await send(inicio)
        await send({"type": "http.response.body", "body": cuerpo})
