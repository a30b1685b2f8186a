"""Bulk registration: a folder of PDFs plus a CSV of their metadata (`secretaria importar`).

CSV columns (header required): archivo, tipo, titulo, and optionally resumen, organo_emisor,
fecha_documento (AAAA-MM-DD), etiquetas (separated by `;`). Each row is registered on its own:
a bad row is reported and skipped, the others go in.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from almacen.errores import ErrorAlmacen
from dominio.errores import ErrorDominio
from dominio.tipos import TipoDocumento
from servicio.bootstrap import Contenedor

ACTOR_IMPORTACION = {"usuario": "importacion", "rol": "registrador"}
COLUMNAS = {"archivo", "tipo", "titulo"}


@dataclass
class ResultadoImportacion:
    registrados: list[str] = field(default_factory=list)
    errores: list[tuple[int, str]] = field(default_factory=list)


def leer_filas(csv_ruta: Path) -> list[dict[str, str]]:
    with csv_ruta.open(newline="", encoding="utf-8-sig") as f:
        lector = csv.DictReader(f)
        faltan = COLUMNAS - set(lector.fieldnames or [])
        if faltan:
            raise ValueError(f"Faltan columnas en el CSV: {', '.join(sorted(faltan))}.")
        return list(lector)


def importar(
    contenedor: Contenedor,
    carpeta: Path,
    filas: list[dict[str, str]],
    avance: Callable[[int], object] | None = None,
) -> ResultadoImportacion:
    resultado = ResultadoImportacion()
    for numero, fila in enumerate(filas, start=2):  # line 1 is the header
        try:
            resultado.registrados.append(_registrar(contenedor, carpeta, fila))
        except (ErrorDominio, ErrorAlmacen) as exc:
            resultado.errores.append((numero, exc.detalle))
        except (ValueError, OSError) as exc:
            resultado.errores.append((numero, str(exc)))
        if avance:
            avance(1)
    return resultado


def _registrar(contenedor: Contenedor, carpeta: Path, fila: dict[str, str]) -> str:
    ruta = (carpeta / fila["archivo"]).resolve()
    if carpeta.resolve() not in ruta.parents:
        raise ValueError(f"El archivo {fila['archivo']} está fuera de la carpeta.")
    try:
        tipo = TipoDocumento(fila["tipo"].strip().upper())
    except ValueError:
        raise ValueError(f"Tipo de documento desconocido: {fila['tipo']}.") from None
    fecha = (fila.get("fecha_documento") or "").strip()
    archivo = contenedor.comandos.ingresar_pdf(ruta.read_bytes())
    doc, _ = contenedor.app.registrar_documento(
        tipo=tipo,
        titulo=fila["titulo"],
        resumen=fila.get("resumen") or "",
        organo_emisor=fila.get("organo_emisor"),
        fecha_documento=date.fromisoformat(fecha) if fecha else None,
        etiquetas=(fila.get("etiquetas") or "").split(";"),
        archivo=archivo,
        actor=ACTOR_IMPORTACION,
    )
    return str(doc.id)
