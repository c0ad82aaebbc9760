"""Blocking connections for workers and admin commands; pika's errors become BrokerUnavailable here."""

from __future__ import annotations

import pika
import pika.exceptions
from pika.adapters.blocking_connection import BlockingConnection

from hub.errors import BrokerUnavailable


def connect(url: str, *, timeout_s: float = 10.0) -> BlockingConnection:
    """A blocking connection, or BrokerUnavailable naming where it tried."""
    params = pika.URLParameters(url)
    params.socket_timeout = max(timeout_s, 0.5)
    params.connection_attempts = 1
    try:
        return BlockingConnection(params)
    except pika.exceptions.AMQPError as exc:
        raise BrokerUnavailable(
            f"cannot reach RabbitMQ at {params.host}:{params.port} vhost {params.virtual_host!r}: {exc!r}"
        ) from None
