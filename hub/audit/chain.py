"""Hash chaining of audit entries: pure functions, so verification needs nothing but the entries.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's own fields in a canonical JSON form;
the first entry chains to GENESIS. Editing, deleting, inserting or reordering any entry changes a hash that a
later entry (or the stored head) commits to.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from hub.audit.merkle import Frontier, leaf_hash
from hub.audit.signing import Checkpoint, signature_valid

GENESIS = "0" * 64


# One encoder for the process: json.dumps with these options would build a new one on every call.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(value: Any) -> str:
    return _CANONICAL.encode(value)


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


def entry_body(
    seq: int,
    at: str,
    event: str,
    record_id: str | None,
    version: int | None,
    pillar: str | None,
    actor: str,
    detail: str,
) -> bytes:
    """An entry's content as hashed: into the chain, and as the entry's leaf of the Merkle tree."""
    return canonical_json([seq, at, event, record_id, version, pillar, actor, detail]).encode()


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
    return chain_hash(prev_hash, entry_body(seq, at, event, record_id, version, pillar, actor, detail))


def chain_hash(prev_hash: str, body: bytes) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + body).hexdigest()


def leaf_of(entry: AuditEntry) -> bytes:
    """The entry's Merkle leaf hash (RFC 6962: SHA-256 of 0x00 and the entry's body)."""
    return leaf_hash(
        entry_body(
            entry.seq, entry.at, entry.event, entry.record_id, entry.version, entry.pillar, entry.actor, entry.detail
        )
    )


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
    checkpoints_checked: int = 0

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(
    entries: Iterable[AuditEntry],
    *,
    head_seq: int | None = None,
    head_hash: str | None = None,
    checkpoints: Sequence[Checkpoint] = (),
    public_key: Ed25519PublicKey | None = None,
) -> ChainReport:
    """Walk the entries in order; report the first one that is out of sequence, whose hash does not hold, or
    where a signed checkpoint's Merkle root disagrees with the entries before it.

    ``head_seq``/``head_hash``, when given, are what the store recorded as its last entry, so that entries cut
    from the end are found too. With ``public_key``, each checkpoint's signature is checked as well. Since every
    checkpoint's root is recomputed from the same entries, a checkpoint that matches is consistent with every
    earlier one (its tree extends theirs).
    """
    prev = GENESIS
    expected_seq = 1
    count = 0
    frontier = Frontier()
    pending = sorted(checkpoints, key=lambda c: c.tree_size)
    checked = 0

    def check_checkpoints_at(size: int) -> ChainProblem | None:
        nonlocal checked
        while pending and pending[0].tree_size == size:
            checkpoint = pending.pop(0)
            if frontier.root().hex() != checkpoint.root:
                return ChainProblem(
                    size, f"the checkpoint over {size} entries has another Merkle root: entries before it changed"
                )
            if public_key is not None and not signature_valid(checkpoint, public_key):
                return ChainProblem(size, f"the checkpoint over {size} entries is not signed by the audit key")
            checked += 1
        return None

    for entry in entries:
        if entry.seq != expected_seq:
            return ChainReport(
                count, prev, ChainProblem(entry.seq, f"out of sequence: expected entry {expected_seq} here"), checked
            )
        if entry.prev_hash != prev:
            return ChainReport(count, prev, ChainProblem(entry.seq, "does not chain to the entry before it"), checked)
        if recompute(entry, prev) != entry.hash:
            return ChainReport(
                count,
                prev,
                ChainProblem(entry.seq, "content does not match its hash (the entry was altered)"),
                checked,
            )
        prev = entry.hash
        frontier.append(leaf_of(entry))
        expected_seq += 1
        count += 1
        problem = check_checkpoints_at(count)
        if problem is not None:
            return ChainReport(count, prev, problem, checked)
    if pending:
        return ChainReport(
            count,
            prev,
            ChainProblem(count + 1, f"a checkpoint covers {pending[0].tree_size} entries but the log ends at {count}"),
            checked,
        )
    if head_seq is not None and head_seq != count:
        return ChainReport(
            count,
            prev,
            ChainProblem(
                count + 1 if head_seq > count else head_seq,
                f"the log ends at entry {count} but its head says {head_seq}",
            ),
            checked,
        )
    if head_hash is not None and head_hash != prev:
        return ChainReport(count, prev, ChainProblem(count, "the last entry does not match the log's head"), checked)
    return ChainReport(count, prev, None, checked)
