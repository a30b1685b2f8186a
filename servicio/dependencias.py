"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

from fastapi import Request, UploadFile

from servicio.bootstrap import Contenedor
from servicio.problemas import Problema


def contenedor(request: Request) -> Contenedor:
    return request.app.state.contenedor


def leer_subida(archivo: UploadFile, max_bytes: int) -> bytes:
    """Read an uploaded file, refusing it as soon as it passes the size limit."""
    partes: list[bytes] = []
    total = 0
    while trozo := archivo.file.read(1024 * 1024):
        total += len(trozo)
        if total > max_bytes:
            raise Problema(
                413,
                "archivo_demasiado_grande",
                f"El archivo supera el máximo permitido de {max_bytes} bytes.",
            )
        partes.append(trozo)
    return b"".join(partes)
