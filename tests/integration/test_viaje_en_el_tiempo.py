"""Time travel: the state at version N and at a past instant is what it was then."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dominio.errores import NoEncontrado
from dominio.numeracion import Numerador
from dominio.tipos import TipoDocumento
from servicio.bootstrap import Contenedor
from tests.integration.test_numeracion import ACTOR, registrar


def test_estado_en_version_y_en_fecha(contenedor: Contenedor) -> None:
    app = contenedor.app
    doc_id = registrar(contenedor)
    app.aprobar(doc_id, date(2026, 4, 1), None, None, ACTOR)
    aprobado = app.documento(doc_id)
    app.firmar(doc_id, "Alcalde", "ALCALDE", date(2026, 4, 2), None, ACTOR)
    app.publicar(doc_id, "PORTAL", date(2026, 4, 3), None, ACTOR)

    assert app.documento_en(doc_id, version=1).estado == "BORRADOR"
    assert app.documento_en(doc_id, version=1).numero is None
    assert app.documento_en(doc_id, version=2).estado == "APROBADO"
    assert app.documento_en(doc_id, version=3).estado == "FIRMADO"
    assert app.documento_en(doc_id).estado == "PUBLICADO"

    en_aprobacion = app.documento_en(doc_id, en=aprobado.modified_on)
    assert (en_aprobacion.estado, en_aprobacion.numero) == ("APROBADO", 1)
    justo_antes = app.documento_en(doc_id, en=aprobado.modified_on - timedelta(microseconds=1))
    assert justo_antes.estado == "BORRADOR"
    with pytest.raises(NoEncontrado):
        app.documento_en(doc_id, en=aprobado.created_on - timedelta(seconds=1))
    with pytest.raises(NoEncontrado):
        app.documento_en(doc_id, version=99)


def test_instantaneas_no_cambian_el_estado(contenedor: Contenedor) -> None:
    """A long-lived numerador is snapshotted; loading it gives the same state as replaying."""
    app = contenedor.app
    for _ in range(120):
        app.aprobar(registrar(contenedor), date(2026, 7, 1), None, None, ACTOR)
    serie = app.reglas.clave_serie(TipoDocumento.RESOLUCION_ALCALDIA, 2026)
    numerador_id = Numerador.create_id(serie)
    assert app.snapshots is not None
    assert list(app.snapshots.get(numerador_id))  # a snapshot was taken
    assert app.repository.get(numerador_id).ultimo == 120
    assert app.repository.get(numerador_id, version=60).ultimo == 59
