"""Runners: keep each view caught up with the notification log, and wait for a position.

eventsourcing's `ProjectionRunner` needs a subscription, which its SQLite recorder does not
offer; both backends therefore use the same poll loop over `select_notifications`. Each batch is
applied and tracked in one transaction, so a runner killed at any point resumes where its view's
tracking says, without duplicates; two runners on one view cannot both apply a batch (the second
one's tracking insert conflicts and rolls back).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import InfrastructureFactory, IntegrityError, Tracking
from eventsourcing.projection import Projection
from eventsourcing.utils import Environment, get_topic

from dominio.textos import TextoArchivo
from proyecciones.filas import topicos_documento
from proyecciones.vista import VistaDocumentos

LOTE = 500
VISTAS_DOCUMENTOS = ("registro", "portal")


class ProyeccionDocumentos(Projection[VistaDocumentos]):
    """The projection of document events onto a document view (one event at a time)."""

    # Document events, and the text read from each stored file.
    topics = tuple(sorted(topicos_documento() | {get_topic(TextoArchivo.Extraido)}))

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        desde = self.view.max_tracking_id(tracking.application_name) or 0
        self.view.procesar([domain_event], tracking, desde=desde)


def construir_vista_documentos(entorno: dict[str, str], nombre: str) -> VistaDocumentos:
    fabrica = InfrastructureFactory.construct(Environment(name=nombre, env=entorno))
    vista: VistaDocumentos
    if entorno["PERSISTENCE_MODULE"] == "eventsourcing.postgres":
        from proyecciones.vista_postgres import VistaDocumentosPostgres

        vista = fabrica.tracking_recorder(VistaDocumentosPostgres)
    else:
        from proyecciones.vista_sqlite import VistaDocumentosSQLite

        vista = fabrica.tracking_recorder(VistaDocumentosSQLite)
    vista.nombre = nombre
    return vista


def ponerse_al_dia(
    app: Any, vista: VistaDocumentos, lote: int = LOTE, maximo: int | None = None
) -> int:
    """Apply every notification the view has not seen; return how many were read."""
    topicos = set(ProyeccionDocumentos.topics)
    leidas = 0
    while maximo is None or leidas < maximo:
        inicio = vista.max_tracking_id(app.name) or 0
        limite = lote if maximo is None else min(lote, maximo - leidas)
        notificaciones = app.recorder.select_notifications(
            start=inicio, limit=limite, inclusive_of_start=False
        )
        if not notificaciones:
            break
        # Events of other aggregates are not decoded, but the tracking still moves past them,
        # so that a reader waiting for any position is not kept waiting.
        eventos = [app.mapper.to_domain_event(n) for n in notificaciones if n.topic in topicos]
        try:
            vista.procesar(eventos, Tracking(app.name, notificaciones[-1].id), desde=inicio)
        except IntegrityError:
            continue  # another runner applied this batch first
        leidas += len(notificaciones)
    return leidas


def esperar(vista: Any, aplicacion: str, posicion: int, timeout: float) -> bool:
    """Wait until `vista` has processed `posicion`; False when `timeout` passes first."""
    limite = time.monotonic() + timeout
    pausa = 0.005
    while (vista.max_tracking_id(aplicacion) or 0) < posicion:
        if time.monotonic() >= limite:
            return False
        time.sleep(pausa)
        pausa = min(pausa * 2, 0.05)
    return True


class HiloDeProyeccion:
    """Runs one catch-up step over and over from a background thread until stopped."""

    def __init__(self, nombre: str, paso: Callable[[], int], intervalo: float = 0.05) -> None:
        self.nombre = nombre
        self.paso = paso
        self.intervalo = intervalo
        self.error: BaseException | None = None
        self._detener = threading.Event()
        self._hilo = threading.Thread(target=self._bucle, name=f"proyeccion-{nombre}", daemon=True)

    def iniciar(self) -> None:
        self._hilo.start()

    def detener(self) -> None:
        self._detener.set()
        self._hilo.join(timeout=10)

    def _bucle(self) -> None:
        while not self._detener.is_set():
            try:
                trabajo = self.paso()
                self.error = None
            except Exception as exc:  # a database outage must not kill the runner
                trabajo = 0
                self.error = exc
            if not trabajo:
                self._detener.wait(self.intervalo)
