"""The document views (register and portal): contract, filters and the shared processing.

A view keeps one row per document, written together with its tracking position in one
transaction (the eventsourcing projection idiom), plus a full-text index over the normalised
terms of `proyecciones.texto`. The `registro` view shows every document to staff; the `portal`
view answers only for documents that are published or derogated.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder

from dominio.textos import TextoArchivo
from proyecciones.filas import aplicar, texto_cuerpo, texto_principal

ORDENES = {
    "relevancia": None,
    "fecha": ("fecha", "ASC"),
    "-fecha": ("fecha", "DESC"),
    "numero": ("numero", "ASC"),
    "-numero": ("numero", "DESC"),
    "titulo": ("titulo", "ASC"),
    "actualizado": ("actualizado_en", "ASC"),
    "-actualizado": ("actualizado_en", "DESC"),
}


@dataclass(frozen=True)
class Cambio:
    """A row as stored before a batch (None if new) and as the batch leaves it."""

    anterior: dict[str, Any] | None
    nueva: dict[str, Any]

    @property
    def texto_cambia(self) -> bool:
        """Whether the searchable text changed (most events only change a row's state)."""
        return self.anterior is None or any(
            f(self.anterior) != f(self.nueva) for f in (texto_principal, texto_cuerpo)
        )


def exigir_posicion(vista: Any, cursor: Any, tracking: Tracking, desde: int) -> None:
    """Refuse a batch computed for another position (a rival runner, or a rebuild meanwhile)."""
    actual = vista._max_tracking_id(tracking.application_name, cursor)
    if (actual or 0) != desde:
        raise IntegrityError(f"La vista {vista.nombre} está en {actual}, no en {desde}.")


@dataclass(frozen=True)
class Filtros:
    terminos: tuple[str, ...] = ()
    tipo: str | None = None
    estado: str | None = None
    anio: int | None = None
    organo_emisor: str | None = None
    desde: date | None = None
    hasta: date | None = None
    orden: str = "-actualizado"
    pagina: int = 1
    por_pagina: int = 20
    solo_visibles: bool = False


class VistaDocumentos(TrackingRecorder):
    """What both backends offer. Subclasses also subclass the library's tracking recorder."""

    nombre: str

    def procesar(self, eventos: Sequence[Any], tracking: Tracking, desde: int) -> None:
        """Apply events read after position `desde` and record `tracking`, in one transaction.

        The batch is folded in memory: the rows it touches are read in one query, every event
        is applied to them, and each changed row is written once (a document that was
        registered, approved, signed and published within one batch costs one write).

        A file's text comes as its own event (`TextoArchivo.Extraido`), usually after the
        document that brought the file, sometimes before (the same file registered again): the
        view keeps every text it has seen by sha256, and a row gets the text of its current file
        whichever comes first.

        Raises `IntegrityError` (and changes nothing) when the view is no longer at `desde`:
        another runner got there first, or the view was emptied for a rebuild meanwhile.
        """
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            self._bloquear(cursor)
            exigir_posicion(self, cursor, tracking, desde)
            textos = {e.sha256: e.texto for e in eventos if isinstance(e, TextoArchivo.Extraido)}
            de_documentos = [e for e in eventos if not isinstance(e, TextoArchivo.Extraido)]
            claves = list(dict.fromkeys(str(e.originator_id) for e in de_documentos))
            guardadas = self._leer(cursor, claves) if claves else {}
            # Rows still waiting for the text of their file, whose text has now been read.
            esperando = self._leer_por_archivo(cursor, list(textos)) if textos else {}
            guardadas.update(esperando)
            filas = dict(guardadas)
            cambiadas: dict[str, dict[str, Any]] = {
                k: f for k, f in esperando.items() if not f["texto"]
            }
            for evento in de_documentos:
                clave = str(evento.originator_id)
                nueva = aplicar(filas.get(clave), evento)
                if nueva is not None:
                    filas[clave] = cambiadas[clave] = nueva
            self._poner_textos(cursor, cambiadas, textos)
            if textos:
                self._guardar_textos(cursor, textos)
            if cambiadas:
                self._escribir(
                    cursor, [Cambio(guardadas.get(k), fila) for k, fila in cambiadas.items()]
                )
            self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]

    def _poner_textos(
        self, cursor: Any, filas: dict[str, dict[str, Any]], textos: dict[str, str]
    ) -> None:
        """Give each row without text the text of its current file, where it is known."""
        sin_texto = {k: f for k, f in filas.items() if f["archivo"] and not f["texto"]}
        faltan = {f["archivo"]["sha256"] for f in sin_texto.values()} - set(textos)
        conocidos = {**self._leer_textos(cursor, list(faltan)), **textos} if faltan else textos
        for clave, fila in sin_texto.items():
            texto = conocidos.get(fila["archivo"]["sha256"])
            if texto:
                filas[clave] = {**fila, "texto": texto}

    def _bloquear(self, cursor: Any) -> None:
        """Serialise writers of this view where the database does not already do it."""

    @abstractmethod
    def _leer(self, cursor: Any, claves: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The stored rows of these documents (those that have one), by id."""

    @abstractmethod
    def _leer_por_archivo(self, cursor: Any, sha256s: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The stored rows whose current file is one of these, by id."""

    @abstractmethod
    def _leer_textos(self, cursor: Any, sha256s: Sequence[str]) -> dict[str, str]:
        """The known texts of these files, by sha256."""

    @abstractmethod
    def _guardar_textos(self, cursor: Any, textos: dict[str, str]) -> None: ...

    @abstractmethod
    def _escribir(self, cursor: Any, cambios: Sequence[Cambio]) -> None:
        """Store the new rows; reindex the text of those whose text changed."""

    @abstractmethod
    def buscar(self, filtros: Filtros) -> tuple[list[tuple[dict[str, Any], float | None]], int]:
        """A page of matching rows with their relevance, and the total count."""

    @abstractmethod
    def obtener(self, documento_id: str, solo_visibles: bool = False) -> dict[str, Any] | None: ...

    @abstractmethod
    def por_sha256_publicado(self, sha256: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def filas(self) -> Iterator[dict[str, Any]]:
        """Every row, by id (for comparisons with a rebuild)."""

    @abstractmethod
    def vaciar(self) -> None:
        """Drop every row and the tracking position (before a rebuild)."""

    @abstractmethod
    def alterar_fila(self, documento_id: str, campo: str, valor: Any) -> None:
        """Change a stored row behind the projection's back (used to prove audits catch it)."""
