"""Every error answered as RFC 9457 problem+json with a Spanish `detail` and a stable `codigo`."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from almacen.errores import (
    AlmacenNoDisponible,
    ArchivoDemasiadoGrande,
    ArchivoNoEncontrado,
    ErrorAlmacen,
    PdfInvalido,
)
from dominio.errores import (
    DatoInvalido,
    ErrorDominio,
    FedatarioNoVigente,
    NoEncontrado,
    TransicionNoPermitida,
)
from servicio.aplicacion import ConflictoConcurrencia
from servicio.idempotencia.unidad import SolicitudRepetida

TITULOS = {
    400: "Solicitud inválida",
    401: "No autenticado",
    403: "Sin permiso",
    404: "No encontrado",
    405: "Método no permitido",
    409: "Conflicto",
    413: "Archivo demasiado grande",
    422: "Datos inválidos",
    429: "Demasiadas solicitudes",
    500: "Error interno",
    503: "Servicio no disponible",
}

ESTADO_POR_ERROR: list[tuple[type[Exception], int]] = [
    (NoEncontrado, 404),
    (ArchivoNoEncontrado, 404),
    (TransicionNoPermitida, 409),
    (FedatarioNoVigente, 409),
    (ConflictoConcurrencia, 409),
    (SolicitudRepetida, 409),
    (DatoInvalido, 422),
    (PdfInvalido, 422),
    (ArchivoDemasiadoGrande, 413),
    (AlmacenNoDisponible, 503),
]


class Problema(Exception):
    """An HTTP answer decided by the service itself (auth, permissions, limits)."""

    def __init__(
        self, estado: int, codigo: str, detalle: str, cabeceras: dict[str, str] | None = None
    ):
        super().__init__(detalle)
        self.estado = estado
        self.codigo = codigo
        self.detalle = detalle
        self.cabeceras = cabeceras or {}


def respuesta_problema(
    estado: int, codigo: str, detalle: str, cabeceras: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    cuerpo = {
        "type": f"urn:secretaria:problema:{codigo}",
        "title": TITULOS.get(estado, "Error"),
        "status": estado,
        "detail": detalle,
        "codigo": codigo,
        **extra,
    }
    return JSONResponse(
        cuerpo, status_code=estado, media_type="application/problem+json", headers=cabeceras
    )


def _campo(loc: tuple[Any, ...]) -> str:
    partes = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(partes) or "cuerpo"


def _mensaje_validacion(error: dict[str, Any]) -> str:
    campo = _campo(tuple(error.get("loc", ())))
    tipo = error.get("type", "")
    if tipo == "missing":
        return f"Falta el campo '{campo}'."
    if tipo in {"enum", "literal_error"}:
        opciones = str(error.get("ctx", {}).get("expected", "")).replace(" or ", " o ")
        return f"Valor no permitido en '{campo}'; se espera {opciones}."
    if tipo.startswith("date") or tipo.startswith("datetime"):
        return f"Fecha inválida en '{campo}' (use el formato AAAA-MM-DD)."
    if tipo.startswith("int") or tipo.startswith("float"):
        return f"Número inválido en '{campo}'."
    if tipo == "uuid_parsing":
        return f"Identificador inválido en '{campo}'."
    if tipo == "extra_forbidden":
        return f"Campo no reconocido: '{campo}'."
    if tipo in {"string_too_long", "string_too_short", "too_long", "too_short"}:
        return f"Longitud inválida en '{campo}'."
    if tipo.startswith("greater_than") or tipo.startswith("less_than"):
        return f"Valor fuera de rango en '{campo}'."
    return f"Valor inválido en '{campo}'."


def instalar(app: FastAPI) -> None:
    @app.exception_handler(Problema)
    async def _problema(_: Request, exc: Problema) -> JSONResponse:
        return respuesta_problema(exc.estado, exc.codigo, exc.detalle, exc.cabeceras)

    @app.exception_handler(ErrorDominio)
    @app.exception_handler(ErrorAlmacen)
    async def _dominio(_: Request, exc: ErrorDominio | ErrorAlmacen) -> JSONResponse:
        estado = next((e for clase, e in ESTADO_POR_ERROR if isinstance(exc, clase)), 400)
        return respuesta_problema(estado, exc.codigo, exc.detalle)

    @app.exception_handler(RequestValidationError)
    async def _validacion(_: Request, exc: RequestValidationError) -> JSONResponse:
        errores = [
            {"campo": _campo(tuple(e.get("loc", ()))), "mensaje": _mensaje_validacion(e)}
            for e in exc.errors()
        ]
        detalle = " ".join(e["mensaje"] for e in errores) or "Datos inválidos."
        return respuesta_problema(422, "dato_invalido", detalle, errores=errores)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        mensajes = {
            404: "El recurso solicitado no existe.",
            405: "Método HTTP no permitido en este recurso.",
        }
        detalle = mensajes.get(exc.status_code) or str(exc.detail)
        return respuesta_problema(exc.status_code, f"http_{exc.status_code}", detalle)

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _bd(_: Request, exc: Exception) -> JSONResponse:
        return respuesta_problema(
            503,
            "base_datos_no_disponible",
            "La base de datos no está disponible en este momento; intente de nuevo.",
            {"Retry-After": "5"},
        )
