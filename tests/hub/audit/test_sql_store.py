"""The SQL audit store on SQLite: one chain across writers, durable admissions, tamper found by verify."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from pathlib import Path

from hub.audit.sql import SqlAuditStore
from hub.audit.store import Admission, AuditEvent, Event
from hub.record import CaseKeys, Record, record_id, sha256_hex
from tests.hub.audit.conftest import run_sql


def _record(n: int = 1, body: bytes = b"<x/>") -> Record:
    rid = record_id("cas", "fir-registered", f"6-60-PS1-2024-{n}")
    return Record(
        record_id=rid,
        record_type="fir-registered",
        version=1,
        schema_version="v1",
        source_system="cas",
        source_pillar="police",
        source_record_id=f"6-60-PS1-2024-{n}",
        created_at="2024-08-01T10:00:00+05:30",
        case_keys=CaseKeys(fir_key=f"6-60-PS1-2024-{n}"),
        canonical=body,
        sha256=sha256_hex(body),
    )


def test_creating_a_store_opens_nothing(tmp_path: Path) -> None:
    SqlAuditStore(f"sqlite:///{tmp_path}/audit.db").close()
    assert not (tmp_path / "audit.db").exists()


def _builder(n: int = 1, body: bytes = b"<x/>"):
    def build(version: int, supersedes: int | None) -> Record:
        return dataclasses.replace(_record(n, body + str(version).encode()), version=version)

    return build


def test_admission_is_new_then_duplicate_once_routed(audit_url: str) -> None:
    # Given a store and a record
    store = SqlAuditStore(audit_url)
    record = _record()
    received = AuditEvent(Event.RECEIVED, record.record_id, None, "police")
    # When it is admitted twice before routing, then once after
    admission, first = store.admit(record.record_id, "content-a", _builder(), [received])
    assert admission is Admission.NEW and first is not None and first.version == 1
    admission, again = store.admit(record.record_id, "content-a", _builder(), [received])
    assert admission is Admission.UNROUTED and again == first
    store.mark_routed(first, ["courts"], [AuditEvent(Event.ROUTED, record.record_id, 1, "police")])
    assert store.admit(record.record_id, "content-a", _builder(), [received]) == (Admission.DUPLICATE, None)
    events = [e.event for e in store.entries(record_id=record.record_id)]
    assert events == ["RECEIVED", "ACCEPTED", "RECEIVED", "ROUTED", "RECEIVED", "DUPLICATE"]
    assert store.verify().ok
    store.close()


def test_changed_content_becomes_the_next_version_superseding_the_last(audit_url: str) -> None:
    store = SqlAuditStore(audit_url)
    record = _record()
    received = AuditEvent(Event.RECEIVED, record.record_id, None, "police")
    _, _first = store.admit(record.record_id, "content-a", _builder(), [received])
    # When different content arrives for the same record id
    admission, second = store.admit(record.record_id, "content-b", _builder(), [received])
    # Then it is version 2, and its ACCEPTED entry says what it supersedes
    assert admission is Admission.NEW and second is not None and second.version == 2
    accepted = [e for e in store.entries(record_id=record.record_id) if e.event == "ACCEPTED"]
    assert [e.version for e in accepted] == [1, 2]
    assert accepted[1].detail_data()["supersedes"] == 1
    # And the first content again is still version 1, not a third version
    admission, again = store.admit(record.record_id, "content-a", _builder(), [received])
    assert admission is Admission.UNROUTED and again is not None and again.version == 1
    store.close()


def test_reconcile_lists_what_has_no_terminal_state(audit_url: str) -> None:
    store = SqlAuditStore(audit_url)
    routed = []
    for n in range(3):
        record = _record(n)
        _, admitted = store.admit(record.record_id, f"c{n}", _builder(n), [])
        assert admitted is not None
        store.mark_routed(admitted, ["courts", "prosecution"], [])
        routed.append(admitted)
    store.mark_delivered(routed[0].record_id, 1, "courts", [AuditEvent(Event.DELIVERED, routed[0].record_id, 1)])
    store.mark_delivered(routed[0].record_id, 1, "prosecution", [AuditEvent(Event.DELIVERED)])
    store.mark_dead(routed[1].record_id, 1, "courts", [AuditEvent(Event.DEAD_LETTERED)])
    report = store.reconcile()
    assert report.delivered == {"courts": 1, "prosecution": 1}
    assert report.dead_lettered == {"courts": 1}
    assert sorted((g.record_id, g.pillar) for g in report.missing) == sorted(
        [(routed[1].record_id, "prosecution"), (routed[2].record_id, "courts"), (routed[2].record_id, "prosecution")]
    )
    # A replayed dead letter is pending again; once delivered, it is counted as delivered
    assert store.mark_replayed(routed[1].record_id, 1, "courts", [AuditEvent(Event.REPLAYED)])
    assert len(store.reconcile().missing) == 4
    store.mark_delivered(routed[1].record_id, 1, "courts", [AuditEvent(Event.DELIVERED)])
    assert store.reconcile().delivered["courts"] == 2
    store.close()


def test_a_delivery_is_recorded_once(audit_url: str) -> None:
    store = SqlAuditStore(audit_url)
    delivered = AuditEvent(Event.DELIVERED, "r1", 1, "courts")
    assert store.mark_delivered("r1", 1, "courts", [delivered]) is True
    assert store.mark_delivered("r1", 1, "courts", [delivered]) is False
    assert store.was_delivered("r1", 1, "courts") and not store.was_delivered("r1", 1, "prosecution")
    assert [e.event for e in store.entries()] == ["DELIVERED"]
    store.close()


def test_a_batch_of_deliveries_is_recorded_once_each(audit_url: str) -> None:
    # Given r1 already delivered to courts, and dead-lettered copy of r3
    store = SqlAuditStore(audit_url)
    store.mark_delivered("r1", 1, "courts", [AuditEvent(Event.DELIVERED, "r1", 1, "courts")])
    store.mark_dead("r3", 1, "courts", [AuditEvent(Event.DEAD_LETTERED, "r3", 1, "courts")])
    # When a batch holds r1 again, r2 twice and r3 (another copy got through)
    batch = [(rid, 1, [AuditEvent(Event.DELIVERED, rid, 1, "courts")]) for rid in ("r1", "r2", "r2", "r3")]
    # Then each is recorded once: only the new ones are appended, and r3 is no longer a dead letter
    assert store.mark_delivered_many("courts", batch) == [False, True, False, True]
    assert [(e.event, e.record_id) for e in store.entries()] == [
        ("DELIVERED", "r1"),
        ("DEAD_LETTERED", "r3"),
        ("DELIVERED", "r2"),
        ("DELIVERED", "r3"),
    ]
    assert store.delivered_among("courts", [("r1", 1), ("r2", 1), ("r2", 2), ("r4", 1)]) == {("r1", 1), ("r2", 1)}
    assert store.delivered_among("prosecution", [("r1", 1)]) == set()
    assert store.reconcile().dead_lettered == {}
    assert store.verify().ok
    store.close()


def test_one_writers_failure_costs_the_writers_sharing_its_transaction_nothing(audit_url: str) -> None:
    # Given a writer holding the store's write transaction (its record builder waits)
    store = SqlAuditStore(audit_url)
    holding, release = threading.Event(), threading.Event()

    def slow_build(version: int, supersedes: int | None) -> Record:
        holding.set()
        release.wait(10)
        return _record(1)

    def broken_build(version: int, supersedes: int | None) -> Record:
        raise ValueError("builder broke")

    outcomes: dict[str, object] = {}

    def call(name: str, fn: Callable[[], object]) -> None:
        try:
            outcomes[name] = fn()
        except Exception as exc:
            outcomes[name] = exc

    one, two = _record(1).record_id, _record(2).record_id
    first = threading.Thread(target=call, args=("first", lambda: store.admit(one, "a", slow_build, [])))
    first.start()
    assert holding.wait(10)
    # When, while it holds the lock, a writer whose builder fails and two plain appends queue up (and so are
    # committed together once the first is done)
    queued = [
        threading.Thread(target=call, args=("broken", lambda: store.admit(two, "b", broken_build, []))),
        threading.Thread(target=call, args=("a", lambda: store.append([AuditEvent(Event.RECEIVED, "ra")]))),
        threading.Thread(target=call, args=("b", lambda: store.append([AuditEvent(Event.RECEIVED, "rb")]))),
    ]
    for thread in queued:
        thread.start()
    time.sleep(0.3)
    release.set()
    for thread in [first, *queued]:
        thread.join(10)
    # Then the failing writer gets its own error, and everyone else's work is committed
    assert isinstance(outcomes["broken"], ValueError)
    assert outcomes["first"][0] is Admission.NEW  # type: ignore[index]
    assert len(outcomes["a"]) == 1 and len(outcomes["b"]) == 1  # type: ignore[arg-type]
    logged = [(e.event, e.record_id) for e in store.entries()]
    assert ("RECEIVED", "ra") in logged and ("RECEIVED", "rb") in logged
    assert ("ACCEPTED", one) in logged
    assert not any(rid == two for _, rid in logged)
    assert store.verify().ok
    store.close()


def test_concurrent_writers_keep_one_gap_free_chain(audit_url: str) -> None:
    # Given two stores (as two processes would have) on one database, each appending from 4 threads
    url = audit_url
    stores = [SqlAuditStore(url), SqlAuditStore(url)]

    def write(store: SqlAuditStore, worker: int) -> None:
        for i in range(25):
            store.append([AuditEvent(Event.RECEIVED, f"w{worker}-{i}", 1, "police")])

    threads = [threading.Thread(target=write, args=(stores[w % 2], w)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then the log holds 200 entries numbered 1..200 and verifies
    report = stores[0].verify()
    assert report.ok, report.problem
    assert report.entries == 200
    for store in stores:
        store.close()


def test_editing_an_entry_in_the_database_is_found_and_named(audit_url: str) -> None:
    store = SqlAuditStore(audit_url)
    store.append([AuditEvent(Event.RECEIVED, f"r{i}", 1, "police") for i in range(10)])
    store.close()
    # When someone edits entry 4 behind the hub's back
    assert run_sql(audit_url, "UPDATE audit_log SET pillar = 'courts' WHERE seq = 4") == 1
    # Then verify names entry 4
    store = SqlAuditStore(audit_url)
    report = store.verify()
    store.close()
    assert report.problem is not None and report.problem.seq == 4


def test_deleting_the_last_entries_is_found(audit_url: str) -> None:
    store = SqlAuditStore(audit_url)
    store.append([AuditEvent(Event.RECEIVED, f"r{i}", 1, "police") for i in range(10)])
    store.close()
    assert run_sql(audit_url, "DELETE FROM audit_log WHERE seq > 8") == 2
    store = SqlAuditStore(audit_url)
    report = store.verify()
    store.close()
    assert report.problem is not None and "head says 10" in report.problem.reason
