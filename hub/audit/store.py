"""The audit store contract: what ingest and delivery may ask of the log, whatever database holds it."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from hub.audit.chain import AuditEntry, ChainReport
from hub.record import Record


class Event(enum.StrEnum):
    RECEIVED = "RECEIVED"
    REJECTED = "REJECTED"
    DUPLICATE = "DUPLICATE"
    ACCEPTED = "ACCEPTED"
    ROUTED = "ROUTED"
    UNROUTABLE = "UNROUTABLE"
    DELIVERED = "DELIVERED"
    DEAD_LETTERED = "DEAD_LETTERED"


@dataclass(frozen=True)
class AuditEvent:
    """An event to append; the store gives it its sequence number, time and hash."""

    event: Event
    record_id: str | None = None
    version: int | None = None
    pillar: str | None = None
    actor: str = "hub"
    detail: dict[str, Any] = field(default_factory=dict)


class Admission(enum.Enum):
    NEW = "new"  # first time the hub sees this record: audited ACCEPTED, now to be routed
    UNROUTED = "unrouted"  # accepted before but never routed (the publish failed): route it now
    DUPLICATE = "duplicate"  # the same bytes were accepted and routed before: audited DUPLICATE, nothing to do
    CONFLICT = "conflict"  # the same record id and version with different bytes


class AuditStore(Protocol):
    """Append-only, hash-chained log plus the index of admitted records.

    Guarantees: every method that writes returns only after its transaction is durable; entries get gap-free
    sequence numbers in append order, one chain across all writers (processes included); nothing is ever
    updated or deleted. Raises AuditUnavailable when the database cannot be reached.
    """

    def append(self, events: Sequence[AuditEvent]) -> list[AuditEntry]:
        """Append events in one transaction, in order."""
        ...

    def admit(self, record: Record, events: Sequence[AuditEvent]) -> Admission:
        """Atomically: append ``events``, then decide whether ``record`` is new (indexing it and appending
        ACCEPTED), unrouted, a duplicate (appending DUPLICATE) or a conflict (appending nothing more)."""
        ...

    def mark_routed(self, record: Record, events: Sequence[AuditEvent]) -> None:
        """Record that ``record`` was published and append ``events`` (ROUTED), atomically."""
        ...

    def mark_delivered(self, record_id: str, version: int, pillar: str, events: Sequence[AuditEvent]) -> bool:
        """Append ``events`` (DELIVERED) and index the delivery atomically; False, appending nothing, when this
        (record, version) was already recorded as delivered to ``pillar``."""
        ...

    def was_delivered(self, record_id: str, version: int, pillar: str) -> bool: ...

    def delivered_count(self, pillar: str, record_ids: Sequence[str] | None = None) -> int: ...

    def entries(self, *, record_id: str | None = None) -> Iterator[AuditEntry]:
        """Entries in sequence order, all or one record's."""
        ...

    def records_for_case(self, case_key: str) -> list[tuple[str, int, str]]:
        """(record id, version, record type) of every record linked to a FIR key, CNR, lab case or prisoner id."""
        ...

    def verify(self) -> ChainReport: ...

    def close(self) -> None: ...
