"""Runners that die resume without duplicates; a rebuilt view equals the live one."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from proyecciones.ejecucion import ponerse_al_dia
from servicio.bootstrap import Contenedor
from servicio.cli import cli
from tests.soporte.cliente import ClienteApi


class Muerte(Exception):
    pass


def poblar(cliente: ClienteApi, n: int = 6) -> None:
    for i in range(n):
        if i % 2:
            cliente.hasta_publicado(titulo=f"Resolución número {i}")
        else:
            cliente.registrar("ORDENANZA", titulo=f"Borrador número {i}")


def test_runner_muerto_a_mitad_retoma_sin_duplicados(cliente: ClienteApi) -> None:
    c: Contenedor = cliente.contenedor
    c.detener()  # no background runner: this test drives the view by hand
    poblar(cliente)
    vista = c.proyecciones.documentos["registro"]
    vista.vaciar()

    escribir = vista._escribir
    lotes = 0

    def escribir_y_morir(cursor, cambios) -> None:  # type: ignore[no-untyped-def]
        nonlocal lotes
        lotes += 1
        escribir(cursor, cambios)
        if lotes == 3:
            raise Muerte  # the process dies after writing rows, before the tracking

    vista._escribir = escribir_y_morir  # type: ignore[method-assign]
    with pytest.raises(Muerte):
        ponerse_al_dia(c.app, vista, lote=3)
    # Some batches were committed before the death; the dying batch left nothing behind.
    detenida = vista.max_tracking_id(c.app.name) or 0
    assert 0 < detenida < c.app.posicion_actual()
    hechas = {f["id"]: f["version"] for f in vista.filas()}
    assert 0 < len(hechas) < 6
    vista._escribir = escribir  # type: ignore[method-assign]

    ponerse_al_dia(c.app, vista, lote=3)
    filas = list(vista.filas())
    assert len(filas) == 6 and len({f["id"] for f in filas}) == 6
    assert c.proyecciones.comparar("registro") == []
    assert vista.max_tracking_id(c.app.name) == c.app.posicion_actual()


def test_dos_runners_a_la_vez_no_duplican(cliente: ClienteApi) -> None:
    c: Contenedor = cliente.contenedor
    poblar(cliente, 4)
    c.proyecciones.documentos["portal"].vaciar()
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda _: c.proyecciones.paso("portal"), range(3)))
    assert c.proyecciones.comparar("portal") == []


def test_reconstruida_igual_a_la_viva(cliente: ClienteApi) -> None:
    c: Contenedor = cliente.contenedor
    poblar(cliente)
    c.ponerse_al_dia()  # file texts first, then every view
    for nombre in ("registro", "portal"):
        vivas = list(c.proyecciones.documentos[nombre].filas())
        assert c.proyecciones.comparar(nombre) == []
        c.proyecciones.reconstruir(nombre)
        assert list(c.proyecciones.documentos[nombre].filas()) == vivas
    cabeza = c.sellos.cabeza()
    c.proyecciones.reconstruir("sellos")
    assert c.sellos.cabeza() == {**cabeza, "sellado_en": c.sellos.cabeza()["sellado_en"]}


def test_cli_reconstruir(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SECRETARIA_DATOS", str(tmp_path))
    r = CliRunner().invoke(cli, ["reconstruir"])
    assert r.exit_code == 0, r.output
    assert "registro:" in r.output and "portal:" in r.output and "sellos:" in r.output
    assert CliRunner().invoke(cli, ["reconstruir", "inexistente"]).exit_code == 2
