"""Prometheus metrics, names prefixed icjs_. Counters and histograms live in prometheus-client's default
registry (what /metrics serves); queue depths are read from RabbitMQ at scrape time by QueueDepthCollector."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

RECEIVED = Counter("icjs_records_received", "Records found in native documents, per adapter", ["adapter"])
REFUSED = Counter("icjs_records_refused", "Records refused at ingest, per adapter and reason", ["adapter", "reason"])
ACCEPTED = Counter("icjs_records_accepted", "Records accepted and routed, per record type", ["record_type"])
DELIVERED = Counter("icjs_deliveries", "Records delivered, per pillar and record type", ["pillar", "record_type"])
DEAD_LETTERED = Counter(
    "icjs_dead_lettered", "Records dead-lettered, per pillar and record type", ["pillar", "record_type"]
)
RETRIES = Counter("icjs_delivery_retries", "Deliveries sent to a retry queue, per pillar", ["pillar"])
DELIVERY_LATENCY = Histogram(
    "icjs_delivery_latency_seconds",
    "From a record's publish at ingest to its delivery to one pillar",
    ["pillar"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900),
)
AUDIT_APPEND = Histogram(
    "icjs_audit_append_seconds",
    "Time to append (and make durable) one batch of audit entries",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1),
)


def refusal_reason(reason: str) -> str:
    """A low-cardinality label for a refusal: the rule in brackets, else the kind of failure."""
    if "[" in reason and reason.rstrip().endswith("]"):
        return reason.rsplit("[", 1)[1].rstrip("]").strip()[:40]
    for kind in ("DOCTYPE", "not well-formed", "over the limit", "not a known", "falls under", "impossible"):
        if kind in reason:
            return kind.replace(" ", "-").lower()
    return "adapter"


class QueueDepthCollector(Collector):
    """icjs_queue_depth{queue} and icjs_queue_consumers{queue}, read when Prometheus scrapes."""

    def __init__(self, read: Callable[[], list[tuple[str, int, int]]]) -> None:
        self._read = read

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily("icjs_queue_depth", "Messages ready in a hub queue", labels=["queue"])
        consumers = GaugeMetricFamily("icjs_queue_consumers", "Consumers of a hub queue", labels=["queue"])
        try:
            rows = self._read()
        except Exception:  # a scrape must not fail because the broker is away; the gauges are simply absent
            rows = []
        for queue, messages, count in rows:
            depth.add_metric([queue], messages)
            consumers.add_metric([queue], count)
        yield depth
        yield consumers
