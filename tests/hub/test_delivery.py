"""The delivery worker through the real RabbitMQ: redaction in flight, versions, no second delivery, dead
letters listed and replayed from the command line, reconciliation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hub.broker.connection import connect
from hub.broker.topology import apply_topology
from hub.cli import main
from hub.config import Settings
from hub.ingest import Outcome, message_for
from hub.services import Services
from hub.workers import WorkerPool
from tests.hub.fixtures import SAMPLE, PillarEndpoint

PROTECTED = ("रमेश कुमार शर्मा", "Ramesh Kumar Sharma", "सुरेश चंद शर्मा", "Suresh Chand Sharma", "रमेश")


def _hub(settings: Settings, tmp_path: Path, routes: str, pillars: str = "") -> Services:
    table = tmp_path / "subscriptions.toml"
    table.write_text(f'version = "test-2"\n{pillars}\n[routes]\n{routes}\n', encoding="utf-8")
    services = Services.from_settings(
        settings.model_copy(update={"subscriptions": table, "retry_delays": "100ms,200ms"})
    )
    connection = connect(services.settings.amqp_url)
    try:
        apply_topology(connection, services.table, services.settings.retry_policy())
    finally:
        connection.close()
    return services


def _rape_fir() -> bytes:
    """The Faridabad sample FIR, charging rape (BNS 64) instead of theft: its victim is the complainant."""
    text = SAMPLE.read_text(encoding="utf-8")
    changed = text.replace("<ACT_SEC>u/s 303(2) BNS</ACT_SEC>", "<ACT_SEC>u/s 64 BNS</ACT_SEC>")
    assert changed != text
    return changed.encode()


def _events(settings: Settings, event: str) -> list[tuple[str, str, str]]:
    with sqlite3.connect(settings.data_dir / "icjs-hub.sqlite3") as db:
        return db.execute(
            "SELECT record_id, pillar, detail FROM audit_log WHERE event = ? ORDER BY seq", (event,)
        ).fetchall()


def test_a_pillar_not_entitled_receives_no_protected_name(settings: Settings, tmp_path: Path) -> None:
    # Given FIRs going to courts (entitled to a victim's identity) and prisons (not entitled)
    services = _hub(settings, tmp_path, 'fir-registered = { producer = "police", subscribers = ["courts", "prisons"] }')
    # When a rape FIR flows
    [result] = services.ingestor.ingest("cas", _rape_fir(), source="rape.xml")
    assert result.outcome is Outcome.ACCEPTED
    WorkerPool(services).run(idle_timeout_s=1.0)
    # Then the bytes prisons received hold no name, relative or address line of the victim, even in the narrative
    to_prisons = (settings.data_dir / "outbox" / "prisons" / f"{result.record_id}.xml").read_bytes()
    for name in PROTECTED:
        assert name.encode() not in to_prisons, name
    assert "मकान नंबर 1187".encode() not in to_prisons
    # And courts received them
    to_courts = (settings.data_dir / "outbox" / "courts" / f"{result.record_id}.xml").read_bytes()
    assert "रमेश कुमार शर्मा".encode() in to_courts
    # And the redaction is audited with the fields and the policy version, for prisons only
    [(record_id, pillar, detail)] = _events(settings, "REDACTED")
    assert (record_id, pillar) == (result.record_id, "prisons")
    assert "Person[@id='P1']/Name (sexual-offence-victim)" in detail and services.policy.version in detail
    services.close()


def test_a_changed_resubmission_is_delivered_as_the_next_version(settings: Settings, tmp_path: Path) -> None:
    services = _hub(settings, tmp_path, 'fir-registered = { producer = "police", subscribers = ["courts"] }')
    # Given a FIR delivered once
    original = SAMPLE.read_bytes()
    [first] = services.ingestor.ingest("cas", original, source="fir.xml")
    WorkerPool(services).run(idle_timeout_s=1.0)
    # When the same FIR comes again, corrected (an extra section)
    corrected = original.replace(b"<ACT_SEC>u/s 303(2) BNS</ACT_SEC>", b"<ACT_SEC>u/s 303(2), 3(5) BNS</ACT_SEC>")
    assert corrected != original
    [second] = services.ingestor.ingest("cas", corrected, source="fir-corrected.xml")
    # Then it is version 2 of the same record, superseding version 1, and courts receive it
    assert (second.outcome, second.record_id, second.version) == (Outcome.ACCEPTED, first.record_id, 2)
    WorkerPool(services).run(idle_timeout_s=1.0)
    delivered = (settings.data_dir / "outbox" / "courts" / f"{first.record_id}.xml").read_bytes()
    assert b"<Version>2</Version>" in delivered and b"<Supersedes>1</Supersedes>" in delivered
    assert [(r, p) for r, p, _ in _events(settings, "DELIVERED")] == [(first.record_id, "courts")] * 2
    # And the original again is a duplicate, not a third version
    [again] = services.ingestor.ingest("cas", original, source="fir.xml")
    assert again.outcome is Outcome.DUPLICATE
    services.close()


def _courts_over_http(settings: Settings, tmp_path: Path) -> tuple[Services, PillarEndpoint]:
    endpoint = PillarEndpoint()
    services = _hub(
        settings,
        tmp_path,
        'fir-registered = { producer = "police", subscribers = ["courts"] }',
        f'[pillars.courts]\ndelivery = "http"\nendpoint = "{endpoint.url}"',
    )
    return services, endpoint


def _publish_sample_again(services: Services) -> None:
    """Put another copy of the sample FIR's message on the exchange, as the broker redelivering it would."""
    cas = services.adapters.get("cas")
    [canonical] = cas.decode(SAMPLE.read_bytes())
    assert isinstance(canonical, bytes)
    services.publisher.publish([message_for(services.ingestor.check(cas, canonical), "police")])


def test_a_redelivered_message_is_not_delivered_twice(settings: Settings, tmp_path: Path) -> None:
    # Given courts over HTTP, and a record already delivered and audited
    services, endpoint = _courts_over_http(settings, tmp_path)
    [result] = services.ingestor.ingest("cas", SAMPLE.read_bytes(), source="fir.xml")
    WorkerPool(services).run(idle_timeout_s=1.0)
    assert endpoint.received == {f"{result.record_id}:1": 1}
    # When the broker hands the same message over again (as after a worker died before its ack)
    _publish_sample_again(services)
    WorkerPool(services).run(idle_timeout_s=1.0)
    # Then the endpoint still has it once
    assert endpoint.received == {f"{result.record_id}:1": 1}
    endpoint.down()
    services.close()


def test_two_copies_of_a_record_in_one_backlog_are_delivered_once(settings: Settings, tmp_path: Path) -> None:
    # Given courts over HTTP, and the same record waiting twice in its queue (a republished copy)
    services, endpoint = _courts_over_http(settings, tmp_path)
    [result] = services.ingestor.ingest("cas", SAMPLE.read_bytes(), source="fir.xml")
    _publish_sample_again(services)
    # When the worker takes the backlog (both copies in one batch)
    WorkerPool(services).run(idle_timeout_s=1.0)
    # Then the pillar got it once, and the audit log says DELIVERED once
    assert endpoint.received == {f"{result.record_id}:1": 1}
    assert [pillar for _, pillar, _ in _events(settings, "DELIVERED")] == ["courts"]
    endpoint.down()
    services.close()


def test_dead_letters_are_listed_and_replayed_from_the_command_line(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given courts over HTTP refusing one record with 503 until it is fixed
    endpoint = PillarEndpoint()
    services = _hub(
        settings,
        tmp_path,
        'fir-registered = { producer = "police", subscribers = ["courts"] }',
        f'[pillars.courts]\ndelivery = "http"\nendpoint = "{endpoint.url}"',
    )
    [result] = services.ingestor.ingest("cas", SAMPLE.read_bytes(), source="fir.xml")
    assert result.record_id is not None
    endpoint.failing = {result.record_id}
    WorkerPool(services).run(idle_timeout_s=1.5)
    for key, value in {
        "ICJS_AMQP_URL": settings.amqp_url,
        "ICJS_DATA_DIR": str(settings.data_dir),
        "ICJS_SUBSCRIPTIONS": str(services.settings.subscriptions),
        "ICJS_RETRY_DELAYS": "100ms,200ms",
    }.items():
        monkeypatch.setenv(key, value)
    # Then reconcile counts it dead, and dlq list shows why, how often and when
    assert main(["audit", "reconcile"]) == 0
    assert "courts" in capsys.readouterr().out
    assert main(["dlq", "list", "--pillar", "courts"]) == 0
    listing = capsys.readouterr().out
    assert result.record_id in listing and "503" in listing and " 3 " in listing
    # When the pillar is fixed and the dead letter replayed by a named operator
    endpoint.failing = set()
    assert main(["dlq", "replay", "--pillar", "courts", "--all", "--dry-run"]) == 0
    assert "would replay" in capsys.readouterr().out
    assert main(["dlq", "replay", result.record_id, "--pillar", "courts", "--actor", "op.sharma"]) == 0
    capsys.readouterr()
    WorkerPool(services).run(idle_timeout_s=1.0)
    # Then it is delivered, the replay is audited with who did it, and nothing is left dead
    assert endpoint.received == {f"{result.record_id}:1": 1}
    [(record_id, pillar, _)] = _events(settings, "REPLAYED")
    assert (record_id, pillar) == (result.record_id, "courts")
    replayed = [e for e in services.audit.entries(record_id=result.record_id) if e.event == "REPLAYED"]
    assert replayed[0].actor == "op.sharma"
    assert main(["dlq", "list", "--pillar", "courts"]) == 0
    assert "0 dead letter(s)" in capsys.readouterr().out
    assert services.audit.reconcile().delivered == {"courts": 1}
    endpoint.down()
    services.close()


def test_reconcile_exits_1_listing_a_record_without_a_terminal_state(
    hub_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a FIR routed but never delivered (no worker ran)
    assert main(["topology", "apply"]) == 0
    assert main(["ingest", "--adapter", "cas", str(SAMPLE)]) == 0
    record_id = capsys.readouterr().out.split("accepted ")[1].split()[0]
    # Then reconcile exits 1 and names it for both subscribers
    assert main(["audit", "reconcile"]) == 1
    out = capsys.readouterr().out
    assert f"MISSING courts {record_id}" in out and f"MISSING prosecution {record_id}" in out
