"""The file-store contract, run on every adapter: a local folder and S3 (SeaweedFS)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from almacen.archivos import TROZO, AlmacenArchivos, clave_para, huella
from almacen.carpeta import AlmacenCarpeta
from almacen.comprobacion import comprobar_archivo
from almacen.errores import AlmacenNoDisponible, ArchivoNoEncontrado
from almacen.s3 import PARTE, AlmacenS3
from tests.soporte.produccion import nuevo_bucket, s3_de_sesion
from tests.soporte.servidores import ACCESS_KEY, SECRET_KEY, puertos_libres

AUSENTE = clave_para("0" * 64)


class ContratoAlmacen:
    """Subclassed once per adapter; each subclass provides the `almacen` fixture."""

    def test_guardar_y_leer(self, almacen: AlmacenArchivos) -> None:
        datos = b"%PDF-1.7 contenido de prueba"
        guardado = almacen.guardar(datos)
        assert guardado.sha256 == huella(datos)
        assert guardado.clave == clave_para(guardado.sha256)
        assert guardado.bytes == len(datos)
        assert almacen.leer(guardado.clave) == datos

    def test_abrir_entrega_trozos(self, almacen: AlmacenArchivos) -> None:
        datos = os.urandom(2 * TROZO + 17)
        clave = almacen.guardar(datos).clave
        trozos = list(almacen.abrir(clave))
        assert len(trozos) >= 3
        assert all(len(t) <= TROZO for t in trozos)
        assert b"".join(trozos) == datos

    def test_existe(self, almacen: AlmacenArchivos) -> None:
        clave = almacen.guardar(b"existe").clave
        assert almacen.existe(clave)
        assert not almacen.existe(AUSENTE)

    def test_sha256_recalculado(self, almacen: AlmacenArchivos) -> None:
        datos = b"bytes para la auditoria"
        clave = almacen.guardar(datos).clave
        assert almacen.sha256_de(clave) == huella(datos)

    def test_guardar_dos_veces_es_idempotente(self, almacen: AlmacenArchivos) -> None:
        datos = b"una sola vez"
        primero = almacen.guardar(datos)
        segundo = almacen.guardar(datos)
        assert primero == segundo
        assert almacen.leer(primero.clave) == datos

    def test_clave_ausente(self, almacen: AlmacenArchivos) -> None:
        with pytest.raises(ArchivoNoEncontrado):
            almacen.leer(AUSENTE)
        with pytest.raises(ArchivoNoEncontrado):
            almacen.sha256_de(AUSENTE)
        # Raised by the call itself, before any chunk: a streaming response can still answer 404.
        with pytest.raises(ArchivoNoEncontrado):
            almacen.abrir(AUSENTE)

    def test_archivo_grande(self, almacen: AlmacenArchivos) -> None:
        datos = os.urandom(PARTE + 1024 * 1024 + 3)  # > 5 MB: two parts on S3
        guardado = almacen.guardar(datos)
        assert guardado.bytes == len(datos)
        assert almacen.sha256_de(guardado.clave) == huella(datos)
        assert almacen.leer(guardado.clave) == datos

    def test_comprobar(self, almacen: AlmacenArchivos) -> None:
        almacen.comprobar()

    def test_comprobacion_de_archivo(self, almacen: AlmacenArchivos) -> None:
        datos = b"original"
        guardado = almacen.guardar(datos)
        assert comprobar_archivo(almacen, guardado.clave, guardado.sha256) is None
        problema = comprobar_archivo(almacen, AUSENTE, "0" * 64)
        assert problema is not None and problema.motivo == "falta"
        otro = huella(b"otros bytes")
        problema = comprobar_archivo(almacen, guardado.clave, otro)
        assert problema is not None and problema.motivo == "difiere"
        assert problema.sha256_encontrado == guardado.sha256
        assert "no tiene los bytes registrados" in problema.detalle


class TestCarpeta(ContratoAlmacen):
    @pytest.fixture
    def almacen(self, tmp_path: Path) -> AlmacenCarpeta:
        return AlmacenCarpeta(tmp_path / "archivos")


class TestS3(ContratoAlmacen):
    @pytest.fixture
    def almacen(self, request: pytest.FixtureRequest) -> AlmacenS3:
        servidor = s3_de_sesion(request)
        return AlmacenS3(servidor.endpoint, ACCESS_KEY, SECRET_KEY, nuevo_bucket())

    def test_bucket_con_bloqueo_y_versionado(self, almacen: AlmacenS3) -> None:
        # SeaweedFS offers both; other servers may offer less, and the store says so.
        assert almacen.capacidades.bloqueo_objetos
        assert almacen.capacidades.versionado

    def test_sha256_en_metadatos(self, almacen: AlmacenS3) -> None:
        guardado = almacen.guardar(b"con metadatos")
        assert almacen.sha256_registrado(guardado.clave) == guardado.sha256

    def test_segunda_escritura_no_crea_version(self, almacen: AlmacenS3) -> None:
        clave = almacen.guardar(b"escrito una vez").clave
        almacen.guardar(b"escrito una vez")
        versiones = list(
            almacen.cliente.list_objects(almacen.bucket, prefix=clave, include_version=True)
        )
        assert len(versiones) == 1

    def test_archivo_grande_va_en_partes(self, almacen: AlmacenS3) -> None:
        clave = almacen.guardar(os.urandom(PARTE + 1)).clave
        # A multipart upload's ETag ends with the number of parts.
        assert almacen.cliente.stat_object(almacen.bucket, clave).etag.endswith("-2")

    def test_las_conexiones_vuelven_al_pool(self, almacen: AlmacenS3) -> None:
        clave = almacen.guardar(os.urandom(TROZO + 1)).clave
        host, puerto = almacen.endpoint.split(":")
        pool = almacen.cliente._http.connection_from_host(host, int(puerto), scheme="http")
        antes = pool.num_connections
        for _ in range(15):
            almacen.leer(clave)
        assert pool.num_connections == antes  # each full read gave its connection back
        for _ in range(15):  # abandoned after the first chunk
            descarga = almacen.abrir(clave)
            next(descarga)
            descarga.close()  # type: ignore[attr-defined]
        for _ in range(15):  # dropped before the first chunk (a client that went away)
            almacen.abrir(clave)
        # Had any of those 30 connections been kept, the pool would have opened new ones.
        assert pool.num_connections <= antes + 1
        assert almacen.leer(clave)  # and the store still works

    def test_servidor_caido_responde_pronto(self) -> None:
        (puerto,) = puertos_libres(1)  # nothing listens there
        inicio = time.monotonic()
        almacen = AlmacenS3(f"127.0.0.1:{puerto}", ACCESS_KEY, SECRET_KEY, "secretaria")
        for operacion in (
            lambda: almacen.guardar(b"x"),
            lambda: almacen.leer(AUSENTE),
            lambda: almacen.abrir(AUSENTE),
            lambda: almacen.existe(AUSENTE),
            almacen.comprobar,
        ):
            with pytest.raises(AlmacenNoDisponible) as error:
                operacion()
            assert "no está disponible" in error.value.detalle
        assert time.monotonic() - inicio < 10

    def test_credenciales_incorrectas(self, request: pytest.FixtureRequest) -> None:
        servidor = s3_de_sesion(request)
        almacen = AlmacenS3(servidor.endpoint, ACCESS_KEY, "otra-clave", nuevo_bucket())
        with pytest.raises(AlmacenNoDisponible) as error:
            almacen.guardar(b"x")
        assert "credenciales" in error.value.detalle
