"""The `secretaria` command line (typer)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer

from dominio.errores import ErrorDominio
from dominio.tipos import Rol
from servicio.autenticacion import huella_token, nuevo_token
from servicio.bootstrap import construir
from servicio.cli_auditoria import auditar

cli = typer.Typer(
    help="secretaria: registro de actos oficiales de la Secretaría General.", no_args_is_help=True
)
usuarios = typer.Typer(help="Usuarios del personal y sus tokens.", no_args_is_help=True)
cli.add_typer(usuarios, name="usuarios")
cli.command()(auditar)


@cli.command()
def servir(
    host: Annotated[str, typer.Option(help="Dirección de escucha")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Puerto")] = 8000,
    workers: Annotated[int, typer.Option(help="Procesos de uvicorn")] = 1,
) -> None:
    """Serve the HTTP API (and, by default, run the projections in the same process)."""
    import uvicorn

    if workers > 1:
        uvicorn.run("servicio.principal:api", host=host, port=port, workers=workers, factory=True)
    else:
        from servicio.api import crear_api

        uvicorn.run(crear_api(construir()), host=host, port=port)


@usuarios.command("crear")
def crear_usuario(
    nombre: Annotated[str, typer.Argument(help="Nombre del usuario")],
    rol: Annotated[Rol, typer.Option(help="Rol del usuario")],
    fedatario: Annotated[
        str | None, typer.Option(help="Id del fedatario (solo rol fedatario)")
    ] = None,
) -> None:
    """Create a user and print its token (shown once) as the last line."""
    contenedor = construir()
    token = nuevo_token()
    try:
        fedatario_id = UUID(fedatario) if fedatario else None
    except ValueError:
        typer.echo("Error: el id de fedatario no es válido.", err=True)
        raise typer.Exit(2) from None
    try:
        usuario = contenedor.app.crear_usuario(
            huella_token=huella_token(token),
            nombre=nombre,
            rol=rol.value,
            fedatario_id=fedatario_id,
            creado_por="cli",
        )
    except ErrorDominio as exc:
        typer.echo(f"Error: {exc.detalle}", err=True)
        raise typer.Exit(2) from None
    finally:
        contenedor.cerrar()
    typer.echo(f"Usuario {usuario.nombre} creado con rol {usuario.rol} (id {usuario.id}).")
    typer.echo("Guarde este token; no se volverá a mostrar:")
    typer.echo(token)


@usuarios.command("listar")
def listar_usuarios() -> None:
    """List users (never their tokens)."""
    contenedor = construir()
    try:
        for u in contenedor.app.usuarios():
            estado = "activo" if u.activo else "desactivado"
            typer.echo(f"{u.id}  {u.rol:<12} {estado:<11} {u.nombre}")
    finally:
        contenedor.cerrar()


@cli.command()
def proyectar(
    intervalo: Annotated[
        float, typer.Option(help="Segundos entre sondeos cuando no hay trabajo")
    ] = 0.2,
) -> None:
    """Run every projection runner, and the reader of file texts, until interrupted (Ctrl-C)."""
    contenedor = construir()
    try:
        typer.echo("Proyectando (Ctrl-C para detener)…")
        contenedor.iniciar_extraccion()  # file texts are read in a thread of their own
        while True:
            if not any(contenedor.proyecciones.ponerse_al_dia().values()):
                time.sleep(intervalo)
    except KeyboardInterrupt:
        pass
    finally:
        contenedor.cerrar()


@cli.command()
def reconstruir(
    vista: Annotated[
        str | None, typer.Argument(help="registro, portal o sellos; todas si se omite")
    ] = None,
) -> None:
    """Drop a view (or every view) and rebuild it from the event log."""
    contenedor = construir()
    try:
        nombres = list(contenedor.proyecciones.todas)
        if vista is not None and vista not in nombres:
            typer.echo(
                f"Error: vista desconocida {vista}; use una de: {', '.join(nombres)}.", err=True
            )
            raise typer.Exit(2)
        for nombre in [vista] if vista else nombres:
            inicio = time.monotonic()
            leidas = contenedor.proyecciones.reconstruir(nombre)
            segundos = time.monotonic() - inicio
            ritmo = leidas / segundos if segundos else 0.0
            typer.echo(f"{nombre}: {leidas} eventos en {segundos:.2f} s ({ritmo:.0f} eventos/s).")
    finally:
        contenedor.cerrar()


@usuarios.command("desactivar")
def desactivar_usuario(
    usuario_id: Annotated[str, typer.Argument(help="Id del usuario (ver `usuarios listar`)")],
) -> None:
    """Deactivate a user: its token stops working at once."""
    contenedor = construir()
    try:
        usuario = next((u for u in contenedor.app.usuarios() if str(u.id) == usuario_id), None)
        if usuario is None:
            typer.echo(f"Error: no existe el usuario {usuario_id}.", err=True)
            raise typer.Exit(2)
        try:
            usuario.desactivar(por="cli")
        except ErrorDominio as exc:
            typer.echo(f"Error: {exc.detalle}", err=True)
            raise typer.Exit(2) from None
        contenedor.app.save(usuario)
    finally:
        contenedor.cerrar()
    typer.echo(f"Usuario {usuario.nombre} desactivado.")


@cli.command()
def importar(
    carpeta: Annotated[
        Path, typer.Argument(help="Carpeta con los PDF", exists=True, file_okay=False)
    ],
    metadatos: Annotated[Path, typer.Argument(help="CSV: archivo,tipo,titulo[,resumen,...]")],
) -> None:
    """Register every PDF of a folder described by a CSV, with a progress bar."""
    from tqdm import tqdm

    from servicio.importacion import importar as importar_filas
    from servicio.importacion import leer_filas

    try:
        filas = leer_filas(metadatos)
    except (OSError, ValueError) as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from None
    contenedor = construir()
    try:
        with tqdm(total=len(filas), unit="doc", disable=not sys.stderr.isatty()) as barra:
            resultado = importar_filas(contenedor, carpeta, filas, barra.update)
    finally:
        contenedor.cerrar()
    for linea, error in resultado.errores:
        typer.echo(f"Línea {linea}: {error}", err=True)
    typer.echo(f"Registrados: {len(resultado.registrados)}; con error: {len(resultado.errores)}.")
    raise typer.Exit(0 if not resultado.errores else 1)


def main() -> None:
    cli()
