"""The subscription table: which pillar produces each record type, which pillars receive it and how.

It is data (hub/subscriptions.toml, or the file ICJS_SUBSCRIPTIONS names), read once at start-up. Routing keys
are ``<producing pillar>.<record type>``; the broker's bindings are made from this table, so the table is the
single statement of who receives what. Its version is logged with every ROUTED entry.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from hub.errors import PermanentError

PILLARS = ("police", "courts", "prosecution", "forensics", "prisons")
DELIVERY_MODES = ("file", "http", "amqp")


class BadSubscriptionTable(PermanentError):
    pass


@dataclass(frozen=True)
class Route:
    record_type: str
    producer: str
    subscribers: tuple[str, ...]


@dataclass(frozen=True)
class PillarDelivery:
    """How one pillar receives records."""

    pillar: str
    delivery: str = "file"  # file | http | amqp
    endpoint: str | None = None  # http: the URL records are POSTed to
    adapter: str | None = None  # outbound adapter (encode); None: the pillar receives canonical XML
    timeout_s: float = 10.0  # http: per request


@dataclass(frozen=True)
class SubscriptionTable:
    version: str
    routes: dict[str, Route] = field(default_factory=dict)
    pillars: dict[str, PillarDelivery] = field(default_factory=dict)

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

    def delivery_for(self, pillar: str) -> PillarDelivery:
        return self.pillars.get(pillar) or PillarDelivery(pillar)


def parse_table(data: dict[str, Any], source: str) -> SubscriptionTable:
    """A table from its TOML data; BadSubscriptionTable names the key that is wrong."""

    def bad(where: str, why: str) -> BadSubscriptionTable:
        return BadSubscriptionTable(f"{source}: {where}: {why}")

    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise bad("version", "a non-empty string is required")
    pillars: dict[str, PillarDelivery] = {}
    for pillar, spec in (data.get("pillars") or {}).items():
        if pillar not in PILLARS:
            raise bad(f"pillars.{pillar}", f"not a pillar (pillars: {', '.join(PILLARS)})")
        mode = spec.get("delivery", "file")
        if mode not in DELIVERY_MODES:
            raise bad(f"pillars.{pillar}.delivery", f"{mode!r} is not one of {', '.join(DELIVERY_MODES)}")
        if mode == "http" and not spec.get("endpoint"):
            raise bad(f"pillars.{pillar}.endpoint", "required for http delivery")
        pillars[pillar] = PillarDelivery(
            pillar,
            mode,
            spec.get("endpoint"),
            spec.get("adapter"),
            float(spec.get("timeout_s", 10.0)),
        )
    routes: dict[str, Route] = {}
    for record_type, spec in (data.get("routes") or {}).items():
        producer = spec.get("producer")
        subscribers = spec.get("subscribers", [])
        if producer not in PILLARS:
            raise bad(f"routes.{record_type}.producer", f"{producer!r} is not a pillar")
        for subscriber in subscribers:
            if subscriber not in PILLARS:
                raise bad(f"routes.{record_type}.subscribers", f"{subscriber!r} is not a pillar")
        if len(set(subscribers)) != len(subscribers):
            raise bad(f"routes.{record_type}.subscribers", "a pillar is listed twice")
        routes[record_type] = Route(record_type, producer, tuple(subscribers))
    return SubscriptionTable(version, routes, pillars)


def load_table(path: Path | None = None) -> SubscriptionTable:
    """The table in ``path``, or the packaged default (DOMAIN.md's subscriptions)."""
    if path is None:
        text = resources.files("hub").joinpath("subscriptions.toml").read_text(encoding="utf-8")
        source = "hub/subscriptions.toml"
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise BadSubscriptionTable(f"{path}: cannot read: {exc.strerror}") from None
        source = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadSubscriptionTable(f"{source}: {exc}") from None
    return parse_table(data, source)


def default_table() -> SubscriptionTable:
    """DOMAIN.md's default subscriptions, as packaged."""
    return load_table(None)
