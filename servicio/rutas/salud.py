"""Liveness and readiness: database, object store, projections."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from almacen.errores import ErrorAlmacen
from servicio.bootstrap import Contenedor
from servicio.dependencias import contenedor
from servicio.esquemas import SaludOut

router = APIRouter(tags=["salud"])


@router.get("/salud", response_model=SaludOut, responses={503: {"model": SaludOut}})
def salud(c: Annotated[Contenedor, Depends(contenedor)]) -> JSONResponse:
    cuerpo: dict = {"estado": "ok", "posicion": 0, "base_datos": "ok", "almacen": "ok"}
    try:
        cuerpo["posicion"] = c.app.posicion_actual()
    except Exception:
        cuerpo["base_datos"] = "no disponible"
    try:
        c.almacen.comprobar()
    except ErrorAlmacen:
        cuerpo["almacen"] = "no disponible"
    if cuerpo["base_datos"] == "ok":
        try:
            cuerpo["proyecciones"] = c.estado_proyecciones()
        except Exception:  # the views live in the database too
            cuerpo["base_datos"] = "no disponible"
    sano = cuerpo["base_datos"] == "ok" and cuerpo["almacen"] == "ok"
    cuerpo["estado"] = "ok" if sano else "degradado"
    return JSONResponse(cuerpo, status_code=200 if sano else 503)
