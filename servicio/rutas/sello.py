"""The ledger head, published so that outsiders can keep copies and check the archive later."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from servicio.bootstrap import Contenedor
from servicio.cadena import GENESIS
from servicio.dependencias import contenedor

router = APIRouter(prefix="/portal", tags=["portal"])

ALGORITMO = (
    "h_0 = 64 ceros; h_n = sha256(h_{n-1} || posicion\\n id\\n version\\n topico\\n estado); "
    "ver `secretaria auditar --cabeza POSICION:HASH`"
)


class SelloOut(BaseModel):
    posicion: int = Field(description="Última posición del registro de eventos sellada")
    hash: str = Field(description="Cabeza de la cadena de hashes en esa posición")
    sellado_en: str | None
    algoritmo: str
    pendientes: int = Field(description="Eventos aún no sellados")


@router.get("/sello", response_model=SelloOut)
def sello(c: Annotated[Contenedor, Depends(contenedor)]) -> dict:
    cabeza = c.sellos.cabeza() or {"posicion": 0, "hash": GENESIS, "sellado_en": None}
    return {
        **cabeza,
        "algoritmo": ALGORITMO,
        "pendientes": max(c.app.posicion_actual() - cabeza["posicion"], 0),
    }
