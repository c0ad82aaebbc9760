"""The SQL audit store on SQLite: one chain across writers, durable admissions, tamper found by verify."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from hub.audit.sql import SqlAuditStore
from hub.audit.store import Admission, AuditEvent, Event
from hub.record import CaseKeys, Record, record_id, sha256_hex


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


def test_admission_is_new_then_duplicate_once_routed(tmp_path: Path) -> None:
    # Given a store and a record
    store = SqlAuditStore(f"sqlite:///{tmp_path}/audit.db")
    record = _record()
    received = AuditEvent(Event.RECEIVED, record.record_id, 1, "police")
    # When it is admitted twice before routing, then once after
    assert store.admit(record, [received]) is Admission.NEW
    assert store.admit(record, [received]) is Admission.UNROUTED
    store.mark_routed(record, [AuditEvent(Event.ROUTED, record.record_id, 1, "police")])
    assert store.admit(record, [received]) is Admission.DUPLICATE
    # And changed bytes under the same id and version are a conflict
    assert store.admit(_record(body=b"<y/>"), [received]) is Admission.CONFLICT
    events = [e.event for e in store.entries(record_id=record.record_id)]
    assert events == ["RECEIVED", "ACCEPTED", "RECEIVED", "ROUTED", "RECEIVED", "DUPLICATE", "RECEIVED"]
    assert store.verify().ok
    store.close()


def test_a_delivery_is_recorded_once(tmp_path: Path) -> None:
    store = SqlAuditStore(f"sqlite:///{tmp_path}/audit.db")
    delivered = AuditEvent(Event.DELIVERED, "r1", 1, "courts")
    assert store.mark_delivered("r1", 1, "courts", [delivered]) is True
    assert store.mark_delivered("r1", 1, "courts", [delivered]) is False
    assert store.was_delivered("r1", 1, "courts") and not store.was_delivered("r1", 1, "prosecution")
    assert [e.event for e in store.entries()] == ["DELIVERED"]
    store.close()


def test_concurrent_writers_keep_one_gap_free_chain(tmp_path: Path) -> None:
    # Given two stores (as two processes would have) on one database, each appending from 4 threads
    url = f"sqlite:///{tmp_path}/audit.db"
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


def test_editing_an_entry_in_the_database_is_found_and_named(tmp_path: Path) -> None:
    path = tmp_path / "audit.db"
    store = SqlAuditStore(f"sqlite:///{path}")
    store.append([AuditEvent(Event.RECEIVED, f"r{i}", 1, "police") for i in range(10)])
    store.close()
    # When someone edits entry 4 behind the hub's back
    with sqlite3.connect(path) as db:
        db.execute("UPDATE audit_log SET pillar = 'courts' WHERE seq = 4")
    # Then verify names entry 4
    report = SqlAuditStore(f"sqlite:///{path}").verify()
    assert report.problem is not None and report.problem.seq == 4


def test_deleting_the_last_entries_is_found(tmp_path: Path) -> None:
    path = tmp_path / "audit.db"
    store = SqlAuditStore(f"sqlite:///{path}")
    store.append([AuditEvent(Event.RECEIVED, f"r{i}", 1, "police") for i in range(10)])
    store.close()
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM audit_log WHERE seq > 8")
    report = SqlAuditStore(f"sqlite:///{path}").verify()
    assert report.problem is not None and "head says 10" in report.problem.reason
