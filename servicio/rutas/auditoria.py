"""Auditors page through the whole event log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from dominio.tipos import Rol
from servicio import representacion
from servicio.autenticacion import Sesion, requiere
from servicio.bootstrap import Contenedor
from servicio.dependencias import contenedor
from servicio.rutas.documentos import ERRORES

router = APIRouter(prefix="/v1/auditoria", tags=["auditoria"])


class EventoLog(BaseModel):
    posicion: int
    agregado_id: str
    version: int
    topico: str
    tipo: str
    ocurrido_en: Any
    actor: dict[str, str] | None
    datos: dict[str, Any]


class PaginaLog(BaseModel):
    items: list[EventoLog]
    total: int
    siguiente: int | None
    ultima_posicion: int


@router.get("/eventos", response_model=PaginaLog, responses=ERRORES)
def eventos(
    c: Annotated[Contenedor, Depends(contenedor)],
    _: Annotated[Sesion, Depends(requiere(Rol.AUDITOR))],
    desde: Annotated[int, Query(ge=0, description="Posición después de la cual leer")] = 0,
    limite: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict:
    app = c.app
    notificaciones = app.recorder.select_notifications(
        start=desde, limit=limite, inclusive_of_start=False
    )
    items = []
    for n in notificaciones:
        evento = representacion.evento(app.mapper.to_domain_event(n))
        items.append(
            {
                "posicion": n.id,
                "agregado_id": str(n.originator_id),
                "version": n.originator_version,
                "topico": n.topic,
                "tipo": evento["tipo"],
                "ocurrido_en": evento["ocurrido_en"],
                "actor": evento["actor"],
                "datos": evento["datos"],
            }
        )
    ultima = app.posicion_actual()
    siguiente = notificaciones[-1].id if len(notificaciones) == limite else None
    return {"items": items, "total": len(items), "siguiente": siguiente, "ultima_posicion": ultima}
