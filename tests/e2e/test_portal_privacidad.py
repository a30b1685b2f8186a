"""No public (/portal) route reaches an unpublished document or personal data.

The routes are taken from the live OpenAPI schema, so portal routes added later are crawled too:
every GET with every identifier we hold (draft, approved, external, published), search terms
that only occur in private data, and every POST with the draft's PDF.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.soporte.cliente import ClienteApi
from tests.soporte.pdfs import pdf_con_texto

BORRADOR = "BORRADORSECRETO7731"
APROBADO = "APROBADONOPUBLICADO5512"
EXTERNO = "EXTERNOCIUDADANO4410"
SOLICITANTE = "Zoila Solicitante Privadísima"
MOTIVO = "MotivoPrivadoTramite"
DNI_FEDATARIO = "41234567"  # tests.soporte.cliente designates the fedatario with it
PROHIBIDOS = [BORRADOR, APROBADO, EXTERNO, SOLICITANTE, MOTIVO, DNI_FEDATARIO, "usuario_id"]
PROHIBIDOS_RE = re.compile(r"usuario-(registrador|secretario|fedatario|auditor|admin)")


def _preparar(cliente: ClienteApi) -> dict[str, Any]:
    pdf_borrador = pdf_con_texto(f"Proyecto {BORRADOR}")
    borrador = cliente.registrar(titulo=f"Proyecto {BORRADOR}", pdf=pdf_borrador).json()
    aprobado = cliente.registrar(titulo=f"Resolución {APROBADO}").json()
    cliente.accion(aprobado["id"], "aprobacion")
    externo = cliente.registrar("DOCUMENTO_EXTERNO", titulo=f"Solicitud {EXTERNO}").json()
    publicado = cliente.hasta_publicado(titulo="Ordenanza publicada de ornato")
    copia = cliente.http.post(
        f"/v1/documentos/{publicado['id']}/copias-certificadas",
        headers=cliente.como("fedatario"),
        json={"solicitante": SOLICITANTE, "motivo": MOTIVO},
    ).json()
    return {
        "privados": [borrador["id"], aprobado["id"], externo["id"]],
        "publicado": publicado["id"],
        "codigo": copia["codigo_verificacion"],
        "pdf_borrador": pdf_borrador,
        "posicion": cliente.contenedor.app.posicion_actual(),
    }


def _sin_datos_privados(texto: str, donde: str) -> None:
    for prohibido in PROHIBIDOS:
        assert prohibido not in texto, f"{donde} revela {prohibido!r}"
    assert not PROHIBIDOS_RE.search(texto), f"{donde} revela un usuario del personal"


def _valores(parametro: dict[str, Any], datos: dict[str, Any]) -> list[tuple[str, bool]]:
    """Values to try for a path parameter, each with "is it private?"."""
    nombre = parametro["name"]
    if "codigo" in nombre:
        return [(datos["codigo"], False), ("MDP-0000-0000-0000", False)]
    if nombre == "id" or nombre.endswith("_id"):
        return [(i, True) for i in datos["privados"]] + [(datos["publicado"], False)]
    return [("x", False)]


def test_ninguna_ruta_del_portal_revela_borradores_ni_datos_personales(cliente: ClienteApi):
    datos = _preparar(cliente)
    esquema = cliente.http.get("/openapi.json").json()
    busquedas = [BORRADOR, APROBADO, EXTERNO, SOLICITANTE, DNI_FEDATARIO, "BORRADOR", ""]
    visitadas = 0
    for ruta, operaciones in esquema["paths"].items():
        if not ruta.startswith("/portal"):
            continue
        for metodo, operacion in operaciones.items():
            parametros = operacion.get("parameters", [])
            de_ruta = [p for p in parametros if p["in"] == "path"]
            consultas = {p["name"] for p in parametros if p["in"] == "query"}
            combinaciones: list[tuple[str, bool]] = [(ruta, False)]
            for p in de_ruta:
                combinaciones = [
                    (r.replace("{" + p["name"] + "}", valor), privado or es_privado)
                    for r, privado in combinaciones
                    for valor, es_privado in _valores(p, datos)
                ]
            extras: list[dict[str, str]] = [{}]
            if "q" in consultas:
                extras = [{"q": b} for b in busquedas]
            if "estado" in consultas:
                extras += [{"estado": e} for e in ("BORRADOR", "APROBADO", "REGISTRADO")]
            for url, privado in combinaciones:
                for extra in extras:
                    params = dict(extra)
                    if "posicion" in consultas:
                        params["posicion"] = str(datos["posicion"])
                    if metodo == "get":
                        r = cliente.http.get(url, params=params)
                    elif metodo == "post":
                        r = cliente.http.post(
                            url,
                            params=params,
                            files={"archivo": ("b.pdf", datos["pdf_borrador"], "application/pdf")},
                        )
                    else:
                        continue
                    visitadas += 1
                    donde = f"{metodo.upper()} {url} {params}"
                    assert r.status_code < 500, donde
                    if privado:
                        assert r.status_code >= 400, f"{donde} alcanza un documento no público"
                    if "json" in r.headers.get("content-type", ""):
                        _sin_datos_privados(json.dumps(r.json(), ensure_ascii=False), donde)
                        if metodo == "post":
                            assert r.json().get("valido") is not True, donde
    assert visitadas >= 3
