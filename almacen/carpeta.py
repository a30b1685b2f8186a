"""Local-folder adapter of the file store: the embedded default."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from almacen.archivos import TROZO, ArchivoGuardado, clave_para, huella, sha256_de_trozos
from almacen.errores import AlmacenNoDisponible, ArchivoNoEncontrado


class AlmacenCarpeta:
    def __init__(self, raiz: Path) -> None:
        self.raiz = Path(raiz)
        self.raiz.mkdir(parents=True, exist_ok=True)

    def _ruta(self, clave: str) -> Path:
        ruta = (self.raiz / clave).resolve()
        if self.raiz.resolve() not in ruta.parents:
            raise ArchivoNoEncontrado("Clave de archivo inválida.")
        return ruta

    def guardar(self, datos: bytes, tipo_contenido: str = "application/pdf") -> ArchivoGuardado:
        sha = huella(datos)
        clave = clave_para(sha)
        ruta = self._ruta(clave)
        if not ruta.exists():
            ruta.parent.mkdir(parents=True, exist_ok=True)
            # Write to a temporary file and rename: a reader never sees half a blob, and the
            # bytes are on disk before any event can reference them.
            fd, temporal = tempfile.mkstemp(dir=ruta.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(datos)
                    f.flush()
                    os.fsync(f.fileno())
                os.chmod(temporal, 0o444)
                os.replace(temporal, ruta)
            except BaseException:
                Path(temporal).unlink(missing_ok=True)
                raise
        return ArchivoGuardado(clave=clave, sha256=sha, bytes=len(datos))

    def leer(self, clave: str) -> bytes:
        try:
            return self._ruta(clave).read_bytes()
        except FileNotFoundError as exc:
            raise ArchivoNoEncontrado(f"No existe el archivo {clave}.") from exc

    def abrir(self, clave: str) -> Iterator[bytes]:
        try:
            f = self._ruta(clave).open("rb")
        except FileNotFoundError as exc:
            raise ArchivoNoEncontrado(f"No existe el archivo {clave}.") from exc
        return _trozos(f)

    def existe(self, clave: str) -> bool:
        return self._ruta(clave).is_file()

    def sha256_de(self, clave: str) -> str:
        return sha256_de_trozos(self.abrir(clave))

    def comprobar(self) -> None:
        if not os.access(self.raiz, os.W_OK):
            raise AlmacenNoDisponible(f"No se puede escribir en la carpeta {self.raiz}.")


def _trozos(f) -> Iterator[bytes]:  # type: ignore[no-untyped-def]
    with f:
        while trozo := f.read(TROZO):
            yield trozo
