"""The `Fedatario`: a person designated by resolution to certify copies (TUO Ley 27444 art. 138)."""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import Aggregate, event

from dominio.documentos import Actor
from dominio.errores import DatoInvalido, FedatarioNoVigente, TransicionNoPermitida


class Fedatario(Aggregate):
    @event("Designado")
    def __init__(
        self,
        nombre: str,
        dni: str,
        cargo: str,
        resolucion_designacion: str,
        desde: str,
        hasta: str | None,
        actor: Actor,
    ) -> None:
        self.nombre = nombre
        self.dni = dni
        self.cargo = cargo
        self.resolucion_designacion = resolucion_designacion
        self.desde = desde
        self.hasta = hasta
        self.revocacion: dict[str, str | None] | None = None
        self.ultimo_actor = actor

    @classmethod
    def designar(
        cls,
        nombre: str,
        dni: str,
        cargo: str,
        resolucion_designacion: str,
        desde: date,
        hasta: date | None,
        actor: Actor,
    ) -> Fedatario:
        nombre = nombre.strip()
        if not nombre:
            raise DatoInvalido("Falta el nombre del fedatario.")
        if not (len(dni) == 8 and dni.isdigit()):
            raise DatoInvalido("El DNI debe tener exactamente 8 dígitos.")
        if not resolucion_designacion.strip():
            raise DatoInvalido("Falta la resolución de designación del fedatario.")
        if hasta is not None and hasta < desde:
            raise DatoInvalido("La fecha 'hasta' no puede ser anterior a 'desde'.")
        return cls(
            nombre=nombre,
            dni=dni,
            cargo=cargo.strip(),
            resolucion_designacion=resolucion_designacion.strip(),
            desde=desde.isoformat(),
            hasta=hasta.isoformat() if hasta else None,
            actor=actor,
        )

    def vigente_en(self, dia: date) -> bool:
        if date.fromisoformat(self.desde) > dia:
            return False
        if self.hasta is not None and date.fromisoformat(self.hasta) < dia:
            return False
        return not (
            self.revocacion is not None and date.fromisoformat(str(self.revocacion["fecha"])) <= dia
        )

    def exigir_vigente(self, dia: date) -> None:
        if not self.vigente_en(dia):
            raise FedatarioNoVigente(
                f"El fedatario {self.nombre} no está vigente el {dia.isoformat()}."
            )

    def revocar(self, motivo: str, fecha: date, actor: Actor) -> None:
        if self.revocacion is not None:
            raise TransicionNoPermitida("La designación del fedatario ya fue revocada.")
        self._revocado(motivo=motivo, fecha=fecha.isoformat(), actor=actor)

    @event("Revocado")
    def _revocado(self, motivo: str, fecha: str, actor: Actor) -> None:
        self.revocacion = {"motivo": motivo, "fecha": fecha}
        self.ultimo_actor = actor
