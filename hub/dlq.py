"""Dead letters: what failed for good, and replaying it once the cause is fixed.

A dead letter is a message in ``icjs.dead.<pillar>`` carrying the record and, in its headers, why it died, how
many attempts were made and when the first and last failed. Listing browses the queue (every message is returned
to it); replaying moves chosen messages back to ``icjs.deliver.<pillar>`` with a fresh attempt count, confirmed
by the broker before the dead copy is acked, and audits REPLAYED with who did it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass

import pika
import pika.exceptions

from hub.audit.store import AuditEvent, AuditStore, Event
from hub.broker import names
from hub.broker.connection import connect
from hub.delivery import ATTEMPT, FIRST_FAILURE, LAST_FAILURE, REASON
from hub.errors import BrokerUnavailable


@dataclass(frozen=True)
class DeadLetter:
    pillar: str
    record_id: str
    version: int | None
    record_type: str
    reason: str
    attempts: int
    first_failure: str
    last_failure: str


def _letter(pillar: str, properties: pika.BasicProperties) -> DeadLetter:
    headers = properties.headers or {}
    version = headers.get("icjs-version")
    return DeadLetter(
        pillar=pillar,
        record_id=str(headers.get("icjs-record-id") or properties.message_id or "?"),
        version=int(version) if version is not None else None,
        record_type=str(headers.get("icjs-record-type") or "?"),
        reason=str(headers.get(REASON) or "dead-lettered by the broker (delivery limit)"),
        attempts=int(headers.get(ATTEMPT) or 0),
        first_failure=str(headers.get(FIRST_FAILURE) or "-"),
        last_failure=str(headers.get(LAST_FAILURE) or "-"),
    )


def list_dead(url: str, pillars: Iterable[str], *, timeout_s: float = 10.0) -> list[DeadLetter]:
    """Every dead letter of the given pillars, oldest first. Nothing is removed from the queues."""
    found: list[DeadLetter] = []
    for pillar in pillars:
        connection = connect(url, timeout_s=timeout_s)
        try:
            channel = connection.channel()
            depth = channel.queue_declare(names.dead_queue(pillar), passive=True).method.message_count
            if depth == 0:
                continue
            consumed = channel.consume(names.dead_queue(pillar), inactivity_timeout=1.0)
            for seen, (method, properties, _body) in enumerate(consumed, start=1):
                if method is None:
                    break
                found.append(_letter(pillar, properties))
                if seen >= depth:
                    break
            # Closing without acking returns every message to the queue.
        except pika.exceptions.ChannelClosedByBroker as exc:
            if exc.reply_code != 404:
                raise BrokerUnavailable(f"cannot read {names.dead_queue(pillar)}: {exc}") from None
        except pika.exceptions.AMQPError as exc:
            raise BrokerUnavailable(f"cannot read {names.dead_queue(pillar)}: {exc!r}") from None
        finally:
            if connection.is_open:
                with contextlib.suppress(pika.exceptions.AMQPError):
                    connection.close()
    return found


def replay(
    url: str,
    audit: AuditStore,
    pillar: str,
    *,
    record_ids: set[str] | None,
    actor: str,
    dry_run: bool = False,
    timeout_s: float = 10.0,
) -> list[DeadLetter]:
    """Move a pillar's dead letters (all, or those of ``record_ids``) back to its deliver queue; returns them."""
    replayed: list[DeadLetter] = []
    connection = connect(url, timeout_s=timeout_s)
    try:
        channel = connection.channel()
        publisher = connection.channel()
        publisher.confirm_delivery()
        dead_queue = names.dead_queue(pillar)
        depth = channel.queue_declare(dead_queue, passive=True).method.message_count
        consumed = channel.consume(dead_queue, inactivity_timeout=1.0) if depth else iter(())
        for seen, (method, properties, body) in enumerate(consumed, start=1):
            if method is None:
                break
            letter = _letter(pillar, properties)
            if record_ids is None or letter.record_id in record_ids:
                replayed.append(letter)
                if not dry_run:
                    headers = {
                        k: v
                        for k, v in (properties.headers or {}).items()
                        if not k.startswith("x-") and k not in (ATTEMPT, FIRST_FAILURE, LAST_FAILURE, REASON)
                    }
                    copy = pika.BasicProperties(
                        delivery_mode=pika.DeliveryMode.Persistent,
                        content_type=properties.content_type,
                        message_id=properties.message_id,
                        headers=headers,
                    )
                    detail = {"from": dead_queue, "reason": letter.reason, "attempts": letter.attempts}
                    event = AuditEvent(Event.REPLAYED, letter.record_id, letter.version, pillar, actor, detail)
                    # Confirmed back in the deliver queue, then audited, then gone from the dead queue: a crash
                    # in between leaves a copy in both, which the deliveries index absorbs.
                    publisher.basic_publish("", names.deliver_queue(pillar), body, copy, mandatory=True)
                    if letter.version is not None:
                        audit.mark_replayed(letter.record_id, letter.version, pillar, [event])
                    else:
                        audit.append([event])
                    channel.basic_ack(method.delivery_tag)
            if seen >= depth:
                break
        channel.cancel()
    except pika.exceptions.AMQPError as exc:
        raise BrokerUnavailable(f"replay from {names.dead_queue(pillar)} failed: {exc!r}") from None
    finally:
        if connection.is_open:
            with contextlib.suppress(pika.exceptions.AMQPError):
                connection.close()
    return replayed
