"""Staff API for fedatarios: designation, list, revocation."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, status

from dominio.tipos import Rol
from servicio import representacion
from servicio.autenticacion import LECTORES, Sesion, requiere
from servicio.bootstrap import Contenedor
from servicio.dependencias import contenedor
from servicio.esquemas import FedatarioOut, ListaFedatarios, NuevoFedatario, Revocacion
from servicio.rutas.documentos import ERRORES

router = APIRouter(prefix="/v1/fedatarios", tags=["fedatarios"])
Cont = Annotated[Contenedor, Depends(contenedor)]


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=FedatarioOut, responses=ERRORES
)
def designar(
    c: Cont, sesion: Annotated[Sesion, Depends(requiere(Rol.SECRETARIO))], cuerpo: NuevoFedatario
) -> dict:
    fedatario, posicion = c.app.designar_fedatario(**cuerpo.model_dump(), actor=sesion.actor)
    return representacion.fedatario(fedatario, c.comandos.hoy(), posicion)


@router.get("", response_model=ListaFedatarios, responses=ERRORES)
def listar(c: Cont, _: Annotated[Sesion, Depends(requiere(*LECTORES))]) -> dict:
    hoy = c.comandos.hoy()
    items = [representacion.fedatario(f, hoy) for f in c.app.fedatarios()]
    return {"items": items, "total": len(items)}


@router.post("/{fedatario_id}/revocacion", response_model=FedatarioOut, responses=ERRORES)
def revocar(
    c: Cont,
    sesion: Annotated[Sesion, Depends(requiere(Rol.SECRETARIO))],
    fedatario_id: UUID,
    cuerpo: Revocacion,
) -> dict:
    fedatario, posicion = c.app.revocar_fedatario(
        fedatario_id,
        motivo=cuerpo.motivo,
        fecha=cuerpo.fecha or c.comandos.hoy(),
        actor=sesion.actor,
    )
    return representacion.fedatario(fedatario, c.comandos.hoy(), posicion)
