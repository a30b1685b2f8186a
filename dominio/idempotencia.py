"""Index aggregate of the requests made with an `Idempotency-Key`: one per (user, key).

`Reservada` is saved in the same atomic save as the command's own events, so "the command took
effect" and "the key is used" are one fact: a retry can never apply the command twice.
`Respondida` records the answer given, so that retries get it byte for byte.
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

ESPACIO_IDEMPOTENCIA = uuid5(NAMESPACE_URL, "https://secretaria/idempotencia")


class Idempotencia(Aggregate):
    @staticmethod
    def create_id(usuario_id: UUID | str, clave: str) -> UUID:
        return uuid5(ESPACIO_IDEMPOTENCIA, f"{usuario_id}\n{clave}")

    @event("Reservada")
    def __init__(
        self,
        usuario_id: UUID | str,
        clave: str,
        huella: str,
        metodo: str,
        ruta: str,
        estado: int,
        principal: dict[str, Any],
    ) -> None:
        self.usuario_id = str(usuario_id)
        self.clave = clave
        self.huella = huella
        self.metodo = metodo
        self.ruta = ruta
        self.estado = estado
        # The aggregate the answer is about (id, version, class), to rebuild it if needed.
        self.principal = principal
        self.respuesta: dict[str, Any] | None = None

    def responder(self, estado: int, cuerpo: Any) -> None:
        if self.respuesta is None:
            self._respondida(estado=estado, cuerpo=cuerpo)

    @event("Respondida")
    def _respondida(self, estado: int, cuerpo: Any) -> None:
        self.respuesta = {"estado": estado, "cuerpo": cuerpo}
