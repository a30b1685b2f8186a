"""Every view of the read side and its runner: start, stop, lag, rebuild, compare."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from proyecciones.ejecucion import VISTAS_DOCUMENTOS, HiloDeProyeccion, esperar, ponerse_al_dia
from proyecciones.sellos import VistaSellos, sellar_pendientes
from proyecciones.vista import VistaDocumentos

FabricaVista = Callable[[str], Any]
SUFIJO_AUDITORIA = "_auditoria"


class Proyecciones:
    def __init__(self, app: Any, fabrica: FabricaVista) -> None:
        self.app = app
        self.fabrica = fabrica
        self.sellos: VistaSellos = fabrica("sellos")
        self.documentos: dict[str, VistaDocumentos] = {n: fabrica(n) for n in VISTAS_DOCUMENTOS}
        self.hilos: list[HiloDeProyeccion] = []

    @property
    def todas(self) -> dict[str, Any]:
        return {**self.documentos, "sellos": self.sellos}

    def paso(self, nombre: str) -> int:
        """One catch-up of one view; returns how many notifications it read."""
        if nombre == "sellos":
            return sellar_pendientes(self.app, self.sellos)
        return ponerse_al_dia(self.app, self.documentos[nombre])

    def ponerse_al_dia(self) -> dict[str, int]:
        return {nombre: self.paso(nombre) for nombre in self.todas}

    def iniciar(self) -> None:
        if self.hilos:
            return
        for nombre in self.todas:
            hilo = HiloDeProyeccion(nombre, lambda n=nombre: self.paso(n))
            hilo.iniciar()
            self.hilos.append(hilo)

    def detener(self) -> None:
        for hilo in self.hilos:
            hilo.detener()
        self.hilos.clear()

    def esperar(self, nombre: str, posicion: int, timeout: float) -> bool:
        return esperar(self.todas[nombre], self.app.name, posicion, timeout)

    def estado(self) -> dict[str, dict[str, Any]]:
        log = self.app.recorder.max_notification_id() or 0
        errores = {h.nombre: h.error for h in self.hilos if h.error is not None}
        estado = {}
        for nombre, vista in self.todas.items():
            posicion = vista.max_tracking_id(self.app.name) or 0
            estado[nombre] = estado_de(posicion, log, errores.get(nombre))
        return estado

    def reconstruir(self, nombre: str) -> int:
        """Empty a view and replay the whole log into it."""
        vista = self.todas[nombre]
        vista.vaciar()
        return self.paso(nombre)

    def comparadores(self) -> list[tuple[str, Callable[[], list[str]]]]:
        return [(nombre, lambda n=nombre: self.comparar(n)) for nombre in self.documentos]

    def comparar(self, nombre: str) -> list[str]:
        """Rebuild a document view from scratch in separate tables and list what differs."""
        vivo = self.documentos[nombre]
        ponerse_al_dia(self.app, vivo)
        hasta = vivo.max_tracking_id(self.app.name) or 0
        copia: VistaDocumentos = self.fabrica(nombre + SUFIJO_AUDITORIA)
        try:
            copia.vaciar()
            while (copia.max_tracking_id(self.app.name) or 0) < hasta:
                if not ponerse_al_dia(
                    self.app, copia, maximo=hasta - (copia.max_tracking_id(self.app.name) or 0)
                ):
                    break
            return diferencias(
                {f["id"]: f for f in vivo.filas()}, {f["id"]: f for f in copia.filas()}
            )
        finally:
            copia.vaciar()
            copia.datastore.close()

    def cerrar(self) -> None:
        self.detener()
        for vista in self.todas.values():
            vista.datastore.close()


def estado_de(posicion: int, log: int, error: BaseException | None) -> dict[str, Any]:
    """How far a follower of the log (a view, the text extractor) is behind, for `/salud`."""
    estado: dict[str, Any] = {"posicion": posicion, "log": log, "retraso": max(log - posicion, 0)}
    if error is not None:
        estado["error"] = str(error)
    return estado


def diferencias(vivas: dict[str, dict], reconstruidas: dict[str, dict]) -> list[str]:
    resultado = []
    for documento_id in sorted(set(vivas) | set(reconstruidas)):
        viva, nueva = vivas.get(documento_id), reconstruidas.get(documento_id)
        if viva is None:
            resultado.append(f"falta la fila del documento {documento_id}")
        elif nueva is None:
            resultado.append(f"sobra la fila del documento {documento_id}")
        elif viva != nueva:
            campos = sorted(k for k in set(viva) | set(nueva) if viva.get(k) != nueva.get(k))
            detalle = ", ".join(
                f"{k}: {json.dumps(viva.get(k), ensure_ascii=False)[:60]} en vez de "
                f"{json.dumps(nueva.get(k), ensure_ascii=False)[:60]}"
                for k in campos
            )
            resultado.append(f"documento {documento_id} ({detalle})")
    return resultado
