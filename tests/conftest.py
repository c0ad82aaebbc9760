"""Shared fixtures. Broker tests run against the real RabbitMQ on 127.0.0.1:5672, each in a vhost of its own
that is deleted afterwards; when the broker or rabbitmqctl is missing they fail, they never skip."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from hub.config import Settings

RABBITMQ = "127.0.0.1:5672"
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def _rabbitmqctl(*args: str) -> None:
    ctl = shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl"
    done = subprocess.run([ctl, *args], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        pytest.fail(f"rabbitmqctl {' '.join(args)} failed ({done.returncode}): {done.stderr or done.stdout}")


@pytest.fixture
def amqp_url() -> Iterator[str]:
    """A fresh RabbitMQ vhost for one test, as an AMQP URL; deleted with everything in it afterwards."""
    vhost = f"icjs-test-{uuid.uuid4().hex[:12]}"
    _rabbitmqctl("add_vhost", vhost)
    try:
        _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield f"amqp://guest:guest@{RABBITMQ}/{quote(vhost, safe='')}"
    finally:
        _rabbitmqctl("delete_vhost", vhost)


@pytest.fixture
def settings(tmp_path: Path, amqp_url: str) -> Settings:
    """Settings for a hub of this test's own: its own vhost, data directory and SQLite audit log."""
    return Settings(amqp_url=amqp_url, data_dir=tmp_path / "var", database_url=None, connect_timeout_s=5)


@pytest.fixture
def hub_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The same settings, put in the environment the way an operator would, for CLI tests."""
    monkeypatch.setenv("ICJS_AMQP_URL", settings.amqp_url)
    monkeypatch.setenv("ICJS_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("ICJS_DATABASE_URL", raising=False)
    monkeypatch.setenv("ICJS_CONNECT_TIMEOUT_S", "5")
    return settings


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test on 127.0.0.1:5432 (trust auth), dropped afterwards."""
    name = f"icjs_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
