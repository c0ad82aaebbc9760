"""Typed settings, read from the environment (prefix ICJS_) once at start-up and passed explicitly."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from hub.xml import DEFAULT_MAX_BYTES


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ICJS_", extra="ignore")

    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    # None means a SQLite file under data_dir; see database_url_or_default().
    database_url: str | None = None
    data_dir: Path = Path("var")
    max_record_bytes: int = Field(default=DEFAULT_MAX_BYTES, gt=0)
    # Unacked messages a delivery worker holds at once; bounds its memory and its share of a queue.
    prefetch: int = Field(default=200, gt=0)
    # Seconds a publish may wait for the broker's confirm before the ingest is reported as failed.
    confirm_timeout_s: float = Field(default=30.0, gt=0)
    # Seconds to keep retrying the broker or database at start-up before giving up (exit 3).
    connect_timeout_s: float = Field(default=10.0, ge=0)

    def database_url_or_default(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'icjs-hub.sqlite3').resolve()}"

    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"
