"""The staff register: every document, searchable and sortable (from the `registro` view)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from servicio.autenticacion import LECTORES, Sesion, requiere
from servicio.bootstrap import Contenedor
from servicio.dependencias import contenedor
from servicio.rutas.consultas import (
    Anio,
    Desde,
    EstadoQ,
    Hasta,
    Orden,
    Organo,
    Pagina,
    PorPagina,
    Posicion,
    Q,
    Tipo,
    archivo_publico,
    esperar_posicion,
    filtros,
    fragmento_de,
)
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
    q: Q = None,
    tipo: Tipo = None,
    estado: EstadoQ = None,
    anio: Anio = None,
    organo_emisor: Organo = None,
    desde: Desde = None,
    hasta: Hasta = None,
    orden: Orden = None,
    pagina: Pagina = 1,
    por_pagina: PorPagina = 20,
    posicion: Posicion = None,
) -> dict:
    esperar_posicion(c, "registro", posicion)
    f = filtros(
        q,
        tipo=tipo,
        estado=estado,
        anio=anio,
        organo_emisor=organo_emisor,
        desde=desde,
        hasta=hasta,
        orden=orden,
        pagina=pagina,
        por_pagina=por_pagina,
        solo_visibles=False,
    )
    filas, total = c.proyecciones.documentos["registro"].buscar(f)
    items = [
        {
            **{k: fila[k] for k in EntradaRegistro.model_fields if k in fila},
            "archivo": archivo_publico(fila["archivo"]),
            "fragmento": fragmento_de(fila, f.terminos),
            "relevancia": relevancia,
        }
        for fila, relevancia in filas
    ]
    return {"items": items, "total": total, "pagina": pagina, "por_pagina": por_pagina}
