"""`secretaria servir` as a real subprocess on a free port, for crash and load tests.

The settings travel as SECRETARIA_* environment variables, exactly as an operator would set them.
The server runs in a session of its own, so that killing it also kills what it started (the PDF
analysis forkserver and its children).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from servicio.ajustes import Ajustes
from tests.soporte.servidores import puertos_libres

SECRETARIA = Path(sys.executable).with_name("secretaria")


def entorno_de(ajustes: Ajustes) -> dict[str, str]:
    """SECRETARIA_* variables that rebuild these settings (pydantic-settings reads JSON lists)."""
    entorno: dict[str, str] = {}
    for campo, valor in ajustes.model_dump(mode="json").items():
        if valor is None:
            continue
        nombre = f"SECRETARIA_{campo.upper()}"
        if isinstance(valor, list | dict):
            entorno[nombre] = json.dumps(valor)
        elif isinstance(valor, bool):
            entorno[nombre] = "true" if valor else "false"
        else:
            entorno[nombre] = str(valor)
    return entorno


class ServidorReal:
    def __init__(self, ajustes: Ajustes, registro: Path) -> None:
        self.ajustes = ajustes
        self.puerto = puertos_libres(1)[0]
        self.url = f"http://127.0.0.1:{self.puerto}"
        self.registro = registro
        self.proceso: subprocess.Popen[bytes] | None = None
        self.arranques = 0

    def iniciar(self, espera_s: float = 30.0) -> ServidorReal:
        entorno = {
            k: v for k, v in os.environ.items() if not k.startswith("SECRETARIA_")
        } | entorno_de(self.ajustes)
        salida = self.registro.open("ab")
        self.proceso = subprocess.Popen(
            [str(SECRETARIA), "servir", "--host", "127.0.0.1", "--port", str(self.puerto)],
            env=entorno,
            stdout=salida,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        salida.close()
        self.arranques += 1
        limite = time.monotonic() + espera_s
        while time.monotonic() < limite:
            if self.proceso.poll() is not None:
                raise RuntimeError(f"el servidor terminó al arrancar; ver {self.registro}")
            try:
                if httpx.get(f"{self.url}/salud", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"el servidor no respondió en {espera_s} s; ver {self.registro}")

    def matar(self) -> None:
        """SIGKILL to the server and everything it started: no shutdown code runs."""
        if self.proceso is not None and self.proceso.poll() is None:
            os.killpg(self.proceso.pid, signal.SIGKILL)
            self.proceso.wait(10)

    def detener(self) -> None:
        """A clean stop (SIGTERM), falling back to SIGKILL."""
        if self.proceso is None or self.proceso.poll() is not None:
            return
        os.killpg(self.proceso.pid, signal.SIGTERM)
        try:
            self.proceso.wait(15)
        except subprocess.TimeoutExpired:
            self.matar()

    def salud(self) -> dict[str, Any]:
        return httpx.get(f"{self.url}/salud", timeout=5).json()
