"""What an attacker with direct access to the database or the object store would do.

Used by the audit tests to show that each kind of tampering is detected and named.
"""

from __future__ import annotations

from typing import Any

from servicio.bootstrap import Contenedor


def _tabla_eventos(c: Contenedor) -> tuple[str, str]:
    """(events table, notification id column) of the configured backend."""
    if c.ajustes.usa_postgres:
        recorder: Any = c.app.recorder
        return f'"{recorder.datastore.schema}"."{recorder.events_table_name}"', "notification_id"
    return "stored_events", "rowid"


def _ejecutar(c: Contenedor, sql: str, parametros: tuple) -> None:
    recorder: Any = c.app.recorder
    if c.ajustes.usa_postgres:
        sql = sql.replace("?", "%s")
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(sql, parametros)


def cambiar_un_byte(c: Contenedor, posicion: int, viejo: bytes, nuevo: bytes) -> None:
    """Rewrite the stored state of the event at `posicion`, replacing `viejo` by `nuevo` once."""
    tabla, columna = _tabla_eventos(c)
    (notificacion,) = c.app.recorder.select_notifications(start=posicion, limit=1)
    estado = bytes(notificacion.state)
    assert viejo in estado and len(viejo) == len(nuevo)
    _ejecutar(
        c,
        f"UPDATE {tabla} SET state = ? WHERE {columna} = ?",
        (estado.replace(viejo, nuevo, 1), posicion),
    )


def borrar_evento(c: Contenedor, posicion: int) -> None:
    tabla, columna = _tabla_eventos(c)
    _ejecutar(c, f"DELETE FROM {tabla} WHERE {columna} = ?", (posicion,))


def cambiar_bytes_de_archivo(c: Contenedor, clave: str, datos: bytes) -> None:
    """Overwrite a stored blob in place, bypassing the store's write-once interface."""
    almacen: Any = c.almacen
    if hasattr(almacen, "raiz"):
        ruta = almacen.raiz / clave
        ruta.chmod(0o644)
        ruta.write_bytes(datos)
        return
    import io

    almacen.cliente.put_object(almacen.bucket, clave, io.BytesIO(datos), len(datos))
