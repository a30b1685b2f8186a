"""Application commands that touch both the object store and the event store.

The order is the guarantee: a file is checked, then stored, and only then does an event point at
it. A refused command may leave an orphan blob (harmless, content-addressed); it never leaves an
event pointing at a file that is not stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from almacen.archivos import AlmacenArchivos
from almacen.certificacion import DatosCertificacion, generar_copia_certificada
from almacen.pdf import inspeccionar_pdf
from dominio.documentos import Documento
from dominio.errores import DatoInvalido
from dominio.verificacion import nuevo_codigo
from servicio.ajustes import Ajustes
from servicio.aplicacion import ConflictoConcurrencia, Secretaria

INTENTOS_COPIA = 5


@dataclass(frozen=True)
class CopiaEmitida:
    documento: Documento
    copia: dict[str, Any]
    posicion: int


class Comandos:
    def __init__(self, ajustes: Ajustes, app: Secretaria, almacen: AlmacenArchivos) -> None:
        self.ajustes = ajustes
        self.app = app
        self.almacen = almacen
        self.zona = ZoneInfo(ajustes.zona_horaria)

    def hoy(self) -> date:
        return datetime.now(self.zona).date()

    def ingresar_pdf(self, datos: bytes) -> dict[str, Any]:
        """Check a PDF, store it, and return the facts an event records about it.

        Its text is not read here: the extractor records it once the file is stored.
        """
        informe = inspeccionar_pdf(datos, self.ajustes.max_archivo_bytes)
        guardado = self.almacen.guardar(datos)
        archivo = {
            "clave": guardado.clave,
            "sha256": guardado.sha256,
            "bytes": guardado.bytes,
            "paginas": informe.paginas,
        }
        return archivo

    def certificar_copia(
        self,
        documento_id: UUID,
        fedatario_id: UUID,
        folios: int | None,
        solicitante: str | None,
        motivo: str | None,
        actor: dict[str, str],
    ) -> CopiaEmitida:
        hoy = self.hoy()
        for _ in range(INTENTOS_COPIA):
            doc = self.app.documento(documento_id)
            doc.certificable()
            fedatario = self.app.fedatario(fedatario_id)
            fedatario.exigir_vigente(hoy)
            original = doc.archivo_vigente
            if folios is not None and folios < 1:
                raise DatoInvalido("Los folios deben ser un número positivo.")
            codigo = nuevo_codigo(self.ajustes.entidad_siglas)
            url = f"{self.ajustes.url_publica.rstrip('/')}/portal/verificacion/{codigo}"
            pdf = generar_copia_certificada(
                self.almacen.leer(original["clave"]),
                DatosCertificacion(
                    entidad=self.ajustes.entidad_nombre,
                    documento=doc.codigo or doc.titulo,
                    fedatario=fedatario.nombre,
                    dni=fedatario.dni,
                    cargo=fedatario.cargo,
                    resolucion_designacion=fedatario.resolucion_designacion,
                    fecha=hoy.isoformat(),
                    folios=folios or original["paginas"],
                    codigo_verificacion=codigo,
                    url_verificacion=url,
                ),
            )
            archivo = self.ingresar_pdf(pdf)
            copia = {
                "codigo_verificacion": codigo,
                "fedatario_id": fedatario.id,
                "fedatario": fedatario.nombre,
                "dni": fedatario.dni,
                "resolucion_designacion": fedatario.resolucion_designacion,
                "fecha": hoy.isoformat(),
                "folios": folios or original["paginas"],
                "solicitante": solicitante,
                "motivo": motivo,
                "original_sha256": original["sha256"],
                "archivo": archivo,
            }
            try:
                doc, posicion = self.app.registrar_copia_certificada(
                    documento_id, copia, version_vista=doc.version, actor=actor
                )
            except ConflictoConcurrencia:
                continue
            return CopiaEmitida(documento=doc, copia=copia, posicion=posicion)
        raise ConflictoConcurrencia("El documento cambia demasiado rápido; intente de nuevo.")
