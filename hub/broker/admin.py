"""Reading the broker's state for operators: queue depths and consumers, by passive declares."""

from __future__ import annotations

import contextlib

import pika.exceptions

from hub.broker.connection import connect


def queue_stats(url: str, queues: list[str], *, timeout_s: float = 3.0) -> list[tuple[str, int, int]]:
    """(queue, messages ready, consumers) for each queue that exists."""
    stats = []
    connection = connect(url, timeout_s=timeout_s)
    try:
        for queue in queues:
            channel = connection.channel()
            try:
                ok = channel.queue_declare(queue, passive=True).method
                stats.append((queue, int(ok.message_count), int(ok.consumer_count)))
            except pika.exceptions.ChannelClosedByBroker:
                continue  # not declared (yet): nothing to report
            finally:
                if channel.is_open:
                    channel.close()
    finally:
        with contextlib.suppress(pika.exceptions.AMQPError):
            connection.close()
    return stats
