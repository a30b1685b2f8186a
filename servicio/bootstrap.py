"""Composition root: settings -> adapters -> application. The only place that wires things."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlparse

from eventsourcing.persistence import InfrastructureFactory, TrackingRecorder
from eventsourcing.utils import Environment

from almacen.archivos import AlmacenArchivos
from almacen.carpeta import AlmacenCarpeta
from proyecciones.ejecucion import HiloDeProyeccion, construir_vista_documentos
from proyecciones.gestor import Proyecciones, estado_de
from proyecciones.sellos import VistaSellos, construir_vista_sellos
from servicio.ajustes import Ajustes
from servicio.aplicacion import Secretaria
from servicio.comandos import Comandos
from servicio.disyuntor import proteger
from servicio.extraccion import Extractor


def entorno_persistencia(ajustes: Ajustes) -> dict[str, str]:
    """eventsourcing's persistence settings for the configured database."""
    if not ajustes.bd_url:
        ajustes.datos.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(ajustes.datos / "eventos.sqlite"),
            "SQLITE_LOCK_TIMEOUT": "30",
        }
    url = urlparse(ajustes.bd_url)
    if url.scheme not in {"postgresql", "postgres"}:
        raise ValueError(f"URL de base de datos no soportada: {url.scheme}")
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": url.path.lstrip("/") or "secretaria",
        "POSTGRES_HOST": url.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "POSTGRES_POOL_SIZE": str(ajustes.bd_pool),
        "POSTGRES_MAX_OVERFLOW": str(ajustes.bd_pool * 2),
        "POSTGRES_CONNECT_TIMEOUT": str(ajustes.bd_timeout_s),
        "POSTGRES_LOCK_TIMEOUT": "10",
        "POSTGRES_SCHEMA": ajustes.bd_esquema or "",
    }


def entorno_vista(ajustes: Ajustes, nombre: str) -> dict[str, str]:
    """Persistence settings for a view: its own SQLite file, or the same PostgreSQL database."""
    entorno = entorno_persistencia(ajustes)
    if entorno["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        carpeta = ajustes.datos / "vistas"
        carpeta.mkdir(parents=True, exist_ok=True)
        entorno["SQLITE_DBNAME"] = str(carpeta / f"{nombre}.sqlite")
    return entorno


def construir_almacen(ajustes: Ajustes) -> AlmacenArchivos:
    if not ajustes.s3_endpoint:
        return AlmacenCarpeta(ajustes.datos / "archivos")
    from almacen.s3 import AlmacenS3

    return AlmacenS3(
        endpoint=ajustes.s3_endpoint,
        access_key=ajustes.s3_access_key or "",
        secret_key=ajustes.s3_secret_key or "",
        bucket=ajustes.s3_bucket,
        tls=ajustes.s3_tls,
        region=ajustes.s3_region,
    )


def construir_seguimiento(ajustes: Ajustes, nombre: str) -> TrackingRecorder:
    """A bare tracking position (for a log follower that is not a view), beside the views."""
    entorno = Environment(name=nombre, env=entorno_vista(ajustes, nombre))
    return InfrastructureFactory.construct(entorno).tracking_recorder()


def construir_vista(ajustes: Ajustes, nombre: str) -> Any:
    """A view of the read side by name, on the configured backend."""
    if nombre == "sellos":
        return construir_vista_sellos(entorno_vista(ajustes, nombre))
    return construir_vista_documentos(entorno_vista(ajustes, nombre), nombre)


@dataclass
class Contenedor:
    ajustes: Ajustes
    app: Secretaria
    almacen: AlmacenArchivos
    comandos: Comandos
    proyecciones: Proyecciones
    extractor: Extractor
    _hilo_extractor: HiloDeProyeccion | None = None

    @property
    def sellos(self) -> VistaSellos:
        return self.proyecciones.sellos

    def iniciar(self) -> None:
        """Start the background work that lives with the API process."""
        if self.ajustes.proyecciones_en_proceso:
            self.proyecciones.iniciar()
            self.iniciar_extraccion()

    def iniciar_extraccion(self) -> None:
        """Read the text of stored files from a background thread (see `servicio.extraccion`)."""
        if self._hilo_extractor is None:
            self.extractor.detenido.clear()
            self._hilo_extractor = HiloDeProyeccion("textos", self.extractor.paso)
            self._hilo_extractor.iniciar()

    def detener(self) -> None:
        """Stop what `iniciar` started."""
        if self._hilo_extractor is not None:
            self.extractor.detener()  # an extraction under way gives up at once
            self._hilo_extractor.detener()
            self._hilo_extractor = None
        self.proyecciones.detener()

    def ponerse_al_dia(self) -> None:
        """Record every pending text, then bring every view up to date (no background work)."""
        while self.extractor.paso():
            pass
        self.proyecciones.ponerse_al_dia()

    def esperar(self, vista: str, posicion: int, timeout: float) -> bool:
        """Wait until `vista` includes everything written up to `posicion`, file texts too.

        If the texts are still being read when `timeout` ends (a burst of long files), the write
        itself is enough: the document is there, found by everything but its body for now.
        """
        limite = time.monotonic() + timeout
        objetivo = self.extractor.esperar(posicion, timeout)
        return self.proyecciones.esperar(
            vista, posicion if objetivo is None else objetivo, max(limite - time.monotonic(), 0)
        )

    def comparadores_vistas(self) -> list[tuple[str, Any]]:
        """(view name, rebuild-and-compare function) for every rebuildable view."""
        return self.proyecciones.comparadores()

    def original_publicado(self, sha256: str) -> dict[str, Any] | None:
        """The published document whose original PDF has this sha256 (from the portal view)."""
        return self.proyecciones.documentos["portal"].por_sha256_publicado(sha256)

    def estado_proyecciones(self) -> dict[str, dict[str, Any]]:
        hilo = self._hilo_extractor
        return {
            **self.proyecciones.estado(),
            "textos": estado_de(
                self.extractor.posicion(), self.app.posicion_actual(), hilo and hilo.error
            ),
        }

    def cerrar(self) -> None:
        self.detener()
        self.proyecciones.cerrar()
        self.extractor.seguimiento.datastore.close()  # type: ignore[attr-defined]
        self.app.close()


def construir(ajustes: Ajustes | None = None) -> Contenedor:
    ajustes = ajustes or Ajustes()
    app = Secretaria(reglas=ajustes.reglas(), env=entorno_persistencia(ajustes))
    almacen = construir_almacen(ajustes)
    contenedor = Contenedor(
        ajustes=ajustes,
        app=app,
        almacen=almacen,
        comandos=Comandos(ajustes, app, almacen),
        proyecciones=Proyecciones(app, lambda nombre: construir_vista(ajustes, nombre)),
        extractor=Extractor(app, almacen, construir_seguimiento(ajustes, "textos")),
    )
    if ajustes.usa_postgres:
        # Every PostgreSQL datastore the process reads or writes: fail fast while it is down.
        recorders = [
            contenedor.app.recorder,
            *contenedor.proyecciones.todas.values(),
            contenedor.extractor.seguimiento,
        ]
        proteger([r.datastore for r in recorders], ajustes.bd_timeout_s)
    return contenedor
