"""`secretaria auditar`: prove that the archive is the one whose head was published.

Three checks, each naming what it found:
- the hash chain recomputed from the event store against the stored seals (and, optionally, a
  head copied from the portal earlier): which position differs or is missing;
- every file an event references exists in the object store with the recorded sha256;
- every projection rebuilt from scratch equals the live one (which view, which row).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from almacen.archivos import AlmacenArchivos
from almacen.comprobacion import comprobar_archivo
from servicio.cadena import GENESIS, eslabon, recorrer_log

Progreso = Callable[[int], None]


@dataclass(frozen=True)
class Hallazgo:
    comprobacion: str  # cadena | archivos | vistas
    detalle: str
    posicion: int | None = None
    clave: str | None = None
    vista: str | None = None


@dataclass
class Informe:
    eventos: int = 0
    archivos: int = 0
    vistas: int = 0
    cabeza: dict[str, Any] | None = None
    hallazgos: list[Hallazgo] = field(default_factory=list)

    @property
    def correcto(self) -> bool:
        return not self.hallazgos

    def como_dict(self) -> dict[str, Any]:
        return {
            "correcto": self.correcto,
            "eventos": self.eventos,
            "archivos": self.archivos,
            "vistas": self.vistas,
            "cabeza": self.cabeza,
            "hallazgos": [asdict(h) for h in self.hallazgos],
        }


def _describir(notificacion: Any) -> str:
    tipo = notificacion.topic.rsplit(".", 1)[-1]
    return f"evento {tipo} v{notificacion.originator_version} de {notificacion.originator_id}"


def comprobar_cadena(
    recorder: Any,
    sellos: Iterator[tuple[int, str]],
    cabeza_externa: tuple[int, str] | None,
    informe: Informe,
    progreso: Progreso | None = None,
) -> None:
    """Recompute the chain and compare it, position by position, with the stored seals."""
    esperados = dict(sellos)
    anterior = GENESIS
    vistos: set[int] = set()
    externa_vista = cabeza_externa is None
    for n in recorrer_log(recorder):
        anterior = eslabon(anterior, n)
        vistos.add(n.id)
        informe.eventos += 1
        sellado = esperados.get(n.id)
        if sellado is None:
            informe.hallazgos.append(
                Hallazgo("cadena", f"La posición {n.id} ({_describir(n)}) no tiene sello.", n.id)
            )
        elif sellado != anterior:
            informe.hallazgos.append(
                Hallazgo(
                    "cadena",
                    f"El {_describir(n)} en la posición {n.id} no coincide con su sello: "
                    "fue modificado después de sellado.",
                    n.id,
                )
            )
            anterior = sellado  # keep checking the rest against the sealed history
        if cabeza_externa is not None and n.id == cabeza_externa[0]:
            externa_vista = True
            if anterior != cabeza_externa[1]:
                informe.hallazgos.append(
                    Hallazgo(
                        "cadena",
                        f"La cabeza publicada en la posición {n.id} no coincide con el archivo.",
                        n.id,
                    )
                )
        if progreso:
            progreso(1)
    for posicion in sorted(set(esperados) - vistos):
        informe.hallazgos.append(
            Hallazgo(
                "cadena",
                f"Falta el evento sellado en la posición {posicion}: fue borrado.",
                posicion,
            )
        )
    if not externa_vista:
        assert cabeza_externa is not None
        informe.hallazgos.append(
            Hallazgo(
                "cadena",
                f"La cabeza publicada en la posición {cabeza_externa[0]} ya no está en el archivo.",
                cabeza_externa[0],
            )
        )
    informe.cabeza = {"posicion": max(vistos, default=0), "hash": anterior}


def archivos_referidos(datos: Any) -> Iterator[dict[str, Any]]:
    """Every stored-file reference (`{clave, sha256, ...}`) inside an event's data."""
    if isinstance(datos, dict):
        if isinstance(datos.get("clave"), str) and isinstance(datos.get("sha256"), str):
            yield datos
        for valor in datos.values():
            yield from archivos_referidos(valor)
    elif isinstance(datos, list | tuple):
        for valor in datos:
            yield from archivos_referidos(valor)


def comprobar_archivos(
    app: Any, almacen: AlmacenArchivos, informe: Informe, progreso: Progreso | None = None
) -> None:
    comprobados: set[str] = set()
    for n in recorrer_log(app.recorder):
        evento = app.mapper.to_domain_event(n)
        for archivo in archivos_referidos(vars(evento)):
            clave = archivo["clave"]
            if clave in comprobados:
                continue
            comprobados.add(clave)
            informe.archivos += 1
            problema = comprobar_archivo(almacen, clave, archivo["sha256"])
            if problema is not None:
                informe.hallazgos.append(
                    Hallazgo(
                        "archivos",
                        f"{problema.detalle} Lo registra el {_describir(n)}.",
                        n.id,
                        clave,
                    )
                )
        if progreso:
            progreso(1)


def comprobar_vistas(
    comparadores: Sequence[tuple[str, Callable[[], list[str]]]], informe: Informe
) -> None:
    """Each comparator rebuilds one view into scratch space and lists the rows that differ."""
    for nombre, comparar in comparadores:
        informe.vistas += 1
        for diferencia in comparar():
            informe.hallazgos.append(
                Hallazgo(
                    "vistas",
                    f"La vista {nombre} difiere de su reconstrucción: {diferencia}",
                    vista=nombre,
                )
            )
