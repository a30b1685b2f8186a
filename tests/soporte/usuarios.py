"""Staff to act with: a designated fedatario and one user (and token) per role."""

from __future__ import annotations

from datetime import date
from typing import Any

from servicio.autenticacion import huella_token, nuevo_token

ROLES = ("registrador", "secretario", "fedatario", "auditor", "admin")


def sembrar_usuarios(app: Any, roles: tuple[str, ...] = ROLES) -> tuple[str, dict[str, str]]:
    """Designate a fedatario and create a user per role (the `fedatario` user certifies as that
    fedatario); return the fedatario's id and each role's token."""
    fedatario, _ = app.designar_fedatario(
        nombre="Ana María Quispe Huamán",
        dni="41234567",
        cargo="Especialista en trámite documentario",
        resolucion_designacion="RESOLUCIÓN DE ALCALDÍA N° 010-2026-MDP/A",
        desde=date(2026, 1, 2),
        hasta=None,
        actor={"usuario": "preparacion", "rol": "secretario"},
    )
    tokens = {}
    for rol in roles:
        tokens[rol] = nuevo_token()
        app.crear_usuario(
            huella_token(tokens[rol]),
            nombre=f"usuario-{rol}",
            rol=rol,
            fedatario_id=fedatario.id if rol == "fedatario" else None,
            creado_por="prueba",
        )
    return str(fedatario.id), tokens
