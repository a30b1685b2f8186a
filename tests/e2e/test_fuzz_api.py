"""API fuzzing with schemathesis against the live OpenAPI schema: every operation, with valid
tokens of each role (weighted towards the role that may do it) and, half of the time, the id of a
real document or fedatario in some state instead of a random one. No answer may be a 5xx, and
every answer must conform to the schema (status code, content type, headers, body).

The example budget per operation keeps the whole run well under a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from servicio.api import crear_api
from servicio.bootstrap import construir
from tests.soporte.backends import ajustes_embebidos
from tests.soporte.cliente import ClienteApi, preparar_cliente
from tests.soporte.usuarios import ROLES

EJEMPLOS_POR_OPERACION = 40
# Every default check runs except "schema-valid data must be accepted": a body can match the
# schema and still be refused by the rules the schema cannot express (bytes that are not a PDF,
# a transition the document's state does not allow, a read-your-writes position the log has not
# reached, a multipart field sent as the text "null").
EXCLUIDOS = [positive_data_acceptance]
# Who may do what, so that most cases get past authorization and reach the handler.
ROL_PROPIO = {
    ("POST", "/v1/documentos"): "registrador",
    ("POST", "/v1/documentos/{documento_id}/versiones"): "registrador",
    ("POST", "/v1/documentos/{documento_id}/copias-certificadas"): "fedatario",
    ("GET", "/v1/auditoria/eventos"): "auditor",
}


@dataclass
class Entorno:
    cliente: ClienteApi
    documentos: list[str] = field(default_factory=list)
    fedatarios: list[str] = field(default_factory=list)
    codigos: list[str] = field(default_factory=list)
    casos: int = 0


@pytest.fixture(scope="module")
def entorno(tmp_path_factory) -> Iterator[Entorno]:
    ajustes = ajustes_embebidos(tmp_path_factory.mktemp("fuzz"))
    # A read-your-writes wait that cannot succeed must not eat the time budget,
    # and no throttling of invalid tokens: the auth checks send many on purpose.
    contenedor = construir(
        ajustes.model_copy(update={"espera_posicion_s": 0.5, "max_fallos_token_por_minuto": 0})
    )
    try:
        with TestClient(crear_api(contenedor)) as http:  # runs the lifespan (projections)
            cliente = preparar_cliente(contenedor, http)
            datos = Entorno(cliente=cliente, fedatarios=[cliente.fedatario_id or ""])
            borrador = cliente.registrar().json()
            aprobado = cliente.registrar("ORDENANZA").json()
            cliente.accion(aprobado["id"], "aprobacion")
            publicado = cliente.hasta_publicado("DECRETO_ALCALDIA")
            copia = cliente.http.post(
                f"/v1/documentos/{publicado['id']}/copias-certificadas",
                headers=cliente.como("fedatario"),
                json={},
            ).json()
            externo = cliente.registrar("DOCUMENTO_EXTERNO").json()
            datos.documentos = [d["id"] for d in (borrador, aprobado, publicado, externo)]
            datos.codigos = [copia["codigo_verificacion"]]
            yield datos
    finally:
        contenedor.cerrar()


def _rol_para(metodo: str, ruta: str) -> str:
    if (metodo, ruta) in ROL_PROPIO:
        return ROL_PROPIO[(metodo, ruta)]
    return "secretario" if metodo == "POST" else "auditor"


def _fuzz_operacion(operacion, entorno: Entorno) -> None:
    """Hypothesis run over one operation (schemathesis generates the requests)."""

    @settings(
        max_examples=EJEMPLOS_POR_OPERACION,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    @given(
        case=operacion.as_strategy(),
        rol=st.sampled_from([*ROLES, "propio", "propio", "propio"]),
        real=st.integers(0, 7),
    )
    def ejecutar(case, rol: str, real: int) -> None:
        if rol == "propio":
            rol = _rol_para(operacion.method.upper(), operacion.path)
        parametros = case.path_parameters or {}
        if real < 4:  # half of the cases address something that exists
            if "documento_id" in parametros:
                parametros["documento_id"] = entorno.documentos[real % len(entorno.documentos)]
            if "fedatario_id" in parametros:
                parametros["fedatario_id"] = entorno.fedatarios[0]
            if "codigo" in parametros:
                parametros["codigo"] = entorno.codigos[0]
        entorno.casos += 1
        case.call_and_validate(headers=entorno.cliente.como(rol), excluded_checks=EXCLUIDOS)

    ejecutar()


def test_api_sin_errores_y_conforme_al_esquema(entorno: Entorno):
    esquema = schemathesis.openapi.from_asgi("/openapi.json", entorno.cliente.http.app)
    fallos: list[str] = []
    operaciones = 0
    for resultado in esquema.get_all_operations():
        operacion = resultado.ok()
        operaciones += 1
        try:
            _fuzz_operacion(operacion, entorno)
        except (Exception, BaseExceptionGroup) as exc:  # report every operation's failures
            fallos.append(f"{operacion.method.upper()} {operacion.path}: {exc}")
    print(f"\nfuzz: {operaciones} operaciones, {entorno.casos} casos")
    assert operaciones >= 20
    assert not fallos, "\n\n".join(fallos)
