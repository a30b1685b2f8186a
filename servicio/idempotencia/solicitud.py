"""The idempotent request in flight: who, with which key, and what it has saved so far.

The dependency fills it in; `Secretaria._guardar` (through `unidad.acompanar`) adds its
reservation to the command's save; the middleware records the answer. It travels in a context
variable (copied into the worker thread that runs a sync route) and in the ASGI scope.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from dominio.idempotencia import Idempotencia

CLAVE_SCOPE = "secretaria.idempotencia"


@dataclass
class SolicitudIdempotente:
    clave: str
    usuario_id: str | None = None
    huella: str | None = None
    metodo: str = "POST"
    ruta: str = ""
    estado: int = 200
    modelo_respuesta: Any = None
    # Set once the command's save (with the reservation) has committed.
    reservada: Idempotencia | None = None

    @property
    def activa(self) -> bool:
        return self.usuario_id is not None and self.huella is not None


solicitud_actual: ContextVar[SolicitudIdempotente | None] = ContextVar(
    "solicitud_idempotente", default=None
)
