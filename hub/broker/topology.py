"""Declares the hub's exchanges, queues and bindings from the subscription table. Idempotent.

- ``icjs.records`` (topic, durable), its alternate exchange ``icjs.unroutable`` (fanout) -> queue ``icjs.unroutable``
- per subscriber: quorum queue ``icjs.deliver.<pillar>`` bound to ``<producer>.<type>`` for each subscribed type;
  rejected or over-delivered messages dead-letter (at-least-once, which quorum queues need reject-publish overflow
  for) through ``icjs.dead`` (direct) into quorum queue ``icjs.dead.<pillar>``.
- per subscriber and retry delay: classic queue ``icjs.retry.<pillar>.<delay>ms``, whose messages (each with its
  own expiry, at most the delay) dead-letter back into ``icjs.deliver.<pillar>`` through the default exchange;
- per pillar delivered by AMQP: quorum queue ``icjs.outbox.<pillar>`` that the pillar consumes itself.
Works on RabbitMQ 3.10 and later (quorum queues, at-least-once dead-lettering).
"""

from __future__ import annotations

from dataclasses import dataclass

import pika.exceptions
from pika.adapters.blocking_connection import BlockingChannel, BlockingConnection

from hub.broker import names
from hub.errors import PermanentError
from hub.retry import RetryPolicy
from hub.routing import SubscriptionTable

# Deliveries of one message before the broker itself dead-letters it: a guard against a worker that crashes on
# the same message forever. Retries and an open circuit forward messages (a new delivery count), and workers take
# nothing while the audit store is away, so only crashes and requeues count here.
DELIVERY_LIMIT = 50


@dataclass(frozen=True)
class QueueSpec:
    name: str
    arguments: dict[str, object]
    bindings: tuple[tuple[str, str], ...]  # (exchange, routing key)


def deliver_queue_arguments(pillar: str) -> dict[str, object]:
    return {
        "x-queue-type": "quorum",
        "x-dead-letter-exchange": names.DEAD_EXCHANGE,
        "x-dead-letter-routing-key": pillar,
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
        "x-delivery-limit": DELIVERY_LIMIT,
    }


def retry_queue_arguments(pillar: str) -> dict[str, object]:
    return {
        "x-queue-type": "classic",
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": names.deliver_queue(pillar),
    }


def queue_specs(table: SubscriptionTable, retry: RetryPolicy | None = None) -> list[QueueSpec]:
    """Every queue the table needs, with its arguments and bindings: pure, so it can be tested and printed."""
    specs = [QueueSpec(names.UNROUTABLE_QUEUE, {"x-queue-type": "quorum"}, ((names.UNROUTABLE_EXCHANGE, ""),))]
    for pillar in table.subscriber_pillars():
        keys = tuple(
            (names.RECORDS_EXCHANGE, names.routing_key(route.producer, route.record_type))
            for route in table.routes.values()
            if pillar in route.subscribers
        )
        specs.append(QueueSpec(names.deliver_queue(pillar), deliver_queue_arguments(pillar), keys))
        specs.append(QueueSpec(names.dead_queue(pillar), {"x-queue-type": "quorum"}, ((names.DEAD_EXCHANGE, pillar),)))
        for delay in (retry or RetryPolicy()).delays_ms:
            specs.append(QueueSpec(names.retry_queue(pillar, delay), retry_queue_arguments(pillar), ()))
        if table.delivery_for(pillar).delivery == "amqp":
            specs.append(QueueSpec(names.outbox_queue(pillar), {"x-queue-type": "quorum"}, ()))
    return specs


class TopologyConflict(PermanentError):
    """A queue or exchange exists with other arguments than the hub declares; RabbitMQ cannot change them."""


def apply_topology(
    connection: BlockingConnection, table: SubscriptionTable, retry: RetryPolicy | None = None
) -> list[QueueSpec]:
    """Declare everything the table needs, then check that each queue exists as declared. Idempotent.

    Raises TopologyConflict naming the queue whose existing arguments differ (RabbitMQ refuses to redeclare it).
    """
    specs = queue_specs(table, retry)
    channel = connection.channel()
    current = ""
    try:
        current = names.RECORDS_EXCHANGE
        _declare_exchanges(channel)
        for spec in specs:
            current = spec.name
            channel.queue_declare(spec.name, durable=True, arguments=spec.arguments)
            for exchange, key in spec.bindings:
                channel.queue_bind(spec.name, exchange, routing_key=key)
        for spec in specs:  # verify: each queue is there, passively
            current = spec.name
            channel.queue_declare(spec.name, passive=True)
    except pika.exceptions.ChannelClosedByBroker as exc:
        if exc.reply_code == 406:
            raise TopologyConflict(
                f"{current} already exists with different arguments ({exc.reply_text}); "
                "drain and delete it, then run `icjs-hub topology apply` again"
            ) from None
        raise
    finally:
        if channel.is_open:
            channel.close()
    return specs


def _declare_exchanges(channel: BlockingChannel) -> None:
    channel.exchange_declare(names.UNROUTABLE_EXCHANGE, exchange_type="fanout", durable=True)
    channel.exchange_declare(
        names.RECORDS_EXCHANGE,
        exchange_type="topic",
        durable=True,
        arguments={"alternate-exchange": names.UNROUTABLE_EXCHANGE},
    )
    channel.exchange_declare(names.DEAD_EXCHANGE, exchange_type="direct", durable=True)
