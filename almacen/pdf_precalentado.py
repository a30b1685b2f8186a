"""Imported only by the PDF forkserver (see `pdf_aislado`): warm pypdf up once there, so that
every forked analysis starts with its lazy imports and caches ready, and freeze the heap so the
children's garbage collector does not touch (and copy) the server's pages. It also gives the
server's `__main__` the parent's script path, so that children do not re-run that script."""

from __future__ import annotations

import gc
import os
import sys

from almacen import pdf_analisis
from almacen.pdf_aislado import VARIABLE_PRINCIPAL

if os.environ.get(VARIABLE_PRINCIPAL) and "__main__" in sys.modules:
    sys.modules["__main__"].__file__ = os.environ[VARIABLE_PRINCIPAL]

MINIMO = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 99 99]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 33>>stream\nBT /F1 9 Tf 9 9 Td (ok) Tj ET\n\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

with pdf_analisis.limites_pypdf():
    try:
        _lector, _ = pdf_analisis.abrir(MINIMO)
        list(pdf_analisis.textos(_lector))
    except Exception:  # warming up is an optimisation only
        pass
gc.freeze()
