"""A per-pillar circuit breaker: after enough consecutive transient failures the pillar is left alone for a
while, so one pillar that is down neither burns its records' retry attempts nor slows the others' workers."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class CircuitBreaker:
    failures_to_open: int = 5
    open_s: float = 30.0
    clock: Callable[[], float] = field(default=time.monotonic)
    _failures: int = 0
    _open_until: float = 0.0

    def is_open(self) -> bool:
        return self.clock() < self._open_until

    def seconds_until_closed(self) -> float:
        return max(0.0, self._open_until - self.clock())

    def record_success(self) -> None:
        self._failures = 0
        self._open_until = 0.0

    def record_failure(self) -> bool:
        """Count a transient failure; True when this one opened the circuit. After the open period one
        delivery is tried (half-open): its failure opens the circuit again at once."""
        self._failures += 1
        if self._failures >= self.failures_to_open:
            self._open_until = self.clock() + self.open_s
            self._failures = self.failures_to_open - 1  # half-open: the next failure re-opens
            return True
        return False
