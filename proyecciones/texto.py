"""Spanish text normalisation shared by every search backend.

Accents and case are folded, words are reduced to their Snowball Spanish stem (the algorithm
PostgreSQL's `spanish` configuration uses), and numbers lose their leading zeros so that
"N° 005-2026" and "5-2026" meet. Indexing and querying go through the same function on SQLite and
PostgreSQL, so both backends match exactly the same documents.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import snowballstemmer

PALABRA = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("spanish")


def plegar(texto: str) -> str:
    """Lower case without diacritics: "RESOLUCIÓN" -> "resolucion", "año" -> "ano".

    Decomposed, then encoded to ASCII: what is left of a Spanish letter is its base letter, and
    symbols without one ("°", "§") disappear, as they would between words anyway.
    """
    descompuesto = unicodedata.normalize("NFKD", texto.casefold())
    return descompuesto.encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=65536)
def _normalizar_palabra(palabra: str) -> str:
    if palabra.isdigit():
        return palabra.lstrip("0") or "0"
    return _stemmer.stemWord(palabra)


@lru_cache(maxsize=65536)
def _terminos_trozo(trozo: str) -> tuple[str, ...]:
    return tuple(_normalizar_palabra(p) for p in PALABRA.findall(plegar(trozo)) if p != "_")


def terminos(texto: str) -> list[str]:
    """The index terms of a text, in order.

    Folding acts on each character alone, so the text is cut at white space first and each
    piece's terms are remembered: most pieces of an archive's texts recur, and this halves the
    cost of indexing. (White space that folding would drop, such as U+2028, still separates.)
    """
    return [t for trozo in texto.split() for t in _terminos_trozo(trozo)]


def indexable(texto: str) -> str:
    return " ".join(terminos(texto))


def fragmento(texto: str, consulta: set[str], ancho: int = 12) -> str | None:
    """A window of `texto` around its first word matching the query, matches in <mark>."""
    palabras = list(PALABRA.finditer(texto))
    coinciden = [
        i for i, m in enumerate(palabras) if _normalizar_palabra(plegar(m.group())) in consulta
    ]
    if not coinciden:
        return None
    inicio = max(coinciden[0] - ancho // 2, 0)
    fin = min(inicio + ancho * 2, len(palabras))
    desde, hasta = palabras[inicio].start(), palabras[fin - 1].end()
    partes: list[str] = []
    cursor = desde
    for i in range(inicio, fin):
        m = palabras[i]
        partes.append(html.escape(texto[cursor : m.start()]))
        palabra = html.escape(m.group())
        partes.append(f"<mark>{palabra}</mark>" if i in coinciden else palabra)
        cursor = m.end()
    prefijo = "…" if desde > 0 else ""
    sufijo = "…" if hasta < len(texto) else ""
    return prefijo + " ".join("".join(partes).split()) + sufijo
