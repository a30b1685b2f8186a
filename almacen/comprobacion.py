"""Does a stored blob still hold the bytes its event recorded? One check, for audits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from almacen.archivos import AlmacenArchivos
from almacen.errores import ArchivoNoEncontrado, ErrorAlmacen

Motivo = Literal["falta", "difiere", "inaccesible"]


@dataclass(frozen=True)
class ProblemaArchivo:
    clave: str
    motivo: Motivo
    detalle: str
    sha256_encontrado: str | None = None


def comprobar_archivo(almacen: AlmacenArchivos, clave: str, sha256: str) -> ProblemaArchivo | None:
    """None if the blob at `clave` has the sha256 `sha256`, else what is wrong with it.

    The hash is recomputed from the stored bytes: metadata kept next to the blob (an S3 object's
    `sha256`) would be rewritten by whoever rewrote the bytes, so it proves nothing.
    """
    try:
        encontrado = almacen.sha256_de(clave)
    except ArchivoNoEncontrado:
        return ProblemaArchivo(clave, "falta", f"Falta el archivo {clave} en el almacén.")
    except ErrorAlmacen as exc:
        return ProblemaArchivo(
            clave, "inaccesible", f"No se pudo leer el archivo {clave}: {exc.detalle}"
        )
    if encontrado != sha256:
        return ProblemaArchivo(
            clave,
            "difiere",
            f"El archivo {clave} no tiene los bytes registrados "
            f"(sha256 {encontrado[:12]}… en vez de {sha256[:12]}…).",
            encontrado,
        )
    return None
