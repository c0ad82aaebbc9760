"""Delivery: one subscriber pillar's worker. consume -> check -> deliver -> audit DELIVERED -> ack.

The broker is acked only after the delivery and its audit entry are durable. A (record, version) already
recorded as delivered to this pillar is acked without delivering again, so a worker killed between delivering
and acking does not deliver twice. A message that cannot be a record (missing headers, bytes that do not match
their hash) is dead-lettered and audited; a dependency failure requeues it and stops the worker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from hub.audit.store import AuditEvent, AuditStore, Event
from hub.broker.consumer import Disposition, IncomingMessage
from hub.outbox import FileOutbox
from hub.record import sha256_hex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Envelope:
    record_id: str
    version: int
    record_type: str
    sha256: str


class BadMessage(Exception):
    pass


def read_envelope(message: IncomingMessage) -> Envelope:
    """The record's identity from the message headers, checked against the body's hash."""
    headers = message.headers
    try:
        envelope = Envelope(
            record_id=str(headers["icjs-record-id"]),
            version=int(headers["icjs-version"]),
            record_type=str(headers["icjs-record-type"]),
            sha256=str(headers["icjs-sha256"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BadMessage(f"message lacks a valid icjs header ({exc})") from None
    if sha256_hex(message.body) != envelope.sha256:
        raise BadMessage(f"body does not match its sha256 header {envelope.sha256}")
    return envelope


class DeliveryWorker:
    def __init__(self, pillar: str, *, audit: AuditStore, outbox: FileOutbox, actor: str = "hub") -> None:
        self.pillar = pillar
        self._audit = audit
        self._outbox = outbox
        self._actor = actor

    def handle(self, message: IncomingMessage) -> Disposition:
        try:
            envelope = read_envelope(message)
        except BadMessage as exc:
            self._audit.append(
                [
                    AuditEvent(
                        Event.DEAD_LETTERED,
                        message.message_id,
                        None,
                        self.pillar,
                        self._actor,
                        {"reason": str(exc)},
                    )
                ]
            )
            return Disposition.DEAD_LETTER
        if self._audit.was_delivered(envelope.record_id, envelope.version, self.pillar):
            log.info("%s v%s already delivered to %s; acking", envelope.record_id, envelope.version, self.pillar)
            return Disposition.ACK
        path = self._outbox.write(self.pillar, envelope.record_id, "xml", message.body)
        event = AuditEvent(
            Event.DELIVERED,
            envelope.record_id,
            envelope.version,
            self.pillar,
            self._actor,
            {
                "mode": "file",
                "path": str(path),
                "sha256": envelope.sha256,
                "record_type": envelope.record_type,
            },
        )
        self._audit.mark_delivered(envelope.record_id, envelope.version, self.pillar, [event])
        return Disposition.ACK
