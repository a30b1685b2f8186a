"""`make bench` / `python -m bench [--rapido] [--entorno embebido|produccion]`."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import time
from collections.abc import Iterator
from pathlib import Path

from bench import mediciones as m
from bench.entornos import ENTORNOS

RESULTADOS = Path("bench/resultados")


def maquina() -> str:
    modelo = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for linea in cpuinfo.read_text().splitlines():
            if linea.startswith("model name"):
                modelo = linea.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPU ({modelo}), Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmarks de secretaria")
    parser.add_argument("--rapido", action="store_true", help="tamaños pequeños")
    parser.add_argument("--entorno", choices=list(ENTORNOS), action="append")
    parser.add_argument(
        "--perfilar",
        action="store_true",
        help="perfil de cada grupo con pyinstrument (HTML en bench/resultados/)",
    )
    args = parser.parse_args()
    r = args.rapido
    resultados: dict[str, list[dict]] = {}
    print(f"Máquina: {maquina()}")
    for nombre in args.entorno or list(ENTORNOS):
        filas: list[dict] = []
        grupos = [
            lambda a: (
                m.registro_http(a, 40 if r else 200)
                + m.ciclo_http(a, 12 if r else 60)
                + m.puesta_al_dia(a, 5_000 if r else 100_000)
            ),
            lambda a: m.busqueda(a, [1_000, 5_000] if r else [1_000, 10_000, 100_000], 5),
            lambda a: m.carga_agregado(a, [10, 100, 1_000]),
        ]
        for numero, grupo in enumerate(grupos, 1):
            with ENTORNOS[nombre]() as ajustes, perfil(args.perfilar, f"{nombre}-{numero}"):
                nuevas = grupo(ajustes)
            imprimir(nombre, nuevas)
            filas += nuevas
        resultados[nombre] = filas
    filas_pdf = m.ingreso_pdf(3 if r else 10)
    resultados["pdf"] = filas_pdf
    imprimir("pdf", filas_pdf)
    RESULTADOS.mkdir(parents=True, exist_ok=True)
    archivo = RESULTADOS / f"{time.strftime('%Y%m%d-%H%M%S')}.json"
    archivo.write_text(
        json.dumps(
            {"maquina": maquina(), "rapido": r, "resultados": resultados},
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"\nJSON: {archivo}")


@contextlib.contextmanager
def perfil(activo: bool, nombre: str) -> Iterator[None]:
    """Profile the block with pyinstrument (this thread) and save it as HTML."""
    if not activo:
        yield
        return
    from pyinstrument import Profiler

    perfilador = Profiler()
    with perfilador:
        yield
    RESULTADOS.mkdir(parents=True, exist_ok=True)
    archivo = RESULTADOS / f"perfil-{nombre}-{time.strftime('%Y%m%d-%H%M%S')}.html"
    archivo.write_text(perfilador.output_html())
    print(f"perfil: {archivo}")


def imprimir(titulo: str, filas: list[dict]) -> None:
    print(f"\n== {titulo}")
    print(f"{'medida':<48} {'nuestro':<34} {'crudo':<36} {'razón':>6}  meta")
    for f in filas:
        razon = f"{f['razon']:.2f}" if f["razon"] is not None else "-"
        print(f"{f['medida']:<48} {f['nuestro']:<34} {f['crudo']:<36} {razon:>6}  {f['meta']}")


if __name__ == "__main__":
    main()
