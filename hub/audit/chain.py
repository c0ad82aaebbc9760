"""Hash chaining of audit entries: pure functions, so verification needs nothing but the entries.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's own fields in a canonical JSON form;
the first entry chains to GENESIS. Editing, deleting, inserting or reordering any entry changes a hash that a
later entry (or the stored head) commits to.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class AuditEntry:
    """One stored event. ``detail`` is canonical JSON text, kept as text so its hash never depends on parsing."""

    seq: int
    at: str  # ISO 8601, UTC
    event: str
    record_id: str | None
    version: int | None
    pillar: str | None
    actor: str
    detail: str
    prev_hash: str
    hash: str

    def detail_data(self) -> dict[str, Any]:
        return json.loads(self.detail)


def entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    event: str,
    record_id: str | None,
    version: int | None,
    pillar: str | None,
    actor: str,
    detail: str,
) -> str:
    body = canonical_json([seq, at, event, record_id, version, pillar, actor, detail])
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def recompute(entry: AuditEntry, prev_hash: str) -> str:
    return entry_hash(
        prev_hash,
        entry.seq,
        entry.at,
        entry.event,
        entry.record_id,
        entry.version,
        entry.pillar,
        entry.actor,
        entry.detail,
    )


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = f"entry {self.seq}" if self.seq is not None else "the log"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head_hash: str
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(
    entries: Iterable[AuditEntry], *, head_seq: int | None = None, head_hash: str | None = None
) -> ChainReport:
    """Walk the entries in order; report the first one that is out of sequence or whose hash does not hold.

    ``head_seq``/``head_hash``, when given, are what the store recorded as its last entry, so that entries cut
    from the end are found too.
    """
    prev = GENESIS
    expected_seq = 1
    count = 0
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainReport(
                count, prev, ChainProblem(entry.seq, f"out of sequence: expected entry {expected_seq} here")
            )
        if entry.prev_hash != prev:
            return ChainReport(count, prev, ChainProblem(entry.seq, "does not chain to the entry before it"))
        if recompute(entry, prev) != entry.hash:
            return ChainReport(
                count,
                prev,
                ChainProblem(entry.seq, "content does not match its hash (the entry was altered)"),
            )
        prev = entry.hash
        expected_seq += 1
        count += 1
    if head_seq is not None and head_seq != count:
        return ChainReport(
            count,
            prev,
            ChainProblem(
                count + 1 if head_seq > count else head_seq,
                f"the log ends at entry {count} but its head says {head_seq}",
            ),
        )
    if head_hash is not None and head_hash != prev:
        return ChainReport(count, prev, ChainProblem(count, "the last entry does not match the log's head"))
    return ChainReport(count, prev, None)
