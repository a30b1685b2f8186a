"""Gapless numbering under concurrency, on every backend."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from uuid import UUID

import pytest

from dominio.errores import TransicionNoPermitida
from dominio.tipos import TipoDocumento
from servicio.bootstrap import Contenedor, construir

ACTOR = {"usuario": "prueba", "rol": "secretario"}


def registrar(c: Contenedor, tipo: TipoDocumento = TipoDocumento.RESOLUCION_ALCALDIA) -> UUID:
    archivo = {"clave": "sha256/00/00/0000", "sha256": "0000", "bytes": 1, "paginas": 1}
    doc, _ = c.app.registrar_documento(
        tipo=tipo,
        titulo="Resolución de prueba",
        resumen="",
        organo_emisor=None,
        fecha_documento=None,
        etiquetas=[],
        archivo=archivo,
        actor=ACTOR,
    )
    return doc.id


def test_aprobaciones_concurrentes_sin_duplicados_ni_saltos(contenedor: Contenedor) -> None:
    """8 threads, 50 approvals each, from two application instances on the same store (as two
    API processes would be): numbers are exactly 1..400."""
    hilos, por_hilo = 8, 50
    otro = construir(contenedor.ajustes)
    try:
        ids = [registrar(contenedor) for _ in range(hilos * por_hilo)]
        lotes = [(otro if i % 2 else contenedor, ids[i::hilos]) for i in range(hilos)]

        def aprobar_lote(lote: tuple[Contenedor, list[UUID]]) -> list[int]:
            c, documentos = lote
            return [
                c.app.aprobar(i, date(2026, 6, 1), None, None, ACTOR)[0].numero for i in documentos
            ]

        with ThreadPoolExecutor(hilos) as pool:
            numeros = [n for lote in pool.map(aprobar_lote, lotes) for n in lote]
    finally:
        otro.cerrar()

    assert sorted(numeros) == list(range(1, hilos * por_hilo + 1))
    guardados = sorted(contenedor.app.documento(i).numero for i in ids)
    assert guardados == list(range(1, hilos * por_hilo + 1))


def test_aprobacion_rechazada_no_consume_numero(contenedor: Contenedor) -> None:
    primero = registrar(contenedor)
    contenedor.app.aprobar(primero, date(2026, 2, 1), None, None, ACTOR)
    posicion = contenedor.app.posicion_actual()
    with pytest.raises(TransicionNoPermitida):
        contenedor.app.aprobar(primero, date(2026, 2, 1), None, None, ACTOR)
    assert contenedor.app.posicion_actual() == posicion  # nothing written
    segundo = registrar(contenedor)
    doc, _ = contenedor.app.aprobar(segundo, date(2026, 2, 2), None, None, ACTOR)
    assert doc.numero == 2
    assert doc.codigo == "RESOLUCIÓN DE ALCALDÍA N° 002-2026-MDP/A"


def test_cada_anio_y_cada_tipo_tienen_su_serie(contenedor: Contenedor) -> None:
    app = contenedor.app
    a = app.aprobar(registrar(contenedor), date(2026, 12, 31), None, None, ACTOR)[0]
    b = app.aprobar(registrar(contenedor), date(2027, 1, 2), None, None, ACTOR)[0]
    c = app.aprobar(registrar(contenedor), date(2027, 1, 3), None, None, ACTOR)[0]
    o = app.aprobar(
        registrar(contenedor, TipoDocumento.ORDENANZA), date(2027, 1, 3), None, None, ACTOR
    )[0]
    assert (a.numero, a.anio) == (1, 2026)
    assert (b.numero, b.anio, c.numero) == (1, 2027, 2)
    assert b.codigo == "RESOLUCIÓN DE ALCALDÍA N° 001-2027-MDP/A"
    assert (o.numero, o.codigo) == (1, "ORDENANZA MUNICIPAL N° 001-2027-MDP")
