"""The staff register: every document, searchable and sortable (from the `registro` view)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from servicio.autenticacion import LECTORES, Sesion, requiere
from servicio.bootstrap import Contenedor
from servicio.dependencias import contenedor
from servicio.rutas.consultas import Busqueda, EstadoQ, archivo_publico, busqueda, fragmento_de
from servicio.rutas.documentos import ERRORES

router = APIRouter(prefix="/v1/documentos", tags=["documentos"])


class EntradaRegistro(BaseModel):
    id: str
    tipo: str
    estado: str
    numero: int | None
    codigo: str | None
    titulo: str
    resumen: str
    organo_emisor: str
    etiquetas: list[str]
    fecha_documento: str | None
    fecha_aprobacion: str | None
    fecha_publicacion: str | None
    archivo: dict[str, Any] | None
    copias_certificadas: int
    version: int
    creado_en: str
    actualizado_en: str
    ultimo_actor: dict[str, str]
    fragmento: str | None
    relevancia: float | None


class PaginaRegistro(BaseModel):
    items: list[EntradaRegistro]
    total: int
    pagina: int
    por_pagina: int


@router.get("", response_model=PaginaRegistro, responses=ERRORES)
def listar(
    c: Annotated[Contenedor, Depends(contenedor)],
    _: Annotated[Sesion, Depends(requiere(*LECTORES))],
    b: Annotated[Busqueda, Depends(busqueda)],
    estado: EstadoQ = None,
) -> dict:
    f, filas, total = b.en(c, "registro", estado=estado.value if estado else None)
    items = [
        {
            **{k: fila[k] for k in EntradaRegistro.model_fields if k in fila},
            "archivo": archivo_publico(fila["archivo"]),
            "fragmento": fragmento_de(fila, f.terminos),
            "relevancia": relevancia,
        }
        for fila, relevancia in filas
    ]
    return {"items": items, "total": total, "pagina": f.pagina, "por_pagina": f.por_pagina}
