"""Consumes one queue with bounded prefetch and settles each message as its handler decides.

The handler returns a Disposition; the consumer acks, dead-letters (reject without requeue: the queue's
dead-letter arguments take it to ``icjs.dead.<pillar>``) or requeues. A handler exception that is not a
Disposition requeues the message and stops the consumer, so nothing is acked that was not handled.
Creating a Consumer opens nothing.
"""

from __future__ import annotations

import contextlib
import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pika.exceptions
from pika.adapters.blocking_connection import BlockingChannel

from hub.broker.connection import connect
from hub.errors import BrokerUnavailable


class Disposition(enum.Enum):
    ACK = "ack"
    DEAD_LETTER = "dead-letter"
    REQUEUE = "requeue"


@dataclass(frozen=True)
class IncomingMessage:
    body: bytes
    headers: dict[str, Any]
    message_id: str | None
    redelivered: bool
    delivery_count: int  # deliveries before this one, as the quorum queue counts them


Handler = Callable[[IncomingMessage], Disposition]


class Consumer:
    def __init__(self, url: str, queue: str, *, prefetch: int = 200, connect_timeout_s: float = 10.0) -> None:
        self._url = url
        self._queue = queue
        self._prefetch = prefetch
        self._connect_timeout_s = connect_timeout_s
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask a running ``run`` to return after the message in hand; safe from any thread."""
        self._stop.set()

    def run(self, handler: Handler, *, idle_timeout_s: float | None = None) -> int:
        """Consume until stopped, or until the queue has been idle ``idle_timeout_s`` seconds. Returns the number
        of messages handled. Raises BrokerUnavailable when the broker goes away."""
        handled = 0
        connection = connect(self._url, timeout_s=self._connect_timeout_s)
        try:
            channel = connection.channel()
            channel.basic_qos(prefetch_count=self._prefetch)
            # A short inactivity timeout lets the loop notice stop() without a message arriving.
            poll = 0.2 if idle_timeout_s is None else min(0.2, idle_timeout_s)
            idle = 0.0
            for method, properties, body in channel.consume(self._queue, inactivity_timeout=poll):
                if self._stop.is_set():
                    break
                if method is None:
                    idle += poll
                    if idle_timeout_s is not None and idle >= idle_timeout_s:
                        break
                    continue
                idle = 0.0
                message = IncomingMessage(
                    body=body,
                    headers=dict(properties.headers or {}),
                    message_id=properties.message_id,
                    redelivered=bool(method.redelivered),
                    delivery_count=int((properties.headers or {}).get("x-delivery-count", 0) or 0),
                )
                try:
                    disposition = handler(message)
                except BaseException:
                    channel.basic_nack(method.delivery_tag, requeue=True)
                    raise
                _settle(channel, method.delivery_tag, disposition)
                handled += 1
            channel.cancel()
        except pika.exceptions.AMQPError as exc:
            raise BrokerUnavailable(f"lost RabbitMQ while consuming {self._queue}: {exc!r}") from None
        finally:
            if connection.is_open:
                with contextlib.suppress(pika.exceptions.AMQPError):
                    connection.close()
        return handled


def _settle(channel: BlockingChannel, tag: int, disposition: Disposition) -> None:
    if disposition is Disposition.ACK:
        channel.basic_ack(tag)
    elif disposition is Disposition.DEAD_LETTER:
        channel.basic_reject(tag, requeue=False)
    else:
        channel.basic_nack(tag, requeue=True)
