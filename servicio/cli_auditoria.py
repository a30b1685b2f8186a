"""`secretaria auditar`: the auditor's one command."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from tqdm import tqdm

from proyecciones.sellos import sellar_pendientes
from servicio.auditoria import Informe, comprobar_archivos, comprobar_cadena, comprobar_vistas
from servicio.bootstrap import Contenedor, construir


def _cabeza(texto: str | None) -> tuple[int, str] | None:
    if texto is None:
        return None
    posicion, _, hash_ = texto.partition(":")
    if not posicion.isdigit() or len(hash_) != 64:
        raise typer.BadParameter("use POSICION:HASH, p. ej. 1234:9f86d0…(64 hex)")
    return int(posicion), hash_.lower()


def auditar(
    cabeza: Annotated[
        str | None,
        typer.Option(help="Cabeza publicada antes en /portal/sello, como POSICION:HASH"),
    ] = None,
    como_json: Annotated[bool, typer.Option("--json", help="Informe en JSON")] = False,
    sin_archivos: Annotated[bool, typer.Option(help="No comprobar los archivos")] = False,
    sin_vistas: Annotated[bool, typer.Option(help="No reconstruir las vistas")] = False,
    sellar: Annotated[bool, typer.Option(help="Sellar antes los eventos aún no sellados")] = True,
) -> None:
    """Recompute the chain, check every file, rebuild every view; exit 0 only if all hold."""
    externa = _cabeza(cabeza)
    contenedor = construir()
    try:
        informe = ejecutar_auditoria(
            contenedor,
            externa,
            archivos=not sin_archivos,
            vistas=not sin_vistas,
            sellar=sellar,
            barra=not como_json and sys.stderr.isatty(),
        )
    finally:
        contenedor.cerrar()
    if como_json:
        typer.echo(json.dumps(informe.como_dict(), ensure_ascii=False, indent=2))
    else:
        _imprimir(informe)
    raise typer.Exit(0 if informe.correcto else 1)


def ejecutar_auditoria(
    contenedor: Contenedor,
    cabeza: tuple[int, str] | None = None,
    *,
    archivos: bool = True,
    vistas: bool = True,
    sellar: bool = True,
    barra: bool = False,
) -> Informe:
    informe = Informe()
    app = contenedor.app
    if sellar:
        sellar_pendientes(app, contenedor.sellos)
    total = app.posicion_actual()
    with tqdm(total=total, desc="cadena", unit="ev", disable=not barra) as progreso:
        comprobar_cadena(app.recorder, contenedor.sellos.sellos(), cabeza, informe, progreso.update)
    if archivos:
        with tqdm(total=total, desc="archivos", unit="ev", disable=not barra) as progreso:
            comprobar_archivos(app, contenedor.almacen, informe, progreso.update)
    if vistas:
        comprobar_vistas(contenedor.comparadores_vistas(), informe)
    return informe


def _imprimir(informe: Informe) -> None:
    cabeza = informe.cabeza or {}
    typer.echo(f"Eventos revisados: {informe.eventos}")
    typer.echo(f"Archivos revisados: {informe.archivos}")
    typer.echo(f"Vistas reconstruidas: {informe.vistas}")
    typer.echo(f"Cabeza de la cadena: posición {cabeza.get('posicion')} hash {cabeza.get('hash')}")
    if informe.correcto:
        typer.echo("CONFORME: la cadena, los archivos y las vistas concuerdan.")
        return
    typer.echo(f"NO CONFORME: {len(informe.hallazgos)} hallazgo(s):")
    for h in informe.hallazgos:
        typer.echo(f"  [{h.comprobacion}] {h.detalle}")
