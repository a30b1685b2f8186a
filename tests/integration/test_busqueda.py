"""Search quality on a generated Spanish corpus: the same answers on every backend."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from psycopg import sql
from psycopg.types.json import Jsonb

from dominio.tipos import TipoDocumento
from proyecciones.texto import terminos
from proyecciones.vista import Filtros
from servicio.bootstrap import Contenedor, construir_vista
from tests.soporte.corpus import corpus
from tests.soporte.produccion import ajustes_produccion

ACTOR = {"usuario": "prueba", "rol": "registrador"}


@pytest.fixture
def indexado(contenedor: Contenedor) -> tuple[Contenedor, dict[str, dict[str, Any]]]:
    """The corpus registered (not through HTTP: the PDF intake is not under test here)."""
    por_id = {}
    for n, datos in enumerate(corpus()):
        archivo = {
            "clave": f"sha256/00/00/{n:064d}",
            "sha256": f"{n:064d}",
            "bytes": 1,
            "paginas": 1,
        }
        doc, _ = contenedor.app.registrar_documento(
            tipo=TipoDocumento(datos["tipo"]),
            titulo=datos["titulo"],
            resumen=datos["resumen"],
            organo_emisor=None,
            fecha_documento=None,
            etiquetas=[datos["etiquetas"]],
            archivo=archivo,
            actor=ACTOR,
        )
        # What the extractor records once it has read the stored file.
        contenedor.app.registrar_texto(archivo["sha256"], datos["texto"], completo=True)
        por_id[str(doc.id)] = datos
    contenedor.proyecciones.ponerse_al_dia()
    return contenedor, por_id


def buscar(c: Contenedor, q: str, **filtros: Any) -> list[dict[str, Any]]:
    filas, total = c.proyecciones.documentos["registro"].buscar(
        Filtros(terminos=tuple(terminos(q)), por_pagina=100, orden="relevancia", **filtros)
    )
    assert total == len(filas)
    return [f for f, _ in filas]


def ids(filas: list[dict[str, Any]]) -> set[str]:
    return {f["id"] for f in filas}


def test_sin_tildes_ni_mayusculas(indexado) -> None:
    c, por_id = indexado
    esperados = {i for i, d in por_id.items() if d["tipo"] == "RESOLUCION_ALCALDIA"}
    assert len(esperados) == 15
    assert ids(buscar(c, "resolucion de alcaldia")) == esperados
    assert ids(buscar(c, "RESOLUCIÓN DE ALCALDÍA")) == esperados
    transito = {i for i, d in por_id.items() if "tránsito" in d["texto"]}
    assert ids(buscar(c, "transito")) == transito and len(transito) == 6


def test_plurales_y_singulares(indexado) -> None:
    c, por_id = indexado
    ordenanzas = {i for i, d in por_id.items() if d["tipo"] == "ORDENANZA"}
    assert ids(buscar(c, "ordenanzas")) == ordenanzas
    assert ids(buscar(c, "ordenanza")) == ordenanzas
    residuos = {i for i, d in por_id.items() if "residuos" in d["texto"]}
    assert ids(buscar(c, "residuo solido")) == residuos


def test_numeros_de_documento(indexado) -> None:
    c, por_id = indexado
    (quinto,) = [i for i, d in por_id.items() if d["referencia"] == "N° 005-2025-MDP"]
    assert ids(buscar(c, "005-2025")) == {quinto}
    assert ids(buscar(c, "N° 5-2025")) == {quinto}
    assert ids(buscar(c, "Expediente 10004")) == {quinto}
    assert buscar(c, "999-1999") == []


def test_filtros_y_paginacion(indexado) -> None:
    c, por_id = indexado
    vista = c.proyecciones.documentos["registro"]
    solo_decretos = buscar(c, "municipal", tipo="DECRETO_ALCALDIA")
    assert {f["tipo"] for f in solo_decretos} == {"DECRETO_ALCALDIA"} and len(solo_decretos) == 15
    assert buscar(c, "municipal", estado="PUBLICADO") == []
    vistos: list[str] = []
    for pagina in range(1, 10):
        filas, total = vista.buscar(Filtros(por_pagina=7, pagina=pagina, orden="titulo"))
        vistos.extend(f["id"] for f, _ in filas)
    assert total == len(por_id) and len(vistos) == len(set(vistos)) == len(por_id)
    titulos = [por_id[i]["titulo"] for i in vistos]
    assert titulos == sorted(titulos)


def test_ranking_pone_primero_el_titulo(indexado) -> None:
    c, por_id = indexado
    archivo = {"clave": "sha256/ff/ff/" + "f" * 64, "sha256": "f" * 64, "bytes": 1, "paginas": 1}
    solo_cuerpo, _ = c.app.registrar_documento(
        tipo=TipoDocumento.ACUERDO_CONCEJO,
        titulo="Aprueba convenio con la beneficencia",
        resumen="",
        organo_emisor=None,
        fecha_documento=None,
        etiquetas=[],
        archivo=archivo,
        actor=ACTOR,
    )
    c.app.registrar_texto(archivo["sha256"], "El convenio menciona el turismo una sola vez.", True)
    c.proyecciones.ponerse_al_dia()
    resultado = buscar(c, "turismo")
    en_titulo = {i for i, d in por_id.items() if "turismo" in d["titulo"]}
    assert {f["id"] for f in resultado[: len(en_titulo)]} == en_titulo
    assert resultado[-1]["id"] == str(solo_cuerpo.id)


def test_vista_postgres_anterior_se_migra(request, tmp_path) -> None:
    """A PostgreSQL view made by the earlier layout (the vector as a generated column of the row
    table) keeps answering searches after the upgrade: its vectors move to the search table."""
    ajustes = ajustes_produccion(request, tmp_path)
    tabla = sql.Identifier(ajustes.bd_esquema, "registro_documentos")
    with psycopg.connect(ajustes.bd_url, autocommit=True) as conexion:
        conexion.execute(
            sql.SQL(
                "CREATE TABLE {0} (id text PRIMARY KEY, tipo text, estado text, anio integer, "
                "organo_emisor text, fecha text, numero integer, titulo text, "
                "actualizado_en text, visible boolean, sha256_publicado text, "
                "fila jsonb NOT NULL, principal text, cuerpo text, "
                "vector tsvector GENERATED ALWAYS AS ("
                "setweight(to_tsvector('simple', principal), 'A') || "
                "setweight(to_tsvector('simple', cuerpo), 'B')) STORED)"
            ).format(tabla)
        )
        fila = {"id": "d1", "titulo": "Ordenanza de playas", "texto": "Regula las sombrillas."}
        conexion.execute(
            sql.SQL(
                "INSERT INTO {0} (id, titulo, fila, principal, cuerpo) VALUES (%s, %s, %s, %s, %s)"
            ).format(tabla),
            (
                "d1",
                fila["titulo"],
                Jsonb(fila),
                "ordenanz play",
                "regul sombrill",
            ),
        )
    vista = construir_vista(ajustes, "registro")
    try:
        filas, total = vista.buscar(
            Filtros(terminos=tuple(terminos("sombrillas")), orden="relevancia")
        )
        assert total == 1 and filas[0][0]["id"] == "d1"
        with psycopg.connect(ajustes.bd_url) as conexion:
            columnas = {
                c
                for (c,) in conexion.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = %s AND table_name = 'registro_documentos'",
                    (ajustes.bd_esquema,),
                )
            }
        assert not columnas & {"vector", "principal", "cuerpo"}
    finally:
        vista.datastore.close()
