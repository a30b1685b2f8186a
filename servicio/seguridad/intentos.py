"""Throttling of failed bearer tokens per client address.

After `maximo` invalid tokens from one address within a minute, that address gets 429 (with
Retry-After) on every request that presents a token until the oldest failure leaves the window,
so a token cannot be guessed by brute force. Counters live in the process: with N workers an
address gets up to N times `maximo`, still far from guessing 256-bit tokens. Behind a reverse
proxy, run uvicorn with proxy headers trusted from it so that the address is the client's.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from servicio.problemas import Problema

VENTANA_S = 60.0
MAX_DIRECCIONES = 100_000


class LimitadorFallos:
    def __init__(self, maximo: int, ventana_s: float = VENTANA_S) -> None:
        self.maximo = maximo
        self.ventana_s = ventana_s
        self._fallos: dict[str, deque[float]] = {}
        self._cerrojo = threading.Lock()

    def _vigentes(self, direccion: str, ahora: float) -> deque[float] | None:
        fallos = self._fallos.get(direccion)
        if fallos is None:
            return None
        while fallos and ahora - fallos[0] >= self.ventana_s:
            fallos.popleft()
        if not fallos:
            del self._fallos[direccion]
            return None
        return fallos

    def exigir_permitido(self, direccion: str) -> None:
        """Raise a 429 problem if `direccion` has used up its failures."""
        if self.maximo <= 0:
            return
        ahora = time.monotonic()
        with self._cerrojo:
            fallos = self._vigentes(direccion, ahora)
            if fallos is None or len(fallos) < self.maximo:
                return
            espera = max(1, math.ceil(self.ventana_s - (ahora - fallos[0])))
        raise Problema(
            429,
            "demasiados_intentos",
            f"Demasiados tokens inválidos desde esta dirección; espere {espera} segundos "
            "antes de volver a intentarlo.",
            {"Retry-After": str(espera)},
        )

    def registrar_fallo(self, direccion: str) -> None:
        if self.maximo <= 0:
            return
        ahora = time.monotonic()
        with self._cerrojo:
            if len(self._fallos) >= MAX_DIRECCIONES:
                for otra in list(self._fallos):
                    self._vigentes(otra, ahora)
                if len(self._fallos) >= MAX_DIRECCIONES:
                    return  # under a flood from that many addresses, stop tracking new ones
            self._fallos.setdefault(direccion, deque()).append(ahora)
