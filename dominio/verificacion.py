"""Index aggregates that make public checks strongly consistent and unique by construction.

A `Verificacion` is keyed by a certified copy's verification code; it is saved in the same atomic
save as the document's `CopiaCertificada` event, so a code can never point at two copies.
"""

from __future__ import annotations

import secrets
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

ESPACIO_VERIFICACION = uuid5(NAMESPACE_URL, "https://secretaria/verificacion")
# Crockford-style alphabet: no I, L, O, U, so codes survive being read aloud and retyped.
ALFABETO = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def nuevo_codigo(siglas: str) -> str:
    cuerpo = "".join(secrets.choice(ALFABETO) for _ in range(12))
    return f"{siglas}-{cuerpo[:4]}-{cuerpo[4:8]}-{cuerpo[8:]}"


def normalizar_codigo(codigo: str) -> str:
    return codigo.strip().upper()


class Verificacion(Aggregate):
    @staticmethod
    def create_id(codigo: str) -> UUID:
        return uuid5(ESPACIO_VERIFICACION, normalizar_codigo(codigo))

    @event("Emitida")
    def __init__(self, codigo: str, documento_id: UUID, sha256: str) -> None:
        self.codigo = codigo
        self.documento_id = documento_id
        self.sha256 = sha256


class HuellaCopia(Aggregate):
    """Index of certified copies by the sha256 of their PDF, for checks by upload."""

    @staticmethod
    def create_id(sha256: str) -> UUID:
        return uuid5(ESPACIO_VERIFICACION, f"sha256:{sha256.lower()}")

    @event("Indexada")
    def __init__(self, sha256: str, codigo: str) -> None:
        self.sha256 = sha256
        self.codigo = codigo
