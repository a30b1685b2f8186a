"""Every allowed transition and every refused one, per document type (domain only, no I/O)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dominio.documentos import Acta, Documento, DocumentoExterno, Resolucion, clase_para
from dominio.errores import DatoInvalido, TransicionNoPermitida
from dominio.reglas import Reglas
from dominio.tipos import Estado, TipoDocumento

ACTOR = {"usuario": "prueba", "rol": "secretario"}
ARCHIVO = {"clave": "sha256/aa/bb/aabb", "sha256": "aabb", "bytes": 10, "paginas": 1}
OTRO_ARCHIVO = {"clave": "sha256/cc/dd/ccdd", "sha256": "ccdd", "bytes": 12, "paginas": 2}
INTERNOS = [t for t in TipoDocumento if t != TipoDocumento.DOCUMENTO_EXTERNO]
REGLAS = Reglas()


def nuevo(tipo: TipoDocumento) -> Documento:
    datos = dict(
        tipo=tipo.value,
        titulo="Acto de prueba",
        resumen="",
        organo_emisor="CONCEJO MUNICIPAL",
        fecha_documento=None,
        etiquetas=[],
        firmantes_requeridos=[c.value for c in REGLAS.firmantes_requeridos(tipo)],
        archivo=ARCHIVO,
        texto="texto",
        actor=ACTOR,
    )
    if tipo == TipoDocumento.ACTA_SESION:
        datos["sesion"] = {
            "tipo": "ORDINARIA",
            "fecha": "2026-03-02",
            "asistentes": [],
            "acuerdos": [],
        }
    return clase_para(tipo)(**datos)


def aprobar(d: Documento) -> None:
    d.aprobar(1, 2026, "N° 001-2026", "2026-03-10", None, None, ACTOR)


def firmar_todo(d: Documento) -> None:
    # With nothing pending, still try a signature: the state must refuse it.
    for cargo in d.firmas_pendientes() or (d.firmantes_requeridos or ["ALCALDE"])[:1]:
        d.firmar("Firmante", cargo, "2026-03-11", None, ACTOR)


def publicar(d: Documento, medio: str = "PORTAL") -> None:
    d.publicar(medio, "2026-03-12", None, ACTOR)


def certificar(d: Documento, codigo: str = "MDP-0000-0000-0001") -> None:
    d.certificar_copia({"codigo_verificacion": codigo, "archivo": OTRO_ARCHIVO}, ACTOR)


def derogar(d: Documento) -> None:
    d.derogar("Norma derogada por la Ordenanza N° 010-2026", None, "2026-05-01", ACTOR)


def rectificar(d: Documento) -> None:
    d.rectificar("Donde dice 2025 debe decir 2026", None, "2026-03-20", ACTOR)


def nueva_version(d: Documento) -> None:
    d.nueva_version(OTRO_ARCHIVO, ACTOR)


def llevar_a(tipo: TipoDocumento, estado: Estado) -> Documento:
    d = nuevo(tipo)
    pasos: list[Callable[[Documento], None]] = {
        Estado.BORRADOR: [],
        Estado.APROBADO: [aprobar],
        Estado.FIRMADO: [aprobar, firmar_todo],
        Estado.PUBLICADO: [aprobar, firmar_todo, publicar],
        Estado.DEROGADO: [aprobar, firmar_todo, publicar, derogar],
    }[estado]
    for paso in pasos:
        paso(d)
    assert d.estado == estado
    return d


ACCIONES: dict[str, Callable[[Documento], None]] = {
    "nueva_version": nueva_version,
    "aprobar": aprobar,
    "firmar": firmar_todo,
    "publicar": publicar,
    "certificar": certificar,
    "derogar": derogar,
    "rectificar": rectificar,
}

# (estado, accion) -> estado resultante; lo que no figura aquí es rechazado.
PERMITIDAS: dict[tuple[Estado, str], Estado] = {
    (Estado.BORRADOR, "nueva_version"): Estado.BORRADOR,
    (Estado.BORRADOR, "aprobar"): Estado.APROBADO,
    (Estado.APROBADO, "firmar"): Estado.FIRMADO,
    (Estado.FIRMADO, "publicar"): Estado.PUBLICADO,
    (Estado.FIRMADO, "certificar"): Estado.FIRMADO,
    (Estado.PUBLICADO, "publicar"): Estado.PUBLICADO,  # another medium
    (Estado.PUBLICADO, "certificar"): Estado.PUBLICADO,
    (Estado.PUBLICADO, "derogar"): Estado.DEROGADO,
    (Estado.PUBLICADO, "rectificar"): Estado.PUBLICADO,
}
ESTADOS_INTERNOS = [
    Estado.BORRADOR,
    Estado.APROBADO,
    Estado.FIRMADO,
    Estado.PUBLICADO,
    Estado.DEROGADO,
]


@pytest.mark.parametrize("tipo", INTERNOS, ids=str)
@pytest.mark.parametrize("estado", ESTADOS_INTERNOS, ids=str)
@pytest.mark.parametrize("accion", list(ACCIONES))
def test_matriz_de_transiciones(tipo: TipoDocumento, estado: Estado, accion: str) -> None:
    d = llevar_a(tipo, estado)
    if accion == "publicar" and estado == Estado.PUBLICADO:
        # A second publication must use another medium; the same one is refused below.
        d.publicar("DIARIO_OFICIAL", "2026-03-13", None, ACTOR)
        assert d.estado == Estado.PUBLICADO
        return
    version = d.version
    esperado = PERMITIDAS.get((estado, accion))
    if esperado is None:
        with pytest.raises(TransicionNoPermitida) as error:
            ACCIONES[accion](d)
        assert estado.value in error.value.detalle
        assert d.version == version and not d.collect_events()[version:]
        assert d.estado == estado
    else:
        ACCIONES[accion](d)
        assert d.estado == esperado
        assert d.version > version


@pytest.mark.parametrize("accion", [a for a in ACCIONES if a != "certificar"])
def test_documento_externo_solo_admite_copias(accion: str) -> None:
    d = nuevo(TipoDocumento.DOCUMENTO_EXTERNO)
    assert isinstance(d, DocumentoExterno) and d.estado == Estado.REGISTRADO
    with pytest.raises(TransicionNoPermitida):
        ACCIONES[accion](d)
    certificar(d)
    certificar(d, "MDP-0000-0000-0002")
    assert d.estado == Estado.REGISTRADO and len(d.copias_certificadas) == 2


def test_clases_por_tipo() -> None:
    assert isinstance(nuevo(TipoDocumento.RESOLUCION_ALCALDIA), Resolucion)
    assert isinstance(nuevo(TipoDocumento.ACTA_SESION), Acta)
    assert type(nuevo(TipoDocumento.ORDENANZA)) is Documento


def test_firmas_requeridas_por_tipo() -> None:
    ordenanza = llevar_a(TipoDocumento.ORDENANZA, Estado.APROBADO)
    ordenanza.firmar("Alcalde", "ALCALDE", "2026-03-11", None, ACTOR)
    assert ordenanza.estado == Estado.APROBADO  # still waits for the secretario general
    assert ordenanza.firmas_pendientes() == ["SECRETARIO_GENERAL"]
    with pytest.raises(TransicionNoPermitida):
        ordenanza.firmar("Alcalde", "ALCALDE", "2026-03-11", None, ACTOR)
    with pytest.raises(DatoInvalido):
        ordenanza.firmar("Gerente", "GERENTE_MUNICIPAL", "2026-03-11", None, ACTOR)
    ordenanza.firmar("Secretario", "SECRETARIO_GENERAL", "2026-03-11", None, ACTOR)
    assert ordenanza.estado == Estado.FIRMADO

    resolucion = llevar_a(TipoDocumento.RESOLUCION_ALCALDIA, Estado.APROBADO)
    resolucion.firmar("Alcalde", "ALCALDE", "2026-03-11", None, ACTOR)
    assert resolucion.estado == Estado.FIRMADO


def test_misma_publicacion_dos_veces_rechazada() -> None:
    d = llevar_a(TipoDocumento.ORDENANZA, Estado.PUBLICADO)
    with pytest.raises(TransicionNoPermitida):
        publicar(d, "PORTAL")


def test_nueva_version_identica_rechazada() -> None:
    d = nuevo(TipoDocumento.ORDENANZA)
    with pytest.raises(DatoInvalido):
        d.nueva_version(ARCHIVO, ACTOR)


def test_eventos_registran_actor_y_momento() -> None:
    d = llevar_a(TipoDocumento.RESOLUCION_ALCALDIA, Estado.PUBLICADO)
    eventos = d.collect_events()
    assert [type(e).__name__ for e in eventos] == ["Redactado", "Aprobado", "Firmado", "Publicado"]
    for e in eventos:
        assert e.actor == ACTOR
        assert e.timestamp.tzinfo is not None


def test_archivo_firmado_es_el_que_se_certifica() -> None:
    d = llevar_a(TipoDocumento.RESOLUCION_ALCALDIA, Estado.APROBADO)
    assert d.archivo_vigente == ARCHIVO
    d.firmar("Alcalde", "ALCALDE", "2026-03-11", OTRO_ARCHIVO, ACTOR)
    assert d.archivo_vigente == OTRO_ARCHIVO
