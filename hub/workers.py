"""The delivery workers of one hub process: a thread per subscriber pillar, each with its own connection,
circuit breaker and transport, so a pillar that is down or slow holds up no other."""

from __future__ import annotations

import logging
import threading

from hub.breaker import CircuitBreaker
from hub.broker import names
from hub.broker.consumer import Consumer
from hub.delivery import DeliveryWorker, WorkerRunner
from hub.services import Services

log = logging.getLogger(__name__)


class WorkerPool:
    def __init__(self, services: Services, pillars: list[str] | None = None) -> None:
        settings = services.settings
        self.runners: dict[str, WorkerRunner] = {}
        for pillar in pillars if pillars is not None else services.table.subscriber_pillars():
            worker = DeliveryWorker(
                pillar,
                audit=services.audit,
                transport=services.transport_for(pillar),
                table=services.table,
                adapters=services.adapters,
                policy=services.policy,
                retry=settings.retry_policy(),
                breaker=CircuitBreaker(settings.breaker_failures, settings.breaker_open_s),
            )
            consumer = Consumer(
                settings.amqp_url,
                names.deliver_queue(pillar),
                prefetch=settings.prefetch,
                connect_timeout_s=settings.connect_timeout_s,
            )
            self.runners[pillar] = WorkerRunner(worker, consumer)
        self.errors: list[BaseException] = []
        self._threads: list[threading.Thread] = []

    def start(self, *, idle_timeout_s: float | None = None) -> None:
        for pillar, runner in self.runners.items():
            thread = threading.Thread(
                target=self._work, args=(runner, idle_timeout_s), name=f"deliver-{pillar}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _work(self, runner: WorkerRunner, idle_timeout_s: float | None) -> None:
        try:
            runner.run(idle_timeout_s=idle_timeout_s)
        except BaseException as exc:
            log.exception("delivery worker %s stopped", runner.worker.pillar)
            self.errors.append(exc)

    def wait(self) -> None:
        """Until every worker has returned (idle, or stopped); re-raises the first worker's error."""
        try:
            for thread in self._threads:
                while thread.is_alive():
                    thread.join(timeout=0.5)
        finally:
            self.stop()
        if self.errors:
            raise self.errors[0]

    def stop(self) -> None:
        for runner in self.runners.values():
            runner.stop()
        for thread in self._threads:
            thread.join(timeout=10)

    def run(self, *, idle_timeout_s: float | None) -> None:
        self.start(idle_timeout_s=idle_timeout_s)
        self.wait()
