"""Consumes one queue with bounded prefetch and settles each message as its handler decides.

The handler returns a Decision: ack; requeue; or forward a copy to another queue (a retry queue, the pillar's
dead queue) and then ack. A forwarded copy is published on a confirming channel and acked only after the broker
confirmed it, so a message is never lost between two queues (at worst it exists in both, and the deliveries
index absorbs the repeat). A handler exception requeues the message and stops the consumer. Creating a Consumer
opens nothing.
"""

from __future__ import annotations

import contextlib
import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pika
import pika.exceptions
from pika.adapters.blocking_connection import BlockingChannel

from hub.broker.connection import connect
from hub.errors import BrokerUnavailable


class Disposition(enum.Enum):
    ACK = "ack"
    REQUEUE = "requeue"
    FORWARD = "forward"


@dataclass(frozen=True)
class Decision:
    disposition: Disposition
    forward_to: str | None = None  # a queue, reached through the default exchange
    headers: dict[str, Any] = field(default_factory=dict)  # merged over the message's own
    expiration_ms: int | None = None
    stop: bool = False  # stop consuming once this message is settled

    @classmethod
    def ack(cls) -> Decision:
        return cls(Disposition.ACK)

    @classmethod
    def requeue(cls, *, stop: bool = False) -> Decision:
        return cls(Disposition.REQUEUE, stop=stop)

    @classmethod
    def forward(
        cls, queue: str, headers: dict[str, Any], *, expiration_ms: int | None = None, stop: bool = False
    ) -> Decision:
        return cls(Disposition.FORWARD, queue, headers, expiration_ms, stop)


@dataclass(frozen=True)
class IncomingMessage:
    body: bytes
    headers: dict[str, Any]
    message_id: str | None
    redelivered: bool
    content_type: str | None = None


Handler = Callable[[IncomingMessage], Decision]
BatchHandler = Callable[[list[IncomingMessage]], list[Decision]]


class Consumer:
    def __init__(self, url: str, queue: str, *, prefetch: int = 200, connect_timeout_s: float = 10.0) -> None:
        self._url = url
        self._queue = queue
        self._prefetch = prefetch
        self._connect_timeout_s = connect_timeout_s
        self._stop = threading.Event()
        self.last_stop = ""  # why the last run returned: "idle", "decision" or "stopped"

    @property
    def queue(self) -> str:
        return self._queue

    def stop(self) -> None:
        """Ask a running ``run`` to return after the message in hand; safe from any thread."""
        self._stop.set()

    def stopped(self) -> bool:
        return self._stop.is_set()

    def run(self, handler: Handler, *, idle_timeout_s: float | None = None) -> int:
        """Consume until stopped, until a decision says stop, or until the queue has been idle
        ``idle_timeout_s`` seconds. Returns the number of messages settled. Raises BrokerUnavailable when the
        broker goes away."""
        return self.run_batches(lambda batch: [handler(m) for m in batch], max_batch=1, idle_timeout_s=idle_timeout_s)

    def run_batches(self, handler: BatchHandler, *, max_batch: int = 50, idle_timeout_s: float | None = None) -> int:
        """As ``run``, but the handler gets the messages that have already arrived (up to ``max_batch``, at
        least one) and returns a decision for each, in order. A batch never waits for more messages: under
        light load it is one message, and only a backlog makes batches bigger. The acks of a batch go out as
        one (multiple=True)."""
        handled = 0
        connection = connect(self._url, timeout_s=self._connect_timeout_s)
        try:
            channel = connection.channel()
            channel.basic_qos(prefetch_count=self._prefetch)
            forwarder = connection.channel()
            forwarder.confirm_delivery()
            # A short inactivity timeout lets the loop notice stop() without a message arriving.
            poll = 0.2 if idle_timeout_s is None else min(0.2, idle_timeout_s)
            idle = 0.0
            self.last_stop = "stopped"
            stream = channel.consume(self._queue, inactivity_timeout=poll)
            for method, properties, body in stream:
                if self._stop.is_set():
                    break
                if method is None:
                    idle += poll
                    if idle_timeout_s is not None and idle >= idle_timeout_s:
                        self.last_stop = "idle"
                        break
                    continue
                idle = 0.0
                batch = [(method, properties, body)]
                while len(batch) < max_batch and channel.get_waiting_message_count() > 0:
                    batch.append(next(stream))
                messages = [_incoming(m, p, b) for m, p, b in batch]
                try:
                    decisions = handler(messages)
                    if len(decisions) != len(messages):
                        raise ValueError(f"{len(decisions)} decisions for {len(messages)} messages")
                except BaseException:
                    channel.basic_nack(batch[-1][0].delivery_tag, multiple=True, requeue=True)
                    raise
                _settle_batch(channel, forwarder, batch, messages, decisions)
                handled += len(batch)
                if any(decision.stop for decision in decisions):
                    self.last_stop = "decision"
                    break
            channel.cancel()
        except pika.exceptions.AMQPError as exc:
            raise BrokerUnavailable(f"lost RabbitMQ while consuming {self._queue}: {exc!r}") from None
        finally:
            if connection.is_open:
                with contextlib.suppress(pika.exceptions.AMQPError):
                    connection.close()
        return handled


def _incoming(method: Any, properties: pika.BasicProperties, body: bytes) -> IncomingMessage:
    return IncomingMessage(
        body=body,
        headers=dict(properties.headers or {}),
        message_id=properties.message_id,
        redelivered=bool(method.redelivered),
        content_type=properties.content_type,
    )


def _settle_batch(
    channel: BlockingChannel,
    forwarder: BlockingChannel,
    batch: list[tuple[Any, pika.BasicProperties, bytes]],
    messages: list[IncomingMessage],
    decisions: list[Decision],
) -> None:
    """Requeues and forwards one by one (a forward waits for its confirm), then one ack for the rest."""
    acks = 0
    for (method, properties, _), message, decision in zip(batch, messages, decisions, strict=True):
        if decision.disposition is Disposition.REQUEUE:
            channel.basic_nack(method.delivery_tag, requeue=True)
        else:
            _settle(channel, forwarder, method.delivery_tag, message, properties, decision, ack=False)
            acks += 1
    if acks:
        # Every message of the batch not requeued above, and nothing after it: the channel's deliveries are
        # settled in order, batch by batch.
        channel.basic_ack(batch[-1][0].delivery_tag, multiple=True)


def _settle(
    channel: BlockingChannel,
    forwarder: BlockingChannel,
    tag: int,
    message: IncomingMessage,
    properties: pika.BasicProperties,
    decision: Decision,
    *,
    ack: bool = True,
) -> None:
    """Settle one message; with ``ack=False`` its ack (after a confirmed forward) is left to the caller."""
    if decision.disposition is Disposition.ACK:
        if ack:
            channel.basic_ack(tag)
    elif decision.disposition is Disposition.REQUEUE:
        channel.basic_nack(tag, requeue=True)
    else:
        assert decision.forward_to is not None
        headers = {k: v for k, v in message.headers.items() if not k.startswith("x-")}
        headers.update(decision.headers)
        copy = pika.BasicProperties(
            delivery_mode=pika.DeliveryMode.Persistent,
            content_type=properties.content_type,
            message_id=properties.message_id,
            headers=headers,
            expiration=str(decision.expiration_ms) if decision.expiration_ms is not None else None,
        )
        # Blocks until the broker confirms the copy; only then is the original acked.
        forwarder.basic_publish("", decision.forward_to, message.body, copy, mandatory=True)
        if ack:
            channel.basic_ack(tag)
