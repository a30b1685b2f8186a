"""A circuit breaker for PostgreSQL: answer at once while the server is down, resume at once when
it is back.

Without it, a request made while the database is down hangs for about ten times
`POSTGRES_CONNECT_TIMEOUT` before its 503: eventsourcing retries each query ten times, and each
attempt waits that long for a pooled connection that never comes (psycopg's pool keeps failed
connection attempts to itself). And the pool's reconnection back-off doubles up to five minutes,
so the service could stay down long after the database is back.

With it: the first wait that times out while the server refuses a direct connection opens the
breaker; while open, every attempt fails at once (probing the server at most every
`SONDEO_S`); the first probe that connects closes it. The pool also gives up its own back-off
early, so the next request after the server returns opens a fresh connection at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from eventsourcing.persistence import OperationalError
from psycopg_pool import PoolTimeout

SONDEO_S = 0.5
MENSAJE = "La base de datos no responde (disyuntor abierto)."


class Disyuntor:
    """Wraps one eventsourcing `PostgresDatastore` (shared by its recorders)."""

    def __init__(self, datastore: Any, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.abierto = False
        self._sondeado_en = 0.0
        self._cerrojo = threading.Lock()
        self._obtener = datastore.get_connection
        kwargs = dict(datastore.pool.kwargs or {})
        kwargs.pop("row_factory", None)
        self._conexion = kwargs
        # Let the pool give up its background reconnection early: connections are then opened
        # on demand, so the first request after the server returns gets one immediately.
        datastore.pool.reconnect_timeout = max(2.0, 2 * timeout_s)
        # The recorders ask `datastore.get_connection()` (also through `transaction()`).
        datastore.get_connection = self.get_connection

    def _servidor_responde(self) -> bool:
        try:
            psycopg.connect(**self._conexion, connect_timeout=max(1, round(self.timeout_s))).close()
        except psycopg.Error:
            return False
        return True

    def _comprobar_abierto(self) -> None:
        with self._cerrojo:
            if not self.abierto:
                return
            ahora = time.monotonic()
            if ahora - self._sondeado_en < SONDEO_S:
                raise OperationalError(MENSAJE)
            self._sondeado_en = ahora
            if not self._servidor_responde():
                raise OperationalError(MENSAJE)
            self.abierto = False

    @contextmanager
    def get_connection(self) -> Iterator[Any]:
        self._comprobar_abierto()
        try:
            with self._obtener() as conexion:
                yield conexion
        except OperationalError as exc:
            # A pool timeout is also what a busy pool gives: only a refused probe means "down".
            if isinstance(exc.__cause__, PoolTimeout) and not self._servidor_responde():
                with self._cerrojo:
                    self.abierto = True
                    self._sondeado_en = time.monotonic()
            raise


def proteger(datastores: list[Any], timeout_s: float) -> list[Disyuntor]:
    """Put a breaker on each distinct datastore (recorders of one application share theirs)."""
    vistos: dict[int, Disyuntor] = {}
    for datastore in datastores:
        if id(datastore) not in vistos:
            vistos[id(datastore)] = Disyuntor(datastore, timeout_s)
    return list(vistos.values())
