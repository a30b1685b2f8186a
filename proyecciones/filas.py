"""How each document event changes a document's row in the read side (pure, no I/O)."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from dominio.documentos import Acta, Documento, DocumentoExterno, Resolucion
from dominio.tipos import Estado

CLASES = (Documento, Resolucion, Acta, DocumentoExterno)
VISIBLES_EN_PORTAL = {Estado.PUBLICADO.value, Estado.DEROGADO.value}


def topicos_documento() -> frozenset[str]:
    """Topics of every event of every document class."""
    topicos = set()
    for clase in CLASES:
        for nombre in dir(clase):
            atributo = getattr(clase, nombre)
            es_evento = isinstance(atributo, type) and issubclass(atributo, Aggregate.Event)
            if es_evento and nombre not in {"Event", "Created", "Snapshot"}:
                topicos.add(get_topic(atributo))
    return frozenset(topicos)


def _archivo(archivo: dict[str, Any] | None) -> dict[str, Any] | None:
    if not archivo:
        return None
    return {k: archivo[k] for k in ("clave", "sha256", "bytes", "paginas")}


def aplicar(fila: dict[str, Any] | None, evento: Any) -> dict[str, Any] | None:
    """The row after `evento` (None when the event does not concern the read side)."""
    nombre = type(evento).__name__
    momento = evento.timestamp.isoformat()
    if nombre in {"Redactado", "Registrado"}:
        fila = {
            "id": str(evento.originator_id),
            "tipo": evento.tipo,
            "estado": Estado.REGISTRADO.value if nombre == "Registrado" else Estado.BORRADOR.value,
            "numero": None,
            "anio": None,
            "codigo": None,
            "titulo": evento.titulo,
            "resumen": evento.resumen,
            "organo_emisor": evento.organo_emisor,
            "fecha_documento": evento.fecha_documento,
            "etiquetas": list(evento.etiquetas),
            "texto": evento.texto,
            "archivo": _archivo(evento.archivo),
            "archivo_publicado": None,
            "firmantes_requeridos": list(evento.firmantes_requeridos),
            "firmas": [],
            "publicaciones": [],
            "copias_certificadas": 0,
            "derogacion": None,
            "rectificaciones": [],
            "fecha_aprobacion": None,
            "fecha_publicacion": None,
            "sesion": getattr(evento, "sesion", None),
            "creado_en": momento,
        }
    elif fila is None:
        return None
    else:
        fila = dict(fila)
        if nombre == "NuevaVersion":
            fila["archivo"], fila["texto"] = _archivo(evento.archivo), evento.texto
        elif nombre == "Aprobado":
            fila.update(
                estado=Estado.APROBADO.value,
                numero=evento.numero,
                anio=evento.anio,
                codigo=evento.codigo,
                fecha_aprobacion=evento.fecha,
            )
        elif nombre == "Firmado":
            fila["firmas"] = [
                *fila["firmas"],
                {"firmante": evento.firmante, "cargo": evento.cargo, "fecha": evento.fecha},
            ]
            if evento.archivo:
                fila["archivo"], fila["texto"] = _archivo(evento.archivo), evento.texto or ""
            hechas = {f["cargo"] for f in fila["firmas"]}
            if all(c in hechas for c in fila["firmantes_requeridos"]):
                fila["estado"] = Estado.FIRMADO.value
        elif nombre == "Publicado":
            publicacion = {
                "medio": evento.medio,
                "fecha": evento.fecha,
                "referencia": evento.referencia,
            }
            fila["publicaciones"] = [*fila["publicaciones"], publicacion]
            fila["estado"] = Estado.PUBLICADO.value
            if fila["fecha_publicacion"] is None:
                fila["fecha_publicacion"] = evento.fecha
                fila["archivo_publicado"] = fila["archivo"]
        elif nombre == "CopiaCertificada":
            fila["copias_certificadas"] += 1
        elif nombre == "Derogado":
            fila["estado"] = Estado.DEROGADO.value
            fila["derogacion"] = {
                "motivo": evento.motivo,
                "referencia": evento.referencia,
                "fecha": evento.fecha,
            }
        elif nombre == "Rectificado":
            fila["rectificaciones"] = [
                *fila["rectificaciones"],
                {
                    "fe_de_erratas": evento.fe_de_erratas,
                    "referencia": evento.referencia,
                    "fecha": evento.fecha,
                },
            ]
        else:
            return None
    fila["actualizado_en"] = momento
    fila["version"] = evento.originator_version
    fila["ultimo_actor"] = evento.actor
    return fila


def fecha_de(fila: dict[str, Any]) -> str:
    """The date a document is filed under: its own date, else approval, else registration."""
    return fila["fecha_documento"] or fila["fecha_aprobacion"] or fila["creado_en"][:10]


def anio_de(fila: dict[str, Any]) -> int:
    return fila["anio"] or date.fromisoformat(fecha_de(fila)).year


def visible_en_portal(fila: dict[str, Any]) -> bool:
    return fila["estado"] in VISIBLES_EN_PORTAL


def texto_principal(fila: dict[str, Any]) -> str:
    return " ".join(filter(None, [fila["codigo"], fila["titulo"], " ".join(fila["etiquetas"])]))


def texto_cuerpo(fila: dict[str, Any]) -> str:
    return " ".join(filter(None, [fila["resumen"], fila["organo_emisor"], fila["texto"]]))


def columnas(fila: dict[str, Any]) -> tuple[Any, ...]:
    """The filterable columns a view stores beside the row document, in table order:
    id, tipo, estado, anio, organo_emisor, fecha, numero, titulo, actualizado_en, visible,
    sha256_publicado."""
    publicado = fila["archivo_publicado"]
    return (
        fila["id"],
        fila["tipo"],
        fila["estado"],
        anio_de(fila),
        fila["organo_emisor"],
        fecha_de(fila),
        fila["numero"],
        fila["titulo"],
        fila["actualizado_en"],
        visible_en_portal(fila),
        publicado["sha256"] if publicado else None,
    )
