"""Public check of a certified copy by its verification code."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, UploadFile

from almacen.archivos import huella
from dominio.errores import NoEncontrado
from servicio.bootstrap import Contenedor
from servicio.dependencias import contenedor, leer_subida
from servicio.esquemas import VerificacionArchivoOut, VerificacionOut
from servicio.rutas.portal import publico

router = APIRouter(prefix="/portal", tags=["portal"])


@router.get(
    "/verificacion/{codigo}",
    response_model=VerificacionOut,
    responses={404: {"description": "Código inexistente"}},
)
def verificar(c: Annotated[Contenedor, Depends(contenedor)], codigo: str) -> dict:
    return _verificacion(c, codigo)


@router.post("/verificacion", response_model=VerificacionArchivoOut)
def verificar_archivo(
    c: Annotated[Contenedor, Depends(contenedor)],
    archivo: Annotated[UploadFile, File(description="PDF a verificar")],
) -> dict:
    """Is this PDF, byte for byte, a certified copy issued here or a published original?"""
    sha256 = huella(leer_subida(archivo, c.ajustes.max_archivo_bytes))
    codigo = c.app.codigo_de_copia(sha256)
    if codigo is not None:
        return {
            "valido": True,
            "sha256": sha256,
            "clase": "COPIA_CERTIFICADA",
            "copia": _verificacion(c, codigo),
            "documento": None,
        }
    publicado = c.original_publicado(sha256)
    if publicado is not None:
        return {
            "valido": True,
            "sha256": sha256,
            "clase": "ORIGINAL_PUBLICADO",
            "copia": None,
            "documento": publico(publicado),
        }
    return {"valido": False, "sha256": sha256, "clase": None, "copia": None, "documento": None}


def _verificacion(c: Contenedor, codigo: str) -> dict:
    indice = c.app.verificacion(codigo)
    doc = c.app.documento(indice.documento_id)
    copia = next(
        (x for x in doc.copias_certificadas if x["codigo_verificacion"] == indice.codigo), None
    )
    if copia is None:  # the index and its document are saved together; this is corruption
        raise NoEncontrado(f"No existe una copia certificada con el código {codigo}.")
    # Only what the certification page itself prints: never the requester's data.
    return {
        "valido": True,
        "codigo_verificacion": indice.codigo,
        "sha256": indice.sha256,
        "documento": {"id": doc.id, "tipo": doc.tipo, "codigo": doc.codigo, "titulo": doc.titulo},
        "fecha": copia["fecha"],
        "fedatario": copia["fedatario"],
        "folios": copia["folios"],
    }
