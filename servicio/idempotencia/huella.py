"""Fingerprint of a request, for telling a retry from a different request under the same key.

It covers the method, the path, the query and the *meaning* of the body, not its bytes: a client
that retries a multipart upload sends a new random boundary, and JSON may be re-serialised with
other spacing or key order. Form fields count by name and value, files by the sha256 of their
content (not their file name).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, BinaryIO

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

TROZO = 1024 * 1024


def _sha256_archivo(archivo: BinaryIO) -> str:
    suma = hashlib.sha256()
    archivo.seek(0)
    while trozo := archivo.read(TROZO):
        suma.update(trozo)
    archivo.seek(0)  # the route reads the upload afterwards
    return suma.hexdigest()


async def _cuerpo_canonico(request: Request) -> Any:
    tipo = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if tipo in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        formulario = await request.form()  # already parsed (and cached) by the route
        campos: list[list[str]] = []
        for nombre, valor in formulario.multi_items():
            if isinstance(valor, UploadFile):
                suma = await run_in_threadpool(_sha256_archivo, valor.file)
                campos.append([nombre, "archivo", suma])
            else:
                campos.append([nombre, "texto", str(valor)])
        return sorted(campos)
    crudo = await request.body()
    if not crudo:
        return None
    try:
        return {"json": json.loads(crudo)}
    except ValueError:
        return {"sha256": hashlib.sha256(crudo).hexdigest()}


async def huella_solicitud(request: Request) -> str:
    canonico = {
        "metodo": request.method,
        "ruta": request.url.path,
        "consulta": sorted(request.query_params.multi_items()),
        "cuerpo": await _cuerpo_canonico(request),
    }
    texto = json.dumps(canonico, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(texto.encode()).hexdigest()
