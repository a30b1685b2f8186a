"""What the register and the portal share: query parameters, read-your-writes, snippets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Any

from fastapi import Query

from dominio.tipos import Estado, TipoDocumento
from proyecciones.texto import fragmento, terminos
from proyecciones.vista import ORDENES, Filtros
from servicio.bootstrap import Contenedor
from servicio.problemas import Problema

Q = Annotated[str | None, Query(max_length=500, description="Texto a buscar")]
Tipo = Annotated[TipoDocumento | None, Query()]
EstadoQ = Annotated[Estado | None, Query()]
Anio = Annotated[int | None, Query(ge=1900, le=2200)]
Organo = Annotated[str | None, Query(max_length=300)]
Desde = Annotated[date | None, Query(description="Fecha del documento desde (AAAA-MM-DD)")]
Hasta = Annotated[date | None, Query(description="Fecha del documento hasta (AAAA-MM-DD)")]
Orden = Annotated[
    str | None,
    Query(
        pattern="^(" + "|".join(o.replace("-", "\\-") for o in ORDENES) + ")$",
        description="relevancia (por defecto con q), fecha, -fecha, numero, -numero, titulo, "
        "actualizado, -actualizado (por defecto sin q)",
    ),
]
Pagina = Annotated[int, Query(ge=1, le=100_000)]
PorPagina = Annotated[int, Query(ge=1, le=100)]
Posicion = Annotated[
    int | None,
    Query(ge=0, description="Esperar (hasta 5 s) a que la vista incluya esta posición"),
]


def esperar_posicion(c: Contenedor, vista: str, posicion: int | None) -> None:
    if posicion is None:
        return
    ultima = c.app.posicion_actual()
    if posicion > ultima:  # no write ever answered it: waiting could only time out
        raise Problema(
            422,
            "dato_invalido",
            f"La posición {posicion} no existe en el registro (la última es {ultima}).",
        )
    if not c.esperar(vista, posicion, c.ajustes.espera_posicion_s):
        raise Problema(
            503,
            "vista_desactualizada",
            f"La consulta aún no incluye la posición {posicion}; intente de nuevo.",
            {"Retry-After": "1"},
        )


@dataclass(frozen=True)
class Busqueda:
    """The query parameters the register and the portal share, already normalised."""

    filtros: Filtros
    posicion: int | None

    def en(self, c: Contenedor, vista: str, **ajustes: Any) -> tuple[Filtros, list, int]:
        """Run this search on a view (after waiting for `posicion`): filters, rows, total."""
        esperar_posicion(c, vista, self.posicion)
        filtros = replace(self.filtros, **ajustes)
        filas, total = c.proyecciones.documentos[vista].buscar(filtros)
        return filtros, filas, total


def busqueda(
    q: Q = None,
    tipo: Tipo = None,
    anio: Anio = None,
    organo_emisor: Organo = None,
    desde: Desde = None,
    hasta: Hasta = None,
    orden: Orden = None,
    pagina: Pagina = 1,
    por_pagina: PorPagina = 20,
    posicion: Posicion = None,
) -> Busqueda:
    buscados = tuple(dict.fromkeys(terminos(q or "")))
    if q and q.strip() and not buscados:
        raise Problema(422, "dato_invalido", "La búsqueda no contiene palabras ni números.")
    return Busqueda(
        Filtros(
            terminos=buscados,
            tipo=tipo.value if tipo else None,
            anio=anio,
            organo_emisor=organo_emisor,
            desde=desde,
            hasta=hasta,
            orden=orden or ("relevancia" if buscados else "-actualizado"),
            pagina=pagina,
            por_pagina=por_pagina,
        ),
        posicion,
    )


def fragmento_de(fila: dict[str, Any], buscados: tuple[str, ...]) -> str | None:
    if not buscados:
        return None
    consulta = set(buscados)
    for campo in ("titulo", "resumen", "texto"):
        trozo = fragmento(fila.get(campo) or "", consulta)
        if trozo:
            return trozo
    return None


def archivo_publico(archivo: dict[str, Any] | None) -> dict[str, Any] | None:
    return {k: archivo[k] for k in ("sha256", "bytes", "paginas")} if archivo else None
