"""Configurable rules of an entity: numbering formats, series, required signers.

No law fixes the numbering format; each municipality's directive does (see shared notes,
"Numbering"). Formats are `str.format` templates over `numero`, `anio` and `siglas`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dominio.errores import DatoInvalido
from dominio.tipos import FIRMANTES_POR_DEFECTO, Cargo, TipoDocumento

FORMATOS_ANUALES: dict[TipoDocumento, str] = {
    TipoDocumento.ORDENANZA: "ORDENANZA MUNICIPAL N° {numero:03d}-{anio}-{siglas}",
    TipoDocumento.ACUERDO_CONCEJO: "ACUERDO DE CONCEJO N° {numero:03d}-{anio}-{siglas}",
    TipoDocumento.RESOLUCION_CONCEJO: "RESOLUCIÓN DE CONCEJO N° {numero:03d}-{anio}-{siglas}",
    TipoDocumento.DECRETO_ALCALDIA: "DECRETO DE ALCALDÍA N° {numero:03d}-{anio}-{siglas}/A",
    TipoDocumento.RESOLUCION_ALCALDIA: "RESOLUCIÓN DE ALCALDÍA N° {numero:03d}-{anio}-{siglas}/A",
    TipoDocumento.RESOLUCION_SECRETARIA: (
        "RESOLUCIÓN DE SECRETARÍA GENERAL N° {numero:03d}-{anio}-{siglas}/SG"
    ),
    TipoDocumento.ACTA_SESION: "ACTA DE SESIÓN DE CONCEJO N° {numero:03d}-{anio}-{siglas}",
}

FORMATOS_PERPETUOS: dict[TipoDocumento, str] = {
    tipo: formato.replace("-{anio}", "") for tipo, formato in FORMATOS_ANUALES.items()
}


@dataclass(frozen=True)
class Reglas:
    """What an entity configures: its siglas, its perpetual series, formats and signers."""

    siglas: str = "MDP"
    series_perpetuas: frozenset[TipoDocumento] = frozenset()
    formatos: dict[TipoDocumento, str] = field(default_factory=dict)
    firmantes: dict[TipoDocumento, tuple[Cargo, ...]] = field(default_factory=dict)

    def es_perpetua(self, tipo: TipoDocumento) -> bool:
        return tipo in self.series_perpetuas

    def clave_serie(self, tipo: TipoDocumento, anio: int) -> str:
        """Name of the numbering series a document of `tipo` approved in `anio` belongs to."""
        return f"{tipo.value}/perpetua" if self.es_perpetua(tipo) else f"{tipo.value}/{anio}"

    def formatear(self, tipo: TipoDocumento, numero: int, anio: int) -> str:
        if tipo in self.formatos:
            plantilla = self.formatos[tipo]
        elif self.es_perpetua(tipo):
            plantilla = FORMATOS_PERPETUOS[tipo]
        else:
            plantilla = FORMATOS_ANUALES[tipo]
        return plantilla.format(numero=numero, anio=anio, siglas=self.siglas)

    def firmantes_requeridos(self, tipo: TipoDocumento) -> tuple[Cargo, ...]:
        return self.firmantes.get(tipo, FIRMANTES_POR_DEFECTO.get(tipo, ()))

    def validar(self) -> None:
        for tipo, plantilla in self.formatos.items():
            try:
                plantilla.format(numero=1, anio=2026, siglas=self.siglas)
            except (KeyError, IndexError, ValueError) as exc:
                raise DatoInvalido(f"Formato de numeración inválido para {tipo}: {exc}") from exc
