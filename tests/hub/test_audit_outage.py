"""Fail closed: while the audit store is unreachable the hub takes no record in and delivers nothing unaudited;
once it is back, everything is delivered and every delivery is audited."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest

from hub.broker.connection import connect
from hub.broker.topology import apply_topology
from hub.config import Settings
from hub.errors import AuditUnavailable
from hub.services import Services
from hub.workers import WorkerPool
from tests.conftest import POSTGRES_ADMIN
from tests.hub.fixtures import cas_export


def _database_reachable(name: str, reachable: bool) -> None:
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if reachable else "false"}')
        if not reachable:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))


def test_an_audit_store_outage_stops_ingest_and_delivery_until_it_is_back(
    settings: Settings, postgres_url: str, tmp_path: Path
) -> None:
    # Given a hub whose audit log is in PostgreSQL, with workers running
    services = Services.from_settings(settings.model_copy(update={"database_url": postgres_url}))
    connection = connect(settings.amqp_url)
    apply_topology(connection, services.table)
    connection.close()
    before = services.ingestor.ingest("cas", cas_export(range(1, 21)), source="before")
    assert len(before) == 20
    name = postgres_url.rsplit("/", 1)[1]
    pool = WorkerPool(services)
    # When the database becomes unreachable
    _database_reachable(name, False)
    try:
        # Then ingest refuses (the CLI exits 3, the API answers 503)
        with pytest.raises(AuditUnavailable):
            services.ingestor.ingest("cas", cas_export(range(100, 110)), source="during")
        # And the workers deliver nothing: every message stays unacked in its queue
        pool.start()
        time.sleep(3)
        outbox = settings.data_dir / "outbox"
        assert not any(outbox.rglob("*.*")) if outbox.exists() else True
    finally:
        _database_reachable(name, True)
    # When it is back, everything queued is delivered, and every delivered file has its audit entry
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not services.audit.reconcile().clean:
        time.sleep(0.5)
    pool.stop()
    report = services.audit.reconcile()
    assert report.clean and report.delivered == {"courts": 20, "prosecution": 20}
    audited = {(e.record_id, e.pillar) for e in services.audit.entries() if e.event == "DELIVERED"}
    on_disk = {
        (p.stem, p.parent.name) for p in (settings.data_dir / "outbox").rglob("*.*") if not p.name.startswith(".")
    }
    assert on_disk == audited
    services.close()
