"""Runs the PDF analysis in a child process with a memory cap and deadlines.

pypdf cannot be interrupted, and a hostile file can make it work for minutes or grow without
bound within its own per-stream limits (many streams, many pages, form XObjects). So the analysis
runs in a process forked from a small forkserver (one process per file; for uploads a spare one
is started ahead of need), with an address-space limit, a CPU-time limit as a backstop, and two
wall-clock deadlines enforced by the parent:

- the structure (open, page count, active content) must be known within `plazo_estructura_s`,
  or the file is refused as too complex;
- text (read apart, after the upload) is collected page by page until `plazo_total_s`; past it
  the child is killed and the text read so far is what is kept (the pages and bytes are what the
  record is; text only feeds search).

The number of analyses running at once is capped, so memory stays bounded under load too: the
structure checks of uploads share `SIMULTANEOS` turns, and reading text (done in the background,
never while a request waits) has one turn of its own, so it never delays an upload.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing import process as mp_process
from typing import Any

from almacen.errores import PdfInvalido

MEMORIA_HIJO_BYTES = 768 * 1024 * 1024  # on top of what the child already maps
PLAZO_ESTRUCTURA_S = 10.0
PLAZO_TOTAL_S = 20.0
SIMULTANEOS = max(2, os.cpu_count() or 2)

VARIABLE_PRINCIPAL = "ALMACEN_PDF_SCRIPT_PRINCIPAL"

registro = logging.getLogger("secretaria.pdf")
_contexto = multiprocessing.get_context("forkserver")
_contexto.set_forkserver_preload(["almacen.pdf_aislado", "almacen.pdf_precalentado"])
_turnos = threading.BoundedSemaphore(SIMULTANEOS)
_turno_texto = threading.BoundedSemaphore(1)


def _anunciar_script_principal() -> None:
    """Spare every child a re-run of the main script (over a second for `secretaria servir`).

    A forkserver child re-runs the parent's main script unless the server's `__main__` already
    has that `__file__`, and CPython 3.11 never passes the path to the server. So the path goes
    in the environment, which the server inherits, and `pdf_precalentado` sets it there.
    """
    principal = sys.modules.get("__main__")
    ruta = getattr(principal, "__file__", None)
    # Always this process's own value: one inherited from a parent process names its script.
    if ruta is None or getattr(getattr(principal, "__spec__", None), "name", None):
        os.environ.pop(VARIABLE_PRINCIPAL, None)  # run as a module: children skip it anyway
        return
    if not os.path.isabs(ruta):
        ruta = os.path.join(mp_process.ORIGINAL_DIR or os.getcwd(), ruta)
    os.environ[VARIABLE_PRINCIPAL] = os.path.normpath(ruta)


@dataclass(frozen=True)
class Analisis:
    paginas: int
    texto: str
    completo: bool
    pico_memoria: int | None = None  # the child's peak resident set, bytes (if it finished)


def _memoria_mapeada() -> int:
    try:
        with open("/proc/self/status") as estado:
            for linea in estado:
                if linea.startswith("VmSize:"):
                    return int(linea.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limitar_recursos(memoria_bytes: int, cpu_s: float) -> None:
    import resource

    if memoria_bytes > 0:
        tope = _memoria_mapeada() + memoria_bytes
        resource.setrlimit(resource.RLIMIT_AS, (tope, tope))
    cpu = int(cpu_s) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _hijo(entrada: Any, emisor: Any, memoria_bytes: int, cpu_s: float) -> None:
    """Child: limits itself, waits for (con_texto, file) on `entrada`, then sends
    ("estructura", pages) or ("invalido", why), then ("texto", t)*, ("fin", rss)."""
    import resource

    from almacen import pdf_analisis

    try:
        _limitar_recursos(memoria_bytes, cpu_s)
        try:
            con_texto = entrada.recv()
            datos = entrada.recv_bytes()
        except (EOFError, OSError):
            return  # a spare child dismissed unused
        finally:
            entrada.close()
        with pdf_analisis.limites_pypdf():
            try:
                lector, paginas = pdf_analisis.abrir(datos)
            except PdfInvalido as exc:
                emisor.send(("invalido", exc.detalle))
                return
            except MemoryError:
                emisor.send(("invalido", "El PDF necesita demasiada memoria para leerlo."))
                return
            del datos
            emisor.send(("estructura", paginas))
            for texto in pdf_analisis.textos(lector) if con_texto else ():
                emisor.send(("texto", texto))
            pico = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            emisor.send(("fin", pico))
    except MemoryError:
        pass  # the parent sees the pipe close: structure unknown → refused, else partial text
    finally:
        emisor.close()
        os._exit(0)  # skip interpreter teardown: the parent is waiting to reap us


@dataclass
class _Hijo:
    """A started child, limited and waiting for its one file."""

    proceso: Any
    entrada: Any  # parent → child: the file
    receptor: Any  # child → parent: the messages
    limites: tuple[int, float]  # (memory, CPU seconds) it set on itself

    @classmethod
    def iniciar(cls, memoria_bytes: int, cpu_s: float) -> _Hijo:
        _anunciar_script_principal()
        receptor, emisor = _contexto.Pipe(duplex=False)
        salida, entrada = _contexto.Pipe(duplex=False)
        proceso = _contexto.Process(
            target=_hijo, args=(salida, emisor, memoria_bytes, cpu_s), daemon=True
        )
        proceso.start()
        emisor.close()
        salida.close()
        return cls(proceso, entrada, receptor, (memoria_bytes, cpu_s))

    def terminar(self) -> None:
        self.entrada.close()
        if self.proceso.is_alive():
            self.proceso.kill()
        self.proceso.join(5)
        self.receptor.close()


class _Reserva:
    """Children started ahead of need for the checks an upload waits for.

    Starting a child from the forkserver costs about as much as checking a typical file's
    structure; a spare one, already limited, only has to be handed the file. Each child still
    analyses one file and exits: isolation is unchanged.
    """

    def __init__(self, tamano: int) -> None:
        self.tamano = tamano
        self._hijos: list[_Hijo] = []
        self._cerrojo = threading.Lock()

    def tomar(self, memoria_bytes: int, cpu_s: float) -> _Hijo:
        limites = (memoria_bytes, cpu_s)
        listo = None
        with self._cerrojo:
            while self._hijos and listo is None:
                hijo = self._hijos.pop()
                if hijo.limites == limites and hijo.proceso.is_alive():
                    listo = hijo
                else:
                    hijo.terminar()
        threading.Thread(target=self._reponer, args=limites, daemon=True).start()
        return listo or _Hijo.iniciar(memoria_bytes, cpu_s)

    def _reponer(self, memoria_bytes: int, cpu_s: float) -> None:
        try:
            hijo = _Hijo.iniciar(memoria_bytes, cpu_s)
        except Exception:  # a spare is an optimisation; the next upload starts its own child
            registro.exception("No se pudo preparar un proceso de análisis de PDF.")
            return
        with self._cerrojo:
            if len(self._hijos) < self.tamano:
                self._hijos.append(hijo)
                return
        hijo.terminar()


_reserva = _Reserva(SIMULTANEOS)


class AnalisisCancelado(Exception):
    """The caller asked to stop (a background reader shutting down); the child was killed."""


def _recibir(
    receptor: Any, limite: float, cancelar: threading.Event | None = None
) -> tuple[Any, ...] | None:
    """The next message, or None if the deadline passed or the child is gone."""
    try:
        while True:
            restante = limite - time.monotonic()
            if restante <= 0:
                return None
            if cancelar is not None and cancelar.is_set():
                raise AnalisisCancelado
            if receptor.poll(min(restante, 0.1) if cancelar is not None else restante):
                return receptor.recv()
    except (EOFError, OSError):
        return None


def analizar_aislado(
    datos: bytes,
    plazo_estructura_s: float | None = None,
    plazo_total_s: float | None = None,
    memoria_bytes: int | None = None,
    con_texto: bool = True,
    cancelar: threading.Event | None = None,
) -> Analisis:
    """Pages (and, `con_texto`, the text) of a PDF; raises `PdfInvalido` when it cannot be read,
    `AnalisisCancelado` as soon as `cancelar` is set."""
    plazo_estructura_s = plazo_estructura_s or PLAZO_ESTRUCTURA_S
    plazo_total_s = plazo_total_s or PLAZO_TOTAL_S
    memoria_bytes = memoria_bytes or MEMORIA_HIJO_BYTES
    with _turno_texto if con_texto else _turnos:
        if con_texto:  # in the background: nobody waits for a child to start
            hijo = _Hijo.iniciar(memoria_bytes, plazo_total_s)
        else:
            hijo = _reserva.tomar(memoria_bytes, plazo_total_s)
        inicio = time.monotonic()
        try:
            try:
                hijo.entrada.send(con_texto)
                hijo.entrada.send_bytes(datos)
            except OSError:
                pass  # the child died waiting (e.g. killed): reading its answer will say so
            hijo.entrada.close()
            return _recoger(hijo.receptor, inicio, plazo_estructura_s, plazo_total_s, cancelar)
        finally:
            hijo.terminar()


def _recoger(
    receptor: Any,
    inicio: float,
    plazo_estructura_s: float,
    plazo_total_s: float,
    cancelar: threading.Event | None,
) -> Analisis:
    primero = _recibir(receptor, inicio + plazo_estructura_s, cancelar)
    if primero is None:
        raise PdfInvalido(
            "El PDF es demasiado complejo: no se pudo analizar dentro de los límites de tiempo y "
            "memoria."
        )
    if primero[0] == "invalido":
        raise PdfInvalido(primero[1])
    paginas = primero[1]
    partes: list[str] = []
    while True:
        mensaje = _recibir(receptor, inicio + plazo_total_s, cancelar)
        if mensaje is None:
            registro.warning("Texto del PDF incompleto: se agotó el tiempo o la memoria.")
            return Analisis(paginas=paginas, texto="\n".join(partes), completo=False)
        if mensaje[0] == "fin":
            return Analisis(
                paginas=paginas, texto="\n".join(partes), completo=True, pico_memoria=mensaje[1]
            )
        partes.append(mensaje[1])
