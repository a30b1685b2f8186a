"""The public portal: only what is published, found right after publishing, derogations marked."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.soporte.cliente import ClienteApi
from tests.soporte.pdfs import pdf_con_texto


def test_publicado_se_encuentra_en_la_siguiente_lectura(cliente: ClienteApi) -> None:
    pdf = pdf_con_texto("ORDENANZA MUNICIPAL\nSe prohíbe el uso de bolsas plásticas en las playas.")
    doc = cliente.hasta_publicado("ORDENANZA", pdf=pdf, titulo="Playas limpias")
    posicion = doc["posicion"]
    numero = doc["codigo"].split("N° ")[1].split("-MDP")[0]  # e.g. "001-2026"

    por_texto = cliente.http.get(f"/portal/documentos?q=bolsa plastica&posicion={posicion}")
    assert por_texto.status_code == 200, por_texto.text
    (encontrado,) = por_texto.json()["items"]
    assert encontrado["id"] == doc["id"] and encontrado["derogado"] is False
    assert "<mark>" in encontrado["fragmento"]
    assert encontrado["publicaciones"][0]["medio"] == "PORTAL"

    por_numero = cliente.http.get(f"/portal/documentos?q={numero}&posicion={posicion}")
    assert [d["id"] for d in por_numero.json()["items"]] == [doc["id"]]

    ficha = cliente.http.get(f"/portal/documentos/{doc['id']}")
    assert ficha.status_code == 200 and ficha.json()["codigo"] == doc["codigo"]
    descarga = cliente.http.get(ficha.json()["url_archivo"])
    assert descarga.status_code == 200 and descarga.content == pdf

    registro = cliente.http.get(
        f"/v1/documentos?q=playas&posicion={posicion}", headers=cliente.como("registrador")
    )
    assert [d["id"] for d in registro.json()["items"]] == [doc["id"]]
    assert registro.json()["items"][0]["estado"] == "PUBLICADO"


def test_borradores_nunca_en_el_portal(cliente: ClienteApi) -> None:
    borrador = cliente.registrar("ORDENANZA", titulo="Proyecto reservado de arbitrios").json()
    aprobado = cliente.registrar("ORDENANZA", titulo="Proyecto aprobado de arbitrios").json()
    aprobado = cliente.accion(aprobado["id"], "aprobacion").json()
    posicion = aprobado["posicion"]
    assert (
        cliente.http.get(f"/portal/documentos?q=arbitrios&posicion={posicion}").json()["total"] == 0
    )
    assert cliente.http.get(f"/portal/documentos?posicion={posicion}").json()["total"] == 0
    for doc in (borrador, aprobado):
        assert cliente.http.get(f"/portal/documentos/{doc['id']}").status_code == 404
        assert cliente.http.get(f"/portal/documentos/{doc['id']}/archivo").status_code == 404
    staff = cliente.http.get(f"/v1/documentos?posicion={posicion}", headers=cliente.como("auditor"))
    assert staff.json()["total"] == 2


def test_derogacion_marcada_y_copias_sin_datos_personales(cliente: ClienteApi) -> None:
    doc = cliente.hasta_publicado("DECRETO_ALCALDIA", titulo="Horario de atención al público")
    copia = cliente.accion(
        doc["id"], "copias-certificadas", rol="fedatario", solicitante="Pedro Solicitante Ríos"
    ).json()
    derogado = cliente.accion(
        doc["id"], "derogacion", motivo="Sustituido por el Decreto N° 009"
    ).json()
    posicion = derogado["posicion"]
    r = cliente.http.get(f"/portal/documentos?q=horario&posicion={posicion}")
    (item,) = r.json()["items"]
    assert item["derogado"] is True and item["estado"] == "DEROGADO"
    assert item["derogacion"]["motivo"] == "Sustituido por el Decreto N° 009"
    ficha = cliente.http.get(f"/portal/documentos/{doc['id']}").text
    assert "Pedro Solicitante" not in ficha and "Pedro Solicitante" not in r.text
    assert copia["codigo_verificacion"] not in ficha
    # The published original, not the certified copy, is what the portal serves.
    pdf = cliente.http.get(f"/portal/documentos/{doc['id']}/archivo").content
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_verificacion_de_original_publicado_por_archivo(cliente: ClienteApi) -> None:
    pdf = pdf_con_texto("ACUERDO DE CONCEJO\nAprueba el plan de desarrollo concertado.")
    doc = cliente.hasta_publicado("ACUERDO_CONCEJO", pdf=pdf)
    cliente.http.get(f"/portal/documentos?posicion={doc['posicion']}")
    r = cliente.http.post(
        "/portal/verificacion", files={"archivo": ("a.pdf", pdf, "application/pdf")}
    )
    assert r.json()["valido"] is True and r.json()["clase"] == "ORIGINAL_PUBLICADO"
    assert r.json()["documento"]["id"] == doc["id"]
    assert "ultimo_actor" not in r.json()["documento"] and "texto" not in r.json()["documento"]


def test_salud_muestra_las_vistas(cliente: ClienteApi) -> None:
    doc = cliente.hasta_publicado()
    cliente.http.get(f"/portal/documentos?posicion={doc['posicion']}")
    vistas = cliente.http.get("/salud").json()["proyecciones"]
    assert set(vistas) == {"registro", "portal", "sellos", "textos"}
    assert vistas["portal"]["posicion"] >= doc["posicion"]
    assert vistas["portal"]["log"] >= doc["posicion"]
