"""CORS for the public portal only: browsers on the configured origins (e.g. the municipality's
Portal Institucional) may read `/portal`; nothing cross-origin may touch the staff API."""

from __future__ import annotations

from typing import Any

from starlette.middleware.cors import CORSMiddleware

PREFIJO_PORTAL = "/portal"


class CorsPortal:
    def __init__(self, app: Any, origenes: list[str]) -> None:
        self.app = app
        self.cors = (
            CORSMiddleware(
                app,
                allow_origins=origenes,
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type"],
                allow_credentials=False,
                max_age=600,
            )
            if origenes
            else None
        )

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        ruta: str = scope.get("path", "") if scope["type"] == "http" else ""
        if self.cors is not None and (
            ruta == PREFIJO_PORTAL or ruta.startswith(PREFIJO_PORTAL + "/")
        ):
            await self.cors(scope, receive, send)
            return
        await self.app(scope, receive, send)
