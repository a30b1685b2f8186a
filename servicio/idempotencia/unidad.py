"""Adds the idempotency reservation to the command's own atomic save.

`Secretaria._guardar` saves `agregados` plus whatever `acompanar` yields: the request's
`Idempotencia` reservation, the first time the request saves anything. If the save conflicts
because that reservation already exists, a twin request won the race: the conflict is turned
into `SolicitudRepetida` (never retried) and the middleware answers with the twin's response.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from dominio.errores import ErrorDominio
from dominio.idempotencia import Idempotencia
from servicio.idempotencia.solicitud import solicitud_actual


class SolicitudRepetida(ErrorDominio):
    codigo = "solicitud_repetida"


def buscar_registro(app: Any, registro_id: Any) -> Idempotencia | None:
    try:
        registro = app.repository.get(registro_id)
    except AggregateNotFoundError:
        return None
    return registro if isinstance(registro, Idempotencia) else None


@contextmanager
def acompanar(app: Any, agregados: Sequence[Aggregate]) -> Iterator[list[Aggregate]]:
    solicitud = solicitud_actual.get()
    if solicitud is None or not solicitud.activa or solicitud.reservada is not None:
        yield []
        return
    principal = agregados[0] if agregados else None
    reserva = Idempotencia(
        usuario_id=solicitud.usuario_id,
        clave=solicitud.clave,
        huella=solicitud.huella,
        metodo=solicitud.metodo,
        ruta=solicitud.ruta,
        estado=solicitud.estado,
        principal={
            "id": str(principal.id),
            "version": principal.version,
            "clase": type(principal).__name__,
        }
        if principal is not None
        else {},
    )
    try:
        yield [reserva]
    except IntegrityError:
        if buscar_registro(app, reserva.id) is not None:
            raise SolicitudRepetida(
                "Otra solicitud con la misma clave de idempotencia ya se procesó."
            ) from None
        raise
    solicitud.reservada = reserva
