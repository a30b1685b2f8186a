"""Document views on SQLite: a row table plus an FTS5 index of normalised terms."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from eventsourcing.sqlite import SQLiteTrackingRecorder

from proyecciones.filas import columnas, texto_cuerpo, texto_principal
from proyecciones.texto import indexable
from proyecciones.vista import ORDENES, Cambio, Filtros, VistaDocumentos

PARAMETROS_POR_CONSULTA = 500  # well under SQLite's limit on bound parameters
SHA_ARCHIVO = "json_extract(fila, '$.archivo.sha256')"  # the current file (indexed)


class VistaDocumentosSQLite(VistaDocumentos, SQLiteTrackingRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            "CREATE TABLE IF NOT EXISTS documentos ("
            "id TEXT PRIMARY KEY, tipo TEXT, estado TEXT, anio INTEGER, organo_emisor TEXT, "
            "fecha TEXT, numero INTEGER, titulo TEXT, actualizado_en TEXT, visible INTEGER, "
            "sha256_publicado TEXT, fila TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS documentos_sha ON documentos (sha256_publicado)",
            f"CREATE INDEX IF NOT EXISTS documentos_archivo ON documentos ({SHA_ARCHIVO})",
            "CREATE TABLE IF NOT EXISTS textos (sha256 TEXT PRIMARY KEY, texto TEXT NOT NULL)",
            # Keyed by the row table's rowid: deleting an old entry is then a lookup, not a scan.
            "CREATE VIRTUAL TABLE IF NOT EXISTS documentos_fts USING fts5("
            "principal, cuerpo, tokenize = 'unicode61')",
        ]

    def _por_partes(self, cursor: Any, consulta: str, claves: Sequence[str]) -> list[Any]:
        """Rows of `consulta` (with one `IN ({})`) for every key, a few hundred at a time."""
        filas: list[Any] = []
        for inicio in range(0, len(claves), PARAMETROS_POR_CONSULTA):
            parte = claves[inicio : inicio + PARAMETROS_POR_CONSULTA]
            cursor.execute(consulta.format(",".join("?" * len(parte))), parte)
            filas.extend(cursor.fetchall())
        return filas

    def _leer(self, cursor: Any, claves: Sequence[str]) -> dict[str, dict[str, Any]]:
        consulta = "SELECT id, fila FROM documentos WHERE id IN ({})"
        return {i: json.loads(f) for i, f in self._por_partes(cursor, consulta, claves)}

    def _leer_por_archivo(self, cursor: Any, sha256s: Sequence[str]) -> dict[str, dict[str, Any]]:
        consulta = f"SELECT id, fila FROM documentos WHERE {SHA_ARCHIVO} IN ({{}})"
        return {i: json.loads(f) for i, f in self._por_partes(cursor, consulta, sha256s)}

    def _leer_textos(self, cursor: Any, sha256s: Sequence[str]) -> dict[str, str]:
        consulta = "SELECT sha256, texto FROM textos WHERE sha256 IN ({})"
        return dict(self._por_partes(cursor, consulta, sha256s))

    def _guardar_textos(self, cursor: Any, textos: dict[str, str]) -> None:
        cursor.executemany(
            "INSERT INTO textos (sha256, texto) VALUES (?, ?) "
            "ON CONFLICT (sha256) DO UPDATE SET texto = excluded.texto",
            list(textos.items()),
        )

    def _escribir(self, cursor: Any, cambios: Sequence[Cambio]) -> None:
        cursor.executemany(
            "INSERT INTO documentos (id, tipo, estado, anio, organo_emisor, fecha, numero, titulo, "
            "actualizado_en, visible, sha256_publicado, fila) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET tipo = excluded.tipo, estado = excluded.estado, "
            "anio = excluded.anio, organo_emisor = excluded.organo_emisor, fecha = excluded.fecha, "
            "numero = excluded.numero, titulo = excluded.titulo, "
            "actualizado_en = excluded.actualizado_en, visible = excluded.visible, "
            "sha256_publicado = excluded.sha256_publicado, fila = excluded.fila",
            [(*columnas(c.nueva), json.dumps(c.nueva, ensure_ascii=False)) for c in cambios],
        )
        reindexar = [c for c in cambios if c.texto_cambia]
        # The index is keyed by the row's rowid: removing an old entry is a lookup, not a scan.
        cursor.executemany(
            "DELETE FROM documentos_fts WHERE rowid = (SELECT rowid FROM documentos WHERE id = ?)",
            [(c.nueva["id"],) for c in reindexar if c.anterior is not None],
        )
        cursor.executemany(
            "INSERT INTO documentos_fts (rowid, principal, cuerpo) "
            "VALUES ((SELECT rowid FROM documentos WHERE id = ?), ?, ?)",
            [
                (
                    c.nueva["id"],
                    indexable(texto_principal(c.nueva)),
                    indexable(texto_cuerpo(c.nueva)),
                )
                for c in reindexar
            ],
        )

    def buscar(self, filtros: Filtros) -> tuple[list[tuple[dict[str, Any], float | None]], int]:
        condiciones, parametros = [], []
        for columna, valor in (
            ("d.tipo", filtros.tipo),
            ("d.estado", filtros.estado),
            ("d.anio", filtros.anio),
            ("d.organo_emisor", filtros.organo_emisor),
        ):
            if valor is not None:
                condiciones.append(f"{columna} = ?")
                parametros.append(valor)
        if filtros.desde:
            condiciones.append("d.fecha >= ?")
            parametros.append(filtros.desde.isoformat())
        if filtros.hasta:
            condiciones.append("d.fecha <= ?")
            parametros.append(filtros.hasta.isoformat())
        if filtros.solo_visibles:
            condiciones.append("d.visible = 1")
        desde, alias = "documentos d", "d"
        relevancia = "NULL"
        if filtros.terminos:
            desde = "documentos_fts f JOIN documentos d ON d.rowid = f.rowid"
            condiciones.append("documentos_fts MATCH ?")
            parametros.append(" ".join(f'"{t}"' for t in filtros.terminos))
            relevancia = "-bm25(documentos_fts, 4.0, 1.0)"
        donde = f"WHERE {' AND '.join(condiciones)}" if condiciones else ""
        orden = ORDENES.get(filtros.orden)
        if orden is None and filtros.terminos:
            orden_sql = "relevancia DESC, d.id"
            if len(condiciones) == 1:  # text only: the index alone answers, no join needed
                desde, alias, orden_sql = "documentos_fts f", "f", "relevancia DESC, f.rowid"
        else:
            columna, sentido = orden or ORDENES["-actualizado"]
            orden_sql = f"d.{columna} {sentido}, d.id"
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT COUNT(*) FROM {desde} {donde}", parametros)
            total = c.fetchone()[0]
            # Rank and page on narrow rows first; only the page's row documents are then read
            # (sorting every match together with its JSON document is what made search slow).
            c.execute(
                f"SELECT {alias}.rowid, {relevancia} AS relevancia FROM {desde} {donde} "
                f"ORDER BY {orden_sql} LIMIT ? OFFSET ?",
                [*parametros, filtros.por_pagina, (filtros.pagina - 1) * filtros.por_pagina],
            )
            pagina = c.fetchall()
            marcas = ",".join("?" * len(pagina))
            c.execute(
                f"SELECT rowid, fila FROM documentos WHERE rowid IN ({marcas})",
                [r[0] for r in pagina],
            )
            documentos = {r[0]: r[1] for r in c.fetchall()}
        return [(json.loads(documentos[r[0]]), r[1]) for r in pagina], total

    def obtener(self, documento_id: str, solo_visibles: bool = False) -> dict[str, Any] | None:
        extra = " AND visible = 1" if solo_visibles else ""
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT fila FROM documentos WHERE id = ?{extra}", (documento_id,))
            fila = c.fetchone()
        return json.loads(fila[0]) if fila else None

    def por_sha256_publicado(self, sha256: str) -> dict[str, Any] | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT fila FROM documentos WHERE sha256_publicado = ? AND visible = 1", (sha256,)
            )
            fila = c.fetchone()
        return json.loads(fila[0]) if fila else None

    def filas(self) -> Iterator[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT fila FROM documentos ORDER BY id")
            todas = c.fetchall()
        for fila in todas:
            yield json.loads(fila[0])

    def vaciar(self) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute("DELETE FROM documentos")
            c.execute("DELETE FROM documentos_fts")
            c.execute("DELETE FROM textos")
            c.execute("DELETE FROM tracking WHERE application_name != '__migration__'")

    def alterar_fila(self, documento_id: str, campo: str, valor: Any) -> None:
        with self.datastore.transaction(commit=True) as c:
            fila = self._leer(c, [documento_id])[documento_id]
            fila[campo] = valor
            c.execute(
                "UPDATE documentos SET fila = ? WHERE id = ?",
                (json.dumps(fila, ensure_ascii=False), documento_id),
            )
