"""How aggregates and events are shown over HTTP."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from dominio.documentos import Documento
from dominio.fedatarios import Fedatario

CAMPOS_INTERNOS = {"originator_id", "originator_version", "originator_topic", "timestamp", "actor"}


def _archivo(archivo: dict[str, Any] | None) -> dict[str, Any] | None:
    if not archivo:
        return None
    return {k: archivo[k] for k in ("sha256", "bytes", "paginas")}


def url_copia(documento_id: UUID, codigo: str) -> str:
    return f"/v1/documentos/{documento_id}/copias-certificadas/{codigo}/archivo"


def copia(documento_id: UUID, c: dict[str, Any]) -> dict[str, Any]:
    return {
        "codigo_verificacion": c["codigo_verificacion"],
        "sha256": c["archivo"]["sha256"],
        "paginas": c["archivo"]["paginas"],
        "fecha": c["fecha"],
        "fedatario": c["fedatario"],
        "folios": c["folios"],
        "url": url_copia(documento_id, c["codigo_verificacion"]),
        "solicitante": c.get("solicitante"),
        "motivo": c.get("motivo"),
    }


def copia_creada(documento_id: UUID, c: dict[str, Any], posicion: int) -> dict[str, Any]:
    """The answer to a certification: the new copy and where to download it."""
    return {
        "codigo_verificacion": c["codigo_verificacion"],
        "sha256": c["archivo"]["sha256"],
        "paginas": c["archivo"]["paginas"],
        "url": url_copia(documento_id, c["codigo_verificacion"]),
        "documento_id": documento_id,
        "posicion": posicion,
    }


def documento(doc: Documento, posicion: int | None = None) -> dict[str, Any]:
    return {
        "id": doc.id,
        "tipo": doc.tipo,
        "titulo": doc.titulo,
        "resumen": doc.resumen,
        "organo_emisor": doc.organo_emisor,
        "fecha_documento": doc.fecha_documento,
        "etiquetas": doc.etiquetas,
        "estado": doc.estado,
        "numero": doc.numero,
        "anio": doc.anio,
        "codigo": doc.codigo,
        "version": doc.version,
        "archivo": _archivo(doc.archivo),
        "versiones": len(doc.versiones),
        "firmantes_requeridos": doc.firmantes_requeridos,
        "firmas_pendientes": doc.firmas_pendientes(),
        "firmas": [{**f, "archivo": _archivo(f.get("archivo"))} for f in doc.firmas],
        "aprobacion": doc.aprobacion,
        "publicaciones": doc.publicaciones,
        "copias_certificadas": [copia(doc.id, c) for c in doc.copias_certificadas],
        "rectificaciones": doc.rectificaciones,
        "derogacion": doc.derogacion,
        "sesion": getattr(doc, "sesion", None),
        "ultimo_actor": doc.ultimo_actor,
        "creado_en": doc.created_on,
        "actualizado_en": doc.modified_on,
        "posicion": posicion,
    }


def fedatario(f: Fedatario, hoy: date, posicion: int | None = None) -> dict[str, Any]:
    return {
        "id": f.id,
        "nombre": f.nombre,
        "dni": f.dni,
        "cargo": f.cargo,
        "resolucion_designacion": f.resolucion_designacion,
        "desde": f.desde,
        "hasta": f.hasta,
        "vigente": f.vigente_en(hoy),
        "revocacion": f.revocacion,
        "posicion": posicion,
    }


def _plano(valor: Any) -> Any:
    if isinstance(valor, UUID):
        return str(valor)
    if isinstance(valor, dict):
        return {k: _plano(v) for k, v in valor.items()}
    if isinstance(valor, list | tuple):
        return [_plano(v) for v in valor]
    return valor


def evento(e: Any) -> dict[str, Any]:
    datos = {k: _plano(v) for k, v in vars(e).items() if k not in CAMPOS_INTERNOS}
    texto = datos.pop("texto", None)
    if texto:
        # The extracted text can be long; the history shows its size, the search view holds it.
        # (Document events of earlier versions carry it; a file's text is now an event of its
        # own, `TextoArchivo.Extraido`, seen in the whole log, not in a document's history.)
        datos["texto_caracteres"] = len(texto)
    return {
        "version": e.originator_version,
        "tipo": type(e).__name__,
        "ocurrido_en": e.timestamp,
        "actor": getattr(e, "actor", None),
        "datos": datos,
    }
