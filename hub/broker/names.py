"""Every RabbitMQ name the hub uses, from pure functions. Nobody writes "icjs.deliver." + pillar twice."""

from __future__ import annotations

RECORDS_EXCHANGE = "icjs.records"
DEAD_EXCHANGE = "icjs.dead"
UNROUTABLE_EXCHANGE = "icjs.unroutable"
UNROUTABLE_QUEUE = "icjs.unroutable"


def routing_key(producer: str, record_type: str) -> str:
    """``police.fir-registered``: where a record is published on the records exchange."""
    return f"{producer}.{record_type}"


def deliver_queue(pillar: str) -> str:
    """The quorum queue a subscriber pillar's delivery worker consumes."""
    return f"icjs.deliver.{pillar}"


def dead_queue(pillar: str) -> str:
    """Where a pillar's records go when delivery failed for good; replayable."""
    return f"icjs.dead.{pillar}"


def retry_queue(pillar: str, delay_ms: int) -> str:
    """A holding queue whose messages expire after ``delay_ms`` back into the pillar's deliver queue."""
    return f"icjs.retry.{pillar}.{delay_ms}ms"


def outbox_queue(pillar: str) -> str:
    """For AMQP delivery: the queue a pillar consumes with its own credentials."""
    return f"icjs.outbox.{pillar}"
