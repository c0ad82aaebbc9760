"""Consuming in batches against the real RabbitMQ: a backlog is handed over in bounded batches, each message
settled as decided, and a failing handler returns its whole batch to the queue."""

from __future__ import annotations

import pytest

from hub.broker import names
from hub.broker.connection import connect
from hub.broker.consumer import Consumer, Decision, IncomingMessage
from hub.broker.publisher import OutgoingMessage, Publisher
from hub.broker.topology import apply_topology
from hub.routing import default_table

COURTS = names.deliver_queue("courts")


def _backlog(url: str, count: int) -> None:
    connection = connect(url)
    try:
        apply_topology(connection, default_table())
    finally:
        connection.close()
    publisher = Publisher(url)
    try:
        publisher.publish(
            [
                OutgoingMessage(
                    exchange=names.RECORDS_EXCHANGE,
                    routing_key=names.routing_key("police", "fir-registered"),
                    body=f"<r n='{i}'/>".encode(),
                    message_id=f"m-{i}",
                    headers={"n": i},
                )
                for i in range(count)
            ]
        )
    finally:
        publisher.close()


def _drain(url: str, queue: str) -> list[int]:
    seen: list[int] = []

    def keep(message: IncomingMessage) -> Decision:
        seen.append(int(message.headers["n"]))
        return Decision.ack()

    Consumer(url, queue).run(keep, idle_timeout_s=0.5)
    return seen


def test_a_backlog_comes_in_bounded_batches_each_message_settled_as_decided(amqp_url: str) -> None:
    # Given 120 messages waiting
    _backlog(amqp_url, 120)
    sizes: list[int] = []

    # When they are consumed in batches of at most 50, odd ones forwarded to the dead queue, even ones acked
    def decide(batch: list[IncomingMessage]) -> list[Decision]:
        sizes.append(len(batch))
        dead = names.dead_queue("courts")
        return [Decision.forward(dead, {}) if int(m.headers["n"]) % 2 else Decision.ack() for m in batch]

    handled = Consumer(amqp_url, COURTS).run_batches(decide, max_batch=50, idle_timeout_s=0.5)
    # Then every message was handled once, in batches no bigger than asked, more than one at a time
    assert handled == 120 and sum(sizes) == 120
    assert max(sizes) <= 50 and max(sizes) > 1
    # And the acked ones are gone, and the forwarded ones are in the dead queue, in order
    assert _drain(amqp_url, COURTS) == []
    assert _drain(amqp_url, names.dead_queue("courts")) == list(range(1, 120, 2))


def test_a_requeued_message_comes_back_and_the_rest_of_its_batch_is_acked(amqp_url: str) -> None:
    # Given 10 messages waiting
    _backlog(amqp_url, 10)
    seen: list[int] = []

    # When message 3 is requeued the first time it is seen and every other is acked
    def decide(batch: list[IncomingMessage]) -> list[Decision]:
        decisions = []
        for message in batch:
            n = int(message.headers["n"])
            decisions.append(Decision.requeue() if n == 3 and n not in seen else Decision.ack())
            seen.append(n)
        return decisions

    Consumer(amqp_url, COURTS).run_batches(decide, max_batch=50, idle_timeout_s=0.5)
    # Then message 3 was handed over twice, the others once, and nothing is left
    assert sorted(seen) == sorted([*range(10), 3])
    assert _drain(amqp_url, COURTS) == []


def test_a_handler_that_fails_returns_its_whole_batch_to_the_queue(amqp_url: str) -> None:
    # Given 30 messages waiting
    _backlog(amqp_url, 30)

    # When the handler fails on its first batch
    def fail(batch: list[IncomingMessage]) -> list[Decision]:
        raise RuntimeError("handler broke")

    with pytest.raises(RuntimeError, match="handler broke"):
        Consumer(amqp_url, COURTS).run_batches(fail, max_batch=50, idle_timeout_s=0.5)
    # Then all 30 are still there, none lost
    assert sorted(_drain(amqp_url, COURTS)) == list(range(30))
