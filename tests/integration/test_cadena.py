"""The hash chain and the file check of the audit, against the real event and file stores."""

from __future__ import annotations

from servicio.auditoria import Informe, comprobar_archivos, comprobar_cadena
from servicio.cadena import GENESIS, eslabon, recorrer_log
from tests.soporte.cliente import ClienteApi


def sellos_de(app) -> list[tuple[int, str]]:
    anterior, sellos = GENESIS, []
    for n in recorrer_log(app.recorder, lote=7):
        anterior = eslabon(anterior, n)
        sellos.append((n.id, anterior))
    return sellos


def test_cadena_limpia_y_cabeza_externa(cliente: ClienteApi) -> None:
    cliente.hasta_publicado()
    cliente.contenedor.ponerse_al_dia()  # the file's text too: nothing is written after this
    app = cliente.contenedor.app
    sellos = sellos_de(app)
    informe = Informe()
    comprobar_cadena(app.recorder, iter(sellos), sellos[-1], informe)
    assert informe.correcto, informe.hallazgos
    assert informe.eventos == len(sellos)
    assert informe.cabeza == {"posicion": sellos[-1][0], "hash": sellos[-1][1]}

    otra = Informe()
    comprobar_cadena(app.recorder, iter(sellos), (sellos[-1][0], "f" * 64), otra)
    assert not otra.correcto and otra.hallazgos[0].posicion == sellos[-1][0]


def test_archivos_intactos(cliente: ClienteApi) -> None:
    doc = cliente.hasta_publicado()
    cliente.accion(doc["id"], "copias-certificadas", rol="fedatario")
    informe = Informe()
    comprobar_archivos(cliente.contenedor.app, cliente.contenedor.almacen, informe)
    assert informe.correcto, informe.hallazgos
    assert informe.archivos == 2  # the original and the certified copy
