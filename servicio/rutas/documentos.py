"""Staff API for documents: register, transitions, files, history, time travel."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile, status
from fastapi.responses import StreamingResponse

from dominio.documentos import validar_sesion
from dominio.errores import DatoInvalido, NoEncontrado
from dominio.tipos import Cargo, Rol, TipoDocumento, TipoSesion
from servicio import representacion
from servicio.autenticacion import LECTORES, Sesion, requiere
from servicio.bootstrap import Contenedor
from servicio.dependencias import contenedor, leer_subida
from servicio.esquemas import (
    Aprobacion,
    CopiaCreadaOut,
    Derogacion,
    DocumentoOut,
    HistorialOut,
    Publicacion,
    Rectificacion,
    SolicitudCopia,
)
from servicio.problemas import Problema

router = APIRouter(prefix="/v1/documentos", tags=["documentos"])

Lector = Annotated[Sesion, Depends(requiere(*LECTORES))]
Registrador = Annotated[Sesion, Depends(requiere(Rol.REGISTRADOR))]
Secretario = Annotated[Sesion, Depends(requiere(Rol.SECRETARIO))]
Fedatario = Annotated[Sesion, Depends(requiere(Rol.FEDATARIO))]
Cont = Annotated[Contenedor, Depends(contenedor)]

ERRORES = {
    401: {"description": "Falta el token o no es válido"},
    403: {"description": "El rol no permite la operación"},
    404: {"description": "Documento inexistente"},
    409: {"description": "Transición no permitida o conflicto de concurrencia"},
    413: {"description": "Archivo demasiado grande"},
    422: {"description": "Datos o PDF inválidos"},
}


def _lista(texto: str | None) -> list[str]:
    if not texto:
        return []
    return [p.strip() for p in texto.replace("\n", ",").split(",") if p.strip()]


def _pdf(c: Contenedor, archivo: UploadFile) -> dict:
    return c.comandos.ingresar_pdf(leer_subida(archivo, c.ajustes.max_archivo_bytes))


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=DocumentoOut, responses=ERRORES
)
def registrar(
    c: Cont,
    sesion: Registrador,
    tipo: Annotated[TipoDocumento, Form()],
    titulo: Annotated[str, Form(min_length=1, max_length=500)],
    archivo: Annotated[UploadFile, File(description="PDF del documento")],
    resumen: Annotated[str, Form(max_length=5000)] = "",
    organo_emisor: Annotated[str | None, Form(max_length=300)] = None,
    fecha_documento: Annotated[date | None, Form()] = None,
    etiquetas: Annotated[str | None, Form(description="Separadas por comas")] = None,
    sesion_tipo: Annotated[TipoSesion | None, Form(description="Solo actas")] = None,
    sesion_fecha: Annotated[date | None, Form(description="Solo actas")] = None,
    asistentes: Annotated[str | None, Form(description="Solo actas; separados por comas")] = None,
    acuerdos: Annotated[str | None, Form(description="Solo actas; uno por línea")] = None,
) -> dict:
    datos_sesion = None
    if tipo == TipoDocumento.ACTA_SESION:
        datos_sesion = validar_sesion(
            {
                "tipo": sesion_tipo.value if sesion_tipo else None,
                "fecha": sesion_fecha.isoformat() if sesion_fecha else None,
                "asistentes": _lista(asistentes),
                "acuerdos": [a.strip() for a in (acuerdos or "").splitlines() if a.strip()],
            }
        )
    elif sesion_tipo or sesion_fecha or asistentes or acuerdos:
        raise DatoInvalido("Solo un acta de sesión lleva datos de sesión.")
    if not titulo.strip():
        raise DatoInvalido("Falta el título del documento.")
    info = _pdf(c, archivo)
    doc, posicion = c.app.registrar_documento(
        tipo=tipo,
        titulo=titulo,
        resumen=resumen,
        organo_emisor=organo_emisor,
        fecha_documento=fecha_documento,
        etiquetas=_lista(etiquetas),
        archivo=info,
        actor=sesion.actor,
        sesion=datos_sesion,
    )
    return representacion.documento(doc, posicion)


@router.get("/{documento_id}", response_model=DocumentoOut, responses=ERRORES)
def ver(
    c: Cont,
    _: Lector,
    documento_id: UUID,
    version: Annotated[int | None, Query(ge=1, description="Estado en esa versión")] = None,
    en: Annotated[
        datetime | None, Query(description="Estado en esa fecha y hora (ISO 8601)")
    ] = None,
) -> dict:
    if version is not None and en is not None:
        raise DatoInvalido("Indique 'version' o 'en', no ambos.")
    if en is not None and en.tzinfo is None:
        raise DatoInvalido("La fecha 'en' debe indicar la zona horaria (p. ej. -05:00 o Z).")
    return representacion.documento(c.app.documento_en(documento_id, version=version, en=en))


@router.post("/{documento_id}/versiones", response_model=DocumentoOut, responses=ERRORES)
def nueva_version(
    c: Cont, sesion: Registrador, documento_id: UUID, archivo: Annotated[UploadFile, File()]
) -> dict:
    c.app.documento(documento_id)  # an unknown id answers 404 before the file is stored
    info = _pdf(c, archivo)
    doc, posicion = c.app.nueva_version(documento_id, info, sesion.actor)
    return representacion.documento(doc, posicion)


@router.post("/{documento_id}/aprobacion", response_model=DocumentoOut, responses=ERRORES)
def aprobar(
    c: Cont, sesion: Secretario, documento_id: UUID, cuerpo: Aprobacion | None = None
) -> dict:
    cuerpo = cuerpo or Aprobacion()
    doc, posicion = c.app.aprobar(
        documento_id,
        fecha=cuerpo.fecha or c.comandos.hoy(),
        referencia=cuerpo.referencia,
        observaciones=cuerpo.observaciones,
        actor=sesion.actor,
    )
    return representacion.documento(doc, posicion)


@router.post("/{documento_id}/firmas", response_model=DocumentoOut, responses=ERRORES)
def firmar(
    c: Cont,
    sesion: Secretario,
    documento_id: UUID,
    firmante: Annotated[str, Form(min_length=1, max_length=300)],
    cargo: Annotated[Cargo, Form()],
    fecha: Annotated[date | None, Form()] = None,
    archivo: Annotated[UploadFile | None, File(description="PDF firmado (opcional)")] = None,
) -> dict:
    c.app.documento(documento_id)  # an unknown id answers 404 before the file is stored
    info = _pdf(c, archivo) if archivo is not None else None
    doc, posicion = c.app.firmar(
        documento_id,
        firmante=firmante,
        cargo=cargo.value,
        fecha=fecha or c.comandos.hoy(),
        archivo=info,
        actor=sesion.actor,
    )
    return representacion.documento(doc, posicion)


@router.post("/{documento_id}/publicacion", response_model=DocumentoOut, responses=ERRORES)
def publicar(c: Cont, sesion: Secretario, documento_id: UUID, cuerpo: Publicacion) -> dict:
    doc, posicion = c.app.publicar(
        documento_id,
        medio=cuerpo.medio.value,
        fecha=cuerpo.fecha or c.comandos.hoy(),
        referencia=cuerpo.referencia,
        actor=sesion.actor,
    )
    return representacion.documento(doc, posicion)


@router.post("/{documento_id}/derogacion", response_model=DocumentoOut, responses=ERRORES)
def derogar(c: Cont, sesion: Secretario, documento_id: UUID, cuerpo: Derogacion) -> dict:
    doc, posicion = c.app.derogar(
        documento_id,
        motivo=cuerpo.motivo,
        referencia=cuerpo.referencia,
        fecha=cuerpo.fecha or c.comandos.hoy(),
        actor=sesion.actor,
    )
    return representacion.documento(doc, posicion)


@router.post("/{documento_id}/rectificacion", response_model=DocumentoOut, responses=ERRORES)
def rectificar(c: Cont, sesion: Secretario, documento_id: UUID, cuerpo: Rectificacion) -> dict:
    doc, posicion = c.app.rectificar(
        documento_id,
        fe_de_erratas=cuerpo.fe_de_erratas,
        referencia=cuerpo.referencia,
        fecha=cuerpo.fecha or c.comandos.hoy(),
        actor=sesion.actor,
    )
    return representacion.documento(doc, posicion)


@router.post(
    "/{documento_id}/copias-certificadas",
    status_code=status.HTTP_201_CREATED,
    response_model=CopiaCreadaOut,
    responses=ERRORES,
)
def certificar(
    c: Cont, sesion: Fedatario, documento_id: UUID, cuerpo: SolicitudCopia | None = None
) -> dict:
    cuerpo = cuerpo or SolicitudCopia()
    if cuerpo.fedatario_id is not None and cuerpo.fedatario_id != sesion.fedatario_id:
        raise Problema(403, "sin_permiso", "Un fedatario solo certifica en su propio nombre.")
    assert sesion.fedatario_id is not None
    emitida = c.comandos.certificar_copia(
        documento_id,
        fedatario_id=sesion.fedatario_id,
        folios=cuerpo.folios,
        solicitante=cuerpo.solicitante,
        motivo=cuerpo.motivo,
        actor=sesion.actor,
    )
    return representacion.copia_creada(documento_id, emitida.copia, emitida.posicion)


def descarga(c: Contenedor, archivo: dict, nombre: str) -> StreamingResponse:
    trozos = c.almacen.abrir(archivo["clave"])
    return StreamingResponse(
        trozos,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{nombre}.pdf"',
            "Content-Length": str(archivo["bytes"]),
            "ETag": f'"{archivo["sha256"]}"',
        },
    )


PDF = {200: {"content": {"application/pdf": {}}, "description": "El PDF"}, **ERRORES}


@router.get("/{documento_id}/archivo", response_class=StreamingResponse, responses=PDF)
def archivo(
    c: Cont,
    _: Lector,
    documento_id: UUID,
    version: Annotated[
        int | None, Query(ge=1, description="Versión del archivo (1 = la primera)")
    ] = None,
) -> StreamingResponse:
    doc = c.app.documento(documento_id)
    if version is None:
        elegido = doc.archivo_vigente
    elif version <= len(doc.versiones):
        elegido = doc.versiones[version - 1]
    else:
        raise NoEncontrado(f"El documento no tiene la versión de archivo {version}.")
    return descarga(c, elegido, f"documento-{documento_id}")


@router.get(
    "/{documento_id}/copias-certificadas/{codigo}/archivo",
    response_class=StreamingResponse,
    responses=PDF,
)
def archivo_copia(c: Cont, _: Lector, documento_id: UUID, codigo: str) -> StreamingResponse:
    doc = c.app.documento(documento_id)
    for copia in doc.copias_certificadas:
        if copia["codigo_verificacion"] == codigo.upper():
            return descarga(c, copia["archivo"], f"copia-certificada-{codigo}")
    raise NoEncontrado(f"El documento no tiene una copia certificada con el código {codigo}.")


@router.get("/{documento_id}/historial", response_model=HistorialOut, responses=ERRORES)
def historial(
    c: Cont,
    _: Annotated[Sesion, Depends(requiere(Rol.AUDITOR, Rol.SECRETARIO))],
    documento_id: UUID,
) -> dict:
    c.app.documento(documento_id)
    items = [representacion.evento(e) for e in c.app.historial(documento_id)]
    return {"id": documento_id, "items": items, "total": len(items)}
