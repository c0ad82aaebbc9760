"""The ways a record reaches a pillar: file drop, HTTP push, AMQP outbox queue.

Each raises TransientError when trying again may work (timeouts, refused connections, 5xx, 408, 429) and
PermanentError when it will not (any other 4xx: the pillar refused the record).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import httpx

from hub.broker import names
from hub.broker.publisher import OutgoingMessage, Publisher
from hub.errors import PermanentError, TransientError
from hub.outbox import FileOutbox, Staged


@dataclass(frozen=True)
class Parcel:
    """One record ready for one pillar: its identity and the bytes that pillar's system understands."""

    record_id: str
    version: int
    record_type: str
    content: bytes
    extension: str
    media_type: str


class Transport(Protocol):
    def deliver(self, pillar: str, parcel: Parcel) -> str:
        """Hand the parcel over; return where it went (a path, a URL, a queue). Idempotent for the same
        (record id, version): the receiver gets the id and can drop a repeat. The parcel is the receiver's once
        ``flush`` has returned (at the latest)."""
        ...

    def flush(self) -> None:
        """Make every parcel delivered since the last flush durable at the receiver; TransientError if not."""
        ...


class FileTransport:
    """Files in the pillar's outbox directory; the files of one flush are made durable together."""

    def __init__(self, outbox: FileOutbox) -> None:
        self._outbox = outbox
        self._staged: list[Staged] = []

    def deliver(self, pillar: str, parcel: Parcel) -> str:
        staged = self._outbox.stage(pillar, parcel.record_id, parcel.extension, parcel.content)
        self._staged.append(staged)
        return str(staged.target)

    def flush(self) -> None:
        staged, self._staged = self._staged, []
        self._outbox.commit(staged)


class PillarRefused(PermanentError):
    pass


class HttpTransport:
    def __init__(self, endpoint: str, *, timeout_s: float = 10.0, client: httpx.Client | None = None) -> None:
        self._endpoint = endpoint
        self._client = client or httpx.Client(timeout=timeout_s)

    def deliver(self, pillar: str, parcel: Parcel) -> str:
        headers = {
            "Content-Type": parcel.media_type,
            "X-ICJS-Record-Id": parcel.record_id,
            "X-ICJS-Record-Version": str(parcel.version),
            "X-ICJS-Record-Type": parcel.record_type,
            # The pillar keeps it to drop a repeat: a worker killed after the POST but before its audit entry
            # delivers again.
            "Idempotency-Key": f"{parcel.record_id}:{parcel.version}",
        }
        try:
            response = self._client.post(self._endpoint, content=parcel.content, headers=headers)
        except httpx.TimeoutException as exc:
            raise TransientError(f"{pillar}: {self._endpoint} timed out ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            raise TransientError(f"{pillar}: {self._endpoint} unreachable ({exc})") from None
        status = response.status_code
        if 200 <= status < 300:
            return f"{self._endpoint} ({status})"
        body = response.text[:200].strip()
        if status >= 500 or status in (408, 429):
            raise TransientError(f"{pillar}: {self._endpoint} answered {status}: {body}")
        raise PillarRefused(f"{pillar}: {self._endpoint} refused the record with {status}: {body}")

    def flush(self) -> None:
        """Nothing to do: the pillar answered 2xx for each parcel."""

    def close(self) -> None:
        self._client.close()


class AmqpOutboxTransport:
    def __init__(self, publisher: Publisher) -> None:
        self._publisher = publisher

    def deliver(self, pillar: str, parcel: Parcel) -> str:
        queue = names.outbox_queue(pillar)
        self._publisher.publish(
            [
                OutgoingMessage(
                    exchange="",
                    routing_key=queue,
                    body=parcel.content,
                    message_id=f"{parcel.record_id}:{parcel.version}",
                    headers={
                        "icjs-record-id": parcel.record_id,
                        "icjs-version": parcel.version,
                        "icjs-record-type": parcel.record_type,
                    },
                    content_type=parcel.media_type,
                )
            ]
        )
        return queue

    def flush(self) -> None:
        """Nothing to do: the broker confirmed each parcel."""
