"""The `Documento` aggregate and its kinds: the lifecycle shared by every official act.

    [Redactado] BORRADOR --[NuevaVersion]*--> BORRADOR
    BORRADOR --[Aprobado: numero]--> APROBADO
    APROBADO --[Firmado]* (all required signers)--> FIRMADO
    FIRMADO --[Publicado]--> PUBLICADO (more [Publicado] for other media allowed)
    FIRMADO | PUBLICADO --[CopiaCertificada]*        (state unchanged)
    PUBLICADO --[Derogado]--> DEROGADO ; PUBLICADO --[Rectificado]--> PUBLICADO
    DOCUMENTO_EXTERNO: [Registrado] REGISTRADO --[CopiaCertificada]*

Commands check the state and raise a domain error before any event is triggered, so a refused
command leaves the aggregate untouched. Every event records the actor; eventsourcing adds the time.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate, event

from dominio.errores import DatoInvalido, TransicionNoPermitida
from dominio.tipos import TIPOS_RESOLUCION, Estado, Medio, TipoDocumento, TipoSesion

Actor = dict[str, str]
Archivo = dict[str, Any]

ACCIONES = {
    "nueva_version": "cargar una nueva versión de",
    "aprobar": "aprobar",
    "firmar": "firmar",
    "publicar": "publicar",
    "certificar": "certificar una copia de",
    "derogar": "derogar",
    "rectificar": "rectificar",
}


class Documento(Aggregate):
    """An official act of the municipality (ordenanza, acuerdo, decreto, ...)."""

    @event("Redactado")
    def __init__(
        self,
        tipo: str,
        titulo: str,
        resumen: str,
        organo_emisor: str,
        fecha_documento: str | None,
        etiquetas: list[str],
        firmantes_requeridos: list[str],
        archivo: Archivo,
        texto: str,
        actor: Actor,
    ) -> None:
        self._iniciar(tipo, titulo, resumen, organo_emisor, fecha_documento, etiquetas, archivo)
        self.estado = Estado.BORRADOR.value
        self.firmantes_requeridos = list(firmantes_requeridos)
        self.ultimo_actor = actor

    def _iniciar(
        self,
        tipo: str,
        titulo: str,
        resumen: str,
        organo_emisor: str,
        fecha_documento: str | None,
        etiquetas: list[str],
        archivo: Archivo,
    ) -> None:
        self.tipo = tipo
        self.titulo = titulo
        self.resumen = resumen
        self.organo_emisor = organo_emisor
        self.fecha_documento = fecha_documento
        self.etiquetas = list(etiquetas)
        self.archivo = archivo
        self.versiones: list[Archivo] = [archivo]
        self.firmantes_requeridos: list[str] = []
        self.numero: int | None = None
        self.anio: int | None = None
        self.codigo: str | None = None
        self.aprobacion: dict[str, Any] | None = None
        self.firmas: list[dict[str, Any]] = []
        self.publicaciones: list[dict[str, Any]] = []
        self.copias_certificadas: list[dict[str, Any]] = []
        self.rectificaciones: list[dict[str, Any]] = []
        self.derogacion: dict[str, Any] | None = None

    # -- rules -------------------------------------------------------------------------------

    def _exigir(self, accion: str, *estados: Estado) -> None:
        if self.estado not in estados:
            raise TransicionNoPermitida(
                f"No se puede {ACCIONES[accion]} un documento en estado {self.estado}."
            )

    @property
    def archivo_vigente(self) -> Archivo:
        """The file a certified copy reproduces: the last signed file, else the last version."""
        firmados = [f["archivo"] for f in self.firmas if f.get("archivo")]
        return firmados[-1] if firmados else self.archivo

    def firmas_pendientes(self) -> list[str]:
        hechas = {f["cargo"] for f in self.firmas}
        return [c for c in self.firmantes_requeridos if c not in hechas]

    def certificable(self) -> None:
        """Raise unless a fedatario may certify a copy of this document now."""
        self._exigir("certificar", Estado.FIRMADO, Estado.PUBLICADO)

    def aprobable(self) -> None:
        self._exigir("aprobar", Estado.BORRADOR)

    # -- commands ----------------------------------------------------------------------------

    def nueva_version(self, archivo: Archivo, actor: Actor) -> None:
        self._exigir("nueva_version", Estado.BORRADOR)
        if archivo["sha256"] == self.archivo["sha256"]:
            raise DatoInvalido("El archivo es idéntico a la versión vigente.")
        # `texto` stays in the event for the history of earlier versions, which filled it in;
        # a file's text is now recorded once per file (dominio.textos).
        self._nueva_version(archivo=archivo, texto="", actor=actor)

    @event("NuevaVersion")
    def _nueva_version(self, archivo: Archivo, texto: str, actor: Actor) -> None:
        self.archivo = archivo
        self.versiones.append(archivo)
        self.ultimo_actor = actor

    def aprobar(
        self,
        numero: int,
        anio: int,
        codigo: str,
        fecha: str,
        referencia: str | None,
        observaciones: str | None,
        actor: Actor,
    ) -> None:
        self.aprobable()
        self._aprobado(
            numero=numero,
            anio=anio,
            codigo=codigo,
            fecha=fecha,
            referencia=referencia,
            observaciones=observaciones,
            actor=actor,
        )

    @event("Aprobado")
    def _aprobado(
        self,
        numero: int,
        anio: int,
        codigo: str,
        fecha: str,
        referencia: str | None,
        observaciones: str | None,
        actor: Actor,
    ) -> None:
        self.estado = Estado.APROBADO.value
        self.numero = numero
        self.anio = anio
        self.codigo = codigo
        self.aprobacion = {"fecha": fecha, "referencia": referencia, "observaciones": observaciones}
        self.ultimo_actor = actor

    def firmar(
        self,
        firmante: str,
        cargo: str,
        fecha: str,
        archivo: Archivo | None,
        actor: Actor,
    ) -> None:
        self._exigir("firmar", Estado.APROBADO)
        if not firmante.strip():
            raise DatoInvalido("Falta el nombre del firmante.")
        if cargo not in self.firmantes_requeridos:
            requeridos = ", ".join(self.firmantes_requeridos)
            raise DatoInvalido(
                f"El cargo {cargo} no firma este documento; firmantes requeridos: {requeridos}."
            )
        if cargo not in self.firmas_pendientes():
            raise TransicionNoPermitida(f"El documento ya tiene la firma del cargo {cargo}.")
        self._firmado(
            firmante=firmante, cargo=cargo, fecha=fecha, archivo=archivo, texto=None, actor=actor
        )

    @event("Firmado")
    def _firmado(
        self,
        firmante: str,
        cargo: str,
        fecha: str,
        archivo: Archivo | None,
        texto: str | None,
        actor: Actor,
    ) -> None:
        self.firmas.append(
            {"firmante": firmante, "cargo": cargo, "fecha": fecha, "archivo": archivo}
        )
        if not self.firmas_pendientes():
            self.estado = Estado.FIRMADO.value
        self.ultimo_actor = actor

    def publicar(self, medio: str, fecha: str, referencia: str | None, actor: Actor) -> None:
        self._exigir("publicar", Estado.FIRMADO, Estado.PUBLICADO)
        if medio not in Medio.__members__:
            raise DatoInvalido(f"Medio de publicación desconocido: {medio}.")
        if any(p["medio"] == medio for p in self.publicaciones):
            raise TransicionNoPermitida(f"El documento ya fue publicado en {medio}.")
        self._publicado(medio=medio, fecha=fecha, referencia=referencia, actor=actor)

    @event("Publicado")
    def _publicado(self, medio: str, fecha: str, referencia: str | None, actor: Actor) -> None:
        self.publicaciones.append({"medio": medio, "fecha": fecha, "referencia": referencia})
        self.estado = Estado.PUBLICADO.value
        self.ultimo_actor = actor

    def certificar_copia(self, copia: dict[str, Any], actor: Actor) -> None:
        """Record a certified copy; `copia` holds the stamp's facts and the stored file."""
        self.certificable()
        if any(
            c["codigo_verificacion"] == copia["codigo_verificacion"]
            for c in self.copias_certificadas
        ):
            raise TransicionNoPermitida("El código de verificación ya fue usado.")
        self._copia_certificada(copia=copia, actor=actor)

    @event("CopiaCertificada")
    def _copia_certificada(self, copia: dict[str, Any], actor: Actor) -> None:
        self.copias_certificadas.append(copia)
        self.ultimo_actor = actor

    def derogar(self, motivo: str, referencia: str | None, fecha: str, actor: Actor) -> None:
        self._exigir("derogar", Estado.PUBLICADO)
        if not motivo.strip():
            raise DatoInvalido("Falta el motivo de la derogación.")
        self._derogado(motivo=motivo, referencia=referencia, fecha=fecha, actor=actor)

    @event("Derogado")
    def _derogado(self, motivo: str, referencia: str | None, fecha: str, actor: Actor) -> None:
        self.estado = Estado.DEROGADO.value
        self.derogacion = {"motivo": motivo, "referencia": referencia, "fecha": fecha}
        self.ultimo_actor = actor

    def rectificar(
        self, fe_de_erratas: str, referencia: str | None, fecha: str, actor: Actor
    ) -> None:
        self._exigir("rectificar", Estado.PUBLICADO)
        if not fe_de_erratas.strip():
            raise DatoInvalido("Falta el texto de la fe de erratas.")
        self._rectificado(
            fe_de_erratas=fe_de_erratas, referencia=referencia, fecha=fecha, actor=actor
        )

    @event("Rectificado")
    def _rectificado(
        self, fe_de_erratas: str, referencia: str | None, fecha: str, actor: Actor
    ) -> None:
        self.rectificaciones.append(
            {"fe_de_erratas": fe_de_erratas, "referencia": referencia, "fecha": fecha}
        )
        self.ultimo_actor = actor


class Resolucion(Documento):
    """A resolución (de concejo, de alcaldía, de secretaría): always names its issuing body."""


class Acta(Documento):
    """The acta of a council session: the session's facts travel with the document."""

    @event("Redactado")
    def __init__(
        self,
        tipo: str,
        titulo: str,
        resumen: str,
        organo_emisor: str,
        fecha_documento: str | None,
        etiquetas: list[str],
        firmantes_requeridos: list[str],
        archivo: Archivo,
        texto: str,
        sesion: dict[str, Any],
        actor: Actor,
    ) -> None:
        self._iniciar(tipo, titulo, resumen, organo_emisor, fecha_documento, etiquetas, archivo)
        self.estado = Estado.BORRADOR.value
        self.firmantes_requeridos = list(firmantes_requeridos)
        self.sesion = sesion
        self.ultimo_actor = actor


class DocumentoExterno(Documento):
    """A document a citizen presents, registered so that a fedatario can certify a copy of it."""

    @event("Registrado")
    def __init__(
        self,
        tipo: str,
        titulo: str,
        resumen: str,
        organo_emisor: str,
        fecha_documento: str | None,
        etiquetas: list[str],
        firmantes_requeridos: list[str],
        archivo: Archivo,
        texto: str,
        actor: Actor,
    ) -> None:
        self._iniciar(tipo, titulo, resumen, organo_emisor, fecha_documento, etiquetas, archivo)
        self.estado = Estado.REGISTRADO.value
        self.ultimo_actor = actor

    def certificable(self) -> None:
        self._exigir("certificar", Estado.REGISTRADO)


def validar_sesion(sesion: dict[str, Any]) -> dict[str, Any]:
    """Check the facts of a council session recorded with an acta (Ley 27972 arts. 13-17)."""
    tipo = sesion.get("tipo")
    if tipo not in TipoSesion.__members__:
        opciones = ", ".join(TipoSesion.__members__)
        raise DatoInvalido(f"Tipo de sesión inválido: {tipo!r}; use uno de: {opciones}.")
    if not sesion.get("fecha"):
        raise DatoInvalido("Falta la fecha de la sesión.")
    return {
        "tipo": tipo,
        "fecha": sesion["fecha"],
        "asistentes": list(sesion.get("asistentes") or []),
        "acuerdos": list(sesion.get("acuerdos") or []),
    }


def clase_para(tipo: TipoDocumento) -> type[Documento]:
    if tipo == TipoDocumento.DOCUMENTO_EXTERNO:
        return DocumentoExterno
    if tipo == TipoDocumento.ACTA_SESION:
        return Acta
    if tipo in TIPOS_RESOLUCION:
        return Resolucion
    return Documento


__all__ = ["Acta", "Documento", "DocumentoExterno", "Resolucion", "clase_para"]
