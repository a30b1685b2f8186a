"""The `Idempotency-Key` dependency: validate the key, fingerprint the request, and either
answer a retry with the first response or let the command run with its reservation armed."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Header, Request
from starlette.concurrency import run_in_threadpool

from dominio.idempotencia import Idempotencia
from servicio.autenticacion import huella_token
from servicio.idempotencia.huella import huella_solicitud
from servicio.idempotencia.solicitud import CLAVE_SCOPE, SolicitudIdempotente, solicitud_actual
from servicio.idempotencia.unidad import buscar_registro
from servicio.problemas import Problema

CABECERA = "Idempotency-Key"
# Visible ASCII, as an opaque token (a UUID is the usual choice).
CLAVE_VALIDA = re.compile(r"[\x21-\x7e]{1,255}")
ESQUEMA_CLAVE = {"type": "string", "pattern": "^[!-~]{1,255}$", "minLength": 1, "maxLength": 255}


class RepeticionIdempotente(Exception):
    """A retry of a request already done: answer with its first response."""

    def __init__(self, registro: Idempotencia) -> None:
        super().__init__(registro.clave)
        self.registro = registro


def _usuario_id(contenedor: Any, autorizacion: str) -> str | None:
    esquema, _, token = autorizacion.partition(" ")
    if esquema.lower() != "bearer" or not token.strip():
        return None
    usuario = contenedor.app.usuario_por_huella(huella_token(token.strip()))
    if usuario is None or not usuario.activo:
        return None
    return str(usuario.id)


async def clave_idempotencia(
    request: Request,
    clave: Annotated[
        str | None,
        Header(
            alias=CABECERA,  # checked below, not here: GET routes must ignore it
            description=(
                "Solo en POST: clave única (p. ej. un UUID) de la operación. Un reintento con "
                "la misma clave devuelve la primera respuesta sin volver a escribir."
            ),
        ),
    ] = None,
) -> None:
    solicitud: SolicitudIdempotente | None = request.scope.get(CLAVE_SCOPE)
    if clave is None or request.method != "POST" or solicitud is None:
        return
    if not CLAVE_VALIDA.fullmatch(clave):
        raise Problema(
            422,
            "clave_idempotencia_invalida",
            "La cabecera Idempotency-Key debe tener de 1 a 255 caracteres ASCII visibles.",
        )
    contenedor = request.app.state.contenedor
    usuario_id = await run_in_threadpool(
        _usuario_id, contenedor, request.headers.get("authorization", "")
    )
    if usuario_id is None:
        return  # no valid token: authentication answers 401 on its own
    ruta = request.scope.get("route")
    solicitud.usuario_id = usuario_id
    solicitud.huella = await huella_solicitud(request)
    solicitud.ruta = request.url.path
    solicitud.estado = getattr(ruta, "status_code", None) or 200
    registro = await run_in_threadpool(
        buscar_registro, contenedor.app, Idempotencia.create_id(usuario_id, clave)
    )
    if registro is not None:
        if registro.huella != solicitud.huella:
            raise Problema(
                422,
                "clave_idempotencia_reutilizada",
                "La clave de idempotencia ya se usó con otra solicitud (otra ruta o datos "
                "distintos); use una clave nueva para una operación nueva.",
            )
        raise RepeticionIdempotente(registro)
    solicitud_actual.set(solicitud)
