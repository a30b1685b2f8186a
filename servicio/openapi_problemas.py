"""Makes /docs tell the truth about error answers: every error is RFC 9457 problem+json (not the
framework's default `application/json` validation body), and the answers any operation may give
whatever its route (503 while a backend is down, 429 when invalid tokens are throttled, 413 when
a body is too large) are documented on every operation they apply to."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

ESQUEMA_PROBLEMA: dict[str, Any] = {
    "title": "Problema",
    "type": "object",
    "description": "RFC 9457 (application/problem+json); `detail` en castellano.",
    "required": ["type", "title", "status", "detail", "codigo"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "codigo": {"type": "string", "description": "Código estable del problema"},
        "errores": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"campo": {"type": "string"}, "mensaje": {"type": "string"}},
            },
        },
    },
}
REFERENCIA = {"$ref": "#/components/schemas/Problema"}
COMUNES = {
    "503": "Base de datos o almacén no disponible (reintente; ver Retry-After)",
}
CON_TOKEN = {"429": "Demasiados tokens inválidos desde esta dirección (ver Retry-After)"}
CON_CUERPO = {"413": "La solicitud supera el tamaño máximo"}


def _generico(respuesta: dict[str, Any]) -> bool:
    """True if the route declared no model of its own for this error."""
    esquemas = [c.get("schema") for c in respuesta.get("content", {}).values()]
    return not esquemas or all(
        not e or e.get("$ref", "").endswith("/HTTPValidationError") for e in esquemas
    )


def _problema(descripcion: str) -> dict[str, Any]:
    contenido = {"application/problem+json": {"schema": REFERENCIA}}
    return {"description": descripcion, "content": contenido}


def _documentar(esquema: dict[str, Any]) -> None:
    esquema.setdefault("components", {}).setdefault("schemas", {})["Problema"] = ESQUEMA_PROBLEMA
    for operaciones in esquema.get("paths", {}).values():
        for operacion in operaciones.values():
            if not isinstance(operacion, dict) or "responses" not in operacion:
                continue
            respuestas = operacion["responses"]
            for codigo, respuesta in respuestas.items():
                if codigo[0] in "45" and _generico(respuesta):
                    respuestas[codigo] = _problema(respuesta.get("description", ""))
            extra = dict(COMUNES)
            if operacion.get("security"):
                extra.update(CON_TOKEN)
            if "requestBody" in operacion:
                extra.update(CON_CUERPO)
            for codigo, descripcion in extra.items():
                respuestas.setdefault(codigo, _problema(descripcion))


def documentar(api: FastAPI) -> None:
    generar = api.openapi

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            _documentar(generar())
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]
