"""Delivery: one subscriber pillar's worker.

consume -> (already delivered? ack) -> redact per policy -> outbound adapter -> transport -> audit DELIVERED -> ack
                                                  on failure: transient -> retry queue (growing delay) or, after the
                                                  last attempt, dead; permanent -> dead at once

The broker is acked only after the delivery and its audit entry are durable, and a forwarded copy (retry, dead)
only after the broker confirmed it. A (record, version) recorded as delivered to this pillar is acked without
delivering again, so a worker killed between delivering and acking does not deliver twice. When the audit store
is unreachable the worker requeues and stops: nothing is delivered without its audit entry. A per-pillar circuit
breaker parks the worker after repeated transient failures instead of burning every record's attempts.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tenacity import Retrying, retry_if_exception_type, stop_after_delay, stop_never, wait_exponential

from adapters.base import AdapterError
from hub import metrics
from hub.audit.store import AuditEvent, AuditStore, Event
from hub.breaker import CircuitBreaker
from hub.broker import names
from hub.broker.consumer import Consumer, Decision, IncomingMessage
from hub.errors import AuditUnavailable, BrokerUnavailable, PermanentError, TransientError
from hub.plugins import AdapterRegistry, UnknownAdapter
from hub.record import sha256_hex
from hub.redaction import Policy, redact
from hub.retry import RetryPolicy
from hub.routing import SubscriptionTable
from hub.transports import Parcel, Transport

log = logging.getLogger(__name__)

ATTEMPT = "icjs-attempt"  # deliveries tried so far, including the one that failed last
FIRST_FAILURE = "icjs-first-failure"
LAST_FAILURE = "icjs-last-failure"
REASON = "icjs-reason"


@dataclass(frozen=True)
class Envelope:
    record_id: str
    version: int
    record_type: str
    sha256: str


class BadMessage(PermanentError):
    pass


def read_envelope(message: IncomingMessage) -> Envelope:
    """The record's identity from the message headers, checked against the body's hash."""
    headers = message.headers
    try:
        envelope = Envelope(
            record_id=str(headers["icjs-record-id"]),
            version=int(headers["icjs-version"]),
            record_type=str(headers["icjs-record-type"]),
            sha256=str(headers["icjs-sha256"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BadMessage(f"message lacks a valid icjs header ({exc})") from None
    if sha256_hex(message.body) != envelope.sha256:
        raise BadMessage(f"body does not match its sha256 header {envelope.sha256}")
    return envelope


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class DeliveryWorker:
    """Decides, for each message of one pillar's queue, what happens to it. Holds no connection."""

    def __init__(
        self,
        pillar: str,
        *,
        audit: AuditStore,
        transport: Transport,
        table: SubscriptionTable,
        adapters: AdapterRegistry,
        policy: Policy,
        retry: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
        actor: str = "hub",
        rng: random.Random | None = None,
    ) -> None:
        self.pillar = pillar
        self.breaker = breaker or CircuitBreaker()
        self._audit = audit
        self._transport = transport
        self._table = table
        self._adapters = adapters
        self._policy = policy
        self._retry = retry or RetryPolicy()
        self._actor = actor
        self._rng = rng or random.Random()

    def audit_ready(self) -> None:
        """Raises AuditUnavailable unless the audit store answers."""
        self._audit.was_delivered("-", 0, self.pillar)

    def handle_batch(self, messages: list[IncomingMessage]) -> list[Decision]:
        """A decision per message, in order. The deliveries that succeed are made durable together (one
        flush of the transport) and audited together (one DELIVERED transaction) before any is acked."""
        try:
            return self._handle_batch(messages)
        except AuditUnavailable as exc:
            # Fail closed: the messages go back, and the worker stops until the store is back.
            log.error("%s: audit store unavailable, requeueing and pausing: %s", self.pillar, exc)
            return [Decision.requeue(stop=True) for _ in messages]

    def _handle_batch(self, messages: list[IncomingMessage]) -> list[Decision]:
        decisions: list[Decision | None] = [None] * len(messages)
        envelopes: dict[int, Envelope] = {}
        for index, message in enumerate(messages):
            try:
                envelopes[index] = read_envelope(message)
            except BadMessage as exc:
                decisions[index] = self._dead(message, None, str(exc), attempts=1)
        done = self._audit.delivered_among(self.pillar, [(e.record_id, e.version) for e in envelopes.values()])
        delivered: list[tuple[int, Envelope, list[AuditEvent]]] = []
        for index, envelope in envelopes.items():
            key = (envelope.record_id, envelope.version)
            if key in done:  # delivered before, or earlier in this batch
                decisions[index] = Decision.ack()
                continue
            decision, events = self._deliver(messages[index], envelope)
            if events is None:
                decisions[index] = decision
                continue
            done.add(key)
            delivered.append((index, envelope, events))
        if delivered:
            try:
                self._transport.flush()
            except TransientError as exc:
                # None of them is surely the pillar's: each is a failed attempt, retried like any other.
                self.breaker.record_failure()
                for index, envelope, _ in delivered:
                    decisions[index] = self._not_delivered(messages[index], envelope, exc)
                return decisions  # type: ignore[return-value]
            self._audit.mark_delivered_many(
                self.pillar, [(envelope.record_id, envelope.version, events) for _, envelope, events in delivered]
            )
            now = time.time()
            for index, envelope, _ in delivered:
                decisions[index] = Decision.ack()
                metrics.DELIVERED.labels(self.pillar, envelope.record_type).inc()
                published_ms = messages[index].headers.get("icjs-published-ms")
                if isinstance(published_ms, int):
                    metrics.DELIVERY_LATENCY.labels(self.pillar).observe(max(0.0, now - published_ms / 1000))
        assert all(d is not None for d in decisions)
        return decisions  # type: ignore[return-value]

    def _deliver(self, message: IncomingMessage, envelope: Envelope) -> tuple[Decision, list[AuditEvent] | None]:
        """Hand one record to the pillar: (ack, its events to audit) when it went; (what to do, None) when not."""
        if self.breaker.is_open():
            return self._park(message, envelope), None
        attempt = int(message.headers.get(ATTEMPT, 0) or 0) + 1
        try:
            parcel, withheld = self._prepare(envelope, message.body)
            where = self._transport.deliver(self.pillar, parcel)
        except (PermanentError, AdapterError) as exc:
            self.breaker.record_success()  # the pillar answered; the record is what is wrong
            self._failed(envelope, attempt, str(exc), transient=False)
            return self._dead(message, envelope, str(exc), attempts=attempt), None
        except TransientError as exc:
            self.breaker.record_failure()
            return self._not_delivered(message, envelope, exc), None
        self.breaker.record_success()
        events = []
        if withheld:
            detail = {"fields": list(withheld), "policy_version": self._policy.version}
            events.append(self._event(Event.REDACTED, envelope, detail))
        detail = {
            "mode": self._table.delivery_for(self.pillar).delivery,
            "to": where,
            "sha256": sha256_hex(parcel.content),
            "record_type": envelope.record_type,
            "attempt": attempt,
        }
        events.append(self._event(Event.DELIVERED, envelope, detail))
        return Decision.ack(), events

    def _not_delivered(self, message: IncomingMessage, envelope: Envelope, exc: TransientError) -> Decision:
        """A transient failure: the next retry tier, or dead after the last."""
        attempt = int(message.headers.get(ATTEMPT, 0) or 0) + 1
        self._failed(envelope, attempt, str(exc), transient=True)
        tier = self._retry.tier(attempt)
        if tier is None:
            return self._dead(message, envelope, f"gave up after {attempt} attempts: {exc}", attempts=attempt)
        return self._schedule_retry(message, envelope, attempt, tier, str(exc))

    def _prepare(self, envelope: Envelope, canonical: bytes) -> tuple[Parcel, tuple[str, ...]]:
        redaction = redact(canonical, envelope.record_type, self.pillar, self._policy)
        adapter_name = self._table.delivery_for(self.pillar).adapter
        content, extension, media_type = redaction.content, "xml", "application/xml"
        if adapter_name:
            try:
                adapter = self._adapters.get(adapter_name)
            except UnknownAdapter as exc:
                raise PermanentError(f"{self.pillar}: outbound {exc}") from None
            if envelope.record_type in adapter.consumes:
                native = adapter.encode(redaction.content, envelope.record_type)
                content, extension, media_type = native.content, native.extension, native.media_type
        parcel = Parcel(envelope.record_id, envelope.version, envelope.record_type, content, extension, media_type)
        return parcel, redaction.withheld

    def _event(self, event: Event, envelope: Envelope | None, detail: dict[str, Any]) -> AuditEvent:
        return AuditEvent(
            event,
            envelope.record_id if envelope else None,
            envelope.version if envelope else None,
            self.pillar,
            self._actor,
            detail,
        )

    def _failed(self, envelope: Envelope, attempt: int, error: str, *, transient: bool) -> None:
        detail = {"attempt": attempt, "error": error, "transient": transient}
        self._audit.append([self._event(Event.DELIVERY_FAILED, envelope, detail)])

    def _park(self, message: IncomingMessage, envelope: Envelope) -> Decision:
        """The pillar's circuit is open: move the record to the retry tier that outlasts the open period, without
        counting an attempt. Forwarding (not requeueing) keeps the queue's delivery count, and its delivery limit,
        for real failures; and the worker keeps draining, so the other records of the pillar wait too."""
        wait_ms = int(self.breaker.seconds_until_closed() * 1000)
        tier = next((d for d in self._retry.delays_ms if d >= wait_ms), self._retry.delays_ms[-1])
        expiration = self._retry.expiration_ms(tier, self._rng)
        queue = names.retry_queue(self.pillar, tier)
        attempts = int(message.headers.get(ATTEMPT, 0) or 0)
        detail = {"attempt": attempts, "delay_ms": expiration, "queue": queue, "circuit_open": True}
        self._audit.append([self._event(Event.RETRY_SCHEDULED, envelope, detail)])
        return Decision.forward(queue, {ATTEMPT: attempts}, expiration_ms=expiration)

    def _schedule_retry(
        self, message: IncomingMessage, envelope: Envelope, attempt: int, tier: int, error: str
    ) -> Decision:
        expiration = self._retry.expiration_ms(tier, self._rng)
        queue = names.retry_queue(self.pillar, tier)
        detail = {"attempt": attempt, "delay_ms": expiration, "queue": queue}
        self._audit.append([self._event(Event.RETRY_SCHEDULED, envelope, detail)])
        metrics.RETRIES.labels(self.pillar).inc()
        headers = {
            ATTEMPT: attempt,
            FIRST_FAILURE: message.headers.get(FIRST_FAILURE) or _now(),
            LAST_FAILURE: _now(),
            REASON: error[:500],
        }
        return Decision.forward(queue, headers, expiration_ms=expiration)

    def _dead(self, message: IncomingMessage, envelope: Envelope | None, reason: str, *, attempts: int) -> Decision:
        headers = {
            ATTEMPT: attempts,
            FIRST_FAILURE: message.headers.get(FIRST_FAILURE) or _now(),
            LAST_FAILURE: _now(),
            REASON: reason[:500],
        }
        detail = {"reason": reason, "attempts": attempts, "queue": names.dead_queue(self.pillar)}
        if envelope is None:
            self._audit.append([self._event(Event.DEAD_LETTERED, None, {**detail, "message_id": message.message_id})])
        else:
            self._audit.mark_dead(
                envelope.record_id, envelope.version, self.pillar, [self._event(Event.DEAD_LETTERED, envelope, detail)]
            )
        metrics.DEAD_LETTERED.labels(self.pillar, envelope.record_type if envelope else "unknown").inc()
        return Decision.forward(names.dead_queue(self.pillar), headers)


class WorkerRunner:
    """Runs one pillar's worker against its queue: reconnects after the broker goes away (tenacity, growing
    waits), waits out an open circuit or an audit outage, and stops when asked. It sleeps only here, between
    consumer sessions, never inside a message's handling."""

    def __init__(
        self,
        worker: DeliveryWorker,
        consumer: Consumer,
        *,
        max_reconnect_s: float | None = None,
        max_batch: int = 50,
    ) -> None:
        self.worker = worker
        self.consumer = consumer
        self.max_batch = max_batch
        self._stop = threading.Event()
        self._max_reconnect_s = max_reconnect_s
        self._outage_wait = 0.5
        self.handled = 0

    def stop(self) -> None:
        self._stop.set()
        self.consumer.stop()

    def run(self, *, idle_timeout_s: float | None = None) -> int:
        """Deliver until stopped (or, with ``idle_timeout_s``, until the queue stays empty that long)."""
        stop = stop_never if self._max_reconnect_s is None else stop_after_delay(self._max_reconnect_s)
        retrying = Retrying(
            retry=retry_if_exception_type(BrokerUnavailable),
            wait=wait_exponential(multiplier=0.5, max=10),
            stop=stop,
            reraise=True,
            sleep=self._sleep,
            before_sleep=lambda state: log.warning(
                "%s: broker unavailable (%s); reconnecting", self.worker.pillar, state.outcome.exception()
            ),
        )
        while not self._stop.is_set():
            # Take no message while the audit store is away: a message taken would only go back, and every
            # return counts towards the queue's delivery limit.
            if not self._audit_reachable():
                continue
            for attempt in retrying:
                with attempt:
                    self.handled += self.consumer.run_batches(
                        self.worker.handle_batch, max_batch=self.max_batch, idle_timeout_s=idle_timeout_s
                    )
            if self._stop.is_set() or self.consumer.stopped():
                break
            if self.consumer.last_stop == "idle":
                break
        return self.handled

    def _audit_reachable(self) -> bool:
        """True when the audit store answers; otherwise wait (growing, up to 30 s) and say False."""
        try:
            self.worker.audit_ready()
        except AuditUnavailable as exc:
            self._outage_wait = min(30.0, max(1.0, self._outage_wait * 2))
            log.error(
                "%s: audit store unavailable (%s); not delivering, retry in %.0f s",
                self.worker.pillar,
                exc,
                self._outage_wait,
            )
            self._sleep(self._outage_wait)
            return False
        self._outage_wait = 0.5
        return True

    def _sleep(self, seconds: float) -> None:
        self._stop.wait(seconds)
