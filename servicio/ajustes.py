"""Settings, read from the environment (prefix SECRETARIA_) by pydantic-settings.

Only the composition root (`bootstrap`) builds them; nothing else reads the environment.
"""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from dominio.reglas import Reglas
from dominio.tipos import Cargo, TipoDocumento


class Ajustes(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SECRETARIA_", extra="ignore")

    datos: Path = Path("datos")
    bd_url: str | None = None
    bd_pool: int = 5
    bd_esquema: str | None = None
    bd_timeout_s: int = 5
    s3_endpoint: str | None = None
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    s3_bucket: str = "secretaria"
    s3_tls: bool = False
    s3_region: str | None = None
    entidad_nombre: str = "Municipalidad Distrital de Paracas"
    entidad_siglas: str = "MDP"
    url_publica: str = "http://127.0.0.1:8000"
    max_archivo_mb: float = 20.0
    zona_horaria: str = "America/Lima"
    series_perpetuas: list[TipoDocumento] = []
    formatos: dict[TipoDocumento, str] = {}
    firmantes: dict[TipoDocumento, list[Cargo]] = {}
    espera_posicion_s: float = 5.0
    proyecciones_en_proceso: bool = True
    cors_origenes: list[str] = []
    max_fallos_token_por_minuto: int = 10  # per client address; 0 = no limit

    @property
    def max_archivo_bytes(self) -> int:
        return int(self.max_archivo_mb * 1024 * 1024)

    @property
    def usa_postgres(self) -> bool:
        return bool(self.bd_url)

    def reglas(self) -> Reglas:
        reglas = Reglas(
            siglas=self.entidad_siglas,
            series_perpetuas=frozenset(self.series_perpetuas),
            formatos=dict(self.formatos),
            firmantes={t: tuple(c) for t, c in self.firmantes.items()},
        )
        reglas.validar()
        return reglas
