"""The answer a retry gets: the one recorded, or (if none was) the same one rebuilt.

An answer is recorded right after the command's save. If the process died in between, or a twin
request is still finishing, the reservation alone says which aggregate and version the answer
was about; that state is immutable, so the rebuilt body is the original one, except `posicion`,
which is then the log head at the time of the retry (never earlier than the original, so a
read-your-writes wait on it still covers the write).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from fastapi.responses import Response

from dominio.documentos import Documento
from dominio.fedatarios import Fedatario
from dominio.idempotencia import Idempotencia
from servicio import representacion
from servicio.esquemas import CopiaCreadaOut, DocumentoOut, FedatarioOut
from servicio.problemas import respuesta_problema

CABECERA_REPETIDA = "Idempotent-Replayed"


def _reconstruir(app: Any, registro: Idempotencia, hoy: date) -> dict[str, Any] | None:
    principal = registro.principal
    if not principal:
        return None
    agregado = app.repository.get(UUID(principal["id"]), version=principal["version"])
    posicion = app.posicion_actual()
    if isinstance(agregado, Documento):
        if registro.ruta.endswith("/copias-certificadas") and agregado.copias_certificadas:
            cuerpo = representacion.copia_creada(
                agregado.id, agregado.copias_certificadas[-1], posicion
            )
            return CopiaCreadaOut.model_validate(cuerpo).model_dump(mode="json")
        cuerpo = representacion.documento(agregado, posicion)
        return DocumentoOut.model_validate(cuerpo).model_dump(mode="json")
    if isinstance(agregado, Fedatario):
        cuerpo = representacion.fedatario(agregado, hoy, posicion)
        return FedatarioOut.model_validate(cuerpo).model_dump(mode="json")
    return None


def respuesta_repetida(app: Any, registro: Idempotencia, hoy: date) -> Response:
    """The first answer to the request `registro` reserved (blocking: run it in a thread)."""
    if registro.respuesta is not None:
        estado, cuerpo = registro.respuesta["estado"], registro.respuesta["cuerpo"]
    else:
        estado, cuerpo = registro.estado, _reconstruir(app, registro, hoy)
        if cuerpo is None:
            return respuesta_problema(
                409,
                "solicitud_en_curso",
                "La solicitud con esta clave de idempotencia ya se registró y su respuesta aún "
                "no está disponible; reintente en unos segundos.",
                {"Retry-After": "1"},
            )
    return Response(
        json.dumps(cuerpo, ensure_ascii=False, separators=(",", ":")).encode(),
        status_code=estado,
        media_type="application/json",
        headers={CABECERA_REPETIDA: "true"},
    )
