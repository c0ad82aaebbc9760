"""The subscription table: which pillar produces each record type and which pillars receive it.

The default is DOMAIN.md's table. Routing keys are ``<producing pillar>.<record type>``; the broker's bindings
are made from this table, so the table is the single statement of who receives what.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PILLARS = ("police", "courts", "prosecution", "forensics", "prisons")


@dataclass(frozen=True)
class Route:
    record_type: str
    producer: str
    subscribers: tuple[str, ...]


@dataclass(frozen=True)
class SubscriptionTable:
    version: str
    routes: dict[str, Route] = field(default_factory=dict)

    def route(self, record_type: str) -> Route | None:
        return self.routes.get(record_type)

    def subscribers_of(self, record_type: str) -> tuple[str, ...]:
        route = self.routes.get(record_type)
        return route.subscribers if route else ()

    def record_types_for(self, pillar: str) -> tuple[str, ...]:
        """Record types a pillar subscribes to, in table order."""
        return tuple(r.record_type for r in self.routes.values() if pillar in r.subscribers)

    def subscriber_pillars(self) -> tuple[str, ...]:
        return tuple(p for p in PILLARS if self.record_types_for(p))


_DEFAULT_ROUTES = (
    ("fir-registered", "police", ("courts", "prosecution")),
    ("crime-details", "police", ("prosecution", "forensics")),
    ("arrest-surrender", "police", ("courts", "prisons", "prosecution")),
    ("property-seizure", "police", ("forensics", "courts", "prosecution")),
    ("forensic-request", "police", ("forensics",)),
    ("forensic-receipt", "forensics", ("police",)),
    ("forensic-report", "forensics", ("police", "prosecution", "courts")),
    ("final-report", "police", ("prosecution", "courts")),
    ("prosecution-scrutiny", "prosecution", ("police", "courts")),
    ("court-case-registered", "courts", ("police", "prosecution", "prisons")),
    ("hearing-recorded", "courts", ("prosecution", "police", "prisons")),
    ("court-order", "courts", ("prisons", "police", "prosecution")),
    ("prison-admission", "prisons", ("courts", "police", "prosecution")),
    ("prison-movement", "prisons", ("courts", "police", "prosecution")),
    ("court-disposal", "courts", ("police", "prosecution", "prisons")),
    ("appeal-result", "courts", ("police", "prosecution", "prisons")),
)


def default_table() -> SubscriptionTable:
    """DOMAIN.md's default subscriptions."""
    return SubscriptionTable(
        version="domain-2026-11",
        routes={t: Route(t, producer, subscribers) for t, producer, subscribers in _DEFAULT_ROUTES},
    )
