"""The ledger's hash chain over the notification log.

    h_0 = GENESIS;  h_n = sha256(h_{n-1} || canonical bytes of notification n)

The canonical bytes are the stored record itself (position, aggregate id, version, topic and
the stored state bytes), so a change of any byte of any stored event changes every later head.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

GENESIS = "0" * 64
LOTE = 1000


def bytes_canonicos(notificacion: Any) -> bytes:
    cabecera = (
        f"{notificacion.id}\n{notificacion.originator_id}\n"
        f"{notificacion.originator_version}\n{notificacion.topic}\n"
    )
    return cabecera.encode() + bytes(notificacion.state)


def eslabon(anterior: str, notificacion: Any) -> str:
    return hashlib.sha256(bytes.fromhex(anterior) + bytes_canonicos(notificacion)).hexdigest()


def recorrer_log(recorder: Any, desde: int = 0, lote: int = LOTE) -> Iterator[Any]:
    """Every notification after position `desde`, in order, read in batches."""
    inicio = desde
    while True:
        notificaciones = recorder.select_notifications(
            start=inicio, limit=lote, inclusive_of_start=False
        )
        if not notificaciones:
            return
        yield from notificaciones
        inicio = notificaciones[-1].id
