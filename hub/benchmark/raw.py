"""The raw baseline: what RabbitMQ and pika do on this machine with nothing of the hub around them.

One quorum queue; a publisher process (pika SelectConnection, persistent messages, publisher confirms handled
asynchronously with a window of unconfirmed messages) and a consumer process (pika BlockingConnection, the hub's
prefetch, one basic.ack per message, as the hub's workers ack), started with ``multiprocessing`` (spawn). The
messages are the size of the hub's records. The figure compared with the hub is messages consumed per second.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pika
import pika.exceptions
import pika.frame
from pika.adapters.select_connection import SelectConnection
from pika.spec import Basic

from hub.benchmark.system import BenchError, delete_queues

QUEUE = "icjs.bench.raw"


@dataclass(frozen=True)
class RawResult:
    messages: int
    size: int
    window: int
    prefetch: int
    published_per_s: float  # confirmed by the broker
    consumed_per_s: float  # first to last message consumed
    end_to_end_per_s: float  # first publish to last message consumed
    nacked: int


def _consume(url: str, count: int, prefetch: int, pipe: Connection) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.basic_qos(prefetch_count=prefetch)
    state = {"n": 0, "first": 0.0, "last": 0.0}

    def on_message(ch: pika.adapters.blocking_connection.BlockingChannel, method: Basic.Deliver, _p, _b) -> None:  # type: ignore[no-untyped-def]
        if state["n"] == 0:
            state["first"] = time.time()
        ch.basic_ack(method.delivery_tag)
        state["n"] += 1
        if state["n"] >= count:
            state["last"] = time.time()
            ch.stop_consuming()

    channel.basic_consume(QUEUE, on_message)
    pipe.send("ready")
    channel.start_consuming()
    connection.close()
    pipe.send((state["n"], state["first"], state["last"]))


def _publish(url: str, count: int, size: int, window: int, pipe: Connection) -> None:
    body = (b"<Record>" + b"x" * size)[:size]
    properties = pika.BasicProperties(delivery_mode=pika.DeliveryMode.Persistent, content_type="application/xml")
    state = {"sent": 0, "confirmed": 0, "nacked": 0, "first": 0.0, "done": 0.0}
    outstanding: set[int] = set()
    channel_box: list[pika.channel.Channel] = []

    def pump() -> None:
        channel = channel_box[0]
        while len(outstanding) < window and state["sent"] < count:
            if state["sent"] == 0:
                state["first"] = time.time()
            channel.basic_publish("", QUEUE, body, properties)
            state["sent"] += 1
            outstanding.add(state["sent"])

    def on_confirm(frame: pika.frame.Method) -> None:
        method = frame.method
        tags = [t for t in outstanding if t <= method.delivery_tag] if method.multiple else [method.delivery_tag]
        for tag in tags:
            if tag in outstanding:
                outstanding.discard(tag)
                state["confirmed" if isinstance(method, Basic.Ack) else "nacked"] += 1
        if state["confirmed"] + state["nacked"] >= count:
            state["done"] = time.time()
            connection.close()
        else:
            pump()

    def on_channel(channel: pika.channel.Channel) -> None:
        channel_box.append(channel)
        channel.confirm_delivery(ack_nack_callback=on_confirm, callback=lambda _frame: pump())

    connection = SelectConnection(
        pika.URLParameters(url),
        on_open_callback=lambda conn: conn.channel(on_open_callback=on_channel),
        on_open_error_callback=lambda conn, err: conn.ioloop.stop(),
        on_close_callback=lambda conn, reason: conn.ioloop.stop(),
    )
    connection.ioloop.start()
    with contextlib.suppress(Exception):
        connection.ioloop.close()
    pipe.send((state["confirmed"], state["nacked"], state["first"], state["done"]))


def run_raw(url: str, *, messages: int, size: int, window: int = 1000, prefetch: int = 200) -> RawResult:
    """Publish and consume ``messages`` messages of ``size`` bytes through a fresh quorum queue in ``url``."""
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        connection.channel().queue_declare(QUEUE, durable=True, arguments={"x-queue-type": "quorum"})
    finally:
        connection.close()
    context = multiprocessing.get_context("spawn")
    consumer_end, consumer_pipe = context.Pipe()
    publisher_end, publisher_pipe = context.Pipe()
    consumer = context.Process(target=_consume, args=(url, messages, prefetch, consumer_pipe), name="raw-consumer")
    publisher = context.Process(
        target=_publish, args=(url, messages, size, window, publisher_pipe), name="raw-publisher"
    )
    try:
        consumer.start()
        if not consumer_end.poll(60) or consumer_end.recv() != "ready":
            raise BenchError("the raw consumer did not start")
        publisher.start()
        timeout = 60 + messages / 500
        if not publisher_end.poll(timeout):
            raise BenchError(f"the raw publisher did not finish within {timeout:.0f} s")
        confirmed, nacked, first_publish, published = publisher_end.recv()
        if not consumer_end.poll(timeout):
            raise BenchError(f"the raw consumer did not receive {messages} messages within {timeout:.0f} s")
        consumed, first_consumed, last_consumed = consumer_end.recv()
    finally:
        for process in (publisher, consumer):
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
            process.close()
        for end in (consumer_end, consumer_pipe, publisher_end, publisher_pipe):
            end.close()
        delete_queues(url, [QUEUE])
    if consumed < messages or confirmed < messages:
        raise BenchError(f"raw baseline: {confirmed} confirmed, {nacked} nacked, {consumed} consumed of {messages}")
    return RawResult(
        messages=messages,
        size=size,
        window=window,
        prefetch=prefetch,
        published_per_s=confirmed / max(published - first_publish, 1e-9),
        consumed_per_s=consumed / max(last_consumed - first_consumed, 1e-9),
        end_to_end_per_s=consumed / max(last_consumed - first_publish, 1e-9),
        nacked=nacked,
    )
