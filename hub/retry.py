"""Retry policy for deliveries: a pure function of the attempt number, so it is tested without a clock.

A failed delivery waits in a retry queue (``icjs.retry.<pillar>.<delay>ms``) whose messages expire back into the
pillar's deliver queue; the worker never sleeps. Each tier's delay is spread by a jitter fraction so that records
that failed together do not all come back together.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

DEFAULT_DELAYS_MS = (1_000, 10_000, 60_000, 600_000)


@dataclass(frozen=True)
class RetryPolicy:
    delays_ms: tuple[int, ...] = DEFAULT_DELAYS_MS
    jitter: float = 0.1  # each delay is drawn from [delay * (1 - jitter), delay]

    @property
    def max_attempts(self) -> int:
        """Deliveries tried in all: the first and one per retry tier."""
        return len(self.delays_ms) + 1

    def tier(self, failed_attempts: int) -> int | None:
        """The retry tier (its nominal delay in ms) after ``failed_attempts`` failures, or None: give up."""
        if failed_attempts < 1 or failed_attempts > len(self.delays_ms):
            return None
        return self.delays_ms[failed_attempts - 1]

    def expiration_ms(self, tier_ms: int, rng: random.Random) -> int:
        """The message's own expiry in its tier's queue. Never longer than the tier: messages ahead of it in
        the same queue expire first, so jitter cannot hold the queue up by more than ``jitter * tier``."""
        low = int(tier_ms * (1 - self.jitter))
        return rng.randint(max(low, 1), tier_ms)


def parse_delays(text: str) -> tuple[int, ...]:
    """``"1s,10s,1m,10m"`` or ``"1000,10000"`` (milliseconds) -> delays in ms, strictly growing."""
    units = {"ms": 1, "s": 1_000, "m": 60_000, "h": 3_600_000}
    delays = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        for unit in ("ms", "s", "m", "h"):
            if part.endswith(unit) and part[: -len(unit)].replace(".", "", 1).isdigit():
                delays.append(int(float(part[: -len(unit)]) * units[unit]))
                break
        else:
            if not part.isdigit():
                raise ValueError(f"{part!r} is not a delay (examples: 500ms, 10s, 1m, 1500)")
            delays.append(int(part))
    if not delays or any(d <= 0 for d in delays):
        raise ValueError("retry delays must be positive")
    if any(b <= a for a, b in itertools.pairwise(delays)):
        raise ValueError(f"retry delays must grow: {text}")
    return tuple(delays)
