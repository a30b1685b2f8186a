"""The `Numerador`: one aggregate per numbering series, handing out gapless numbers.

It is saved in the same atomic save as the document that takes the number; two concurrent
approvals then collide on the numerador's version and one of them retries, so numbers are never
duplicated nor skipped.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

ESPACIO_NUMERADORES = uuid5(NAMESPACE_URL, "https://secretaria/numeradores")


class Numerador(Aggregate):
    @staticmethod
    def create_id(serie: str) -> UUID:
        return uuid5(ESPACIO_NUMERADORES, serie)

    @event("Abierto")
    def __init__(self, serie: str) -> None:
        self.serie = serie
        self.ultimo = 0

    def siguiente(self, documento_id: UUID) -> int:
        self._asignado(numero=self.ultimo + 1, documento_id=documento_id)
        return self.ultimo

    @event("NumeroAsignado")
    def _asignado(self, numero: int, documento_id: UUID) -> None:
        self.ultimo = numero
