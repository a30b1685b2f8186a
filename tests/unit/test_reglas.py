"""Numbering formats and series (annual by default, perpetual by configuration)."""

from __future__ import annotations

import pytest

from dominio.errores import DatoInvalido
from dominio.reglas import Reglas
from dominio.tipos import Cargo, TipoDocumento


def test_formatos_por_defecto() -> None:
    r = Reglas(siglas="MDP")
    assert r.formatear(TipoDocumento.ORDENANZA, 5, 2026) == "ORDENANZA MUNICIPAL N° 005-2026-MDP"
    assert (
        r.formatear(TipoDocumento.RESOLUCION_ALCALDIA, 123, 2026)
        == "RESOLUCIÓN DE ALCALDÍA N° 123-2026-MDP/A"
    )
    assert (
        r.formatear(TipoDocumento.ACUERDO_CONCEJO, 12, 2026) == "ACUERDO DE CONCEJO N° 012-2026-MDP"
    )


def test_siglas_configurables_y_series_perpetuas() -> None:
    r = Reglas(siglas="MDLP", series_perpetuas=frozenset({TipoDocumento.ORDENANZA}))
    assert r.formatear(TipoDocumento.ORDENANZA, 607, 2026) == "ORDENANZA MUNICIPAL N° 607-MDLP"
    assert r.clave_serie(TipoDocumento.ORDENANZA, 2026) == r.clave_serie(
        TipoDocumento.ORDENANZA, 2027
    )
    assert r.clave_serie(TipoDocumento.DECRETO_ALCALDIA, 2026) != r.clave_serie(
        TipoDocumento.DECRETO_ALCALDIA, 2027
    )


def test_formato_propio_y_firmantes_propios() -> None:
    r = Reglas(
        siglas="MPCH",
        formatos={
            TipoDocumento.DECRETO_ALCALDIA: "DECRETO DE ALCALDÍA N° {numero:03d}-{anio}-A/{siglas}"
        },
        firmantes={TipoDocumento.ORDENANZA: (Cargo.ALCALDE,)},
    )
    r.validar()
    assert (
        r.formatear(TipoDocumento.DECRETO_ALCALDIA, 8, 2025)
        == "DECRETO DE ALCALDÍA N° 008-2025-A/MPCH"
    )
    assert r.firmantes_requeridos(TipoDocumento.ORDENANZA) == (Cargo.ALCALDE,)


def test_formato_invalido_rechazado() -> None:
    with pytest.raises(DatoInvalido):
        Reglas(formatos={TipoDocumento.ORDENANZA: "N° {numeral}"}).validar()
