"""Audit log figures: batched append rate on SQLite beside raw sqlite3 inserts of the same rows in the same run;
verify time (chain + Merkle roots + checkpoint signatures); proof size and offline check time.

    .venv/bin/python bench/audit.py [--events N] [--batch B] [--verify-events M]

Targets (issue 6): append >= 30k events/s batched on SQLite; verify of 1M events < 30 s (--verify-events 1000000).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from hub.audit.proof import build_proof, check_proof
from hub.audit.signing import Signer, public_key_pem
from hub.audit.sql import SqlAuditStore
from hub.audit.store import AuditEvent, Event


def _events(n: int, start: int = 0) -> list[AuditEvent]:
    return [
        AuditEvent(
            Event.DELIVERED,
            f"rec-{(start + i) % 5000:05d}",
            1,
            "courts",
            "hub",
            {"mode": "file", "attempt": 1, "sha256": "ab" * 32},
        )
        for i in range(n)
    ]


def raw_insert_rate(path: Path, n: int, batch: int) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute(
        "CREATE TABLE t (seq INTEGER PRIMARY KEY, at TEXT, event TEXT, record_id TEXT, version INTEGER, "
        "pillar TEXT, actor TEXT, detail TEXT, prev_hash TEXT, hash TEXT)"
    )
    row = (
        "2026-11-24T10:00:00.000000+00:00",
        "DELIVERED",
        "rec-00001",
        1,
        "courts",
        "hub",
        json.dumps({"mode": "file", "attempt": 1, "sha256": "ab" * 32}),
        "0" * 64,
        "1" * 64,
    )
    start = time.perf_counter()
    for b in range(0, n, batch):
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?,?)", [(b + i + 1, *row) for i in range(batch)])
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--verify-events", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        raw = raw_insert_rate(tmp_path / "raw.db", args.events, args.batch)
        store = SqlAuditStore(
            f"sqlite:///{tmp_path}/audit.db",
            signer=Signer(tmp_path / "keys"),
            checkpoint_every=10_000,
            checkpoint_interval_s=3600,
        )
        start = time.perf_counter()
        for b in range(0, args.events, args.batch):
            store.append(_events(args.batch, b))
        append = args.events / (time.perf_counter() - start)
        print(
            f"append, batches of {args.batch}: raw sqlite3 {raw:>9,.0f} rows/s   hub {append:>9,.0f} events/s "
            f"(chain + checkpoints)  ratio {append / raw:.2f}"
        )
        for b in range(args.events, args.verify_events, args.batch * 10):
            store.append(_events(min(args.batch * 10, args.verify_events - b), b))
        store.checkpoint()
        start = time.perf_counter()
        report = store.verify()
        verify_s = time.perf_counter() - start
        assert report.ok, report.problem
        print(
            f"verify {report.entries:,} events, {report.checkpoints_checked} checkpoints: {verify_s:.1f} s "
            f"({report.entries / verify_s:,.0f} events/s; 1M events ~ {1e6 / (report.entries / verify_s):.1f} s)"
        )
        checkpoint = store.checkpoints()[-1]
        entries = list(store.entries(record_id="rec-00042"))
        start = time.perf_counter()
        proof = build_proof(
            "rec-00042",
            entries,
            checkpoint,
            store.leaf_hashes(checkpoint.tree_size),
            public_key_pem(store.signer_public_key()),
        )
        prove_s = time.perf_counter() - start
        document = json.dumps(proof).encode()
        start = time.perf_counter()
        result = check_proof(document, public_key_pem(store.signer_public_key()))
        check_ms = (time.perf_counter() - start) * 1000
        assert result.ok
        print(
            f"proof of {len(entries)} entries in a log of {checkpoint.tree_size:,}: {len(document) / 1024:.1f} KB, "
            f"built in {prove_s:.1f} s, checked offline in {check_ms:.1f} ms"
        )
        per_million = 1e6 * verify_s / report.entries
        print(f"audit_append_per_s={append:.0f} raw_rows_per_s={raw:.0f} verify_s_per_1M={per_million:.1f}")
        store.close()


if __name__ == "__main__":
    main()
