"""The text read from a stored file, recorded once per file (content-addressed by sha256).

Reading the text of a PDF is the slow part of taking it in (pypdf needs about 5 ms a page), and
only search needs it. So registering a document records the file and its pages at once, and the
text follows as its own event, written by the extractor (`servicio.extraccion`) as soon as it has
read the stored file: the registrar does not wait for it, a long acta gets its whole text (no
request deadline cuts it short), and a file registered twice is read once.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

ESPACIO_TEXTOS = uuid5(NAMESPACE_URL, "https://secretaria/textos")
ACTOR_EXTRACCION = {"usuario": "sistema", "rol": "extraccion"}


class TextoArchivo(Aggregate):
    """The text of the file whose sha256 is `sha256` (`completo` False if reading was cut off)."""

    @staticmethod
    def create_id(sha256: str) -> UUID:
        return uuid5(ESPACIO_TEXTOS, sha256.lower())

    @event("Extraido")
    def __init__(self, sha256: str, texto: str, completo: bool, actor: dict[str, str]) -> None:
        self.sha256 = sha256
        self.texto = texto
        self.completo = completo
        self.actor = actor
