"""Staff users. A user's aggregate id is derived from the hash of its token, so authenticating a
request is one repository lookup and the token itself is never stored."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from dominio.errores import DatoInvalido, TransicionNoPermitida
from dominio.tipos import Rol

ESPACIO_CREDENCIALES = uuid5(NAMESPACE_URL, "https://secretaria/credenciales")


class Usuario(Aggregate):
    @staticmethod
    def create_id(huella_token: str) -> UUID:
        return uuid5(ESPACIO_CREDENCIALES, huella_token)

    @event("Creado")
    def __init__(
        self, huella_token: str, nombre: str, rol: str, fedatario_id: UUID | None, creado_por: str
    ) -> None:
        self.huella = huella_token
        self.nombre = nombre
        self.rol = rol
        self.fedatario_id = fedatario_id
        self.activo = True

    @classmethod
    def crear(
        cls, huella_token: str, nombre: str, rol: str, fedatario_id: UUID | None, creado_por: str
    ) -> Usuario:
        if not nombre.strip():
            raise DatoInvalido("Falta el nombre del usuario.")
        if rol not in {r.value for r in Rol}:
            raise DatoInvalido(f"Rol desconocido: {rol}.")
        if (rol == Rol.FEDATARIO) != (fedatario_id is not None):
            raise DatoInvalido("Un usuario fedatario (y solo él) debe indicar su fedatario.")
        return cls(
            huella_token=huella_token,
            nombre=nombre.strip(),
            rol=rol,
            fedatario_id=fedatario_id,
            creado_por=creado_por,
        )

    def desactivar(self, por: str) -> None:
        if not self.activo:
            raise TransicionNoPermitida("El usuario ya está desactivado.")
        self._desactivado(por=por)

    @event("Desactivado")
    def _desactivado(self, por: str) -> None:
        self.activo = False

    def como_actor(self) -> dict[str, str]:
        return {"usuario": self.nombre, "rol": self.rol}
