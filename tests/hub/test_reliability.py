"""Fault tests against the real RabbitMQ: nothing lost, nothing delivered twice, nothing leaked.

Each builds a hub of its own (vhost, data directory, subscription table) and checks the outcome with the audit
log's reconciliation: every routed record has exactly one terminal state for every subscriber.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hub.broker import names
from hub.broker.connection import connect
from hub.broker.topology import apply_topology
from hub.config import Settings
from hub.ingest import Outcome
from hub.services import Services
from hub.workers import WorkerPool
from tests.hub.fixtures import PillarEndpoint, cas_export, fir_record_id

FAST_RETRIES = "100ms,200ms,400ms"


def _table(tmp_path: Path, courts: str = 'delivery = "file"', prosecution: str = 'delivery = "file"') -> Path:
    table = tmp_path / "subscriptions.toml"
    table.write_text(
        f"""
version = "test-1"
[pillars.courts]
{courts}
[pillars.prosecution]
{prosecution}
[routes]
fir-registered = {{ producer = "police", subscribers = ["courts", "prosecution"] }}
crime-details = {{ producer = "police", subscribers = ["prosecution", "forensics"] }}
court-order = {{ producer = "courts", subscribers = ["prisons"] }}
""",
        encoding="utf-8",
    )
    return table


def _settings(settings: Settings, table: Path, **changes: object) -> Settings:
    return settings.model_copy(update={"subscriptions": table, "retry_delays": FAST_RETRIES, **changes})


def _apply(services: Services) -> None:
    connection = connect(services.settings.amqp_url)
    try:
        apply_topology(connection, services.table, services.settings.retry_policy())
    finally:
        connection.close()


def _ingest(services: Services, serials: range, chunk: int = 100, *, resubmission: bool = False) -> list[str]:
    ids = []
    allowed = {Outcome.ACCEPTED, Outcome.DUPLICATE} if resubmission else {Outcome.ACCEPTED}
    for start in range(serials.start, serials.stop, chunk):
        doc = cas_export(range(start, min(start + chunk, serials.stop)))
        for result in services.ingestor.ingest("cas", doc, source=f"batch-{start}", actor="test"):
            assert result.outcome in allowed, result.reason
            assert result.record_id is not None
            ids.append(result.record_id)
    return ids


def _queue_depth(url: str, queue: str) -> int:
    connection = connect(url)
    try:
        return connection.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        connection.close()


def _delivered_events(settings: Settings) -> list[tuple[str, str]]:
    with sqlite3.connect(settings.data_dir / "icjs-hub.sqlite3") as db:
        return db.execute("SELECT record_id, pillar FROM audit_log WHERE event = 'DELIVERED'").fetchall()


def _worker_process(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ICJS_AMQP_URL": settings.amqp_url,
        "ICJS_DATA_DIR": str(settings.data_dir),
        "ICJS_SUBSCRIPTIONS": str(settings.subscriptions),
        "ICJS_RETRY_DELAYS": settings.retry_delays,
    }
    env.pop("ICJS_DATABASE_URL", None)
    with log.open("ab") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "hub.cli", "run", "--no-api"], env=env, stdout=handle, stderr=handle
        )


def test_a_worker_killed_five_times_loses_and_duplicates_nothing(settings: Settings, tmp_path: Path) -> None:
    # Given a hub whose delivery worker runs as its own process
    settings = _settings(settings, _table(tmp_path))
    services = Services.from_settings(settings)
    _apply(services)
    log = tmp_path / "worker.log"
    worker = _worker_process(settings, log)
    try:
        # When 5,000 FIRs stream in and the worker is SIGKILLed five times along the way
        ids: list[str] = []
        for round_ in range(5):
            ids += _ingest(services, range(1 + round_ * 1000, 1 + (round_ + 1) * 1000))
            time.sleep(0.5)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
            worker = _worker_process(settings, log)
        # And the last worker runs until both queues are drained
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if all(_queue_depth(settings.amqp_url, names.deliver_queue(p)) == 0 for p in ("courts", "prosecution")):
                report = services.audit.reconcile()
                if report.clean:
                    break
            time.sleep(1)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    # Then every record reached both pillars, once each
    assert len(ids) == 5000
    report = services.audit.reconcile()
    assert report.clean, f"{len(report.missing)} missing, e.g. {report.missing[:3]}\n{log.read_text()[-2000:]}"
    assert report.delivered == {"courts": 5000, "prosecution": 5000}
    delivered = _delivered_events(settings)
    assert len(delivered) == len(set(delivered)) == 10_000
    for pillar in ("courts", "prosecution"):
        assert len(list((settings.data_dir / "outbox" / pillar).glob("*.xml"))) == 5000
    assert services.audit.verify().ok
    services.close()


def test_a_pillar_down_for_a_minute_gets_everything_once_it_is_back(settings: Settings, tmp_path: Path) -> None:
    # Given courts receiving over HTTP, and its endpoint down
    endpoint = PillarEndpoint()
    table = _table(tmp_path, courts=f'delivery = "http"\nendpoint = "{endpoint.url}"\ntimeout_s = 2')
    settings = _settings(settings, table, retry_delays="1s,5s,15s,30s,60s", breaker_open_s=5.0)
    services = Services.from_settings(settings)
    _apply(services)
    endpoint.down()
    pool = WorkerPool(services)
    pool.start()
    try:
        # When 200 FIRs are ingested while it is down, and it comes back after 60 s
        ids = _ingest(services, range(1, 201))
        time.sleep(60)
        endpoint.up()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not services.audit.reconcile().clean:
            time.sleep(1)
    finally:
        pool.stop()
        endpoint.down()
    # Then courts got every record exactly once and nothing was dead-lettered
    report = services.audit.reconcile()
    assert report.clean, report.missing[:3]
    assert report.dead_lettered == {}
    assert sorted(endpoint.received) == sorted(f"{i}:1" for i in ids)
    assert endpoint.duplicates() == {}
    services.close()


def test_poison_records_are_dead_lettered_after_the_attempt_limit_and_the_rest_delivered(
    settings: Settings, tmp_path: Path
) -> None:
    # Given courts over HTTP, whose endpoint always fails 50 chosen records out of 2,000
    endpoint = PillarEndpoint()
    table = _table(tmp_path, courts=f'delivery = "http"\nendpoint = "{endpoint.url}"')
    settings = _settings(settings, table, breaker_failures=1000)
    poison = {fir_record_id(n) for n in range(20, 2001, 40)}
    assert len(poison) == 50
    endpoint.failing = poison
    services = Services.from_settings(settings)
    _apply(services)
    pool = WorkerPool(services)
    pool.start()
    try:
        ids = _ingest(services, range(1, 2001))
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not services.audit.reconcile().clean:
            time.sleep(1)
    finally:
        pool.stop()
        endpoint.down()
    # Then exactly those 50 are dead for courts, after 4 attempts each; everything else is delivered
    report = services.audit.reconcile()
    assert report.clean, report.missing[:3]
    assert report.dead_lettered == {"courts": 50}
    assert report.delivered == {"courts": 1950, "prosecution": 2000}
    assert set(endpoint.received) == {f"{i}:1" for i in ids if i not in poison}
    from hub.dlq import list_dead

    letters = list_dead(settings.amqp_url, ["courts"])
    assert {d.record_id for d in letters} == poison
    assert {d.attempts for d in letters} == {4}
    assert all("503" in d.reason for d in letters)
    services.close()


def test_a_pillar_receives_nothing_it_is_not_subscribed_to(settings: Settings, tmp_path: Path) -> None:
    # Given a table where prisons subscribes only to court orders and forensics only to crime details
    settings = _settings(settings, _table(tmp_path))
    services = Services.from_settings(settings)
    _apply(services)
    # When FIRs flow
    _ingest(services, range(1, 51))
    WorkerPool(services).run(idle_timeout_s=1.0)
    # Then courts and prosecution have them, and prisons and forensics have nothing at all
    assert services.audit.reconcile().delivered == {"courts": 50, "prosecution": 50}
    for pillar in ("prisons", "forensics"):
        assert _queue_depth(settings.amqp_url, names.deliver_queue(pillar)) == 0
        assert not (settings.data_dir / "outbox" / pillar).exists()
    assert {pillar for _, pillar in _delivered_events(settings)} == {"courts", "prosecution"}
    services.close()


def test_a_broker_restart_mid_stream_loses_and_duplicates_nothing(settings: Settings, tmp_path: Path) -> None:
    # Given workers running and FIRs streaming in
    settings = _settings(settings, _table(tmp_path))
    services = Services.from_settings(settings)
    _apply(services)
    pool = WorkerPool(services)
    pool.start()
    ids: list[str] = []
    try:
        ids += _ingest(services, range(1, 1001))
        # When RabbitMQ's application is stopped and started again mid-stream
        ctl = "/usr/sbin/rabbitmqctl" if Path("/usr/sbin/rabbitmqctl").exists() else "rabbitmqctl"
        subprocess.run([ctl, "stop_app"], check=True, capture_output=True, timeout=120)
        time.sleep(2)
        subprocess.run([ctl, "start_app"], check=True, capture_output=True, timeout=120)
        subprocess.run([ctl, "await_startup"], check=True, capture_output=True, timeout=120)
        # And the stream goes on (an ingest refused while the broker was away would be resubmitted)
        for _ in range(30):
            try:
                ids += _ingest(services, range(1001, 2001), resubmission=True)
                break
            except Exception:  # the publisher reconnects on the next call
                time.sleep(1)
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not services.audit.reconcile().clean:
            time.sleep(1)
    finally:
        pool.stop()
    # Then every record reached both pillars once
    report = services.audit.reconcile()
    assert len(set(ids)) == 2000
    assert report.clean, report.missing[:3]
    assert report.delivered == {"courts": 2000, "prosecution": 2000}
    delivered = _delivered_events(settings)
    assert len(delivered) == len(set(delivered))
    services.close()


@pytest.fixture(autouse=True)
def _no_stray_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("ICJS_SUBSCRIPTIONS", "ICJS_RETRY_DELAYS", "ICJS_DATABASE_URL"):
        monkeypatch.delenv(key, raising=False)
