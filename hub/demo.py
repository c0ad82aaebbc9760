"""``icjs-hub demo``: every installed adapter's sample records through the hub into the file outboxes.

Declares the topology, ingests the samples, runs one delivery worker per subscriber pillar until the queues are
drained, then prints what each pillar received and one record's trace. Without ``--once`` the workers keep
running until interrupted, delivering whatever else is ingested meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from hub.broker.connection import connect
from hub.broker.topology import apply_topology
from hub.errors import TransientError
from hub.ingest import Outcome
from hub.services import Services
from hub.trace import print_record
from hub.workers import WorkerPool

IDLE_S = 1.0  # a drained queue that stays empty this long counts as done


def sample_files(services: Services) -> list[tuple[str, Path]]:
    """(adapter name, file) for every sample an installed adapter ships in its ``samples_dir``."""
    found = []
    for adapter in services.adapters.all():
        samples = getattr(adapter, "samples_dir", None)
        if samples is None:
            continue
        found.extend((adapter.name, path) for path in sorted(Path(samples).iterdir()) if path.is_file())
    return found


def run_demo(services: Services, *, once: bool) -> int:
    connection = connect(services.settings.amqp_url, timeout_s=services.settings.connect_timeout_s)
    try:
        apply_topology(connection, services.table, services.settings.retry_policy())
    finally:
        connection.close()

    files = sample_files(services)
    if not files:
        print("no installed adapter ships sample files; nothing to demonstrate")
        return 2
    record_ids: list[str] = []
    refused = 0
    for adapter_name, path in files:
        for result in services.ingestor.ingest(adapter_name, path.read_bytes(), source=path.name, actor="demo"):
            if result.outcome is Outcome.REJECTED:
                refused += 1
                print(f"refused {adapter_name}/{path.name}: {result.reason}")
            elif result.record_id is not None:
                record_ids.append(result.record_id)
    print(f"ingested {len(files)} sample file(s): {len(record_ids)} record(s) accepted, {refused} refused")

    pillars = list(services.table.subscriber_pillars())
    WorkerPool(services, pillars).run(idle_timeout_s=IDLE_S)

    print("\ndelivered, per subscriber pillar (outbox: " + str(services.outbox_root()) + ")")
    for pillar in pillars:
        count = services.audit.delivered_count(pillar, record_ids)
        if count:
            print(f"  {pillar:<12} {count} record(s)  -> {services.outbox_root() / pillar}")
    if record_ids:
        print()
        print_record(services.audit, record_ids[0])
    report = services.audit.verify()
    print(f"\naudit log: {'intact' if report.ok else 'BROKEN at ' + str(report.problem)}, {report.entries} entries")
    if once:
        return 0 if report.ok else 1

    print("\nhub running: delivery workers are consuming; ingest more with `icjs-hub ingest`. Ctrl-C stops.")
    try:
        WorkerPool(services, pillars).run(idle_timeout_s=None)
    except TransientError as exc:
        print(f"stopped: {exc}")
        return 3
    return 0
