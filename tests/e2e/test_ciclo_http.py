"""The full lifecycle over HTTP with real PDFs, and each role refused where DESIGN §4 says."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.soporte.cliente import ClienteApi
from tests.soporte.pdfs import pdf_con_texto


def test_ciclo_completo_de_resolucion_de_alcaldia(cliente: ClienteApi) -> None:
    original = pdf_con_texto(
        "RESOLUCIÓN DE ALCALDÍA\nDesígnase fedatarios de la entidad.", paginas=2
    )
    r = cliente.registrar(
        "RESOLUCION_ALCALDIA",
        pdf=original,
        titulo="Designa fedatarios institucionales",
        resumen="Designación de fedatarios para el año 2026",
        etiquetas="fedatarios, designación",
    )
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["estado"] == "BORRADOR" and doc["numero"] is None
    assert doc["archivo"]["paginas"] == 2 and doc["posicion"] > 0
    assert doc["organo_emisor"] == "ALCALDIA"
    doc_id = doc["id"]

    r = cliente.accion(doc_id, "aprobacion", referencia="Informe N° 001-2026-SG")
    assert r.status_code == 200, r.text
    assert r.json()["estado"] == "APROBADO"
    assert r.json()["codigo"].startswith("RESOLUCIÓN DE ALCALDÍA N° 001-")

    r = cliente.firmar(doc_id, "ALCALDE", "Juan Pérez Quispe")
    assert r.status_code == 200 and r.json()["estado"] == "FIRMADO", r.text

    r = cliente.accion(doc_id, "publicacion", medio="PORTAL", fecha="2026-03-15")
    assert r.status_code == 200 and r.json()["estado"] == "PUBLICADO", r.text
    r = cliente.accion(doc_id, "publicacion", medio="DIARIO_JUDICIAL", referencia="Ed. 15/03")
    assert r.status_code == 200 and len(r.json()["publicaciones"]) == 2

    r = cliente.accion(doc_id, "copias-certificadas", rol="fedatario", solicitante="María Rojas")
    assert r.status_code == 201, r.text
    copia = r.json()
    codigo = copia["codigo_verificacion"]

    descargada = cliente.http.get(copia["url"], headers=cliente.como("auditor"))
    assert descargada.status_code == 200
    assert descargada.headers["content-type"] == "application/pdf"
    lector = PdfReader(io.BytesIO(descargada.content))
    assert len(lector.pages) == 3  # the original's two pages + the certification page
    sello = lector.pages[-1].extract_text()
    assert codigo in sello
    assert "CERTIFICO que la presente copia es fiel reproducción" in sello
    assert "Ana María Quispe Huamán" in sello and "41234567" in sello
    assert f"/portal/verificacion/{codigo}" in sello
    assert "Desígnase fedatarios" in lector.pages[0].extract_text()

    publica = cliente.http.get(f"/portal/verificacion/{codigo}")
    assert publica.status_code == 200
    assert publica.json()["valido"] is True
    assert publica.json()["documento"]["id"] == doc_id
    assert publica.json()["sha256"] == copia["sha256"]
    assert "María Rojas" not in publica.text  # the requester's data never reaches the portal
    assert cliente.http.get("/portal/verificacion/MDP-0000-0000-0000").status_code == 404

    archivo = cliente.http.get(
        f"/v1/documentos/{doc_id}/archivo", headers=cliente.como("registrador")
    )
    assert archivo.content == original

    historial = cliente.http.get(
        f"/v1/documentos/{doc_id}/historial", headers=cliente.como("auditor")
    )
    tipos = [e["tipo"] for e in historial.json()["items"]]
    assert tipos == [
        "Redactado",
        "Aprobado",
        "Firmado",
        "Publicado",
        "Publicado",
        "CopiaCertificada",
    ]
    actores = [e["actor"]["rol"] for e in historial.json()["items"]]
    assert actores == [
        "registrador",
        "secretario",
        "secretario",
        "secretario",
        "secretario",
        "fedatario",
    ]

    r = cliente.accion(doc_id, "derogacion", motivo="Derogada por la Resolución N° 050-2026")
    assert r.status_code == 200 and r.json()["estado"] == "DEROGADO"
    pasado = cliente.http.get(f"/v1/documentos/{doc_id}?version=3", headers=cliente.como("auditor"))
    assert pasado.json()["estado"] == "FIRMADO"


def test_nueva_version_y_descarga_de_versiones(cliente: ClienteApi) -> None:
    v1 = pdf_con_texto("Ordenanza, primera redacción")
    v2 = pdf_con_texto("Ordenanza, segunda redacción", paginas=3)
    doc = cliente.registrar("ORDENANZA", pdf=v1).json()
    r = cliente.http.post(
        f"/v1/documentos/{doc['id']}/versiones",
        headers=cliente.como("registrador"),
        files={"archivo": ("v2.pdf", v2, "application/pdf")},
    )
    assert r.status_code == 200, r.text
    assert r.json()["versiones"] == 2 and r.json()["archivo"]["paginas"] == 3
    url = f"/v1/documentos/{doc['id']}/archivo"
    assert cliente.http.get(url, headers=cliente.como("auditor")).content == v2
    assert cliente.http.get(url + "?version=1", headers=cliente.como("auditor")).content == v1


def test_acta_de_sesion_guarda_la_sesion(cliente: ClienteApi) -> None:
    r = cliente.registrar(
        "ACTA_SESION",
        titulo="Acta de la sesión ordinaria del 2 de marzo",
        sesion_tipo="ORDINARIA",
        sesion_fecha="2026-03-02",
        asistentes="Alcalde, Regidor Uno, Regidor Dos",
        acuerdos="Aprobar el TUPA\nAprobar la Ordenanza de limpieza",
    )
    assert r.status_code == 201, r.text
    assert r.json()["sesion"]["tipo"] == "ORDINARIA"
    assert r.json()["sesion"]["acuerdos"] == ["Aprobar el TUPA", "Aprobar la Ordenanza de limpieza"]
    assert r.json()["firmantes_requeridos"] == ["ALCALDE", "SECRETARIO_GENERAL"]
    sin_sesion = cliente.registrar("ACTA_SESION")
    assert sin_sesion.status_code == 422


def test_documento_externo_y_su_copia(cliente: ClienteApi) -> None:
    r = cliente.registrar("DOCUMENTO_EXTERNO", titulo="Partida de nacimiento presentada")
    assert r.status_code == 201 and r.json()["estado"] == "REGISTRADO"
    doc_id = r.json()["id"]
    assert cliente.accion(doc_id, "aprobacion").status_code == 409
    r = cliente.accion(doc_id, "copias-certificadas", rol="fedatario", folios=1)
    assert r.status_code == 201, r.text


# (method, path template, body kind, roles allowed)
PERMISOS = [
    ("post", "/v1/documentos", "registro", {"registrador"}),
    ("post", "/v1/documentos/{id}/aprobacion", "json", {"secretario"}),
    ("post", "/v1/documentos/{id}/publicacion", "publicacion", {"secretario"}),
    ("post", "/v1/documentos/{id}/derogacion", "derogacion", {"secretario"}),
    ("post", "/v1/documentos/{id}/copias-certificadas", "json", {"fedatario"}),
    ("post", "/v1/fedatarios", "fedatario", {"secretario"}),
    ("get", "/v1/documentos/{id}", None, {"registrador", "secretario", "fedatario", "auditor"}),
    ("get", "/v1/documentos/{id}/historial", None, {"secretario", "auditor"}),
    ("get", "/v1/fedatarios", None, {"registrador", "secretario", "fedatario", "auditor"}),
]


@pytest.mark.parametrize(("metodo", "ruta", "cuerpo", "permitidos"), PERMISOS, ids=lambda x: str(x))
def test_roles_rechazados_donde_corresponde(
    cliente: ClienteApi, metodo: str, ruta: str, cuerpo: str | None, permitidos: set[str]
) -> None:
    doc_id = cliente.registrar().json()["id"]
    url = ruta.format(id=doc_id)
    kwargs: dict = {}
    if cuerpo == "registro":
        kwargs = {
            "data": {"tipo": "ORDENANZA", "titulo": "x"},
            "files": {"archivo": ("a.pdf", pdf_con_texto("x"), "application/pdf")},
        }
    elif cuerpo == "publicacion":
        kwargs = {"json": {"medio": "PORTAL"}}
    elif cuerpo == "derogacion":
        kwargs = {"json": {"motivo": "x"}}
    elif cuerpo == "fedatario":
        kwargs = {
            "json": {
                "nombre": "Luis Torres",
                "dni": "87654321",
                "cargo": "Asistente",
                "resolucion_designacion": "RA 020-2026",
                "desde": "2026-01-01",
            }
        }
    elif cuerpo == "json":
        kwargs = {"json": {}}

    sin_token = getattr(cliente.http, metodo)(url, **kwargs)
    assert sin_token.status_code == 401
    assert sin_token.headers["content-type"] == "application/problem+json"
    token_falso = getattr(cliente.http, metodo)(
        url, headers={"Authorization": "Bearer sec_falso"}, **kwargs
    )
    assert token_falso.status_code == 401

    for rol in ("registrador", "secretario", "fedatario", "auditor", "admin"):
        r = getattr(cliente.http, metodo)(url, headers=cliente.como(rol), **kwargs)
        if rol in permitidos:
            assert r.status_code != 403, (rol, r.text)
        else:
            assert r.status_code == 403, (rol, r.text)
            assert r.json()["codigo"] == "sin_permiso"


def test_fedatario_solo_certifica_en_su_nombre(cliente: ClienteApi) -> None:
    doc = cliente.hasta_publicado()
    otro = cliente.http.post(
        "/v1/fedatarios",
        headers=cliente.como("secretario"),
        json={
            "nombre": "Luis Torres",
            "dni": "87654321",
            "cargo": "Asistente",
            "resolucion_designacion": "RA 020-2026",
            "desde": "2026-01-01",
        },
    ).json()
    r = cliente.accion(doc["id"], "copias-certificadas", rol="fedatario", fedatario_id=otro["id"])
    assert r.status_code == 403


def test_fedatario_revocado_no_certifica(cliente: ClienteApi) -> None:
    doc = cliente.hasta_publicado()
    r = cliente.http.post(
        f"/v1/fedatarios/{cliente.fedatario_id}/revocacion",
        headers=cliente.como("secretario"),
        json={"motivo": "Cese en el cargo", "fecha": "2026-01-10"},
    )
    assert r.status_code == 200 and r.json()["vigente"] is False
    cliente.contenedor.ponerse_al_dia()  # the file's text is recorded in the background
    posicion = cliente.contenedor.app.posicion_actual()
    r = cliente.accion(doc["id"], "copias-certificadas", rol="fedatario")
    assert r.status_code == 409 and r.json()["codigo"] == "fedatario_no_vigente"
    assert cliente.contenedor.app.posicion_actual() == posicion
    listado = cliente.http.get("/v1/fedatarios", headers=cliente.como("auditor")).json()
    assert [f["vigente"] for f in listado["items"]] == [False]
