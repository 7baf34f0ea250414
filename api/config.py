"""The service's settings: one class, read once from `AI_OPTOUT_*` variables (and `.env`)."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything an operator can set. No other module reads the environment."""

    model_config = SettingsConfigDict(env_prefix="AI_OPTOUT_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("data")
    # Empty means the embedded SQLite file under `data_dir`.
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    access_token_ttl_seconds: int = Field(default=900, ge=30, le=86_400)
    refresh_token_ttl_seconds: int = Field(default=30 * 86_400, ge=300)
    # Bodies above this size are refused before parsing (explain: 500 items ≈ 80 KB).
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # Origins (besides the extension's own) that may call the API from a browser.
    cors_origins: list[str] = []
    # Smallest count any statistics cell may show (k-anonymity).
    stats_min_count: int = Field(default=10, ge=2)
    redis_url: str = ""
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    issuer: str = "ai-optout"

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("database_url must be a sqlite:// or postgresql:// URL")
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ai-optout.db').resolve()}"

    @property
    def uses_embedded_database(self) -> bool:
        return self.effective_database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
