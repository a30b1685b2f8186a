"""A bounded load run on loopback against the real server: concurrent registrations and
searches (staff register with read-your-writes, and the public portal). It reports throughput and
p50/p95/p99 latency, and fails on any error; it never judges the timings (machines differ).

Select with `-m lento`; it runs in `make test` too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.carga import ejecutar
from servicio.ajustes import Ajustes
from servicio.autenticacion import huella_token, nuevo_token
from servicio.bootstrap import construir
from tests.soporte.servidor_real import ServidorReal

pytestmark = pytest.mark.lento

REGISTROS = 100
BUSQUEDAS = 200
HILOS = 8


def _tokens(ajustes: Ajustes) -> dict[str, str]:
    contenedor = construir(ajustes)
    try:
        tokens = {}
        for rol in ("registrador", "auditor"):
            tokens[rol] = nuevo_token()
            contenedor.app.crear_usuario(
                huella_token(tokens[rol]), f"usuario-{rol}", rol, None, "prueba"
            )
        return tokens
    finally:
        contenedor.cerrar()


def test_carga_concurrente_sin_errores(ajustes: Ajustes, tmp_path: Path, backend: str):
    tokens = _tokens(ajustes)
    servidor = ServidorReal(ajustes, tmp_path / "servidor.log").iniciar()
    try:
        informe = ejecutar(
            servidor.url, tokens, registros=REGISTROS, busquedas=BUSQUEDAS, hilos=HILOS
        )
    finally:
        servidor.detener()
    print(f"\ncarga ({backend}, {HILOS} hilos): {informe.resumen()}")
    assert not informe.errores, informe.errores[:10]
    assert len(informe.latencias["registro"]) == REGISTROS
    assert len(informe.latencias["busqueda"]) == BUSQUEDAS
