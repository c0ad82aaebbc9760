"""Publishing with asynchronous confirms, and consuming, against the real RabbitMQ."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from hub.broker import names
from hub.broker.connection import connect
from hub.broker.consumer import Consumer, Decision, IncomingMessage
from hub.broker.publisher import OutgoingMessage, Publisher
from hub.broker.topology import apply_topology
from hub.errors import BrokerUnavailable
from hub.routing import default_table


def _declare(url: str) -> None:
    connection = connect(url)
    try:
        apply_topology(connection, default_table())
    finally:
        connection.close()


def _fir(i: int) -> OutgoingMessage:
    return OutgoingMessage(
        exchange=names.RECORDS_EXCHANGE,
        routing_key=names.routing_key("police", "fir-registered"),
        body=f"<r n='{i}'/>".encode(),
        message_id=f"m-{i}",
        headers={"n": i},
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_creating_a_publisher_opens_nothing() -> None:
    # Given a URL where nothing listens / When a publisher is created and closed / Then nothing fails
    publisher = Publisher(f"amqp://guest:guest@127.0.0.1:{_free_port()}/")
    publisher.close()


def test_an_unreachable_broker_is_a_transient_error_naming_where() -> None:
    port = _free_port()
    publisher = Publisher(f"amqp://guest:guest@127.0.0.1:{port}/", connect_timeout_s=2)
    with pytest.raises(BrokerUnavailable, match=f"127.0.0.1:{port}"):
        publisher.publish([_fir(1)])
    publisher.close()


def test_a_confirmed_batch_reaches_every_bound_queue(amqp_url: str) -> None:
    # Given the topology / When 500 FIR messages are published in one confirmed batch
    _declare(amqp_url)
    publisher = Publisher(amqp_url)
    try:
        publisher.publish([_fir(i) for i in range(500)])
    finally:
        publisher.close()
    # Then each subscriber queue holds all 500, in order
    for pillar in ("courts", "prosecution"):
        seen: list[int] = []

        def handle(message: IncomingMessage, seen: list[int] = seen) -> Decision:
            seen.append(int(message.headers["n"]))
            return Decision.ack()

        Consumer(amqp_url, names.deliver_queue(pillar)).run(handle, idle_timeout_s=0.5)
        assert seen == list(range(500))


def test_concurrent_callers_are_each_confirmed(amqp_url: str) -> None:
    # Given one publisher shared by 8 threads / When each publishes 50 / Then all 400 arrive
    _declare(amqp_url)
    publisher = Publisher(amqp_url)
    errors: list[BaseException] = []

    def publish(base: int) -> None:
        try:
            for i in range(50):
                publisher.publish([_fir(base + i)])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=publish, args=(t * 1000,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    publisher.close()
    assert errors == []
    count = Consumer(amqp_url, names.deliver_queue("courts")).run(lambda m: Decision.ack(), idle_timeout_s=0.5)
    assert count == 400


def test_publishing_without_the_exchange_fails_and_the_next_publish_recovers(amqp_url: str) -> None:
    # Given no topology / When publishing / Then the broker's refusal surfaces as BrokerUnavailable
    publisher = Publisher(amqp_url)
    try:
        with pytest.raises(BrokerUnavailable, match=r"NOT_FOUND|closed"):
            publisher.publish([_fir(1)])
        # And once the topology exists, the same publisher reconnects and succeeds
        _declare(amqp_url)
        publisher.publish([_fir(2)])
    finally:
        publisher.close()


def test_a_forwarded_message_moves_with_its_new_headers(amqp_url: str) -> None:
    # Given a message in the courts queue
    _declare(amqp_url)
    publisher = Publisher(amqp_url)
    publisher.publish([_fir(7)])
    publisher.close()
    # When the handler forwards it to the dead queue with a reason
    forward = Decision.forward(names.dead_queue("courts"), {"icjs-reason": "poison"})
    assert Consumer(amqp_url, names.deliver_queue("courts")).run(lambda m: forward, idle_timeout_s=0.5) == 1
    # Then it is there once, with its own headers and the new one, and gone from where it was
    dead: list[tuple[bytes, dict]] = []

    def keep(message: IncomingMessage) -> Decision:
        dead.append((message.body, message.headers))
        return Decision.ack()

    Consumer(amqp_url, names.dead_queue("courts")).run(keep, idle_timeout_s=1.0)
    assert [body for body, _ in dead] == [b"<r n='7'/>"]
    assert dead[0][1]["icjs-reason"] == "poison" and dead[0][1]["n"] == 7
    assert Consumer(amqp_url, names.deliver_queue("courts")).run(lambda m: Decision.ack(), idle_timeout_s=0.5) == 0


def test_a_message_forwarded_to_a_retry_queue_comes_back_after_its_expiry(amqp_url: str) -> None:
    # Given a message in the courts queue
    _declare(amqp_url)
    publisher = Publisher(amqp_url)
    publisher.publish([_fir(8)])
    publisher.close()
    retry = names.retry_queue("courts", 1_000)
    back: list[tuple[dict, float]] = []
    started = time.monotonic()

    # When the first delivery is sent to the retry queue with a 300 ms expiry
    def handle(message: IncomingMessage) -> Decision:
        if "icjs-attempt" not in message.headers:
            return Decision.forward(retry, {"icjs-attempt": 1}, expiration_ms=300)
        back.append((message.headers, time.monotonic() - started))
        return Decision.ack()

    assert Consumer(amqp_url, names.deliver_queue("courts")).run(handle, idle_timeout_s=2.0) == 2
    # Then it comes back to the deliver queue once, carrying its attempt count, after the expiry
    assert len(back) == 1
    headers, after = back[0]
    assert headers["icjs-attempt"] == 1
    assert after >= 0.3
