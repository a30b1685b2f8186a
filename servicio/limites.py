"""ASGI middleware that enforces the upload limit while the body streams in.

The declared Content-Length is checked first; a body that lies about it (or is chunked) is
counted as it arrives and cut off with a 413 the moment it passes the limit, so an oversize
upload is never buffered whole.
"""

from __future__ import annotations

import json
from typing import Any

from servicio.problemas import TITULOS

Scope = dict[str, Any]


class CuerpoDemasiadoGrande(Exception):
    pass


class LimiteCuerpo:
    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declarado = dict(scope.get("headers") or []).get(b"content-length")
        if declarado is not None and declarado.isdigit() and int(declarado) > self.max_bytes:
            await self._rechazar(send)
            return
        recibido = 0
        excedido = False
        respondio = False

        async def receive_contado() -> dict[str, Any]:
            nonlocal recibido, excedido
            mensaje = await receive()
            if mensaje["type"] == "http.request":
                recibido += len(mensaje.get("body", b""))
                if recibido > self.max_bytes:
                    excedido = True
                    raise CuerpoDemasiadoGrande
            return mensaje

        async def send_vigilado(mensaje: dict[str, Any]) -> None:
            # Parsers may wrap our exception into their own error answer (starlette's
            # multipart parser answers 400); once the limit was passed, the answer is 413.
            nonlocal respondio
            if excedido:
                if not respondio:
                    respondio = True
                    await self._rechazar(send)
                return
            if mensaje["type"] == "http.response.start":
                respondio = True
            await send(mensaje)

        try:
            await self.app(scope, receive_contado, send_vigilado)
        except CuerpoDemasiadoGrande:
            if not respondio:
                respondio = True
                await self._rechazar(send)

    async def _rechazar(self, send: Any) -> None:
        cuerpo = json.dumps(
            {
                "type": "urn:secretaria:problema:archivo_demasiado_grande",
                "title": TITULOS[413],
                "status": 413,
                "detail": f"La solicitud supera el máximo permitido de {self.max_bytes} bytes.",
                "codigo": "archivo_demasiado_grande",
            },
            ensure_ascii=False,
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(cuerpo)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": cuerpo})
