"""Every audit store test runs against both backends: SQLite (a file of the test's own) and PostgreSQL (a
database of the test's own on 127.0.0.1:5432, dropped afterwards)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from hub.audit.sql import engine_url


@pytest.fixture(params=["sqlite", "postgresql"])
def audit_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/audit.db"
    return request.getfixturevalue("postgres_url")


def run_sql(url: str, statement: str) -> int:
    """Tamper with the log behind the hub's back; returns the rows changed."""
    engine = sa.create_engine(engine_url(url))
    try:
        with engine.begin() as conn:
            return conn.execute(sa.text(statement)).rowcount
    finally:
        engine.dispose()
