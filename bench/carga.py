"""A bounded load run against a live secretaria: concurrent registrations and searches.

`ejecutar(url, tokens, registros=..., busquedas=..., hilos=...)` sends a fixed, shuffled mix of
requests from `hilos` threads (one keep-alive HTTP client each) and returns what it measured:
throughput, p50/p95/p99 latency per kind of request, and every error. A fixed number of requests
(not a duration) keeps a run bounded and comparable; nothing here judges the numbers.

Searches use read-your-writes: each one asks for the position of the last registration its
thread saw, so it measures the search and the wait for the projection to include that write.
"""

from __future__ import annotations

import io
import random
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import httpx
from reportlab.pdfgen.canvas import Canvas

PALABRAS = (
    "ordenanza",
    "parque",
    "licencia",
    "arbitrios",
    "ornato",
    "mercado",
    "tránsito",
    "limpieza",
    "serenazgo",
    "presupuesto",
    "vaso",
    "leche",
    "feria",
    "playa",
    "pesca",
    "turismo",
)


def _pdf(texto: str) -> bytes:
    salida = io.BytesIO()
    lienzo = Canvas(salida)
    lienzo.drawString(72, 760, texto)
    lienzo.showPage()
    lienzo.save()
    return salida.getvalue()


@dataclass
class Informe:
    segundos: float = 0.0
    latencias: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errores: list[str] = field(default_factory=list)

    @property
    def peticiones(self) -> int:
        return sum(len(v) for v in self.latencias.values()) + len(self.errores)

    def percentiles(self, tipo: str) -> tuple[float, float, float]:
        muestras = sorted(self.latencias[tipo])
        if len(muestras) < 2:
            valor = muestras[0] if muestras else 0.0
            return valor, valor, valor
        cortes = statistics.quantiles(muestras, n=100, method="inclusive")
        return cortes[49], cortes[94], cortes[98]

    def resumen(self) -> str:
        lineas = [
            f"{self.peticiones} peticiones en {self.segundos:.1f} s = "
            f"{self.peticiones / self.segundos:.1f}/s; errores: {len(self.errores)}"
        ]
        for tipo in sorted(self.latencias):
            p50, p95, p99 = self.percentiles(tipo)
            n = len(self.latencias[tipo])
            lineas.append(
                f"  {tipo:<22} {n:>5}  {n / self.segundos:7.1f}/s  p50 {p50 * 1000:7.1f} ms  "
                f"p95 {p95 * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms"
            )
        return "\n".join(lineas)


def ejecutar(
    url: str,
    tokens: dict[str, str],
    registros: int = 200,
    busquedas: int = 400,
    hilos: int = 8,
    semilla: int = 7,
) -> Informe:
    """Run the mix; `tokens` needs a `registrador` and an `auditor`."""
    azar = random.Random(semilla)
    trabajo: list[tuple[str, int]] = [("registro", i) for i in range(registros)]
    trabajo += [("busqueda", i) for i in range(busquedas)]
    trabajo += [("portal", i) for i in range(busquedas // 4)]
    azar.shuffle(trabajo)
    siguiente = iter(trabajo)
    cerrojo = threading.Lock()
    informe = Informe()

    def hilo(numero: int) -> None:
        posicion = 0
        local = random.Random(semilla * 1000 + numero)
        with httpx.Client(base_url=url, timeout=60) as http:
            while True:
                with cerrojo:
                    tarea = next(siguiente, None)
                if tarea is None:
                    return
                tipo, i = tarea
                palabra = local.choice(PALABRAS)
                inicio = time.perf_counter()
                try:
                    respuesta = _enviar(http, tokens, tipo, i, palabra, posicion)
                except httpx.HTTPError as exc:
                    with cerrojo:
                        informe.errores.append(f"{tipo}: {type(exc).__name__} {exc}")
                    continue
                duracion = time.perf_counter() - inicio
                with cerrojo:
                    if 200 <= respuesta.status_code < 300:
                        informe.latencias[tipo].append(duracion)
                    else:
                        informe.errores.append(
                            f"{tipo}: {respuesta.status_code} {respuesta.text[:200]}"
                        )
                if tipo == "registro" and respuesta.status_code == 201:
                    posicion = max(posicion, respuesta.json()["posicion"])

    inicio = time.perf_counter()
    trabajadores = [threading.Thread(target=hilo, args=(n,)) for n in range(hilos)]
    for t in trabajadores:
        t.start()
    for t in trabajadores:
        t.join()
    informe.segundos = time.perf_counter() - inicio
    return informe


def _enviar(
    http: httpx.Client, tokens: dict[str, str], tipo: str, i: int, palabra: str, posicion: int
) -> httpx.Response:
    if tipo == "registro":
        titulo = f"Resolución {i} sobre {palabra}"
        return http.post(
            "/v1/documentos",
            headers={"Authorization": f"Bearer {tokens['registrador']}"},
            data={"tipo": "RESOLUCION_ALCALDIA", "titulo": titulo, "etiquetas": palabra},
            files={"archivo": ("r.pdf", _pdf(f"{titulo}. Carga {i}."), "application/pdf")},
        )
    if tipo == "busqueda":
        return http.get(
            "/v1/documentos",
            headers={"Authorization": f"Bearer {tokens['auditor']}"},
            params={"q": palabra, "posicion": posicion},
        )
    return http.get("/portal/documentos", params={"q": palabra})


def principal() -> None:
    """`python -c 'from bench.carga import principal; principal()'` against a running server,
    with SECRETARIA_CARGA_URL and the two tokens in SECRETARIA_CARGA_TOKEN_REGISTRADOR and
    SECRETARIA_CARGA_TOKEN_AUDITOR."""
    import os

    tokens = {
        "registrador": os.environ["SECRETARIA_CARGA_TOKEN_REGISTRADOR"],
        "auditor": os.environ["SECRETARIA_CARGA_TOKEN_AUDITOR"],
    }
    url = os.environ.get("SECRETARIA_CARGA_URL", "http://127.0.0.1:8000")
    print(ejecutar(url, tokens).resumen())
