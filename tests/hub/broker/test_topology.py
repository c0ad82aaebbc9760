"""`topology apply` declares everything the table needs, idempotently, and names a queue it cannot fix."""

from __future__ import annotations

import pytest

from hub.broker import names
from hub.broker.connection import connect
from hub.broker.topology import TopologyConflict, apply_topology
from hub.cli import main
from hub.config import Settings
from hub.retry import RetryPolicy
from hub.routing import default_table


def test_apply_twice_is_harmless_and_declares_retry_and_dead_queues(amqp_url: str) -> None:
    connection = connect(amqp_url)
    try:
        first = apply_topology(connection, default_table(), RetryPolicy((500, 5_000)))
        second = apply_topology(connection, default_table(), RetryPolicy((500, 5_000)))
        assert [s.name for s in first] == [s.name for s in second]
        channel = connection.channel()
        for pillar in ("police", "courts", "prosecution", "forensics", "prisons"):
            for queue in (names.deliver_queue(pillar), names.dead_queue(pillar), names.retry_queue(pillar, 5_000)):
                channel.queue_declare(queue, passive=True)  # raises if missing
    finally:
        connection.close()


def test_a_queue_with_other_arguments_is_named(amqp_url: str) -> None:
    # Given a classic queue squatting on a deliver queue's name
    connection = connect(amqp_url)
    try:
        connection.channel().queue_declare(names.deliver_queue("courts"), durable=True)
        # When the topology is applied / Then the conflict names the queue and says what to do
        with pytest.raises(TopologyConflict, match=r"icjs\.deliver\.courts already exists with different arguments"):
            apply_topology(connection, default_table())
    finally:
        connection.close()


def test_topology_apply_prints_what_it_declared(hub_env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["topology", "apply"]) == 0
    out = capsys.readouterr().out
    assert "icjs.deliver.courts  [quorum]  <- icjs.records:police.fir-registered" in out
    assert "icjs.dead.courts  [quorum]  <- icjs.dead:courts" in out
