"""Declares the hub's exchanges, queues and bindings from the subscription table. Idempotent.

- ``icjs.records`` (topic, durable), its alternate exchange ``icjs.unroutable`` (fanout) -> queue ``icjs.unroutable``
- per subscriber: quorum queue ``icjs.deliver.<pillar>`` bound to ``<producer>.<type>`` for each subscribed type;
  rejected or over-delivered messages dead-letter (at-least-once, which quorum queues need reject-publish overflow
  for) through ``icjs.dead`` (direct) into quorum queue ``icjs.dead.<pillar>``.
Works on RabbitMQ 3.10 and later (quorum queues, at-least-once dead-lettering).
"""

from __future__ import annotations

from dataclasses import dataclass

from pika.adapters.blocking_connection import BlockingChannel

from hub.broker import names
from hub.routing import SubscriptionTable

# Deliveries of one message before the broker itself dead-letters it: a guard against a worker that crashes on
# the same message forever, well above the retries the hub makes on purpose.
DELIVERY_LIMIT = 20


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


def queue_specs(table: SubscriptionTable) -> list[QueueSpec]:
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
    return specs


def apply_topology(channel: BlockingChannel, table: SubscriptionTable) -> list[QueueSpec]:
    """Declare everything the table needs on an open channel; returns what was declared."""
    channel.exchange_declare(names.UNROUTABLE_EXCHANGE, exchange_type="fanout", durable=True)
    channel.exchange_declare(
        names.RECORDS_EXCHANGE,
        exchange_type="topic",
        durable=True,
        arguments={"alternate-exchange": names.UNROUTABLE_EXCHANGE},
    )
    channel.exchange_declare(names.DEAD_EXCHANGE, exchange_type="direct", durable=True)
    specs = queue_specs(table)
    for spec in specs:
        channel.queue_declare(spec.name, durable=True, arguments=spec.arguments)
        for exchange, key in spec.bindings:
            channel.queue_bind(spec.name, exchange, routing_key=key)
    return specs
