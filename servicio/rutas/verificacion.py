"""Public check of a certified copy by its verification code."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from dominio.errores import NoEncontrado
from servicio.bootstrap import Contenedor
from servicio.dependencias import contenedor
from servicio.esquemas import VerificacionOut

router = APIRouter(prefix="/portal", tags=["portal"])


@router.get(
    "/verificacion/{codigo}",
    response_model=VerificacionOut,
    responses={404: {"description": "Código inexistente"}},
)
def verificar(c: Annotated[Contenedor, Depends(contenedor)], codigo: str) -> dict:
    indice = c.app.verificacion(codigo)
    doc = c.app.documento(indice.documento_id)
    copia = next(
        (x for x in doc.copias_certificadas if x["codigo_verificacion"] == indice.codigo), None
    )
    if copia is None:  # the index and its document are saved together; this is corruption
        raise NoEncontrado(f"No existe una copia certificada con el código {codigo}.")
    # Only what the certification page itself prints: never the requester's data.
    return {
        "valido": True,
        "codigo_verificacion": indice.codigo,
        "sha256": indice.sha256,
        "documento": {"id": doc.id, "tipo": doc.tipo, "codigo": doc.codigo, "titulo": doc.titulo},
        "fecha": copia["fecha"],
        "fedatario": copia["fedatario"],
        "folios": copia["folios"],
    }
