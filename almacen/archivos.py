"""The file-store contract: content-addressed blobs, written once, read as streams."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

TROZO = 1024 * 1024


def clave_para(sha256: str) -> str:
    """Content address of a blob: `sha256/ab/cd/<hex>`."""
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def huella(datos: bytes) -> str:
    return hashlib.sha256(datos).hexdigest()


@dataclass(frozen=True)
class ArchivoGuardado:
    clave: str
    sha256: str
    bytes: int


class AlmacenArchivos(Protocol):
    """What secretaria needs from an object store. Adapters: `carpeta`, `s3`."""

    def guardar(self, datos: bytes, tipo_contenido: str = "application/pdf") -> ArchivoGuardado:
        """Store `datos` under its content address (idempotent) and return where it lives."""

    def leer(self, clave: str) -> bytes:
        """Whole content of a blob; raises `ArchivoNoEncontrado`."""

    def abrir(self, clave: str) -> Iterator[bytes]:
        """Stream a blob in chunks; raises `ArchivoNoEncontrado` before the first chunk."""

    def existe(self, clave: str) -> bool: ...

    def sha256_de(self, clave: str) -> str:
        """Recompute the sha256 of the stored bytes (for audits); raises `ArchivoNoEncontrado`."""

    def comprobar(self) -> None:
        """Raise `AlmacenNoDisponible` when the store cannot be reached."""


def sha256_de_trozos(trozos: Iterator[bytes]) -> str:
    h = hashlib.sha256()
    for trozo in trozos:
        h.update(trozo)
    return h.hexdigest()
