"""Publishes persistent messages with publisher confirms, without waiting for each confirm in turn.

pika's BlockingChannel waits for the broker's confirm after every publish (1.3k msg/s on our test machine). This
publisher runs a pika SelectConnection on its own I/O thread instead: callers hand it a batch, every message in
it is written at once, and the caller waits until the broker has confirmed all of them (27k msg/s). Callers on
several threads are pipelined on the one channel.

Creating a Publisher opens nothing; the connection is made by the first publish and made again after it drops.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pika
import pika.exceptions
import pika.frame
from pika.adapters.select_connection import SelectConnection
from pika.channel import Channel
from pika.spec import Basic, BasicProperties

from hub.errors import BrokerUnavailable

log = logging.getLogger(__name__)

PERSISTENT = pika.DeliveryMode.Persistent


@dataclass(frozen=True)
class OutgoingMessage:
    exchange: str
    routing_key: str
    body: bytes
    message_id: str
    headers: dict[str, Any] = field(default_factory=dict)
    content_type: str = "application/xml"


class _Batch:
    """What one caller waits for: every message in its batch confirmed, or the first reason one was not."""

    def __init__(self, size: int) -> None:
        self.remaining = size
        self.error: str | None = None
        self.done = threading.Event()
        if size == 0:
            self.done.set()

    def confirm(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.done.set()

    def fail(self, reason: str) -> None:
        if self.error is None:
            self.error = reason
        self.done.set()


class Publisher:
    def __init__(self, url: str, *, confirm_timeout_s: float = 30.0, connect_timeout_s: float = 10.0) -> None:
        self._params = pika.URLParameters(url)
        self._params.socket_timeout = max(connect_timeout_s, 0.5)
        self._params.connection_attempts = 1
        self._confirm_timeout_s = confirm_timeout_s
        self._connect_timeout_s = max(connect_timeout_s, 0.5)
        self._lock = threading.Lock()
        self._io: _IoThread | None = None

    def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        """Publish every message (persistent, mandatory) and return once the broker has confirmed them all.

        Raises BrokerUnavailable when the broker cannot be reached, nacks or returns a message, or does not
        confirm within the confirm timeout. Messages may then have been delivered anyway (at-least-once).
        """
        if not messages:
            return
        io = self._connected()
        batch = _Batch(len(messages))
        io.submit(list(messages), batch)
        if not batch.done.wait(self._confirm_timeout_s):
            raise BrokerUnavailable(
                f"RabbitMQ did not confirm {batch.remaining} message(s) within {self._confirm_timeout_s:g} s"
            )
        if batch.error is not None:
            raise BrokerUnavailable(batch.error)

    def close(self) -> None:
        with self._lock:
            if self._io is not None:
                self._io.stop()
                self._io = None

    def _connected(self) -> _IoThread:
        with self._lock:
            if self._io is not None and self._io.usable():
                return self._io
            if self._io is not None:
                self._io.stop()
            io = _IoThread(self._params)
            io.start()
            if not io.ready.wait(self._connect_timeout_s) or io.startup_error is not None:
                io.stop()
                reason = io.startup_error or f"no answer within {self._connect_timeout_s:g} s"
                raise BrokerUnavailable(f"cannot reach RabbitMQ at {_where(self._params)}: {reason}")
            self._io = io
            return io


def _where(params: pika.URLParameters) -> str:
    return f"{params.host}:{params.port} vhost {params.virtual_host!r}"


class _IoThread:
    """Owns the SelectConnection. Everything that touches pika runs on this thread."""

    def __init__(self, params: pika.URLParameters) -> None:
        self._params = params
        self.ready = threading.Event()
        self.startup_error: str | None = None
        self._closed = threading.Event()
        self._connection: SelectConnection | None = None
        self._channel: Channel | None = None
        self._next_tag = 0
        self._pending: dict[int, _Batch] = {}
        self._by_message_id: dict[str, _Batch] = {}
        self._thread = threading.Thread(target=self._run, name="icjs-publisher-io", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def usable(self) -> bool:
        return self.ready.is_set() and not self._closed.is_set() and self.startup_error is None

    def submit(self, messages: list[OutgoingMessage], batch: _Batch) -> None:
        connection = self._connection
        if connection is None or self._closed.is_set():
            batch.fail("the connection to RabbitMQ is closed")
            return
        try:
            connection.ioloop.add_callback_threadsafe(lambda: self._publish(messages, batch))
        except Exception as exc:  # the ioloop is already gone
            batch.fail(f"the connection to RabbitMQ is closed ({exc})")

    def stop(self) -> None:
        connection = self._connection
        if connection is not None and not self._closed.is_set():
            try:
                connection.ioloop.add_callback_threadsafe(self._close)
            except Exception:
                log.debug("publisher ioloop already stopped")
        self._thread.join(timeout=5)

    # --- below here: the I/O thread only ---

    def _run(self) -> None:
        try:
            self._connection = SelectConnection(
                self._params,
                on_open_callback=self._on_open,
                on_open_error_callback=self._on_open_error,
                on_close_callback=self._on_closed,
            )
            self._connection.ioloop.start()
        except Exception as exc:
            self.startup_error = self.startup_error or str(exc)
        finally:
            self._closed.set()
            self.ready.set()
            if self._connection is not None:
                # Releases the socket pair the ioloop uses to wake itself for threadsafe callbacks.
                self._connection.ioloop.close()
            self._fail_pending("the connection to RabbitMQ closed before the broker confirmed")

    def _on_open(self, connection: SelectConnection) -> None:
        connection.channel(on_open_callback=self._on_channel_open)

    def _on_open_error(self, connection: SelectConnection, error: BaseException | str) -> None:
        self.startup_error = str(error) or type(error).__name__
        self.ready.set()
        connection.ioloop.stop()

    def _on_channel_open(self, channel: Channel) -> None:
        self._channel = channel
        channel.add_on_close_callback(self._on_channel_closed)
        channel.add_on_return_callback(self._on_return)
        channel.confirm_delivery(ack_nack_callback=self._on_confirm, callback=lambda _frame: self.ready.set())

    def _on_channel_closed(self, channel: Channel, reason: BaseException) -> None:
        self._fail_pending(f"RabbitMQ closed the channel: {reason}")
        if self._connection is not None and self._connection.is_open:
            self._connection.close()

    def _on_closed(self, connection: SelectConnection, reason: BaseException) -> None:
        self._closed.set()
        self._fail_pending(f"the connection to RabbitMQ closed: {reason}")
        connection.ioloop.stop()

    def _close(self) -> None:
        if self._connection is not None and self._connection.is_open:
            self._connection.close()
        elif self._connection is not None:
            self._connection.ioloop.stop()

    def _publish(self, messages: list[OutgoingMessage], batch: _Batch) -> None:
        channel = self._channel
        if channel is None or not channel.is_open:
            batch.fail("the channel to RabbitMQ is closed")
            return
        for message in messages:
            properties = BasicProperties(
                delivery_mode=PERSISTENT,
                content_type=message.content_type,
                message_id=message.message_id,
                headers=message.headers,
            )
            try:
                channel.basic_publish(message.exchange, message.routing_key, message.body, properties, mandatory=True)
            except Exception as exc:
                batch.fail(f"publish failed: {exc}")
                return
            self._next_tag += 1
            self._pending[self._next_tag] = batch
            self._by_message_id[message.message_id] = batch

    def _on_confirm(self, frame: pika.frame.Method) -> None:
        method = frame.method
        tag = method.delivery_tag
        tags = [t for t in self._pending if t <= tag] if method.multiple else [tag]
        nacked = isinstance(method, Basic.Nack)
        for t in tags:
            batch = self._pending.pop(t, None)
            if batch is None:
                continue
            if nacked:
                batch.fail("RabbitMQ refused (nacked) the publish")
            else:
                batch.confirm()
        if not self._pending:
            self._by_message_id.clear()

    def _on_return(self, channel: Channel, method: Basic.Return, props: BasicProperties, body: bytes) -> None:
        # With mandatory=True an unroutable message comes back before its ack; the exchange's alternate
        # exchange normally prevents this, so a return means the topology is missing.
        batch = self._by_message_id.get(props.message_id or "")
        if batch is not None:
            batch.fail(
                f"RabbitMQ returned the message as unroutable ({method.reply_text}, exchange "
                f"{method.exchange!r}, routing key {method.routing_key!r}): run `icjs-hub topology apply`"
            )

    def _fail_pending(self, reason: str) -> None:
        for batch in self._pending.values():
            batch.fail(reason)
        self._pending.clear()
        self._by_message_id.clear()
