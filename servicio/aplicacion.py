"""The eventsourcing Application of the Secretaria: every command on the event store.

Files are already stored (and checked) when these commands run; a command only records facts.
Each command re-reads the aggregates it touches and retries on an optimistic-concurrency
conflict, so concurrent writers serialise on the aggregate's version instead of failing.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from dominio.documentos import Acta, Documento, DocumentoExterno, Resolucion, clase_para
from dominio.errores import DatoInvalido, ErrorDominio, NoEncontrado
from dominio.fedatarios import Fedatario
from dominio.numeracion import Numerador
from dominio.reglas import Reglas
from dominio.textos import ACTOR_EXTRACCION, TextoArchivo
from dominio.tipos import ORGANO_POR_DEFECTO, TipoDocumento
from dominio.usuarios import Usuario
from dominio.verificacion import HuellaCopia, Verificacion
from servicio.idempotencia.unidad import acompanar

T = TypeVar("T")
REINTENTOS = 50


class ConflictoConcurrencia(ErrorDominio):
    codigo = "conflicto_concurrencia"


class Secretaria(Application[UUID]):
    name = "Secretaria"
    snapshotting_intervals = {  # noqa: RUF012 - the library reads this class attribute
        Numerador: 100,
        Documento: 100,
        Resolucion: 100,
        Acta: 100,
        DocumentoExterno: 100,
    }

    def __init__(self, reglas: Reglas, env: dict[str, str] | None = None) -> None:
        super().__init__(env=env)
        self.reglas = reglas
        self._cerrojos: dict[str, threading.Lock] = {}
        self._cerrojos_guardia = threading.Lock()

    # -- plumbing ----------------------------------------------------------------------------

    def _guardar(self, *agregados: Aggregate) -> int:
        """Save atomically and return the position (notification id) of the last event."""
        # An idempotent request's reservation joins the command's own transaction.
        with acompanar(self, agregados) as acompanantes:
            grabaciones = self.save(*agregados, *acompanantes)
        return grabaciones[-1].notification.id if grabaciones else self.posicion_actual()

    def _con_reintentos(self, comando: Callable[[], T]) -> T:
        for intento in range(REINTENTOS):
            try:
                return comando()
            except IntegrityError:
                # Jittered back-off, so that contending writers stop colliding in lockstep.
                time.sleep(random.uniform(0, 0.002 * min(intento + 1, 10)))
        raise ConflictoConcurrencia(
            "Otra operación modificó el mismo registro al mismo tiempo; intente de nuevo."
        )

    def posicion_actual(self) -> int:
        return self.recorder.max_notification_id() or 0

    def _obtener(self, clase: type[T], agregado_id: UUID, etiqueta: str) -> T:
        try:
            agregado = self.repository.get(agregado_id)
        except AggregateNotFoundError:
            raise NoEncontrado(f"No existe {etiqueta} con id {agregado_id}.") from None
        if not isinstance(agregado, clase):
            raise NoEncontrado(f"No existe {etiqueta} con id {agregado_id}.")
        return agregado

    def documento(self, documento_id: UUID) -> Documento:
        return self._obtener(Documento, documento_id, "un documento")

    def fedatario(self, fedatario_id: UUID) -> Fedatario:
        return self._obtener(Fedatario, fedatario_id, "un fedatario")

    def _cambiar_documento(
        self, documento_id: UUID, cambio: Callable[[Documento], None]
    ) -> tuple[Documento, int]:
        def comando() -> tuple[Documento, int]:
            doc = self.documento(documento_id)
            cambio(doc)
            return doc, self._guardar(doc)

        return self._con_reintentos(comando)

    # -- documents ---------------------------------------------------------------------------

    def registrar_documento(
        self,
        tipo: TipoDocumento,
        titulo: str,
        resumen: str,
        organo_emisor: str | None,
        fecha_documento: date | None,
        etiquetas: list[str],
        archivo: dict[str, Any],
        actor: dict[str, str],
        sesion: dict[str, Any] | None = None,
    ) -> tuple[Documento, int]:
        """Register a document; its file's text is recorded apart (`registrar_texto`)."""
        titulo = titulo.strip()
        if not titulo:
            raise DatoInvalido("Falta el título del documento.")
        clase = clase_para(tipo)
        datos: dict[str, Any] = {
            "tipo": tipo.value,
            "titulo": titulo,
            "resumen": resumen.strip(),
            "organo_emisor": (organo_emisor or "").strip() or ORGANO_POR_DEFECTO.get(tipo, ""),
            "fecha_documento": fecha_documento.isoformat() if fecha_documento else None,
            "etiquetas": sorted({e.strip() for e in etiquetas if e.strip()}),
            "firmantes_requeridos": [c.value for c in self.reglas.firmantes_requeridos(tipo)],
            "archivo": archivo,
            "texto": "",  # the event keeps the field that earlier versions filled in
            "actor": actor,
        }
        if clase is Acta:
            if sesion is None:
                raise DatoInvalido("Un acta de sesión debe indicar la sesión (tipo y fecha).")
            datos["sesion"] = sesion
        elif sesion is not None:
            raise DatoInvalido("Solo un acta de sesión lleva datos de sesión.")
        doc = clase(**datos)
        return doc, self._guardar(doc)

    def nueva_version(
        self, documento_id: UUID, archivo: dict[str, Any], actor: dict[str, str]
    ) -> tuple[Documento, int]:
        return self._cambiar_documento(
            documento_id, lambda d: d.nueva_version(archivo=archivo, actor=actor)
        )

    def aprobar(
        self,
        documento_id: UUID,
        fecha: date,
        referencia: str | None,
        observaciones: str | None,
        actor: dict[str, str],
    ) -> tuple[Documento, int]:
        """Approve and number a document. Numerador and document are saved in one transaction."""

        def comando() -> tuple[Documento, int]:
            doc = self.documento(documento_id)
            doc.aprobable()  # refuse before a number is touched
            tipo = TipoDocumento(doc.tipo)
            serie = self.reglas.clave_serie(tipo, fecha.year)
            try:
                numerador = self.repository.get(Numerador.create_id(serie))
            except AggregateNotFoundError:
                numerador = Numerador(serie=serie)
            numero = numerador.siguiente(doc.id)
            doc.aprobar(
                numero=numero,
                anio=fecha.year,
                codigo=self.reglas.formatear(tipo, numero, fecha.year),
                fecha=fecha.isoformat(),
                referencia=referencia,
                observaciones=observaciones,
                actor=actor,
            )
            return doc, self._guardar(doc, numerador)

        # Writers in this process take turns per series: without it, concurrent approvals mostly
        # collide on the numerador's version and retry. Other processes still only collide and
        # retry: the event store's optimistic concurrency is what keeps numbers gapless.
        tipo = TipoDocumento(self.documento(documento_id).tipo)
        with self._cerrojo_serie(self.reglas.clave_serie(tipo, fecha.year)):
            return self._con_reintentos(comando)

    def _cerrojo_serie(self, serie: str) -> threading.Lock:
        with self._cerrojos_guardia:
            return self._cerrojos.setdefault(serie, threading.Lock())

    def firmar(
        self,
        documento_id: UUID,
        firmante: str,
        cargo: str,
        fecha: date,
        archivo: dict[str, Any] | None,
        actor: dict[str, str],
    ) -> tuple[Documento, int]:
        return self._cambiar_documento(
            documento_id,
            lambda d: d.firmar(
                firmante=firmante.strip(),
                cargo=cargo,
                fecha=fecha.isoformat(),
                archivo=archivo,
                actor=actor,
            ),
        )

    def publicar(
        self,
        documento_id: UUID,
        medio: str,
        fecha: date,
        referencia: str | None,
        actor: dict[str, str],
    ) -> tuple[Documento, int]:
        return self._cambiar_documento(
            documento_id,
            lambda d: d.publicar(
                medio=medio, fecha=fecha.isoformat(), referencia=referencia, actor=actor
            ),
        )

    def derogar(
        self,
        documento_id: UUID,
        motivo: str,
        referencia: str | None,
        fecha: date,
        actor: dict[str, str],
    ) -> tuple[Documento, int]:
        return self._cambiar_documento(
            documento_id,
            lambda d: d.derogar(
                motivo=motivo, referencia=referencia, fecha=fecha.isoformat(), actor=actor
            ),
        )

    def rectificar(
        self,
        documento_id: UUID,
        fe_de_erratas: str,
        referencia: str | None,
        fecha: date,
        actor: dict[str, str],
    ) -> tuple[Documento, int]:
        return self._cambiar_documento(
            documento_id,
            lambda d: d.rectificar(
                fe_de_erratas=fe_de_erratas,
                referencia=referencia,
                fecha=fecha.isoformat(),
                actor=actor,
            ),
        )

    def registrar_copia_certificada(
        self, documento_id: UUID, copia: dict[str, Any], version_vista: int, actor: dict[str, str]
    ) -> tuple[Documento, int]:
        """Record a certified copy made from the document as it was at `version_vista`.

        The copy's PDF was generated from that version's file; if the document changed since,
        the save conflicts and the caller must generate the copy again.
        """
        doc = self.documento(documento_id)
        if doc.version != version_vista:
            raise ConflictoConcurrencia("El documento cambió mientras se generaba la copia.")
        doc.certificar_copia(copia=copia, actor=actor)
        codigo, sha256 = copia["codigo_verificacion"], copia["archivo"]["sha256"]
        verificacion = Verificacion(codigo=codigo, documento_id=doc.id, sha256=sha256)
        huella = HuellaCopia(sha256=sha256, codigo=codigo)
        try:
            return doc, self._guardar(doc, verificacion, huella)
        except IntegrityError:
            raise ConflictoConcurrencia(
                "El documento cambió mientras se generaba la copia."
            ) from None

    def verificacion(self, codigo: str) -> Verificacion:
        return self._obtener(
            Verificacion, Verificacion.create_id(codigo), "una copia con el código"
        )

    # -- file texts --------------------------------------------------------------------------

    def tiene_texto(self, sha256: str) -> bool:
        """Whether the text of this file is recorded (by the extractor, or by an earlier run)."""
        return self.recorder.select_events(TextoArchivo.create_id(sha256), limit=1) != []

    def registrar_texto(self, sha256: str, texto: str, completo: bool) -> int | None:
        """Record the text of a stored file; None if it was recorded already (by anyone)."""
        leido = TextoArchivo(sha256=sha256, texto=texto, completo=completo, actor=ACTOR_EXTRACCION)
        try:
            return self.save(leido)[-1].notification.id
        except IntegrityError:
            return None

    def codigo_de_copia(self, sha256: str) -> str | None:
        """Verification code of the certified copy whose PDF has this sha256, if any."""
        try:
            huella = self.repository.get(HuellaCopia.create_id(sha256))
        except AggregateNotFoundError:
            return None
        return huella.codigo if isinstance(huella, HuellaCopia) else None

    # -- time travel and history -------------------------------------------------------------

    def documento_en(
        self, documento_id: UUID, version: int | None = None, en: datetime | None = None
    ) -> Documento:
        if en is not None:
            version = None
            for evento in self.events.get(documento_id):
                if evento.timestamp <= en:
                    version = evento.originator_version
                else:
                    break
            if version is None:
                raise NoEncontrado(f"El documento {documento_id} no existía en {en.isoformat()}.")
        if version is None:
            return self.documento(documento_id)
        actual = self.documento(documento_id)
        if version < 1 or version > actual.version:
            raise NoEncontrado(f"El documento {documento_id} no tiene la versión {version}.")
        try:
            doc = self.repository.get(documento_id, version=version)
        except AggregateNotFoundError:
            raise NoEncontrado(
                f"El documento {documento_id} no tiene la versión {version}."
            ) from None
        return doc

    def historial(self, agregado_id: UUID) -> list[Any]:
        eventos = list(self.events.get(agregado_id))
        if not eventos:
            raise NoEncontrado(f"No existe un documento con id {agregado_id}.")
        return eventos

    # -- fedatarios --------------------------------------------------------------------------

    def designar_fedatario(self, **datos: Any) -> tuple[Fedatario, int]:
        fedatario = Fedatario.designar(**datos)
        return fedatario, self._guardar(fedatario)

    def revocar_fedatario(
        self, fedatario_id: UUID, motivo: str, fecha: date, actor: dict[str, str]
    ) -> tuple[Fedatario, int]:
        def comando() -> tuple[Fedatario, int]:
            fedatario = self.fedatario(fedatario_id)
            fedatario.revocar(motivo=motivo, fecha=fecha, actor=actor)
            return fedatario, self._guardar(fedatario)

        return self._con_reintentos(comando)

    def fedatarios(self) -> list[Fedatario]:
        ids = self._ids_creados(Fedatario.Designado)
        return [self.fedatario(i) for i in ids]

    def _ids_creados(self, clase_evento: type) -> list[UUID]:
        """Ids of the aggregates created with `clase_evento`, in log order."""
        topico = get_topic(clase_evento)
        ids: list[UUID] = []
        inicio = 1
        while True:
            lote = self.recorder.select_notifications(start=inicio, limit=500, topics=[topico])
            if not lote:
                return ids
            ids.extend(n.originator_id for n in lote)
            inicio = lote[-1].id + 1

    # -- users -------------------------------------------------------------------------------

    def crear_usuario(
        self, huella_token: str, nombre: str, rol: str, fedatario_id: UUID | None, creado_por: str
    ) -> Usuario:
        if fedatario_id is not None:
            self.fedatario(fedatario_id)
        usuario = Usuario.crear(
            huella_token=huella_token,
            nombre=nombre,
            rol=rol,
            fedatario_id=fedatario_id,
            creado_por=creado_por,
        )
        self._guardar(usuario)
        return usuario

    def usuario_por_huella(self, huella_token: str) -> Usuario | None:
        try:
            usuario = self.repository.get(Usuario.create_id(huella_token))
        except AggregateNotFoundError:
            return None
        return usuario if isinstance(usuario, Usuario) else None

    def usuarios(self) -> Iterator[Usuario]:
        for i in self._ids_creados(Usuario.Creado):
            yield self._obtener(Usuario, i, "un usuario")
