"""Vocabulary of the domain: document types, states, signer roles, publication media."""

from __future__ import annotations

from enum import StrEnum


class TipoDocumento(StrEnum):
    ORDENANZA = "ORDENANZA"
    ACUERDO_CONCEJO = "ACUERDO_CONCEJO"
    RESOLUCION_CONCEJO = "RESOLUCION_CONCEJO"
    DECRETO_ALCALDIA = "DECRETO_ALCALDIA"
    RESOLUCION_ALCALDIA = "RESOLUCION_ALCALDIA"
    RESOLUCION_SECRETARIA = "RESOLUCION_SECRETARIA"
    ACTA_SESION = "ACTA_SESION"
    DOCUMENTO_EXTERNO = "DOCUMENTO_EXTERNO"


TIPOS_RESOLUCION = frozenset(
    {
        TipoDocumento.RESOLUCION_CONCEJO,
        TipoDocumento.RESOLUCION_ALCALDIA,
        TipoDocumento.RESOLUCION_SECRETARIA,
    }
)


class Estado(StrEnum):
    BORRADOR = "BORRADOR"
    APROBADO = "APROBADO"
    FIRMADO = "FIRMADO"
    PUBLICADO = "PUBLICADO"
    DEROGADO = "DEROGADO"
    REGISTRADO = "REGISTRADO"


class Cargo(StrEnum):
    ALCALDE = "ALCALDE"
    SECRETARIO_GENERAL = "SECRETARIO_GENERAL"
    GERENTE_MUNICIPAL = "GERENTE_MUNICIPAL"
    TENIENTE_ALCALDE = "TENIENTE_ALCALDE"
    REGIDOR = "REGIDOR"


class Medio(StrEnum):
    PORTAL = "PORTAL"
    DIARIO_OFICIAL = "DIARIO_OFICIAL"
    DIARIO_JUDICIAL = "DIARIO_JUDICIAL"
    CARTEL = "CARTEL"


class TipoSesion(StrEnum):
    ORDINARIA = "ORDINARIA"
    EXTRAORDINARIA = "EXTRAORDINARIA"
    SOLEMNE = "SOLEMNE"


class Rol(StrEnum):
    REGISTRADOR = "registrador"
    SECRETARIO = "secretario"
    FEDATARIO = "fedatario"
    AUDITOR = "auditor"
    ADMIN = "admin"


# Issuing body assumed when the registrar does not name one (Ley 27972 arts. 39, 42, 43).
ORGANO_POR_DEFECTO: dict[TipoDocumento, str] = {
    TipoDocumento.ORDENANZA: "CONCEJO MUNICIPAL",
    TipoDocumento.ACUERDO_CONCEJO: "CONCEJO MUNICIPAL",
    TipoDocumento.RESOLUCION_CONCEJO: "CONCEJO MUNICIPAL",
    TipoDocumento.ACTA_SESION: "CONCEJO MUNICIPAL",
    TipoDocumento.DECRETO_ALCALDIA: "ALCALDIA",
    TipoDocumento.RESOLUCION_ALCALDIA: "ALCALDIA",
    TipoDocumento.RESOLUCION_SECRETARIA: "SECRETARIA GENERAL",
}

# Required signers by type. The LOM (art. 20.6) gives the alcalde the signature; any refrendo by
# the secretario general comes from the entity's ROF, hence configurable (see reglas.py).
FIRMANTES_POR_DEFECTO: dict[TipoDocumento, tuple[Cargo, ...]] = {
    TipoDocumento.ORDENANZA: (Cargo.ALCALDE, Cargo.SECRETARIO_GENERAL),
    TipoDocumento.ACUERDO_CONCEJO: (Cargo.ALCALDE, Cargo.SECRETARIO_GENERAL),
    TipoDocumento.RESOLUCION_CONCEJO: (Cargo.ALCALDE, Cargo.SECRETARIO_GENERAL),
    TipoDocumento.DECRETO_ALCALDIA: (Cargo.ALCALDE, Cargo.SECRETARIO_GENERAL),
    TipoDocumento.ACTA_SESION: (Cargo.ALCALDE, Cargo.SECRETARIO_GENERAL),
    TipoDocumento.RESOLUCION_ALCALDIA: (Cargo.ALCALDE,),
    TipoDocumento.RESOLUCION_SECRETARIA: (Cargo.SECRETARIO_GENERAL,),
}
