"""Request bodies and response models of the HTTP API, so that /docs is the truth."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from dominio.tipos import Cargo, Medio


class Cuerpo(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Aprobacion(Cuerpo):
    fecha: date | None = None
    referencia: str | None = Field(default=None, max_length=500)
    observaciones: str | None = Field(default=None, max_length=2000)


class Publicacion(Cuerpo):
    medio: Medio
    fecha: date | None = None
    referencia: str | None = Field(default=None, max_length=500)


class Derogacion(Cuerpo):
    motivo: str = Field(min_length=1, max_length=2000)
    referencia: str | None = Field(default=None, max_length=500)
    fecha: date | None = None


class Rectificacion(Cuerpo):
    fe_de_erratas: str = Field(min_length=1, max_length=5000)
    referencia: str | None = Field(default=None, max_length=500)
    fecha: date | None = None


class SolicitudCopia(Cuerpo):
    fedatario_id: UUID | None = None
    folios: int | None = Field(default=None, ge=1, le=100_000)
    solicitante: str | None = Field(default=None, max_length=300)
    motivo: str | None = Field(default=None, max_length=1000)


class NuevoFedatario(Cuerpo):
    nombre: str = Field(min_length=1, max_length=300)
    dni: str = Field(min_length=8, max_length=8)
    cargo: str = Field(min_length=1, max_length=300)
    resolucion_designacion: str = Field(min_length=1, max_length=300)
    desde: date
    hasta: date | None = None


class Revocacion(Cuerpo):
    motivo: str = Field(min_length=1, max_length=2000)
    fecha: date | None = None


class ArchivoOut(BaseModel):
    sha256: str
    bytes: int
    paginas: int


class FirmaOut(BaseModel):
    firmante: str
    cargo: Cargo | str
    fecha: str
    archivo: ArchivoOut | None = None


class PublicacionOut(BaseModel):
    medio: str
    fecha: str
    referencia: str | None = None


class CopiaOut(BaseModel):
    codigo_verificacion: str
    sha256: str
    paginas: int
    fecha: str
    fedatario: str
    folios: int
    url: str
    solicitante: str | None = None
    motivo: str | None = None


class DocumentoOut(BaseModel):
    id: UUID
    tipo: str
    titulo: str
    resumen: str
    organo_emisor: str
    fecha_documento: str | None
    etiquetas: list[str]
    estado: str
    numero: int | None
    anio: int | None
    codigo: str | None
    version: int
    archivo: ArchivoOut
    versiones: int
    firmantes_requeridos: list[str]
    firmas_pendientes: list[str]
    firmas: list[FirmaOut]
    aprobacion: dict[str, Any] | None
    publicaciones: list[PublicacionOut]
    copias_certificadas: list[CopiaOut]
    rectificaciones: list[dict[str, Any]]
    derogacion: dict[str, Any] | None
    sesion: dict[str, Any] | None = None
    ultimo_actor: dict[str, str]
    creado_en: datetime
    actualizado_en: datetime
    posicion: int | None = None


class CopiaCreadaOut(BaseModel):
    codigo_verificacion: str
    sha256: str
    paginas: int
    url: str
    documento_id: UUID
    posicion: int


class EventoOut(BaseModel):
    version: int
    tipo: str
    ocurrido_en: datetime
    actor: dict[str, str] | None
    datos: dict[str, Any]


class HistorialOut(BaseModel):
    id: UUID
    items: list[EventoOut]
    total: int


class FedatarioOut(BaseModel):
    id: UUID
    nombre: str
    dni: str
    cargo: str
    resolucion_designacion: str
    desde: str
    hasta: str | None
    vigente: bool
    revocacion: dict[str, Any] | None
    posicion: int | None = None


class ListaFedatarios(BaseModel):
    items: list[FedatarioOut]
    total: int


class VerificacionOut(BaseModel):
    valido: bool
    codigo_verificacion: str
    sha256: str
    documento: dict[str, Any]
    fecha: str
    fedatario: str
    folios: int


class VerificacionArchivoOut(BaseModel):
    valido: bool
    sha256: str
    clase: str | None = Field(description="COPIA_CERTIFICADA u ORIGINAL_PUBLICADO")
    copia: VerificacionOut | None
    documento: dict[str, Any] | None


class SaludOut(BaseModel):
    estado: str
    posicion: int
    base_datos: str
    almacen: str
    proyecciones: dict[str, Any] = {}
