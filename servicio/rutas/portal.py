"""The public portal: published (and derogated) documents only, from the `portal` view.

Never a draft, never who asked for a certified copy: the portal reads a view whose rows it only
answers for once published, and it whitelists the fields it shows.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from dominio.errores import NoEncontrado
from dominio.tipos import Estado
from servicio.bootstrap import Contenedor
from servicio.dependencias import contenedor
from servicio.rutas.consultas import (
    Busqueda,
    Posicion,
    archivo_publico,
    busqueda,
    esperar_posicion,
    fragmento_de,
)
from servicio.rutas.documentos import descarga

router = APIRouter(prefix="/portal", tags=["portal"])
Cont = Annotated[Contenedor, Depends(contenedor)]
NO_PUBLICADO = {404: {"description": "No existe o no está publicado"}}


class DocumentoPublico(BaseModel):
    id: str
    tipo: str
    estado: str
    derogado: bool
    numero: int | None
    codigo: str | None
    titulo: str
    resumen: str
    organo_emisor: str
    etiquetas: list[str]
    fecha_documento: str | None
    fecha_publicacion: str | None
    publicaciones: list[dict[str, Any]]
    rectificaciones: list[dict[str, Any]]
    derogacion: dict[str, Any] | None
    archivo: dict[str, Any] | None
    url_archivo: str
    fragmento: str | None = None
    relevancia: float | None = None


class PaginaPortal(BaseModel):
    items: list[DocumentoPublico]
    total: int
    pagina: int
    por_pagina: int


def publico(fila: dict[str, Any]) -> dict[str, Any]:
    campos = set(DocumentoPublico.model_fields) - {"derogado", "archivo", "url_archivo"}
    return {
        **{k: fila[k] for k in campos if k in fila},
        "derogado": fila["estado"] == Estado.DEROGADO.value,
        "archivo": archivo_publico(fila["archivo_publicado"]),
        "url_archivo": f"/portal/documentos/{fila['id']}/archivo",
    }


@router.get("/documentos", response_model=PaginaPortal)
def buscar(c: Cont, b: Annotated[Busqueda, Depends(busqueda)]) -> dict:
    f, filas, total = b.en(c, "portal", solo_visibles=True)
    items = [
        {**publico(fila), "fragmento": fragmento_de(fila, f.terminos), "relevancia": relevancia}
        for fila, relevancia in filas
    ]
    return {"items": items, "total": total, "pagina": f.pagina, "por_pagina": f.por_pagina}


def _publicado(c: Contenedor, documento_id: UUID) -> dict[str, Any]:
    fila = c.proyecciones.documentos["portal"].obtener(str(documento_id), solo_visibles=True)
    if fila is None:
        raise NoEncontrado(f"No existe un documento publicado con id {documento_id}.")
    return fila


@router.get("/documentos/{documento_id}", response_model=DocumentoPublico, responses=NO_PUBLICADO)
def ver(c: Cont, documento_id: UUID, posicion: Posicion = None) -> dict:
    esperar_posicion(c, "portal", posicion)
    return publico(_publicado(c, documento_id))


@router.get(
    "/documentos/{documento_id}/archivo",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/pdf": {}}}, **NO_PUBLICADO},
)
def archivo(c: Cont, documento_id: UUID) -> StreamingResponse:
    fila = _publicado(c, documento_id)
    return descarga(c, fila["archivo_publicado"], f"documento-{documento_id}")
