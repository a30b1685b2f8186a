"""The upload limit holds whether the client declares the size or streams without one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from servicio.ajustes import Ajustes
from servicio.api import HOLGURA_MULTIPART, crear_api
from servicio.bootstrap import construir
from tests.soporte.cliente import ClienteApi, preparar_cliente
from tests.soporte.pdfs import pdf_con_texto


@pytest.fixture
def cliente_pequeno(tmp_path) -> Iterator[ClienteApi]:
    contenedor = construir(Ajustes(datos=tmp_path, max_archivo_mb=0.1))
    with TestClient(crear_api(contenedor)) as http:
        yield preparar_cliente(contenedor, http)
    contenedor.cerrar()


def cuerpo_multipart(relleno: int) -> tuple[bytes, str]:
    limite = "limite-de-prueba"
    pdf = pdf_con_texto("Ordenanza") + b"%" + b"0" * relleno
    partes = [
        f'--{limite}\r\nContent-Disposition: form-data; name="tipo"\r\n\r\nORDENANZA\r\n',
        f'--{limite}\r\nContent-Disposition: form-data; name="titulo"\r\n\r\nGrande\r\n',
        f'--{limite}\r\nContent-Disposition: form-data; name="archivo"; filename="g.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n",
    ]
    cuerpo = "".join(partes).encode() + pdf + f"\r\n--{limite}--\r\n".encode()
    return cuerpo, f"multipart/form-data; boundary={limite}"


def test_tamano_declarado_excesivo(cliente_pequeno: ClienteApi) -> None:
    c = cliente_pequeno
    cuerpo, tipo = cuerpo_multipart(c.contenedor.ajustes.max_archivo_bytes + HOLGURA_MULTIPART)
    antes = c.contenedor.app.posicion_actual()
    r = c.http.post(
        "/v1/documentos", content=cuerpo, headers={**c.como("registrador"), "Content-Type": tipo}
    )
    assert r.status_code == 413 and r.json()["codigo"] == "archivo_demasiado_grande"
    assert c.contenedor.app.posicion_actual() == antes


def test_cuerpo_sin_tamano_declarado_se_corta(cliente_pequeno: ClienteApi) -> None:
    c = cliente_pequeno
    cuerpo, tipo = cuerpo_multipart(c.contenedor.ajustes.max_archivo_bytes + HOLGURA_MULTIPART)

    def trozos() -> Iterator[bytes]:
        for i in range(0, len(cuerpo), 16 * 1024):
            yield cuerpo[i : i + 16 * 1024]

    antes = c.contenedor.app.posicion_actual()
    r = c.http.post(
        "/v1/documentos", content=trozos(), headers={**c.como("registrador"), "Content-Type": tipo}
    )
    assert r.status_code == 413
    assert c.contenedor.app.posicion_actual() == antes


def test_archivo_justo_bajo_el_limite_se_acepta(cliente_pequeno: ClienteApi) -> None:
    c = cliente_pequeno
    pdf = pdf_con_texto("Ordenanza")
    relleno = c.contenedor.ajustes.max_archivo_bytes - len(pdf) - 2
    r = c.registrar("ORDENANZA", pdf=pdf + b"%" + b"0" * relleno)
    assert r.status_code == 201, r.text
