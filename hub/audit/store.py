"""The audit store contract: what ingest and delivery may ask of the log, whatever database holds it."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Sequence
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
    REDACTED = "REDACTED"
    DELIVERY_FAILED = "DELIVERY_FAILED"
    RETRY_SCHEDULED = "RETRY_SCHEDULED"
    DELIVERED = "DELIVERED"
    DEAD_LETTERED = "DEAD_LETTERED"
    REPLAYED = "REPLAYED"
    VIEWED = "VIEWED"  # a person read a record's content through the API: who, and the reason they gave
    PURGED = "PURGED"  # a payload's bytes dropped at the end of its retention; its hash stays
    HOLD_PLACED = "HOLD_PLACED"
    HOLD_RELEASED = "HOLD_RELEASED"
    ACCESS_DENIED = "ACCESS_DENIED"  # an authenticated caller tried what its role does not allow


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
    NEW = "new"  # content the hub has not seen for this record id: a new version, audited ACCEPTED, to be routed
    UNROUTED = "unrouted"  # accepted before but never routed (the publish failed): route it now
    DUPLICATE = "duplicate"  # the same content was accepted and routed before: audited DUPLICATE, nothing to do


# Builds the record for a version the store assigned: (version, the version it supersedes or None) -> Record.
RecordBuilder = Callable[[int, int | None], Record]


@dataclass(frozen=True)
class TerminalGap:
    record_id: str
    version: int
    record_type: str
    pillar: str


@dataclass(frozen=True)
class Reconciliation:
    """For every routed record and every subscriber it was routed to: delivered, dead-lettered, or neither."""

    delivered: dict[str, int]
    dead_lettered: dict[str, int]
    missing: list[TerminalGap]

    @property
    def clean(self) -> bool:
        return not self.missing


class AuditStore(Protocol):
    """Append-only, hash-chained log plus the index of admitted records.

    Guarantees: every method that writes returns only after its transaction is durable (concurrent callers may
    share one transaction: group commit); entries get gap-free
    sequence numbers in append order, one chain across all writers (processes included); nothing is ever
    updated or deleted. Raises AuditUnavailable when the database cannot be reached.
    """

    def append(self, events: Sequence[AuditEvent]) -> list[AuditEntry]:
        """Append events in one transaction, in order."""
        ...

    def admit(
        self, record_id: str, content_sha256: str, build: RecordBuilder, events: Sequence[AuditEvent]
    ) -> tuple[Admission, Record | None]:
        """Atomically: append ``events``; then, for content this record id has not had, assign the next version
        (1, or the latest + 1 superseding it), index ``build(version, supersedes)`` and append ACCEPTED; for
        content it has had: the stored version again if it was never routed, else DUPLICATE (appended)."""
        ...

    def mark_routed(self, record: Record, subscribers: Sequence[str], events: Sequence[AuditEvent]) -> None:
        """Record that ``record`` was published for ``subscribers`` and append ``events`` (ROUTED), atomically."""
        ...

    def mark_routed_many(self, routed: Sequence[tuple[Record, Sequence[str], Sequence[AuditEvent]]]) -> None:
        """mark_routed for each (record, subscribers, events), all in one transaction."""
        ...

    def mark_dead(self, record_id: str, version: int, pillar: str, events: Sequence[AuditEvent]) -> bool:
        """Append ``events`` (DEAD_LETTERED) and index the dead letter; False, appending nothing, when it was
        already delivered or already dead-lettered."""
        ...

    def mark_replayed(self, record_id: str, version: int, pillar: str, events: Sequence[AuditEvent]) -> bool:
        """Append ``events`` (REPLAYED) and clear the dead letter, so that the record is pending again."""
        ...

    def reconcile(self) -> Reconciliation: ...

    def mark_delivered(self, record_id: str, version: int, pillar: str, events: Sequence[AuditEvent]) -> bool:
        """Append ``events`` (DELIVERED) and index the delivery atomically; False, appending nothing, when this
        (record, version) was already recorded as delivered to ``pillar``."""
        ...

    def mark_delivered_many(
        self, pillar: str, delivered: Sequence[tuple[str, int, Sequence[AuditEvent]]]
    ) -> list[bool]:
        """mark_delivered for each (record id, version, events) to ``pillar``, all in one transaction; per item,
        False (nothing appended) when it was already recorded, before or by an earlier item."""
        ...

    def was_delivered(self, record_id: str, version: int, pillar: str) -> bool: ...

    def delivered_among(self, pillar: str, keys: Sequence[tuple[str, int]]) -> set[tuple[str, int]]:
        """Which of these (record id, version) are recorded as delivered to ``pillar``."""
        ...

    def delivered_count(self, pillar: str, record_ids: Sequence[str] | None = None) -> int: ...

    def entries(self, *, record_id: str | None = None) -> Iterator[AuditEntry]:
        """Entries in sequence order, all or one record's."""
        ...

    def records_for_case(self, case_key: str) -> list[tuple[str, int, str]]:
        """(record id, version, record type) of every record linked to a FIR key, CNR, lab case or prisoner id."""
        ...

    def verify(self) -> ChainReport: ...

    def close(self) -> None: ...
