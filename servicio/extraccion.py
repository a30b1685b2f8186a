"""The extractor: reads the text of every newly stored file and records it (`dominio.textos`).

It follows the notification log like a projection, with its own tracking position: for each
document event that brought a file without its text, it reads the stored file, extracts the text
in the isolated PDF child (`almacen.pdf`) and saves a `TextoArchivo`. Recording is idempotent
(one aggregate per sha256), so a crash between saving a text and moving the position, or two
extractors at once, only costs a repeated read, never a duplicate.

A reader that asks to see its own write (`?posicion=N`) waits for the extractor to pass N, then
for its view to reach the log's head as it was at that moment: by then every text of a file
registered up to N is in the log, and the view has applied it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder

from almacen.archivos import AlmacenArchivos
from almacen.errores import ArchivoNoEncontrado, PdfInvalido
from almacen.pdf import extraer_texto
from proyecciones.ejecucion import esperar
from proyecciones.filas import topicos_documento

EVENTOS_CON_ARCHIVO = {"Redactado", "Registrado", "NuevaVersion", "Firmado"}
LOTE = 20  # files per step: the position moves after each step, so readers do not wait long
registro = logging.getLogger("secretaria.extraccion")


class Extractor:
    def __init__(self, app: Any, almacen: AlmacenArchivos, seguimiento: TrackingRecorder) -> None:
        self.app = app
        self.almacen = almacen
        self.seguimiento = seguimiento
        self.detenido = threading.Event()
        self._topicos = tuple(
            sorted(t for t in topicos_documento() if t.rsplit(".", 1)[-1] in EVENTOS_CON_ARCHIVO)
        )

    def posicion(self) -> int:
        return self.seguimiento.max_tracking_id(self.app.name) or 0

    def paso(self) -> int:
        """Record the texts of the next few files; return how many notifications it passed."""
        inicio = self.posicion()
        tope = self.app.recorder.max_notification_id() or 0
        if tope <= inicio:
            return 0
        notificaciones = self.app.recorder.select_notifications(
            start=inicio, limit=LOTE, stop=tope, topics=self._topicos, inclusive_of_start=False
        )
        for notificacion in notificaciones:
            archivo = self._archivo_sin_texto(self.app.mapper.to_domain_event(notificacion))
            if archivo and not self.app.tiene_texto(archivo["sha256"]):
                self._extraer(archivo)
        # With fewer than a full batch, nothing else that brings a file lies before `tope`:
        # notifications are committed in order on both backends.
        hasta = notificaciones[-1].id if len(notificaciones) == LOTE else tope
        with contextlib.suppress(IntegrityError):  # another extractor got there first
            self.seguimiento.insert_tracking(Tracking(self.app.name, hasta))
        return hasta - inicio

    @staticmethod
    def _archivo_sin_texto(evento: Any) -> dict[str, Any] | None:
        """The file an event brought, unless the event carries its text (earlier versions)."""
        archivo = getattr(evento, "archivo", None)
        return None if not archivo or getattr(evento, "texto", None) else archivo

    def _extraer(self, archivo: dict[str, Any]) -> None:
        try:
            datos = self.almacen.leer(archivo["clave"])
        except ArchivoNoEncontrado:
            # The audit names a missing file; there is no text to record for it.
            registro.error("Falta el archivo %s: no se puede leer su texto.", archivo["clave"])
            return
        try:  # AnalisisCancelado (shutting down) goes up: nothing is recorded for this file
            leido = extraer_texto(datos, cancelar=self.detenido)
            texto, completo = leido.texto, leido.completo
        except PdfInvalido as exc:  # it passed the intake checks; record that it has no text
            registro.warning("Sin texto para %s: %s", archivo["sha256"], exc.detalle)
            texto, completo = "", False
        self.app.registrar_texto(archivo["sha256"], texto, completo)

    def esperar(self, posicion: int, timeout: float) -> int | None:
        """Wait until the texts of files registered up to `posicion` are in the log; return the
        log position a view must reach to include them, or None if `timeout` passes first."""
        if not esperar(self.seguimiento, self.app.name, posicion, timeout):
            return None
        return max(posicion, self.app.posicion_actual())

    def detener(self) -> None:
        """Make a running extraction give up at once (its child is killed)."""
        self.detenido.set()
