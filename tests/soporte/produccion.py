"""PostgreSQL + S3 for the `produccion` backend: real servers, started once per test session.

PostgreSQL: `$SECRETARIA_TEST_POSTGRES` (a URL to a database the tests may use to create and drop
another database) if set; else the server on 127.0.0.1:5432 (user postgres, database `test`);
else a throwaway cluster started here. Either way the session works in a database of its own,
dropped at the end. S3: a SeaweedFS `weed mini` on free ports, stopped at the end.

Per-test isolation, the cheapest real option measured: a new schema in the session database
(creating it costs under 1 ms; a new database costs about 50 ms more) and a new bucket (under
10 ms). Nothing is cleaned per test; the session database and SeaweedFS's folder go at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import psycopg
import pytest
from psycopg import sql

from servicio.ajustes import Ajustes
from tests.soporte.backends import ajustes_embebidos, no_disponible
from tests.soporte.servidores import (
    ACCESS_KEY,
    SECRET_KEY,
    ClusterPostgres,
    SeaweedFS,
    ServidorNoInicia,
    responde_postgres,
)

POSTGRES_LOCAL = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass
class BaseDeSesion:
    """The database this test session works in, and a connection to make schemas in it."""

    url_admin: str
    nombre: str
    url: str
    conexion: psycopg.Connection[Any]
    cluster: ClusterPostgres | None = None
    esquemas: int = 0

    def nuevo_esquema(self) -> str:
        nombre = f"p_{uuid.uuid4().hex[:12]}"
        self.conexion.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(nombre)))
        self.esquemas += 1
        return nombre

    def cerrar(self) -> None:
        self.conexion.close()
        try:
            with psycopg.connect(self.url_admin, autocommit=True, connect_timeout=5) as admin:
                # FORCE: a test that forgot to close its pool must not keep the database alive.
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(self.nombre)
                    )
                )
        finally:
            if self.cluster is not None:
                self.cluster.eliminar()


@dataclass
class Sesion:
    """What the session started (or why it could not), and how long it took."""

    postgres: BaseDeSesion | None = None
    s3: SeaweedFS | None = None
    fallos: dict[str, str] = field(default_factory=dict)
    carpeta_s3: Path | None = None
    segundos: dict[str, float] = field(default_factory=dict)


_sesion = Sesion()


def _con_url_bd(url: str, bd: str) -> str:
    """The `postgresql://` URL `url` pointing at database `bd` instead."""
    return urlparse(url)._replace(path=f"/{bd}").geturl()


def _abrir_base_de_sesion() -> BaseDeSesion:
    cluster: ClusterPostgres | None = None
    url_admin = os.environ.get("SECRETARIA_TEST_POSTGRES")
    if url_admin:
        motivo = responde_postgres(url_admin)
        if motivo:
            raise ServidorNoInicia(f"SECRETARIA_TEST_POSTGRES no responde: {motivo}")
    elif responde_postgres(POSTGRES_LOCAL) is None:
        url_admin = POSTGRES_LOCAL
    else:
        cluster = ClusterPostgres()
        try:
            cluster.crear().iniciar()
        except BaseException:
            cluster.eliminar()
            raise
        url_admin = cluster.url
    nombre = f"secretaria_prueba_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        with psycopg.connect(url_admin, autocommit=True, connect_timeout=5) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nombre)))
        url = _con_url_bd(url_admin, nombre)
        conexion = psycopg.connect(url, autocommit=True, connect_timeout=5)
    except BaseException:
        if cluster is not None:
            cluster.eliminar()
        raise
    return BaseDeSesion(
        url_admin=url_admin, nombre=nombre, url=url, conexion=conexion, cluster=cluster
    )


def postgres_de_sesion(request: pytest.FixtureRequest) -> BaseDeSesion:
    if "postgres" not in _sesion.fallos and _sesion.postgres is None:
        inicio = time.monotonic()
        try:
            _sesion.postgres = _abrir_base_de_sesion()
        except (ServidorNoInicia, psycopg.Error, OSError) as exc:
            _sesion.fallos["postgres"] = f"PostgreSQL no disponible: {exc}"
        else:
            request.config.add_cleanup(_sesion.postgres.cerrar)
        _sesion.segundos["postgres"] = time.monotonic() - inicio
    if _sesion.postgres is None:
        no_disponible(_sesion.fallos["postgres"])
    assert _sesion.postgres is not None
    return _sesion.postgres


def _cerrar_s3() -> None:
    servidor, _sesion.s3 = _sesion.s3, None
    if servidor is not None:
        inicio = time.monotonic()
        servidor.detener()
        _sesion.segundos["s3_detener"] = time.monotonic() - inicio
    if _sesion.carpeta_s3 is not None:
        shutil.rmtree(_sesion.carpeta_s3, ignore_errors=True)


def s3_de_sesion(request: pytest.FixtureRequest) -> SeaweedFS:
    if "s3" not in _sesion.fallos and _sesion.s3 is None:
        _sesion.carpeta_s3 = Path(tempfile.mkdtemp(prefix="secretaria-s3-"))
        request.config.add_cleanup(_cerrar_s3)
        try:
            _sesion.s3 = SeaweedFS(_sesion.carpeta_s3).iniciar()
            _sesion.segundos["s3"] = _sesion.s3.segundos_inicio
        except (ServidorNoInicia, OSError) as exc:
            _sesion.fallos["s3"] = f"S3 (SeaweedFS) no disponible: {exc}"
    if _sesion.s3 is None:
        no_disponible(_sesion.fallos["s3"])
    assert _sesion.s3 is not None
    return _sesion.s3


def nuevo_bucket() -> str:
    return f"p-{uuid.uuid4().hex[:16]}"


def ajustes_s3(servidor: SeaweedFS, bucket: str | None = None) -> dict[str, Any]:
    return {
        "s3_endpoint": servidor.endpoint,
        "s3_access_key": ACCESS_KEY,
        "s3_secret_key": SECRET_KEY,
        "s3_bucket": bucket or nuevo_bucket(),
    }


def ajustes_produccion(request: pytest.FixtureRequest, carpeta: Path) -> Ajustes:
    """Settings of one test on the production backends: its own schema and its own bucket."""
    base = postgres_de_sesion(request)
    servidor = s3_de_sesion(request)
    return ajustes_embebidos(carpeta).model_copy(
        update={
            "bd_url": base.url,
            "bd_esquema": base.nuevo_esquema(),
            # Small pools: a test opens a few containers, the server has ~100 connections.
            "bd_pool": 2,
            **ajustes_s3(servidor),
        }
    )


def resumen() -> str:
    """One line on what the session started and what it cost (for reports)."""
    partes = [f"{k}={v:.2f}s" for k, v in sorted(_sesion.segundos.items())]
    if _sesion.postgres is not None:
        partes.append(f"esquemas={_sesion.postgres.esquemas}")
    partes.extend(f"{k}: {v}" for k, v in _sesion.fallos.items())
    return ", ".join(partes)
