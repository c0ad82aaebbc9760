"""Queue and exchange names come from pure functions, and the topology from the subscription table."""

from __future__ import annotations

import pytest

from hub.broker import names
from hub.broker.topology import queue_specs
from hub.routing import default_table


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (names.routing_key("police", "fir-registered"), "police.fir-registered"),
        (names.deliver_queue("courts"), "icjs.deliver.courts"),
        (names.dead_queue("prisons"), "icjs.dead.prisons"),
        (names.retry_queue("prosecution", 10_000), "icjs.retry.prosecution.10000ms"),
    ],
)
def test_names(name: str, expected: str) -> None:
    assert name == expected


def test_fir_registered_is_bound_to_courts_and_prosecution_only() -> None:
    # Given the default table / When the topology is derived / Then only courts and prosecution take FIRs
    specs = {spec.name: spec for spec in queue_specs(default_table())}
    takers = sorted(
        name for name, spec in specs.items() if (names.RECORDS_EXCHANGE, "police.fir-registered") in spec.bindings
    )
    assert takers == ["icjs.deliver.courts", "icjs.deliver.prosecution"]


def test_deliver_queues_are_quorum_and_dead_letter_to_their_pillar() -> None:
    specs = {spec.name: spec for spec in queue_specs(default_table())}
    courts = specs["icjs.deliver.courts"]
    assert courts.arguments["x-queue-type"] == "quorum"
    assert courts.arguments["x-dead-letter-exchange"] == names.DEAD_EXCHANGE
    assert courts.arguments["x-dead-letter-routing-key"] == "courts"
    assert specs["icjs.dead.courts"].bindings == ((names.DEAD_EXCHANGE, "courts"),)
