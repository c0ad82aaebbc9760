"""Retry tiers and the circuit breaker are pure: tested without a clock or a broker."""

from __future__ import annotations

import random

import pytest

from hub.breaker import CircuitBreaker
from hub.retry import RetryPolicy, parse_delays


def test_tiers_grow_and_then_give_up() -> None:
    policy = RetryPolicy((1_000, 10_000, 60_000))
    assert [policy.tier(n) for n in range(1, 5)] == [1_000, 10_000, 60_000, None]
    assert policy.max_attempts == 4


def test_jitter_stays_within_the_tier() -> None:
    policy = RetryPolicy((10_000,), jitter=0.1)
    rng = random.Random(7)
    draws = [policy.expiration_ms(10_000, rng) for _ in range(1000)]
    assert min(draws) >= 9_000 and max(draws) <= 10_000
    assert len(set(draws)) > 100  # spread, not one value


@pytest.mark.parametrize(
    ("text", "delays"),
    [("1s,10s,1m,10m", (1_000, 10_000, 60_000, 600_000)), ("100ms, 250ms", (100, 250)), ("500,1500", (500, 1500))],
)
def test_delays_are_parsed(text: str, delays: tuple[int, ...]) -> None:
    assert parse_delays(text) == delays


@pytest.mark.parametrize(("text", "message"), [("10s,1s", "must grow"), ("soon", "not a delay"), ("", "positive")])
def test_bad_delays_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_delays(text)


def test_the_breaker_opens_after_consecutive_failures_and_half_opens_after_its_time() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failures_to_open=3, open_s=30.0, clock=lambda: now[0])
    assert not breaker.record_failure() and not breaker.record_failure()
    assert breaker.record_failure() and breaker.is_open()
    now[0] = 29.9
    assert breaker.is_open()
    now[0] = 30.0
    assert not breaker.is_open()  # half-open: one more try
    assert breaker.record_failure() and breaker.is_open()  # which failing, opens it again at once
    now[0] = 61.0
    breaker.record_success()
    assert not breaker.record_failure()  # closed again: counting from zero


def test_a_success_resets_the_count() -> None:
    breaker = CircuitBreaker(failures_to_open=2, open_s=1.0, clock=lambda: 0.0)
    breaker.record_failure()
    breaker.record_success()
    assert not breaker.record_failure()
