"""A small HTTP client helper for e2e tests: the API in-process, with one token per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from servicio.bootstrap import Contenedor
from tests.soporte.pdfs import pdf_con_texto
from tests.soporte.usuarios import sembrar_usuarios


@dataclass
class ClienteApi:
    http: TestClient
    contenedor: Contenedor
    tokens: dict[str, str] = field(default_factory=dict)
    fedatario_id: str | None = None

    def como(self, rol: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[rol]}"}

    def registrar(self, tipo: str = "RESOLUCION_ALCALDIA", pdf: bytes | None = None, **campos: Any):
        datos = {
            "tipo": tipo,
            "titulo": campos.pop("titulo", f"Documento de prueba {tipo}"),
            **campos,
        }
        archivo = pdf if pdf is not None else pdf_con_texto(f"{datos['titulo']}\nTexto del acto.")
        return self.http.post(
            "/v1/documentos",
            headers=self.como("registrador"),
            data=datos,
            files={"archivo": ("documento.pdf", archivo, "application/pdf")},
        )

    def accion(self, documento_id: str, accion: str, rol: str = "secretario", **cuerpo: Any):
        return self.http.post(
            f"/v1/documentos/{documento_id}/{accion}", headers=self.como(rol), json=cuerpo
        )

    def firmar(self, documento_id: str, cargo: str, firmante: str = "Firmante de prueba"):
        return self.http.post(
            f"/v1/documentos/{documento_id}/firmas",
            headers=self.como("secretario"),
            data={"firmante": firmante, "cargo": cargo},
        )

    def hasta_publicado(self, tipo: str = "RESOLUCION_ALCALDIA", **campos: Any) -> dict[str, Any]:
        """Register, approve, sign (every required signer) and publish on the portal."""
        doc = self.registrar(tipo, **campos).json()
        doc = self.accion(doc["id"], "aprobacion").json()
        for cargo in doc["firmas_pendientes"]:
            doc = self.firmar(doc["id"], cargo).json()
        return self.accion(doc["id"], "publicacion", medio="PORTAL").json()


def preparar_cliente(contenedor: Contenedor, http: TestClient) -> ClienteApi:
    """Create one user per role (and the fedatario the fedatario user certifies as)."""
    fedatario_id, tokens = sembrar_usuarios(contenedor.app)
    return ClienteApi(http=http, contenedor=contenedor, tokens=tokens, fedatario_id=fedatario_id)
