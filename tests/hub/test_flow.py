"""The walking skeleton end to end, through the CLI and the real RabbitMQ: a police FIR from CAS reaches courts
and prosecution, every step audited; bad FIRs are refused and audited without costing the next one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hub.cli import main
from hub.config import Settings
from hub.services import Services
from hub.workers import WorkerPool

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "adapters" / "cas" / "samples").glob("*.xml"))
BAD = REPO / "tests" / "adapters" / "cas" / "bad"


def _deliver_all(settings: Settings) -> None:
    services = Services.from_settings(settings)
    try:
        WorkerPool(services, ["courts", "prosecution"]).run(idle_timeout_s=1.0)
    finally:
        services.close()


def _ingested_ids(output: str) -> list[str]:
    return [line.split()[1] for line in output.splitlines() if line.startswith(("accepted ", "duplicate "))]


def _outbox(settings: Settings, pillar: str) -> list[Path]:
    """What a pillar received: one file per record, in the pillar's own format (xml, json, csv)."""
    return sorted(p for p in (settings.data_dir / "outbox" / pillar).glob("*.*") if not p.name.startswith("."))


def test_a_sample_fir_reaches_courts_and_prosecution_and_its_trace_shows_every_step(
    hub_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the topology and a CAS sample FIR
    assert main(["topology", "apply"]) == 0
    sample = SAMPLES[0]
    # When it is ingested and the delivery workers run
    assert main(["ingest", "--adapter", "cas", str(sample)]) == 0
    record_ids = _ingested_ids(capsys.readouterr().out)
    assert record_ids, "ingest printed no record id"
    _deliver_all(hub_env)
    # Then each record sits in both outboxes under its record id, as the canonical bytes
    for record_id in record_ids:
        for pillar in ("courts", "prosecution"):
            [delivered] = [p for p in _outbox(hub_env, pillar) if p.stem == record_id]
            assert record_id.encode() in delivered.read_bytes()
    # And its trace shows received, accepted, routed and delivered to both
    assert main(["trace", record_ids[0]]) == 0
    trace = capsys.readouterr().out
    for step in ("RECEIVED", "ACCEPTED", "ROUTED", "DELIVERED"):
        assert step in trace
    assert "courts" in trace and "prosecution" in trace
    # And the chain verifies
    assert main(["audit", "verify"]) == 0


@pytest.mark.parametrize(
    ("bad_file", "expected"),
    [
        ("unknown-section.xml", "999"),
        ("impossible-date.xml", "31/02/2024"),
        ("doctype.xml", "DOCTYPE"),
    ],
)
def test_a_bad_fir_is_refused_and_audited_and_the_next_valid_fir_still_flows(
    hub_env: Settings, capsys: pytest.CaptureFixture[str], bad_file: str, expected: str
) -> None:
    assert main(["topology", "apply"]) == 0
    capsys.readouterr()
    # When a bad FIR is ingested
    assert main(["ingest", "--adapter", "cas", str(BAD / bad_file)]) == 1
    refusal = capsys.readouterr().out
    # Then the refusal names the adapter and what is wrong
    assert refusal.startswith("REFUSED") and "cas:" in refusal and expected in refusal
    # And it is audited as REJECTED with that reason
    with sqlite3.connect(hub_env.data_dir / "icjs-hub.sqlite3") as db:
        rejected = db.execute("SELECT detail FROM audit_log WHERE event = 'REJECTED'").fetchall()
    assert len(rejected) == 1 and expected in rejected[0][0]
    # And the next valid FIR is still accepted and delivered
    assert main(["ingest", "--adapter", "cas", str(SAMPLES[0])]) == 0
    record_ids = _ingested_ids(capsys.readouterr().out)
    _deliver_all(hub_env)
    assert {p.stem for p in _outbox(hub_env, "courts")} == set(record_ids)


def test_the_same_fir_ingested_twice_is_delivered_once_to_each_subscriber(
    hub_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["topology", "apply"]) == 0
    assert main(["ingest", "--adapter", "cas", str(SAMPLES[0])]) == 0
    first = _ingested_ids(capsys.readouterr().out)
    # When the same file comes again
    assert main(["ingest", "--adapter", "cas", str(SAMPLES[0])]) == 0
    second = capsys.readouterr().out
    assert second.startswith("duplicate")
    _deliver_all(hub_env)
    # Then each subscriber got each record once, and the audit says so
    with sqlite3.connect(hub_env.data_dir / "icjs-hub.sqlite3") as db:
        for pillar in ("courts", "prosecution"):
            assert [p.stem for p in _outbox(hub_env, pillar)] == sorted(first)
            (count,) = db.execute(
                "SELECT COUNT(*) FROM audit_log WHERE event = 'DELIVERED' AND pillar = ?", (pillar,)
            ).fetchone()
            assert count == len(first)
        (duplicates,) = db.execute("SELECT COUNT(*) FROM audit_log WHERE event = 'DUPLICATE'").fetchone()
    assert duplicates == len(first)


def test_editing_an_audit_entry_makes_verify_fail_and_name_it(
    hub_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["topology", "apply"]) == 0
    assert main(["ingest", "--adapter", "cas", str(SAMPLES[0])]) == 0
    _deliver_all(hub_env)
    assert main(["audit", "verify"]) == 0
    capsys.readouterr()
    # When someone rewrites where entry 3 says the record went
    with sqlite3.connect(hub_env.data_dir / "icjs-hub.sqlite3") as db:
        db.execute("UPDATE audit_log SET detail = replace(detail, 'courts', 'nobody') WHERE seq = 3")
        assert db.total_changes == 1
    # Then verify exits 1 naming entry 3
    assert main(["audit", "verify"]) == 1
    assert "entry 3" in capsys.readouterr().out


def test_demo_once_delivers_the_samples_and_prints_per_pillar_counts(
    hub_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--once"]) == 0
    out = capsys.readouterr().out
    courts = [line for line in out.splitlines() if line.strip().startswith("courts")]
    prosecution = [line for line in out.splitlines() if line.strip().startswith("prosecution")]
    assert courts and prosecution
    delivered = len(_outbox(hub_env, "courts"))
    assert delivered >= len(SAMPLES)
    assert f"{delivered} record(s)" in courts[0]
    assert "audit log: intact" in out
    # And a second run finds every record already delivered: nothing delivered twice
    assert main(["demo", "--once"]) == 0
    assert len(_outbox(hub_env, "courts")) == delivered


def test_an_unreachable_broker_exits_3(
    hub_env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ICJS_AMQP_URL", "amqp://guest:guest@127.0.0.1:1/")
    monkeypatch.setenv("ICJS_CONNECT_TIMEOUT_S", "1")
    assert main(["ingest", "--adapter", "cas", str(SAMPLES[0])]) == 3
    assert "cannot reach RabbitMQ at 127.0.0.1:1" in capsys.readouterr().err


def test_an_unreachable_database_exits_3(
    hub_env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ICJS_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert main(["audit", "verify"]) == 3
    assert "audit store" in capsys.readouterr().err


def test_an_unknown_adapter_is_a_usage_error_listing_the_installed_ones(
    hub_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", "--adapter", "nope", str(SAMPLES[0])]) == 2
    assert "installed adapters: cas" in capsys.readouterr().err
