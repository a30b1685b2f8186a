"""Document views on PostgreSQL: a row table with a weighted tsvector over normalised terms.

The terms are normalised in Python (`proyecciones.texto`: unaccent + Snowball Spanish, the same
algorithm as the `spanish` configuration) and indexed with the `simple` configuration, so that
PostgreSQL and SQLite match exactly the same documents.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder
from psycopg.sql import SQL, Composed, Identifier
from psycopg.types.json import Jsonb

from proyecciones.filas import columnas, texto_cuerpo, texto_principal
from proyecciones.texto import indexable
from proyecciones.vista import ORDENES, Cambio, Filtros, VistaDocumentos

SHA_ARCHIVO = SQL("(fila #>> '{archivo,sha256}')")  # the current file (indexed)


class VistaDocumentosPostgres(VistaDocumentos, PostgresTrackingRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nombre = self.tracking_table_name.removesuffix("_tracking")
        esquema = Identifier(self.datastore.schema)
        self.tabla = SQL("{0}.{1}").format(esquema, Identifier(f"{self.nombre}_documentos"))
        self.textos = SQL("{0}.{1}").format(esquema, Identifier(f"{self.nombre}_textos"))
        self.sql_create_statements.extend(
            [
                SQL(
                    "CREATE TABLE IF NOT EXISTS {0} ("
                    "id text PRIMARY KEY, tipo text, estado text, anio integer, "
                    "organo_emisor text, fecha text, numero integer, titulo text, "
                    "actualizado_en text, visible boolean, sha256_publicado text, "
                    "fila jsonb NOT NULL, principal text, cuerpo text, "
                    "vector tsvector GENERATED ALWAYS AS ("
                    "setweight(to_tsvector('simple', principal), 'A') || "
                    "setweight(to_tsvector('simple', cuerpo), 'B')) STORED)"
                ).format(self.tabla),
                SQL("CREATE INDEX IF NOT EXISTS {0} ON {1} USING gin (vector)").format(
                    Identifier(f"{self.nombre}_documentos_vector"), self.tabla
                ),
                SQL("CREATE INDEX IF NOT EXISTS {0} ON {1} (sha256_publicado)").format(
                    Identifier(f"{self.nombre}_documentos_sha"), self.tabla
                ),
                SQL("CREATE INDEX IF NOT EXISTS {0} ON {1} ({2})").format(
                    Identifier(f"{self.nombre}_documentos_archivo"), self.tabla, SHA_ARCHIVO
                ),
                SQL(
                    "CREATE TABLE IF NOT EXISTS {0} (sha256 text PRIMARY KEY, texto text NOT NULL)"
                ).format(self.textos),
            ]
        )

    def _bloquear(self, cursor: Any) -> None:
        # Self-conflicting, and readers are not blocked: one writer (runner or rebuild) at a time.
        cursor.execute(SQL("LOCK TABLE {0} IN SHARE ROW EXCLUSIVE MODE").format(self.tabla))

    def _leer(self, cursor: Any, claves: Sequence[str]) -> dict[str, dict[str, Any]]:
        cursor.execute(
            SQL("SELECT id, fila FROM {0} WHERE id = ANY(%s)").format(self.tabla), (list(claves),)
        )
        return {f["id"]: f["fila"] for f in cursor.fetchall()}

    def _leer_por_archivo(self, cursor: Any, sha256s: Sequence[str]) -> dict[str, dict[str, Any]]:
        cursor.execute(
            SQL("SELECT id, fila FROM {0} WHERE {1} = ANY(%s)").format(self.tabla, SHA_ARCHIVO),
            (list(sha256s),),
        )
        return {f["id"]: f["fila"] for f in cursor.fetchall()}

    def _leer_textos(self, cursor: Any, sha256s: Sequence[str]) -> dict[str, str]:
        cursor.execute(
            SQL("SELECT sha256, texto FROM {0} WHERE sha256 = ANY(%s)").format(self.textos),
            (list(sha256s),),
        )
        return {f["sha256"]: f["texto"] for f in cursor.fetchall()}

    def _guardar_textos(self, cursor: Any, textos: dict[str, str]) -> None:
        cursor.executemany(
            SQL(
                "INSERT INTO {0} (sha256, texto) VALUES (%s, %s) "
                "ON CONFLICT (sha256) DO UPDATE SET texto = EXCLUDED.texto"
            ).format(self.textos),
            list(textos.items()),
        )

    def _escribir(self, cursor: Any, cambios: Sequence[Cambio]) -> None:
        # PostgreSQL recomputes the generated tsvector whenever a row is written.
        cursor.executemany(
            SQL(
                "INSERT INTO {0} (id, tipo, estado, anio, organo_emisor, fecha, numero, titulo, "
                "actualizado_en, visible, sha256_publicado, fila, principal, cuerpo) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET tipo = EXCLUDED.tipo, estado = EXCLUDED.estado, "
                "anio = EXCLUDED.anio, organo_emisor = EXCLUDED.organo_emisor, "
                "fecha = EXCLUDED.fecha, numero = EXCLUDED.numero, titulo = EXCLUDED.titulo, "
                "actualizado_en = EXCLUDED.actualizado_en, visible = EXCLUDED.visible, "
                "sha256_publicado = EXCLUDED.sha256_publicado, fila = EXCLUDED.fila, "
                "principal = EXCLUDED.principal, cuerpo = EXCLUDED.cuerpo"
            ).format(self.tabla),
            [
                (
                    *columnas(c.nueva),
                    Jsonb(c.nueva),
                    indexable(texto_principal(c.nueva)),
                    indexable(texto_cuerpo(c.nueva)),
                )
                for c in cambios
            ],
        )

    def buscar(self, filtros: Filtros) -> tuple[list[tuple[dict[str, Any], float | None]], int]:
        condiciones: list[Composed | SQL] = []
        parametros: list[Any] = []
        for columna, valor in (
            ("tipo", filtros.tipo),
            ("estado", filtros.estado),
            ("anio", filtros.anio),
            ("organo_emisor", filtros.organo_emisor),
        ):
            if valor is not None:
                condiciones.append(SQL("{0} = %s").format(Identifier(columna)))
                parametros.append(valor)
        if filtros.desde:
            condiciones.append(SQL("fecha >= %s"))
            parametros.append(filtros.desde.isoformat())
        if filtros.hasta:
            condiciones.append(SQL("fecha <= %s"))
            parametros.append(filtros.hasta.isoformat())
        if filtros.solo_visibles:
            condiciones.append(SQL("visible"))
        relevancia: Composed | SQL = SQL("NULL::float")
        parametros_relevancia: list[Any] = []
        if filtros.terminos:
            consulta = " ".join(filtros.terminos)
            condiciones.append(SQL("vector @@ plainto_tsquery('simple', %s)"))
            parametros.append(consulta)
            relevancia = SQL("ts_rank(vector, plainto_tsquery('simple', %s))")
            parametros_relevancia.append(consulta)
        donde = SQL("WHERE ") + SQL(" AND ").join(condiciones) if condiciones else SQL("")
        orden = ORDENES.get(filtros.orden)
        if orden is None and filtros.terminos:
            clave: Composed | SQL = SQL("NULL")
            orden_sql: Composed | SQL = SQL("relevancia DESC, id")
        else:
            columna, sentido = orden or ORDENES["-actualizado"]
            clave = Identifier(columna)
            orden_sql = SQL("clave {0} NULLS LAST, id").format(SQL(sentido))
        with self.datastore.transaction(commit=False) as c:
            # One pass over the matches ranks them, counts them (a window over the same scan, not
            # a second query) and keeps the page; only the page's row documents are then read.
            c.execute(
                SQL(
                    "SELECT id, relevancia, total, "
                    "(SELECT fila FROM {0} d WHERE d.id = p.id) AS fila "
                    "FROM (SELECT id, {1} AS relevancia, {2} AS clave, count(*) OVER () AS total "
                    "FROM {0} "
                ).format(self.tabla, relevancia, clave)
                + donde
                + SQL(" ORDER BY {0} LIMIT %s OFFSET %s) p ORDER BY {0}").format(orden_sql),
                [
                    *parametros_relevancia,
                    *parametros,
                    filtros.por_pagina,
                    (filtros.pagina - 1) * filtros.por_pagina,
                ],
            )
            pagina = c.fetchall()
            if pagina:
                total = pagina[0]["total"]
            else:  # past the last page: the window had no row to report the count on
                c.execute(
                    SQL("SELECT COUNT(*) AS n FROM {0} ").format(self.tabla) + donde, parametros
                )
                total = c.fetchone()["n"]
        return [(f["fila"], f["relevancia"]) for f in pagina], total

    def obtener(self, documento_id: str, solo_visibles: bool = False) -> dict[str, Any] | None:
        extra = SQL(" AND visible") if solo_visibles else SQL("")
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                SQL("SELECT fila FROM {0} WHERE id = %s").format(self.tabla) + extra,
                (documento_id,),
            )
            fila = c.fetchone()
        return fila["fila"] if fila else None

    def por_sha256_publicado(self, sha256: str) -> dict[str, Any] | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                SQL("SELECT fila FROM {0} WHERE sha256_publicado = %s AND visible").format(
                    self.tabla
                ),
                (sha256,),
            )
            fila = c.fetchone()
        return fila["fila"] if fila else None

    def filas(self) -> Iterator[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(SQL("SELECT fila FROM {0} ORDER BY id").format(self.tabla))
            todas = c.fetchall()
        for fila in todas:
            yield fila["fila"]

    def vaciar(self) -> None:
        with self.datastore.transaction(commit=True) as c:
            self._bloquear(c)
            c.execute(SQL("DELETE FROM {0}").format(self.tabla))
            c.execute(SQL("DELETE FROM {0}").format(self.textos))
            c.execute(
                SQL("DELETE FROM {0}.{1} WHERE application_name != '__migration__'").format(
                    Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
                )
            )

    def alterar_fila(self, documento_id: str, campo: str, valor: Any) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                SQL("UPDATE {0} SET fila = jsonb_set(fila, %s, %s) WHERE id = %s").format(
                    self.tabla
                ),
                ([campo], Jsonb(valor), documento_id),
            )
