"""A stored file whose bytes are not the ones its event recorded is reported, on every backend."""

from __future__ import annotations

from uuid import UUID

from almacen.comprobacion import comprobar_archivo
from tests.soporte.cliente import ClienteApi
from tests.soporte.manipulacion import cambiar_bytes_de_archivo
from tests.soporte.pdfs import pdf_con_texto


def test_archivo_con_otros_bytes_que_su_evento(cliente: ClienteApi) -> None:
    doc = cliente.registrar(titulo="Ordenanza que alguien reescribirá").json()
    (evento,) = cliente.contenedor.app.historial(UUID(doc["id"]))
    archivo = evento.archivo
    almacen = cliente.contenedor.almacen
    assert comprobar_archivo(almacen, archivo["clave"], archivo["sha256"]) is None

    cambiar_bytes_de_archivo(cliente.contenedor, archivo["clave"], pdf_con_texto("Otro texto"))

    problema = comprobar_archivo(almacen, archivo["clave"], archivo["sha256"])
    assert problema is not None
    assert problema.motivo == "difiere"
    assert problema.clave == archivo["clave"]
    assert archivo["sha256"][:12] in problema.detalle
