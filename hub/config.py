"""Typed settings, read from the environment (prefix ICJS_) once at start-up and passed explicitly."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hub.retry import RetryPolicy, parse_delays
from hub.xml import DEFAULT_MAX_BYTES


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ICJS_", extra="ignore")

    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    # None means a SQLite file under data_dir; see database_url_or_default().
    database_url: str | None = None
    data_dir: Path = Path("var")
    max_record_bytes: int = Field(default=DEFAULT_MAX_BYTES, gt=0)
    # The subscription table; None: the packaged default (hub/subscriptions.toml).
    subscriptions: Path | None = None
    # The redaction policy; None: the packaged default (hub/redaction.toml).
    redaction_policy: Path | None = None
    # Payload retention per record class; None: the packaged default (hub/retention.toml).
    retention_policy: Path | None = None
    # Unacked messages a delivery worker holds at once; bounds its memory and its share of a queue.
    prefetch: int = Field(default=200, gt=0)
    # Seconds a publish may wait for the broker's confirm before the ingest is reported as failed.
    confirm_timeout_s: float = Field(default=30.0, gt=0)
    # Waits before each retry of a failed delivery, growing: "1s,10s,1m,10m". After the last, dead-lettered.
    retry_delays: str = "1s,10s,1m,10m"
    retry_jitter: float = Field(default=0.1, ge=0, lt=1)
    # Consecutive transient failures to one pillar that open its circuit, and how long it stays open.
    breaker_failures: int = Field(default=5, gt=0)
    breaker_open_s: float = Field(default=30.0, gt=0)
    # A signed checkpoint of the audit log every this many entries, or this many seconds, whichever comes first.
    checkpoint_every: int = Field(default=1000, gt=0)
    checkpoint_interval_s: float = Field(default=60.0, gt=0)
    # Seconds to keep retrying the broker or database at start-up before giving up (exit 3).
    connect_timeout_s: float = Field(default=10.0, ge=0)

    @field_validator("retry_delays")
    @classmethod
    def _delays_parse(cls, value: str) -> str:
        parse_delays(value)  # ValueError says what is wrong; pydantic reports it as a configuration error
        return value

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(parse_delays(self.retry_delays), self.retry_jitter)

    def database_url_or_default(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'icjs-hub.sqlite3').resolve()}"

    def key_dir(self) -> Path:
        return self.data_dir / "keys"

    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"
