"""ASGI middleware that adds security headers to every answer, including early refusals."""

from __future__ import annotations

from typing import Any

COMUNES = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-site"),
]
# JSON and PDF answers need nothing from anywhere; the interactive docs load Swagger UI/ReDoc.
CSP_ESTRICTA = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
CSP_DOCUMENTACION = b"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
RUTAS_DOCUMENTACION = ("/docs", "/redoc")


class CabecerasSeguridad:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        ruta: str = scope.get("path", "")
        csp = CSP_DOCUMENTACION if ruta.startswith(RUTAS_DOCUMENTACION) else CSP_ESTRICTA
        privada = ruta == "/v1" or ruta.startswith("/v1/")
        https = scope.get("scheme") == "https"

        async def con_cabeceras(mensaje: dict[str, Any]) -> None:
            if mensaje["type"] == "http.response.start":
                cabeceras = [
                    (k, v)
                    for k, v in mensaje.get("headers", [])
                    if not (privada and k.lower() == b"cache-control")
                ]
                presentes = {k.lower() for k, _ in cabeceras}
                extra = [(k, v) for k, v in COMUNES if k not in presentes]
                if b"content-security-policy" not in presentes:
                    extra.append((b"content-security-policy", csp))
                if privada:
                    extra.append((b"cache-control", b"no-store"))
                if https:
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                mensaje = {**mensaje, "headers": cabeceras + extra}
            await send(mensaje)

        await self.app(scope, receive, con_cabeceras)
