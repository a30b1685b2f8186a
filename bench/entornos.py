"""The two deployments a benchmark runs on: embedded (SQLite + folder) and PostgreSQL + S3."""

from __future__ import annotations

import contextlib
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
from psycopg import sql

from servicio.ajustes import Ajustes
from tests.soporte.servidores import ACCESS_KEY, SECRET_KEY, SeaweedFS

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


@contextlib.contextmanager
def embebido() -> Iterator[Ajustes]:
    with tempfile.TemporaryDirectory(prefix="bench-") as carpeta:
        yield Ajustes(datos=Path(carpeta), proyecciones_en_proceso=False)


@contextlib.contextmanager
def produccion() -> Iterator[Ajustes]:
    """A throwaway database on the local PostgreSQL and a SeaweedFS started here."""
    nombre = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nombre)))
    try:
        with tempfile.TemporaryDirectory(prefix="bench-s3-") as carpeta:
            s3 = SeaweedFS(Path(carpeta)).iniciar()
            try:
                yield Ajustes(
                    datos=Path(carpeta) / "datos",
                    bd_url=f"postgresql://postgres@127.0.0.1:5432/{nombre}",
                    bd_pool=10,
                    s3_endpoint=s3.endpoint,
                    s3_access_key=ACCESS_KEY,
                    s3_secret_key=SECRET_KEY,
                    s3_bucket="bench",
                    proyecciones_en_proceso=False,
                )
            finally:
                s3.detener()
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nombre))
            )


ENTORNOS = {"embebido": embebido, "produccion": produccion}
