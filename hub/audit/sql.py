"""The audit store on SQL: SQLite (embedded default) and PostgreSQL, through SQLAlchemy Core.

One chain across every writer: each append runs in a transaction that first takes the write lock on the single
head row (SQLite: BEGIN IMMEDIATE; PostgreSQL: SELECT ... FOR UPDATE), so sequence numbers and hashes are
assigned in one order, whichever process writes. SQLite runs in WAL mode with synchronous=FULL: a commit that
returned survives a power cut.

Group commit: the threads of one process that write at the same moment share one transaction, and so one
fsync. A thread queues its work and takes the process's write lock; whoever holds it commits everything queued
so far, in queue order, and the others find their work done when the lock comes to them. Each caller still
returns only after the transaction holding its work is durable. On SQLite, writers of different processes also
queue on an advisory file lock beside the database, so that they wait in the kernel, woken the moment the lock
is free, instead of polling in SQLite's busy handler (which sleeps up to 100 ms between tries). Reads begin a
deferred transaction and take no write lock at all.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from tenacity import Retrying, retry_if_exception_type, stop_after_delay, wait_random

from hub import metrics
from hub.audit.chain import (
    GENESIS,
    AuditEntry,
    ChainReport,
    canonical_json,
    chain_hash,
    entry_body,
    verify_chain,
)
from hub.audit.merkle import Frontier, leaf_hash
from hub.audit.signing import Checkpoint, Signer
from hub.audit.store import Admission, AuditEvent, Event, Reconciliation, RecordBuilder, TerminalGap
from hub.errors import AuditUnavailable
from hub.record import Record

metadata = sa.MetaData()

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("event", sa.String(32), nullable=False),
    sa.Column("record_id", sa.String(64), nullable=True, index=True),
    sa.Column("version", sa.Integer, nullable=True),
    sa.Column("pillar", sa.String(32), nullable=True),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    # The entry's Merkle leaf hash, kept so that checkpoints need not re-hash old entries. Never trusted by
    # verify, which recomputes every leaf from the entry's content.
    sa.Column("leaf", sa.String(64), nullable=False),
)

_ENTRY_COLUMNS = [
    audit_log.c[name]
    for name in ("seq", "at", "event", "record_id", "version", "pillar", "actor", "detail", "prev_hash", "hash")
]

audit_head = sa.Table(
    "audit_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

records = sa.Table(
    "records",
    metadata,
    sa.Column("record_id", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("record_type", sa.String(64), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    # The adapter's output before the hub set its version: what tells a repeat from a change.
    sa.Column("content_sha256", sa.String(64), nullable=False, index=True),
    sa.Column("supersedes", sa.Integer, nullable=True),
    sa.Column("source_system", sa.String(64), nullable=False),
    sa.Column("source_pillar", sa.String(32), nullable=False),
    sa.Column("source_record_id", sa.String(128), nullable=False),
    sa.Column("fir_key", sa.String(64), nullable=True, index=True),
    sa.Column("cnr", sa.String(16), nullable=True, index=True),
    sa.Column("lab_case_number", sa.String(64), nullable=True, index=True),
    sa.Column("prisoner_id", sa.String(64), nullable=True, index=True),
    sa.Column("routed", sa.Boolean, nullable=False, default=False),
    sa.Column("subscribers", sa.String(200), nullable=True),  # comma-separated, as routed
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("record_id", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("pillar", sa.String(32), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
)

audit_checkpoints = sa.Table(
    "audit_checkpoints",
    metadata,
    sa.Column("tree_size", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("root", sa.String(64), nullable=False),
    sa.Column("frontier", sa.Text, nullable=False),  # JSON list of hex subtree roots: where the next one resumes
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("key_id", sa.String(16), nullable=False),
    sa.Column("signature", sa.String(128), nullable=False),
)

payloads = sa.Table(
    "payloads",
    metadata,
    sa.Column("record_id", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("record_type", sa.String(64), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=True),  # None once purged; the hash stays
    sa.Column("stored_at", sa.String(40), nullable=False),
    sa.Column("purged_at", sa.String(40), nullable=True),
)

legal_holds = sa.Table(
    "legal_holds",
    metadata,
    sa.Column("case_key", sa.String(64), primary_key=True),
    sa.Column("placed_at", sa.String(40), nullable=False),
    sa.Column("placed_by", sa.String(128), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)

dead_letters = sa.Table(
    "dead_letters",
    metadata,
    sa.Column("record_id", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("pillar", sa.String(32), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
)


_RECORD_COLUMNS = (
    "record_id",
    "version",
    "record_type",
    "sha256",
    "content_sha256",
    "supersedes",
    "source_system",
    "source_pillar",
    "source_record_id",
    "fir_key",
    "cnr",
    "lab_case_number",
    "prisoner_id",
    "routed",
    "subscribers",
)


class _HotSql:
    """The statements every record runs, as driver SQL for the backend at hand: SQLAlchemy's statement handling
    cost more CPU than SQLite spent running them (the tables are SQLAlchemy's; only these hot paths bypass it)."""

    def __init__(self, dialect: sa.Dialect) -> None:
        sqlite = dialect.name == "sqlite"

        def sql(text: str) -> str:
            return text if dialect.paramstyle == "qmark" else text.replace("?", "%s")

        self.marker = "?" if dialect.paramstyle == "qmark" else "%s"
        # SQLite has no FOR UPDATE: its write transactions begin IMMEDIATE, holding the database's write lock.
        self.head = sql("SELECT seq, hash FROM audit_head WHERE id = 1" + ("" if sqlite else " FOR UPDATE"))
        self.set_head = sql("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")

        def insert(table: str, columns: Sequence[str]) -> str:
            return sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['?'] * len(columns))})")

        self.insert_entries = insert("audit_log", [c.name for c in audit_log.columns])
        self.versions = sql(
            "SELECT version, content_sha256, routed, supersedes FROM records WHERE record_id = ? ORDER BY version"
        )
        self.insert_record = insert("records", _RECORD_COLUMNS)
        self.insert_payload = insert(
            "payloads", ("record_id", "version", "record_type", "sha256", "content", "stored_at")
        )
        self.mark_routed = sql("UPDATE records SET routed = ?, subscribers = ? WHERE record_id = ? AND version = ?")
        self.record_delivery = sql("INSERT INTO deliveries (record_id, version, pillar, seq) VALUES (?, ?, ?, ?)")
        self.clear_dead = sql("DELETE FROM dead_letters WHERE record_id = ? AND version = ? AND pillar = ?")

    def delivered_among(self, count: int) -> str:
        return (
            "SELECT record_id, version FROM deliveries WHERE pillar = "
            f"{self.marker} AND record_id IN ({', '.join([self.marker] * count)})"
        )


def engine_url(url: str) -> str:
    """Use psycopg 3 for a bare ``postgresql://`` URL (SQLAlchemy would look for psycopg2)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class SqlAuditStore:
    """The audit store on SQLite or PostgreSQL.

    With a ``signer``, a signed checkpoint (the Merkle root over all entries so far) is written inside the append
    transaction that brings the log ``checkpoint_every`` entries past the last checkpoint, or that comes more than
    ``checkpoint_interval_s`` seconds after it.
    """

    def __init__(
        self,
        url: str,
        *,
        clock: Callable[[], str] = utc_now,
        signer: Signer | None = None,
        checkpoint_every: int = 1000,
        checkpoint_interval_s: float = 60.0,
    ) -> None:
        self._url = engine_url(url)
        self._clock = clock
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()  # held by the thread committing the queued work
        self._queue_lock = threading.Lock()
        self._queued: list[_Work] = []
        self._file_lock: _FileLock | None = None
        self._hot: _HotSql | None = None
        self._signer = signer
        self._checkpoint_every = checkpoint_every
        self._checkpoint_interval_s = checkpoint_interval_s
        self._last_checkpoint = (0, time.monotonic())  # (tree size, when) as this process last saw it

    # --- connection ---

    def _db(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = self._open()
                self._hot = _HotSql(self._engine.dialect)
            return self._engine

    def _sql(self) -> _HotSql:
        self._db()
        assert self._hot is not None
        return self._hot

    def _open(self) -> Engine:
        url = sa.make_url(self._url)
        is_sqlite = url.get_backend_name() == "sqlite"
        if is_sqlite and url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        connect_args: dict[str, Any] = {"timeout": 30} if is_sqlite else {"connect_timeout": 10}
        engine = sa.create_engine(url, connect_args=connect_args, pool_pre_ping=not is_sqlite)
        if is_sqlite:
            _serialise_sqlite_writers(engine)
            if url.database and url.database != ":memory:":
                self._file_lock = _FileLock(Path(f"{url.database}.lock"))
        try:
            # Several processes may open a new database at once: one creates the tables, the others retry and
            # find them (a lost race shows as "already exists", "locked" or a duplicate head row).
            for attempt in Retrying(
                retry=retry_if_exception_type(DBAPIError),
                stop=stop_after_delay(30 if is_sqlite else 10),
                wait=wait_random(0.01, 0.2),
                reraise=True,
            ):
                with attempt:
                    _create_schema(engine)
        except DBAPIError as exc:
            engine.dispose()
            raise AuditUnavailable(f"cannot open the audit store at {_safe(url)}: {exc.orig}") from None
        return engine

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
            if self._file_lock is not None:
                self._file_lock.close()
                self._file_lock = None

    def _transaction(self, work: Callable[[Connection], Any]) -> Any:
        """Run ``work`` in a write transaction, perhaps together with other threads' work (group commit); return
        its result once that transaction is durable, or raise what ``work`` raised."""
        mine = _Work(work)
        with self._queue_lock:
            self._queued.append(mine)
        with self._write_lock:
            if not mine.done:
                with self._queue_lock:
                    batch, self._queued = self._queued, []
                try:
                    self._commit(batch)
                finally:
                    for work in batch:  # interrupted (KeyboardInterrupt, ...): no caller may wait forever
                        if not work.done:
                            work.fail(AuditUnavailable("the audit transaction was interrupted"))
        return mine.outcome()

    def _commit(self, batch: list[_Work]) -> None:
        """Under the write lock: every work of ``batch`` in one transaction. When one of them raises, the
        transaction is rolled back and each runs again in a transaction of its own, so that one caller's
        failure costs the others nothing."""
        if len(batch) > 1:
            try:
                results = self._run_together(batch)
            except AuditUnavailable as exc:
                for work in batch:
                    work.fail(exc)
                return
            except Exception:  # one work's error: found, and given to it, below
                pass
            else:
                for work, result in zip(batch, results, strict=True):
                    work.succeed(result)
                return
        for work in batch:
            try:
                [result] = self._run_together([work])
            except Exception as exc:  # handed to the caller that queued the work
                work.fail(exc)
            else:
                work.succeed(result)

    def _run_together(self, works: list[_Work]) -> list[Any]:
        """The works' results from one committed transaction; on failure nothing of theirs is kept."""
        checkpointed = self._last_checkpoint  # a checkpoint made in a rolled-back transaction is not made
        try:
            with self._exclusive(), self._db().begin() as conn:
                return [work.run(conn) for work in works]
        except DBAPIError as exc:
            self._last_checkpoint = checkpointed
            raise AuditUnavailable(f"audit store failed: {exc.orig}") from None
        except Exception:
            self._last_checkpoint = checkpointed
            raise

    def _exclusive(self) -> AbstractContextManager[object]:
        self._db()  # opening the database sets up the file lock
        return self._file_lock if self._file_lock is not None else nullcontext()

    # --- writing ---

    def _lock_head(self, conn: Connection) -> tuple[int, str]:
        """The head row's (seq, hash), locked for this transaction (PostgreSQL: FOR UPDATE; SQLite's write
        transactions hold the database's lock already)."""
        seq, digest = conn.exec_driver_sql(self._sql().head).one()
        return int(seq), str(digest)

    def _append(
        self, conn: Connection, events: Sequence[AuditEvent], head: tuple[int, str] | None = None
    ) -> list[AuditEntry]:
        """Chain ``events`` after the head; ``head`` is the head this transaction already locked, if it did."""
        hot = self._sql()
        seq, prev = head if head is not None else self._lock_head(conn)
        entries = []
        rows = []
        at = self._clock()  # one moment for the events of one transaction
        for ev in events:
            seq += 1
            detail = canonical_json(ev.detail)
            event = str(ev.event)
            body = entry_body(seq, at, event, ev.record_id, ev.version, ev.pillar, ev.actor, detail)
            digest = chain_hash(prev, body)
            entry = AuditEntry(seq, at, event, ev.record_id, ev.version, ev.pillar, ev.actor, detail, prev, digest)
            entries.append(entry)
            rows.append(
                (
                    seq,
                    at,
                    event,
                    ev.record_id,
                    ev.version,
                    ev.pillar,
                    ev.actor,
                    detail,
                    entry.prev_hash,
                    digest,
                    leaf_hash(body).hex(),
                )
            )
            prev = digest
        if entries:
            conn.exec_driver_sql(hot.insert_entries, rows)
            conn.exec_driver_sql(hot.set_head, (seq, prev))
            self._maybe_checkpoint(conn, seq)
        return entries

    # --- checkpoints ---

    def _maybe_checkpoint(self, conn: Connection, head: int) -> None:
        if self._signer is None:
            return
        size, when = self._last_checkpoint
        due = head - size >= self._checkpoint_every or time.monotonic() - when >= self._checkpoint_interval_s
        if due:
            self._checkpoint(conn, head)

    def _checkpoint(self, conn: Connection, head: int) -> Checkpoint | None:
        """Under the head lock: sign the tree over entries 1..head, resuming from the last checkpoint."""
        assert self._signer is not None
        last = conn.execute(
            sa.select(audit_checkpoints).order_by(audit_checkpoints.c.tree_size.desc()).limit(1)
        ).first()
        if last is not None and int(last.tree_size) >= head:
            self._last_checkpoint = (int(last.tree_size), time.monotonic())
            return None
        frontier = (
            Frontier(int(last.tree_size), [bytes.fromhex(h) for h in json.loads(last.frontier)])
            if last is not None
            else Frontier()
        )
        leaves = conn.execute(
            sa.select(audit_log.c.leaf)
            .where(audit_log.c.seq > frontier.size, audit_log.c.seq <= head)
            .order_by(audit_log.c.seq)
        ).scalars()
        for leaf in leaves:
            frontier.append(bytes.fromhex(leaf))
        checkpoint = self._signer.sign(frontier.size, frontier.root().hex(), self._clock())
        conn.execute(
            sa.insert(audit_checkpoints).values(
                tree_size=checkpoint.tree_size,
                root=checkpoint.root,
                frontier=json.dumps([h.hex() for h in frontier.hashes()]),
                at=checkpoint.at,
                key_id=checkpoint.key_id,
                signature=checkpoint.signature,
            )
        )
        self._last_checkpoint = (checkpoint.tree_size, time.monotonic())
        return checkpoint

    def checkpoint(self) -> Checkpoint | None:
        """Sign a checkpoint over everything logged so far, now (None when the last one already covers it)."""
        if self._signer is None:
            raise AuditUnavailable("no signing key configured for checkpoints")

        def work(conn: Connection) -> Checkpoint | None:
            head = conn.execute(sa.select(audit_head.c.seq).where(audit_head.c.id == 1).with_for_update()).scalar_one()
            return self._checkpoint(conn, int(head))

        return self._transaction(work)

    def signer_public_key(self) -> Ed25519PublicKey:
        if self._signer is None:
            raise AuditUnavailable("no signing key configured for checkpoints")
        return self._signer.public_key

    def checkpoints(self) -> list[Checkpoint]:
        rows = self._read(
            lambda conn: conn.execute(sa.select(audit_checkpoints).order_by(audit_checkpoints.c.tree_size)).all()
        )
        return [Checkpoint(int(r.tree_size), r.root, r.at, r.key_id, r.signature) for r in rows]

    def leaf_hashes(self, tree_size: int) -> list[bytes]:
        """The Merkle leaf hashes of entries 1..tree_size, in order (for proofs)."""
        leaves = self._read(
            lambda conn: (
                conn.execute(sa.select(audit_log.c.leaf).where(audit_log.c.seq <= tree_size).order_by(audit_log.c.seq))
                .scalars()
                .all()
            )
        )
        return [bytes.fromhex(leaf) for leaf in leaves]

    def append(self, events: Sequence[AuditEvent]) -> list[AuditEntry]:
        with metrics.AUDIT_APPEND.time():
            return self._transaction(lambda conn: self._append(conn, events))

    def admit(
        self, record_id: str, content_sha256: str, build: RecordBuilder, events: Sequence[AuditEvent]
    ) -> tuple[Admission, Record | None]:
        def work(conn: Connection) -> tuple[Admission, Record | None]:
            hot = self._sql()
            head = self._lock_head(conn)  # the head lock first: admissions are serialised
            versions = conn.exec_driver_sql(hot.versions, (record_id,)).all()
            for row in versions:
                if row.content_sha256 == content_sha256:
                    if not row.routed:
                        self._append(conn, events, head)
                        return Admission.UNROUTED, build(int(row.version), row.supersedes)
                    record = build(int(row.version), row.supersedes)
                    self._append(conn, [*events, _about(record, Event.DUPLICATE, {"sha256": record.sha256})], head)
                    return Admission.DUPLICATE, None
            latest = int(versions[-1].version) if versions else None
            record = build((latest or 0) + 1, latest)
            row = _record_row(record, content_sha256, latest)
            conn.exec_driver_sql(hot.insert_record, tuple(row.get(column) for column in _RECORD_COLUMNS))
            conn.exec_driver_sql(
                hot.insert_payload,
                (record.record_id, record.version, record.record_type, record.sha256, record.canonical, self._clock()),
            )
            detail = _accepted_detail(record)
            if latest is not None:
                detail["supersedes"] = latest
            self._append(conn, [*events, _about(record, Event.ACCEPTED, detail)], head)  # one head update for both
            return Admission.NEW, record

        return self._transaction(work)

    def mark_routed(self, record: Record, subscribers: Sequence[str], events: Sequence[AuditEvent]) -> None:
        self.mark_routed_many([(record, subscribers, events)])

    def mark_routed_many(self, routed: Sequence[tuple[Record, Sequence[str], Sequence[AuditEvent]]]) -> None:
        """mark_routed for several records in one transaction."""

        def work(conn: Connection) -> None:
            self._append(conn, [event for _, _, events in routed for event in events])
            conn.exec_driver_sql(
                self._sql().mark_routed,
                [(True, ",".join(subscribers), record.record_id, record.version) for record, subscribers, _ in routed],
            )

        self._transaction(work)

    def mark_delivered(self, record_id: str, version: int, pillar: str, events: Sequence[AuditEvent]) -> bool:
        """Append ``events`` (DELIVERED) and remember the delivery, unless it was already recorded: then
        append nothing and return False."""
        return self.mark_delivered_many(pillar, [(record_id, version, events)])[0]

    def mark_delivered_many(
        self, pillar: str, delivered: Sequence[tuple[str, int, Sequence[AuditEvent]]]
    ) -> list[bool]:
        """mark_delivered for several (record id, version, events) to one pillar, in one transaction; per item,
        False (nothing appended) when it was already recorded, earlier or by an item before it."""
        keys = [(record_id, version) for record_id, version, _ in delivered]
        if not all(events for _, _, events in delivered):
            raise ValueError("every delivery is recorded with its DELIVERED event")

        def work(conn: Connection) -> list[bool]:
            # The head lock first, then the look-up: no other writer can record one of these in between.
            head = self._lock_head(conn)
            seen = self._delivered_among(conn, pillar, keys)
            fresh = []
            for key in keys:
                fresh.append(key not in seen)
                seen.add(key)
            items = [item for item, new in zip(delivered, fresh, strict=True) if new]
            if not items:
                return fresh
            entries = self._append(conn, [event for _, _, events in items for event in events], head)
            hot = self._sql()
            rows, last = [], -1
            for record_id, version, events in items:
                last += len(events)
                rows.append((record_id, version, pillar, entries[last].seq))
            conn.exec_driver_sql(hot.record_delivery, rows)
            # A copy dead-lettered while another copy got through (at-least-once): delivered wins.
            conn.exec_driver_sql(hot.clear_dead, [row[:3] for row in rows])
            return fresh

        return self._transaction(work)

    def mark_dead(self, record_id: str, version: int, pillar: str, events: Sequence[AuditEvent]) -> bool:
        key = (record_id, version, pillar)

        def work(conn: Connection) -> bool:
            entries = self._append(conn, events)  # the head lock first: no delivery can slip in between
            for table in (deliveries, dead_letters):
                found = conn.execute(
                    sa.select(table.c.seq).where(
                        table.c.record_id == key[0], table.c.version == key[1], table.c.pillar == key[2]
                    )
                ).first()
                if found is not None:
                    raise _AlreadyDelivered
            conn.execute(
                sa.insert(dead_letters).values(record_id=record_id, version=version, pillar=pillar, seq=entries[-1].seq)
            )
            return True

        try:
            return self._transaction(work)
        except _AlreadyDelivered:
            return False

    def mark_replayed(self, record_id: str, version: int, pillar: str, events: Sequence[AuditEvent]) -> bool:
        def work(conn: Connection) -> bool:
            self._append(conn, events)
            removed = conn.execute(
                sa.delete(dead_letters).where(
                    dead_letters.c.record_id == record_id,
                    dead_letters.c.version == version,
                    dead_letters.c.pillar == pillar,
                )
            )
            return bool(removed.rowcount)

        return self._transaction(work)

    def reconcile(self) -> Reconciliation:
        def work(conn: Connection) -> Reconciliation:
            delivered = {(r.record_id, r.version, r.pillar) for r in conn.execute(sa.select(deliveries))}
            dead = {(r.record_id, r.version, r.pillar) for r in conn.execute(sa.select(dead_letters))}
            delivered_count: dict[str, int] = {}
            dead_count: dict[str, int] = {}
            missing: list[TerminalGap] = []
            routed = conn.execute(
                sa.select(records.c.record_id, records.c.version, records.c.record_type, records.c.subscribers)
                .where(records.c.routed.is_(True))
                .order_by(records.c.record_id, records.c.version)
            )
            for row in routed:
                for pillar in filter(None, (row.subscribers or "").split(",")):
                    key = (row.record_id, int(row.version), pillar)
                    if key in delivered:
                        delivered_count[pillar] = delivered_count.get(pillar, 0) + 1
                    elif key in dead:
                        dead_count[pillar] = dead_count.get(pillar, 0) + 1
                    else:
                        missing.append(TerminalGap(row.record_id, int(row.version), row.record_type, pillar))
            return Reconciliation(delivered_count, dead_count, missing)

        return self._read(work)

    # --- payload archive ---

    def payload(self, record_id: str, version: int) -> tuple[str, bytes | None] | None:
        """(sha256, canonical bytes or None when purged) of a stored record version, or None if unknown."""
        row = self._read(
            lambda conn: conn.execute(
                sa.select(payloads.c.sha256, payloads.c.content).where(
                    payloads.c.record_id == record_id, payloads.c.version == version
                )
            ).first()
        )
        return None if row is None else (str(row.sha256), row.content)

    def place_hold(self, case_key: str, actor: str, reason: str) -> None:
        def work(conn: Connection) -> None:
            self._append(
                conn, [AuditEvent(Event.HOLD_PLACED, None, None, None, actor, {"case": case_key, "reason": reason})]
            )
            if conn.execute(sa.select(legal_holds.c.case_key).where(legal_holds.c.case_key == case_key)).first():
                return
            conn.execute(
                sa.insert(legal_holds).values(
                    case_key=case_key, placed_at=self._clock(), placed_by=actor, reason=reason
                )
            )

        self._transaction(work)

    def release_hold(self, case_key: str, actor: str, reason: str) -> bool:
        def work(conn: Connection) -> bool:
            self._append(
                conn, [AuditEvent(Event.HOLD_RELEASED, None, None, None, actor, {"case": case_key, "reason": reason})]
            )
            return bool(conn.execute(sa.delete(legal_holds).where(legal_holds.c.case_key == case_key)).rowcount)

        return self._transaction(work)

    def holds(self) -> list[tuple[str, str, str, str]]:
        rows = self._read(lambda conn: conn.execute(sa.select(legal_holds).order_by(legal_holds.c.case_key)).all())
        return [(r.case_key, r.placed_at, r.placed_by, r.reason) for r in rows]

    def purge(
        self, due: Callable[[str, str], bool], *, actor: str, dry_run: bool = False
    ) -> list[tuple[str, int, str]]:
        """Drop the bytes of every stored payload that ``due(record_type, stored_at)`` says is past its
        retention, unless one of its record's case keys is on legal hold. Keeps the SHA-256; audits PURGED."""

        def work(conn: Connection) -> list[tuple[str, int, str]]:
            held = {r.case_key for r in conn.execute(sa.select(legal_holds.c.case_key))}
            candidates = conn.execute(
                sa.select(
                    payloads.c.record_id,
                    payloads.c.version,
                    payloads.c.record_type,
                    payloads.c.stored_at,
                    payloads.c.sha256,
                    records.c.fir_key,
                    records.c.cnr,
                    records.c.lab_case_number,
                    records.c.prisoner_id,
                )
                .join(
                    records,
                    sa.and_(records.c.record_id == payloads.c.record_id, records.c.version == payloads.c.version),
                )
                .where(payloads.c.content.is_not(None))
            ).all()
            purged = []
            for row in candidates:
                keys = {row.fir_key, row.cnr, row.lab_case_number, row.prisoner_id} - {None}
                if keys & held or not due(row.record_type, row.stored_at):
                    continue
                purged.append((row.record_id, int(row.version), row.record_type))
                if dry_run:
                    continue
                conn.execute(
                    sa.update(payloads)
                    .where(payloads.c.record_id == row.record_id, payloads.c.version == row.version)
                    .values(content=None, purged_at=self._clock())
                )
                detail = {"sha256": row.sha256, "record_type": row.record_type, "stored_at": row.stored_at}
                self._append(conn, [AuditEvent(Event.PURGED, row.record_id, int(row.version), None, actor, detail)])
            return purged

        return self._transaction(work)

    # --- reading for the API and console ---

    def record_info(self, record_id: str) -> list[dict[str, Any]]:
        """Every version of a record with its metadata and, per pillar, delivered or dead (no payload)."""

        def work(conn: Connection) -> list[dict[str, Any]]:
            versions = conn.execute(
                sa.select(records).where(records.c.record_id == record_id).order_by(records.c.version)
            ).all()
            out = []
            for row in versions:
                delivered = (
                    conn.execute(
                        sa.select(deliveries.c.pillar).where(
                            deliveries.c.record_id == record_id, deliveries.c.version == row.version
                        )
                    )
                    .scalars()
                    .all()
                )
                dead = (
                    conn.execute(
                        sa.select(dead_letters.c.pillar).where(
                            dead_letters.c.record_id == record_id, dead_letters.c.version == row.version
                        )
                    )
                    .scalars()
                    .all()
                )
                info = {k: v for k, v in row._asdict().items() if k != "content_sha256"}
                info["subscribers"] = [p for p in (row.subscribers or "").split(",") if p]
                info["delivered_to"] = sorted(delivered)
                info["dead_for"] = sorted(dead)
                out.append(info)
            return out

        return self._read(work)

    def recent(self, events: Sequence[str], limit: int = 5000) -> list[AuditEntry]:
        """The latest entries of the given kinds, newest first."""
        query = (
            sa.select(*_ENTRY_COLUMNS)
            .where(audit_log.c.event.in_(list(events)))
            .order_by(audit_log.c.seq.desc())
            .limit(limit)
        )
        return [AuditEntry(*row) for row in self._read(lambda conn: conn.execute(query).all())]

    def counts_since(self, event: str, since: str) -> dict[str, int]:
        """Entries of one kind per pillar since an ISO time (for rates)."""
        query = (
            sa.select(audit_log.c.pillar, sa.func.count())
            .where(audit_log.c.event == event, audit_log.c.at >= since)
            .group_by(audit_log.c.pillar)
        )
        return {str(p): int(n) for p, n in self._read(lambda conn: conn.execute(query).all())}

    # --- reading ---

    def was_delivered(self, record_id: str, version: int, pillar: str) -> bool:
        return bool(self.delivered_among(pillar, [(record_id, version)]))

    def delivered_among(self, pillar: str, keys: Sequence[tuple[str, int]]) -> set[tuple[str, int]]:
        """Which of these (record id, version) are recorded as delivered to ``pillar``."""
        return self._read(lambda conn: self._delivered_among(conn, pillar, keys))

    def _delivered_among(self, conn: Connection, pillar: str, keys: Sequence[tuple[str, int]]) -> set[tuple[str, int]]:
        found: set[tuple[str, int]] = set()
        wanted = set(keys)
        ids = sorted({record_id for record_id, _ in wanted})
        for start in range(0, len(ids), 500):  # bound the IN list (SQLite allows 32,766 variables)
            chunk = ids[start : start + 500]
            rows = conn.exec_driver_sql(self._sql().delivered_among(len(chunk)), (pillar, *chunk))
            found.update(key for rid, ver in rows if (key := (str(rid), int(ver))) in wanted)
        return found

    def _read(self, work: Callable[[Connection], Any]) -> Any:
        try:
            with self._db().connect() as conn:
                return work(conn.execution_options(icjs_read_only=True))
        except DBAPIError as exc:
            raise AuditUnavailable(f"audit store failed: {exc.orig}") from None

    def entries(
        self, *, record_id: str | None = None, upto: int | None = None, batch: int = 5000
    ) -> Iterator[AuditEntry]:
        after = 0
        while True:
            query = sa.select(*_ENTRY_COLUMNS).where(audit_log.c.seq > after).order_by(audit_log.c.seq).limit(batch)
            if upto is not None:
                query = query.where(audit_log.c.seq <= upto)
            if record_id is not None:
                query = query.where(audit_log.c.record_id == record_id)
            rows = self._read(lambda conn, q=query: conn.execute(q).all())
            for row in rows:
                yield AuditEntry(*row[:10])
            if len(rows) < batch:
                return
            after = rows[-1].seq

    def records_for_case(self, case_key: str) -> list[tuple[str, int, str]]:
        columns = (records.c.fir_key, records.c.cnr, records.c.lab_case_number, records.c.prisoner_id)
        query = (
            sa.select(records.c.record_id, records.c.version, records.c.record_type)
            .where(sa.or_(*(c == case_key for c in columns)))
            .order_by(records.c.record_type, records.c.record_id, records.c.version)
        )
        return [tuple(row) for row in self._read(lambda conn: conn.execute(query).all())]

    def delivered_count(self, pillar: str, record_ids: Sequence[str] | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(deliveries).where(deliveries.c.pillar == pillar)
        if record_ids is not None:
            query = query.where(deliveries.c.record_id.in_(list(record_ids)))
        return int(self._read(lambda conn: conn.execute(query).scalar_one()))

    def head(self) -> tuple[int, str]:
        """The last entry's sequence number and hash (0 and GENESIS for an empty log)."""
        row = self._read(lambda conn: conn.execute(sa.select(audit_head).where(audit_head.c.id == 1)).one())
        return int(row.seq), str(row.hash)

    def verify(self, public_key: Ed25519PublicKey | None = None) -> ChainReport:
        """Recompute the chain and every checkpoint's Merkle root; with ``public_key`` (default: the signer's),
        check every checkpoint's signature too."""
        head = self._read(lambda conn: conn.execute(sa.select(audit_head).where(audit_head.c.id == 1)).one())
        if public_key is None and self._signer is not None:
            public_key = self._signer.public_key
        return verify_chain(
            self.entries(),
            head_seq=int(head.seq),
            head_hash=str(head.hash),
            checkpoints=self.checkpoints(),
            public_key=public_key,
        )


def _create_schema(engine: Engine) -> None:
    metadata.create_all(engine)
    with engine.begin() as conn:
        if conn.execute(sa.select(audit_head.c.id)).first() is None:
            conn.execute(sa.insert(audit_head).values(id=1, seq=0, hash=GENESIS))


class _AlreadyDelivered(Exception):
    pass


@dataclass(eq=False)
class _Work:
    """One caller's share of a group commit."""

    run: Callable[[Connection], Any]
    done: bool = False
    result: Any = None
    error: BaseException | None = None
    _finished: threading.Event = field(default_factory=threading.Event)

    def succeed(self, result: Any) -> None:
        self.result, self.done = result, True
        self._finished.set()

    def fail(self, error: BaseException) -> None:
        self.error, self.done = error, True
        self._finished.set()

    def outcome(self) -> Any:
        self._finished.wait()
        if self.error is not None:
            raise self.error
        return self.result


class _FileLock:
    """An advisory lock (flock) on a file beside the SQLite database, taken around each write transaction.
    Every hub process writing to the database takes it, so writers queue in the kernel."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def __enter__(self) -> _FileLock:
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *_exc: object) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        os.close(self._fd)


def _about(record: Record, event: Event, detail: dict[str, Any]) -> AuditEvent:
    return AuditEvent(event, record.record_id, record.version, record.source_pillar, "hub", detail)


def _accepted_detail(record: Record) -> dict[str, Any]:
    return {
        "record_type": record.record_type,
        "schema_version": record.schema_version,
        "sha256": record.sha256,
        "source_system": record.source_system,
        "source_record_id": record.source_record_id,
        "case_keys": record.case_keys.present(),
    }


def _record_row(record: Record, content_sha256: str, supersedes: int | None) -> dict[str, Any]:
    return {
        "record_id": record.record_id,
        "version": record.version,
        "record_type": record.record_type,
        "sha256": record.sha256,
        "content_sha256": content_sha256,
        "supersedes": supersedes,
        "source_system": record.source_system,
        "source_pillar": record.source_pillar,
        "source_record_id": record.source_record_id,
        **record.case_keys.present(),
        "routed": False,
    }


def _safe(url: sa.URL) -> str:
    return url.render_as_string(hide_password=True)


def _serialise_sqlite_writers(engine: Engine) -> None:
    """SQLAlchemy's documented recipe: let SQLAlchemy, not the sqlite3 module, begin transactions, and begin
    them IMMEDIATE so that two writers queue on the lock instead of deadlocking on an upgrade."""

    @sa_event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL is a property of the file: switch once (switching needs the lock that another writer may hold).
        if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @sa_event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A read needs no write lock: in WAL mode it sees the last commit and never blocks a writer.
        read_only = conn.get_execution_options().get("icjs_read_only", False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
