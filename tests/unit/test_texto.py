"""Search terms: what a citizen types meets what the archive says."""

from __future__ import annotations

from proyecciones.texto import terminos


def test_tildes_mayusculas_y_plurales_se_encuentran() -> None:
    assert terminos("RESOLUCIÓN") == terminos("resolucion")
    assert terminos("Ordenanzas municipales") == terminos("ordenanza municipal")


def test_numeros_sin_ceros_a_la_izquierda() -> None:
    assert terminos("N° 005-2026") == ["n", "5", "2026"]
    assert set(terminos("5-2026")) <= set(terminos("ORDENANZA N° 005-2026-MDP"))


def test_todo_espacio_separa_palabras() -> None:
    # Line and paragraph separators, no-break and ideographic spaces come out of PDF text too.
    for espacio in ("\u2028", "\u2029", "\x85", "\xa0", "\u3000", "\t\n"):
        assert terminos(f"comercio{espacio}ambulatorio") == terminos("comercio ambulatorio")
