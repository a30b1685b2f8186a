"""S3 adapter of the file store, through the `minio` client (MinIO, SeaweedFS, AWS, ...).

Blobs live under their content address in one bucket, written once and never overwritten by
secretaria. The bucket is created on first use with object lock (which implies versioning) where
the server allows it, else with versioning alone, else plain; `capacidades` records what was
possible. Every network failure becomes `AlmacenNoDisponible`, and the HTTP pool uses short
timeouts and few retries so that a server that is down is reported in seconds, not minutes.
"""

from __future__ import annotations

import io
import logging
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import certifi
import urllib3
from minio import Minio
from minio.error import MinioException, S3Error
from minio.versioningconfig import ENABLED, VersioningConfig

from almacen.archivos import TROZO, ArchivoGuardado, clave_para, huella, sha256_de_trozos
from almacen.errores import AlmacenNoDisponible, ArchivoNoEncontrado

log = logging.getLogger(__name__)

T = TypeVar("T")

# S3's smallest multipart part; bigger uploads go in parts of this size, so no single request
# carries more than this many bytes.
PARTE = 5 * 1024 * 1024
META_SHA256 = "sha256"
NO_ENCONTRADO = {"NoSuchKey", "NoSuchObject", "NoSuchBucket", "NoSuchVersion"}
# Codes with which servers say "this bucket feature is not offered here".
NO_SOPORTADO = {
    "NotImplemented",
    "InvalidRequest",
    "InvalidBucketState",
    "ObjectLockConfigurationNotFoundError",
    "MethodNotAllowed",
    "AccessDenied",
}
NO_DISPONIBLE = "El almacén de archivos no está disponible en este momento; intente de nuevo."


@dataclass
class Capacidades:
    """What the bucket offers, as found (or set up) when the store was prepared."""

    bloqueo_objetos: bool = False
    versionado: bool = False


def cliente_http(tls: bool, timeout_conexion: float, timeout_lectura: float) -> urllib3.PoolManager:
    """A connection pool that gives up quickly: a down server must become a 503 in seconds."""
    opciones: dict[str, Any] = {}
    if tls:
        opciones = {
            "cert_reqs": "CERT_REQUIRED",
            "ca_certs": os.environ.get("SSL_CERT_FILE") or certifi.where(),
        }
    return urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=timeout_conexion, read=timeout_lectura),
        maxsize=10,
        retries=urllib3.Retry(
            total=2,
            connect=2,
            # A read that timed out already cost `timeout_lectura`; do not pay it again.
            read=0,
            status=2,
            backoff_factor=0.1,
            status_forcelist=[500, 502, 503, 504],
        ),
        **opciones,
    )


class AlmacenS3:
    def __init__(
        self,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        tls: bool = False,
        region: str | None = None,
        timeout_conexion: float = 2.0,
        timeout_lectura: float = 20.0,
    ) -> None:
        self.endpoint = endpoint
        self.bucket = bucket
        self.region = region
        self.cliente = Minio(
            endpoint,
            access_key=access_key or None,
            secret_key=secret_key or None,
            secure=tls,
            region=region,
            http_client=cliente_http(tls, timeout_conexion, timeout_lectura),
        )
        self.capacidades = Capacidades()
        self._preparado = False
        self._cerrojo = threading.Lock()
        # The server may be down while the service starts: the bucket is then prepared on the
        # first operation that finds it up.
        try:
            self._preparar()
        except AlmacenNoDisponible as exc:
            log.warning("Almacén S3 %s no preparado al iniciar: %s", endpoint, exc.detalle)

    # -- bucket ------------------------------------------------------------------------------

    def _preparar(self) -> None:
        if self._preparado:
            return
        with self._cerrojo:
            if self._preparado:
                return
            self._llamar(self._crear_o_inspeccionar_bucket)
            self._preparado = True
            log.info(
                "Almacén S3 %s/%s: bloqueo de objetos=%s, versionado=%s",
                self.endpoint,
                self.bucket,
                self.capacidades.bloqueo_objetos,
                self.capacidades.versionado,
            )

    def _crear_o_inspeccionar_bucket(self) -> None:
        if not self.cliente.bucket_exists(self.bucket):
            try:
                self.cliente.make_bucket(self.bucket, location=self.region, object_lock=True)
            except S3Error as exc:
                if exc.code in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                    pass  # created meanwhile by another process
                elif exc.code in NO_SOPORTADO:
                    self.cliente.make_bucket(self.bucket, location=self.region)
                else:
                    raise
            # Object lock always comes with versioning; ask for versioning in any case, since
            # some servers accept the lock header without acting on it.
            try:
                self.cliente.set_bucket_versioning(self.bucket, VersioningConfig(ENABLED))
            except S3Error as exc:
                if exc.code not in NO_SOPORTADO:
                    raise
        self.capacidades = self._inspeccionar()

    def _inspeccionar(self) -> Capacidades:
        capacidades = Capacidades()
        try:
            capacidades.versionado = (
                self.cliente.get_bucket_versioning(self.bucket).status == ENABLED
            )
        except S3Error as exc:
            if exc.code not in NO_SOPORTADO:
                raise
        try:
            self.cliente.get_object_lock_config(self.bucket)
            capacidades.bloqueo_objetos = True
        except S3Error as exc:
            if exc.code not in NO_SOPORTADO:
                raise
        return capacidades

    # -- error mapping -----------------------------------------------------------------------

    def _llamar(self, operacion: Callable[[], T], clave: str | None = None) -> T:
        """Run a client call, turning the client's failures into the store's errors."""
        try:
            return operacion()
        except S3Error as exc:
            if exc.code in NO_ENCONTRADO and clave is not None:
                raise ArchivoNoEncontrado(f"No existe el archivo {clave}.") from exc
            if exc.code in {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied"}:
                raise AlmacenNoDisponible(
                    "El almacén de archivos rechazó las credenciales configuradas "
                    f"({exc.code}); revise SECRETARIA_S3_ACCESS_KEY y SECRETARIA_S3_SECRET_KEY."
                ) from exc
            raise AlmacenNoDisponible(f"{NO_DISPONIBLE} (S3: {exc.code})") from exc
        except (MinioException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise AlmacenNoDisponible(NO_DISPONIBLE) from exc

    # -- the store's contract ----------------------------------------------------------------

    def guardar(self, datos: bytes, tipo_contenido: str = "application/pdf") -> ArchivoGuardado:
        self._preparar()
        sha = huella(datos)
        clave = clave_para(sha)
        guardado = ArchivoGuardado(clave=clave, sha256=sha, bytes=len(datos))
        if self.existe(clave):
            return guardado
        self._llamar(
            lambda: self.cliente.put_object(
                self.bucket,
                clave,
                io.BytesIO(datos),
                len(datos),
                content_type=tipo_contenido,
                metadata={META_SHA256: sha},
                part_size=PARTE,
                num_parallel_uploads=1,
            )
        )
        return guardado

    def leer(self, clave: str) -> bytes:
        return b"".join(self.abrir(clave))

    def abrir(self, clave: str) -> Iterator[bytes]:
        # The request is made here, not on the first `next()`: a missing key raises now, before
        # a streaming response has sent its headers.
        respuesta = self._llamar(lambda: self.cliente.get_object(self.bucket, clave), clave)
        return _Descarga(respuesta, clave)

    def existe(self, clave: str) -> bool:
        try:
            self._llamar(lambda: self.cliente.stat_object(self.bucket, clave), clave)
        except ArchivoNoEncontrado:
            return False
        return True

    def sha256_de(self, clave: str) -> str:
        return sha256_de_trozos(self.abrir(clave))

    def sha256_registrado(self, clave: str) -> str | None:
        """The sha256 stored as object metadata when the blob was written (None if absent)."""
        objeto = self._llamar(lambda: self.cliente.stat_object(self.bucket, clave), clave)
        metadatos = objeto.metadata or {}
        return metadatos.get(f"x-amz-meta-{META_SHA256}") or metadatos.get(META_SHA256)

    def comprobar(self) -> None:
        self._preparar()
        if not self._llamar(lambda: self.cliente.bucket_exists(self.bucket)):
            self._preparado = False
            raise AlmacenNoDisponible(f"No existe el bucket {self.bucket} en el almacén S3.")


class _Descarga(Iterator[bytes]):
    """Chunks of one GET; the connection goes back to the pool when exhausted or closed."""

    def __init__(self, respuesta: Any, clave: str) -> None:
        self._respuesta = respuesta
        self._clave = clave
        self._trozos = respuesta.stream(TROZO)

    def __iter__(self) -> _Descarga:
        return self

    def __next__(self) -> bytes:
        if self._respuesta is None:
            raise StopIteration
        try:
            return next(self._trozos)
        except StopIteration:
            self._liberar(leida=True)
            raise
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            self.close()
            raise AlmacenNoDisponible(
                f"Se interrumpió la lectura del archivo {self._clave}; intente de nuevo."
            ) from exc

    def close(self) -> None:
        self._liberar(leida=False)

    def _liberar(self, leida: bool) -> None:
        respuesta, self._respuesta = self._respuesta, None
        if respuesta is not None:
            # A connection left mid-body cannot be reused: close it; a fully read one goes
            # back to the pool for the next request.
            if not leida:
                respuesta.close()
            respuesta.release_conn()

    def __del__(self) -> None:
        self.close()
