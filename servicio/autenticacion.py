"""Bearer tokens: created once by the CLI, stored only as a sha256, checked on every request.

Tokens carry 256 bits of randomness, so a fast hash is enough (no password stretching needed);
the stored hash is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from dominio.tipos import Rol
from servicio.problemas import Problema

esquema_bearer = HTTPBearer(
    auto_error=False, description="Token entregado por `secretaria usuarios crear`."
)


def nuevo_token() -> str:
    return "sec_" + secrets.token_urlsafe(32)


def huella_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Sesion:
    """Who is calling: the user behind a valid token."""

    usuario_id: UUID
    nombre: str
    rol: str
    fedatario_id: UUID | None

    @property
    def actor(self) -> dict[str, str]:
        return {"usuario": self.nombre, "rol": self.rol, "usuario_id": str(self.usuario_id)}


def sesion_actual(
    request: Request,
    credenciales: Annotated[HTTPAuthorizationCredentials | None, Depends(esquema_bearer)],
) -> Sesion:
    if credenciales is None or credenciales.scheme.lower() != "bearer":
        raise Problema(
            401,
            "no_autenticado",
            "Falta el token de acceso (cabecera Authorization: Bearer ...).",
            {"WWW-Authenticate": "Bearer"},
        )
    limitador = getattr(request.app.state, "limitador_fallos", None)
    direccion = request.client.host if request.client else "desconocida"
    if limitador is not None:
        limitador.exigir_permitido(direccion)  # 429 after too many invalid tokens
    huella = huella_token(credenciales.credentials)
    usuario = request.app.state.contenedor.app.usuario_por_huella(huella)
    if usuario is None or not usuario.activo or not hmac.compare_digest(usuario.huella, huella):
        if limitador is not None:
            limitador.registrar_fallo(direccion)
        raise Problema(
            401,
            "token_invalido",
            "El token de acceso no es válido.",
            {"WWW-Authenticate": "Bearer"},
        )
    return Sesion(
        usuario_id=usuario.id,
        nombre=usuario.nombre,
        rol=usuario.rol,
        fedatario_id=usuario.fedatario_id,
    )


def requiere(*roles: Rol) -> Callable[..., Sesion]:
    """Dependency: the caller must hold one of `roles` (401 without a valid token, else 403)."""
    permitidos = {r.value for r in roles}

    def dependencia(sesion: Annotated[Sesion, Depends(sesion_actual)]) -> Sesion:
        if sesion.rol not in permitidos:
            raise Problema(
                403,
                "sin_permiso",
                f"El rol {sesion.rol} no puede realizar esta operación "
                f"(requiere: {', '.join(sorted(permitidos))}).",
            )
        return sesion

    return dependencia


LECTORES = (Rol.REGISTRADOR, Rol.SECRETARIO, Rol.FEDATARIO, Rol.AUDITOR)
