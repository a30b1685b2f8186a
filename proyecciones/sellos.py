"""Ledger seals: a projection that chains every notification of the log and keeps the head.

Unlike the other views it reads the raw notifications (the stored bytes are what is sealed),
but it follows the same idiom: the seal rows and the tracking position are written in one
transaction, so a crash never skips or double-seals a position, and two runners cannot both
seal the same batch (the second one's tracking insert conflicts and rolls back).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, Protocol

from eventsourcing.persistence import InfrastructureFactory, IntegrityError, Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import Environment
from psycopg.sql import SQL, Identifier

from proyecciones.vista import exigir_posicion
from servicio.cadena import GENESIS, eslabon

LOTE = 500
NOMBRE = "sellos"


class VistaSellos(Protocol):
    datastore: Any

    def max_tracking_id(self, application_name: str) -> int | None: ...
    def sellar(self, sellos: list[tuple[int, str]], tracking: Tracking, desde: int) -> None: ...
    def hash_en(self, posicion: int) -> str | None: ...
    def cabeza(self) -> dict[str, Any] | None: ...
    def sellos(self) -> Iterator[tuple[int, str]]: ...
    def vaciar(self) -> None: ...


def _ahora() -> str:
    return datetime.now(UTC).isoformat()


class SellosSQLite(SQLiteTrackingRecorder):
    nombre = NOMBRE

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            "CREATE TABLE IF NOT EXISTS sellos ("
            "posicion INTEGER PRIMARY KEY, hash TEXT NOT NULL, sellado_en TEXT NOT NULL)",
        ]

    def sellar(self, sellos: list[tuple[int, str]], tracking: Tracking, desde: int) -> None:
        ahora = _ahora()
        with self.datastore.transaction(commit=True) as c:
            exigir_posicion(self, c, tracking, desde)
            c.executemany(
                "INSERT INTO sellos (posicion, hash, sellado_en) VALUES (?, ?, ?)",
                [(p, h, ahora) for p, h in sellos],
            )
            self._insert_tracking(c, tracking)

    def hash_en(self, posicion: int) -> str | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT hash FROM sellos WHERE posicion = ?", (posicion,))
            fila = c.fetchone()
            return fila[0] if fila else None

    def cabeza(self) -> dict[str, Any] | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT posicion, hash, sellado_en FROM sellos ORDER BY posicion DESC LIMIT 1"
            )
            fila = c.fetchone()
            return {"posicion": fila[0], "hash": fila[1], "sellado_en": fila[2]} if fila else None

    def sellos(self) -> Iterator[tuple[int, str]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT posicion, hash FROM sellos ORDER BY posicion")
            filas = c.fetchall()
        for fila in filas:
            yield fila[0], fila[1]

    def vaciar(self) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute("DELETE FROM sellos")
            c.execute("DELETE FROM tracking WHERE application_name != '__migration__'")


class SellosPostgres(PostgresTrackingRecorder):
    nombre = NOMBRE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tabla = SQL("{0}.{1}").format(Identifier(self.datastore.schema), Identifier(NOMBRE))
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0} ("
                "posicion bigint PRIMARY KEY, hash text NOT NULL, sellado_en text NOT NULL)"
            ).format(self.tabla)
        )

    def sellar(self, sellos: list[tuple[int, str]], tracking: Tracking, desde: int) -> None:
        ahora = _ahora()
        with self.datastore.transaction(commit=True) as c:
            c.execute(SQL("LOCK TABLE {0} IN SHARE ROW EXCLUSIVE MODE").format(self.tabla))
            exigir_posicion(self, c, tracking, desde)
            c.executemany(
                SQL("INSERT INTO {0} (posicion, hash, sellado_en) VALUES (%s, %s, %s)").format(
                    self.tabla
                ),
                [(p, h, ahora) for p, h in sellos],
            )
            self._insert_tracking(c, tracking)

    def hash_en(self, posicion: int) -> str | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                SQL("SELECT hash FROM {0} WHERE posicion = %s").format(self.tabla), (posicion,)
            )
            fila = c.fetchone()
            return fila["hash"] if fila else None

    def cabeza(self) -> dict[str, Any] | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                SQL(
                    "SELECT posicion, hash, sellado_en FROM {0} ORDER BY posicion DESC LIMIT 1"
                ).format(self.tabla)
            )
            fila = c.fetchone()
            return dict(fila) if fila else None

    def sellos(self) -> Iterator[tuple[int, str]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(SQL("SELECT posicion, hash FROM {0} ORDER BY posicion").format(self.tabla))
            filas = c.fetchall()
        for fila in filas:
            yield fila["posicion"], fila["hash"]

    def vaciar(self) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(SQL("LOCK TABLE {0} IN SHARE ROW EXCLUSIVE MODE").format(self.tabla))
            c.execute(SQL("DELETE FROM {0}").format(self.tabla))
            c.execute(
                SQL("DELETE FROM {0}.{1} WHERE application_name != '__migration__'").format(
                    Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
                )
            )


def construir_vista_sellos(entorno: dict[str, str]) -> VistaSellos:
    """Build the seal view on the configured backend (`entorno` = eventsourcing settings)."""
    fabrica = InfrastructureFactory.construct(Environment(name=NOMBRE, env=entorno))
    if entorno["PERSISTENCE_MODULE"] == "eventsourcing.postgres":
        return fabrica.tracking_recorder(SellosPostgres)
    return fabrica.tracking_recorder(SellosSQLite)


def sellar_pendientes(app: Any, vista: VistaSellos, lote: int = LOTE) -> int:
    """Seal the notifications not sealed yet; return how many were sealed."""
    total = 0
    while True:
        inicio = vista.max_tracking_id(app.name) or 0
        anterior = vista.hash_en(inicio) if inicio else GENESIS
        if anterior is None:  # tracking without its seal row: the view was tampered with
            raise RuntimeError(f"La vista de sellos no tiene el sello de la posición {inicio}.")
        notificaciones = app.recorder.select_notifications(
            start=inicio, limit=lote, inclusive_of_start=False
        )
        if not notificaciones:
            return total
        sellos = []
        for n in notificaciones:
            anterior = eslabon(anterior, n)
            sellos.append((n.id, anterior))
        try:
            vista.sellar(sellos, Tracking(app.name, notificaciones[-1].id), desde=inicio)
        except IntegrityError:
            continue  # another runner sealed this batch first; start again from its position
        total += len(sellos)
