"""Auditors page through the log; citizens check a PDF by uploading it."""

from __future__ import annotations

from tests.soporte.cliente import ClienteApi
from tests.soporte.pdfs import pdf_con_texto


def test_auditor_recorre_todo_el_log(cliente: ClienteApi) -> None:
    doc = cliente.hasta_publicado()
    cliente.contenedor.ponerse_al_dia()  # the file's text is recorded in the background
    vistos: list[dict] = []
    desde = 0
    while True:
        r = cliente.http.get(
            f"/v1/auditoria/eventos?desde={desde}&limite=3", headers=cliente.como("auditor")
        )
        assert r.status_code == 200, r.text
        pagina = r.json()
        vistos.extend(pagina["items"])
        if pagina["siguiente"] is None:
            break
        desde = pagina["siguiente"]
    posiciones = [e["posicion"] for e in vistos]
    assert posiciones == sorted(posiciones) and len(set(posiciones)) == len(posiciones)
    assert posiciones[-1] == cliente.contenedor.app.posicion_actual()
    del_documento = [e["tipo"] for e in vistos if e["agregado_id"] == doc["id"]]
    assert del_documento == ["Redactado", "Aprobado", "Firmado", "Publicado"]
    for rol in ("registrador", "secretario", "fedatario", "admin"):
        r = cliente.http.get("/v1/auditoria/eventos", headers=cliente.como(rol))
        assert r.status_code == 403


def test_verificacion_por_archivo(cliente: ClienteApi) -> None:
    doc = cliente.hasta_publicado()
    copia = cliente.accion(doc["id"], "copias-certificadas", rol="fedatario").json()
    pdf = cliente.http.get(copia["url"], headers=cliente.como("auditor")).content

    r = cliente.http.post(
        "/portal/verificacion", files={"archivo": ("copia.pdf", pdf, "application/pdf")}
    )
    assert r.status_code == 200, r.text
    assert r.json()["valido"] is True and r.json()["clase"] == "COPIA_CERTIFICADA"
    assert r.json()["copia"]["codigo_verificacion"] == copia["codigo_verificacion"]

    alterado = pdf.replace(b"CERTIFICO", b"CERTIFICA", 1) if b"CERTIFICO" in pdf else pdf + b"\n"
    r = cliente.http.post(
        "/portal/verificacion", files={"archivo": ("copia.pdf", alterado, "application/pdf")}
    )
    assert r.status_code == 200 and r.json()["valido"] is False

    ajeno = pdf_con_texto("Un documento que nunca se emitió aquí")
    r = cliente.http.post(
        "/portal/verificacion", files={"archivo": ("x.pdf", ajeno, "application/pdf")}
    )
    assert r.json()["valido"] is False
