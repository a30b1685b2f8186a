"""Crash consistency: the real server (`secretaria servir`) is SIGKILLed at random points while
client threads run the whole lifecycle, and restarted; clients retry with the same
Idempotency-Key until they get an answer. Afterwards:

- every acknowledged write (a 2xx received) is in the log, as acknowledged;
- no retry applied a command twice (each registration's title appears once);
- numbers are gapless and unique per (tipo, año);
- the audit passes: hash chain, every file an event references (stored, same sha256), and every
  projection equal to its rebuild from scratch.

Select with `-m lento`; it runs in `make test` too.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from servicio.ajustes import Ajustes
from servicio.bootstrap import construir
from servicio.cli_auditoria import ejecutar_auditoria
from tests.soporte.pdfs import pdf_con_texto
from tests.soporte.servidor_real import ServidorReal
from tests.soporte.usuarios import sembrar_usuarios

pytestmark = pytest.mark.lento

CAIDAS = 4
HILOS = 4
SEMILLA = 20260
PLAZO_PETICION_S = 45.0


@dataclass
class Registro:
    """What the clients saw: acknowledged writes, and anything unexpected."""

    acuses: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    titulos: list[str] = field(default_factory=list)
    inesperados: list[str] = field(default_factory=list)
    reintentos: int = 0
    cerrojo: threading.Lock = field(default_factory=threading.Lock)


def _preparar_usuarios(ajustes: Ajustes) -> dict[str, str]:
    contenedor = construir(ajustes)
    try:
        return sembrar_usuarios(contenedor.app, ("registrador", "secretario", "fedatario"))[1]
    finally:
        contenedor.cerrar()


class Cliente(threading.Thread):
    """Runs register → approve → sign → publish → certify, over and over."""

    def __init__(
        self,
        numero: int,
        servidor: ServidorReal,
        tokens: dict[str, str],
        registro: Registro,
        fin: threading.Event,
    ) -> None:
        super().__init__(name=f"cliente-{numero}", daemon=True)
        self.numero = numero
        self.servidor = servidor
        self.tokens = tokens
        self.registro = registro
        self.fin = fin
        self.http = httpx.Client(timeout=15)

    def pedir(self, rol: str, ruta: str, **kwargs: Any) -> dict[str, Any]:
        clave = str(uuid.uuid4())
        cabeceras = {"Authorization": f"Bearer {self.tokens[rol]}", "Idempotency-Key": clave}
        limite = time.monotonic() + PLAZO_PETICION_S
        while time.monotonic() < limite:
            try:
                r = self.http.post(self.servidor.url + ruta, headers=cabeceras, **kwargs)
            except httpx.HTTPError:
                r = None
            if r is not None and 200 <= r.status_code < 300:
                with self.registro.cerrojo:
                    self.registro.acuses.append(
                        (ruta, r.headers.get("Idempotent-Replayed", ""), r.json())
                    )
                return r.json()
            if r is not None and r.status_code != 503:
                raise AssertionError(f"{ruta}: {r.status_code} {r.text[:300]}")
            with self.registro.cerrojo:
                self.registro.reintentos += 1
            time.sleep(0.05)
        raise AssertionError(f"{ruta}: sin respuesta en {PLAZO_PETICION_S} s")

    def ciclo(self, n: int) -> None:
        titulo = f"Resolución de prueba {self.numero}-{n}"
        with self.registro.cerrojo:
            self.registro.titulos.append(titulo)
        pdf = pdf_con_texto(f"{titulo}\nSe resuelve.")
        doc = self.pedir(
            "registrador",
            "/v1/documentos",
            data={"tipo": "RESOLUCION_ALCALDIA", "titulo": titulo},
            files={"archivo": ("r.pdf", pdf, "application/pdf")},
        )
        base = f"/v1/documentos/{doc['id']}"
        self.pedir("secretario", f"{base}/aprobacion", json={})
        self.pedir("secretario", f"{base}/firmas", data={"firmante": "Alcalde", "cargo": "ALCALDE"})
        self.pedir("secretario", f"{base}/publicacion", json={"medio": "PORTAL"})
        self.pedir("fedatario", f"{base}/copias-certificadas", json={"solicitante": "Vecino"})

    def run(self) -> None:
        n = 0
        try:
            while not self.fin.is_set():
                self.ciclo(n)
                n += 1
        except Exception as exc:  # reported by the test, not lost in the thread
            with self.registro.cerrojo:
                self.registro.inesperados.append(f"{self.name}: {exc}")
        finally:
            self.http.close()


def _comprobar_acuses(contenedor: Any, registro: Registro) -> list[str]:
    """Every acknowledged write, as acknowledged, in the store (the lost ones)."""
    app = contenedor.app
    perdidos = []
    for ruta, _, cuerpo in registro.acuses:
        if ruta == "/v1/documentos" or ruta.endswith(("/aprobacion", "/firmas", "/publicacion")):
            doc = app.documento(UUID(cuerpo["id"]))
            if doc.version < cuerpo["version"] or (
                cuerpo["numero"] and doc.numero != cuerpo["numero"]
            ):
                perdidos.append(f"{ruta} v{cuerpo['version']} (hay v{doc.version})")
        elif ruta.endswith("/copias-certificadas"):
            doc = app.documento(UUID(cuerpo["documento_id"]))
            codigos = {c["codigo_verificacion"] for c in doc.copias_certificadas}
            if cuerpo["codigo_verificacion"] not in codigos:
                perdidos.append(f"{ruta} {cuerpo['codigo_verificacion']}")
    return perdidos


def _documentos_del_log(contenedor: Any) -> list[Any]:
    app = contenedor.app
    docs = []
    inicio = 0
    while lote := app.recorder.select_notifications(
        start=inicio, limit=500, inclusive_of_start=False
    ):
        for n in lote:
            if n.topic.endswith(".Redactado"):
                docs.append(app.documento(n.originator_id))
        inicio = lote[-1].id
    return docs


def test_caidas_del_servidor_no_pierden_ni_duplican(ajustes: Ajustes, tmp_path: Path):
    inicio_prueba = time.monotonic()
    tokens = _preparar_usuarios(ajustes)
    servidor = ServidorReal(ajustes, tmp_path / "servidor.log").iniciar()
    registro = Registro()
    fin = threading.Event()
    azar = random.Random(SEMILLA)
    clientes = [Cliente(i, servidor, tokens, registro, fin) for i in range(HILOS)]
    try:
        for c in clientes:
            c.start()
        for _ in range(CAIDAS):
            time.sleep(azar.uniform(0.4, 1.5))
            servidor.matar()
            servidor.iniciar()
        time.sleep(1.5)  # let the clients finish what the last crash interrupted
        fin.set()
        for c in clientes:
            c.join(PLAZO_PETICION_S + 5)
        # Projections catch up after the crashes, then the server stops cleanly.
        limite = time.monotonic() + 15
        while time.monotonic() < limite:
            estado = servidor.salud().get("proyecciones", {})
            if all(v.get("retraso", 0) == 0 for v in estado.values()):
                break
            time.sleep(0.1)
    finally:
        fin.set()
        servidor.detener()

    contenedor = construir(ajustes)
    try:
        perdidos = _comprobar_acuses(contenedor, registro)
        docs = _documentos_del_log(contenedor)
        por_titulo: dict[str, int] = defaultdict(int)
        numeros: dict[tuple[str, int], list[int]] = defaultdict(list)
        for doc in docs:
            por_titulo[doc.titulo] += 1
            if doc.numero is not None:
                numeros[(doc.tipo, doc.anio)].append(doc.numero)
        informe = ejecutar_auditoria(contenedor)
        # Every file taken in has its text recorded exactly once, whatever the crashes cut.
        sin_texto = [d.titulo for d in docs if not contenedor.app.tiene_texto(d.archivo["sha256"])]
    finally:
        contenedor.cerrar()

    repetidos = [t for t, veces in por_titulo.items() if veces > 1]
    reproducidos = sum(1 for _, repetida, _ in registro.acuses if repetida)
    print(
        f"\ncaídas: {CAIDAS} SIGKILL, {servidor.arranques} arranques; "
        f"escrituras confirmadas: {len(registro.acuses)} ({reproducidos} repetidas por clave); "
        f"reintentos: {registro.reintentos}; documentos: {len(docs)}; "
        f"perdidas: {len(perdidos)}; {time.monotonic() - inicio_prueba:.1f} s"
    )
    assert not registro.inesperados, registro.inesperados
    assert len(registro.acuses) >= 10
    assert not perdidos, perdidos
    assert not repetidos, repetidos
    assert set(por_titulo) <= set(registro.titulos)
    for serie, asignados in numeros.items():
        assert sorted(asignados) == list(range(1, len(asignados) + 1)), serie
    assert informe.correcto, [h.detalle for h in informe.hallazgos]
    assert not sin_texto, sin_texto
