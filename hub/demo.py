"""``icjs-hub demo``: synthetic case lifecycles from all five pillars through the hub.

Generates coherent cases (FIR to appeal) as each pillar's native files, ingests them through their adapters,
delivers to every entitled pillar's file outbox, and prints what each pillar received, one record's trace and the
state of the audit log. ``--once`` stops there. Without it the hub keeps running: API and console on
http://127.0.0.1:8000/console with demo keys printed, delivery workers, and live traffic (one more case's records
every few seconds) until interrupted.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from pathlib import Path

from hub.broker.connection import connect
from hub.broker.topology import apply_topology
from hub.errors import HubError, TransientError
from hub.ingest import Outcome
from hub.routing import PILLARS
from hub.services import Services
from hub.trace import print_record
from hub.workers import WorkerPool

IDLE_S = 1.0  # a drained queue that stays empty this long counts as done
DEMO_CASES = 12
LIVE_CASES = 200


def generated_files(services: Services, cases: int, seed: int) -> list[tuple[str, Path]]:
    """(adapter, file) for ``cases`` generated lifecycles, in case order; made once per data directory."""
    from hub.samples.cli import run_samples

    out_dir = services.settings.data_dir / "demo-samples" / f"seed-{seed}-cases-{cases}"
    if not out_dir.exists() or not any(out_dir.iterdir()):
        args = argparse.Namespace(cases=cases, seed=seed, out_dir=out_dir)
        with open(os.devnull, "w") as quiet:
            code = run_samples(args, stdout=quiet, stderr=quiet)
        if code != 0:
            raise HubError(f"could not generate the demo's samples (samples generate exited {code})")
    files = [(d.name, p) for d in sorted(out_dir.iterdir()) if d.is_dir() for p in sorted(d.iterdir())]
    # Case by case, each case's records in the order its pillars made them (files are named case-seq-type).
    return sorted(files, key=lambda item: item[1].name)


def ingest_files(services: Services, files: list[tuple[str, Path]], actor: str = "demo") -> tuple[list[str], int]:
    record_ids: list[str] = []
    refused = 0
    for adapter_name, path in files:
        for result in services.ingestor.ingest(adapter_name, path.read_bytes(), source=path.name, actor=actor):
            if result.outcome is Outcome.REJECTED:
                refused += 1
                print(f"refused {adapter_name}/{path.name}: {result.reason}")
            elif result.record_id is not None:
                record_ids.append(result.record_id)
    return record_ids, refused


def run_demo(services: Services, *, once: bool, host: str = "127.0.0.1", port: int = 8000) -> int:
    connection = connect(services.settings.amqp_url, timeout_s=services.settings.connect_timeout_s)
    try:
        apply_topology(connection, services.table, services.settings.retry_policy())
    finally:
        connection.close()

    files = generated_files(services, DEMO_CASES, seed=1)
    by_adapter: dict[str, int] = {}
    for adapter_name, _ in files:
        by_adapter[adapter_name] = by_adapter.get(adapter_name, 0) + 1
    record_ids, refused = ingest_files(services, files)
    print(
        f"ingested {len(files)} native files from {len(by_adapter)} pillar systems "
        f"({', '.join(f'{a} {n}' for a, n in sorted(by_adapter.items()))}): "
        f"{len(record_ids)} record(s) accepted, {refused} refused"
    )

    pillars = list(services.table.subscriber_pillars())
    WorkerPool(services, pillars).run(idle_timeout_s=IDLE_S)

    print(f"\ndelivered, per subscriber pillar (outbox: {services.outbox_root()})")
    for pillar in pillars:
        count = services.audit.delivered_count(pillar, record_ids)
        if count:
            print(f"  {pillar:<12} {count} record(s)  -> {services.outbox_root() / pillar}")
    if record_ids:
        print()
        print_record(services.audit, record_ids[0])
    report = services.audit.verify()
    print(
        f"\naudit log: {'intact' if report.ok else 'BROKEN at ' + str(report.problem)}, {report.entries} entries, "
        f"{report.checkpoints_checked} signed checkpoint(s)"
    )
    if once:
        return 0 if report.ok else 1
    return _serve(services, pillars, host, port)


def _serve(services: Services, pillars: list[str], host: str, port: int) -> int:
    import uvicorn

    from hub.api.main import create_app

    keys = {"operator": services.keys.add("demo operator", "operator")}
    keys["auditor"] = services.keys.add("demo auditor", "auditor")
    for pillar in PILLARS:
        keys[f"pillar:{pillar}"] = services.keys.add(f"demo {pillar}", f"pillar:{pillar}")
    print(f"\nconsole: http://{host}:{port}/console   API: http://{host}:{port}/docs   metrics: /metrics")
    print("demo keys (sign in to the console with the operator or auditor key):")
    for role, key in keys.items():
        print(f"  {role:<22} {key}")

    pool = WorkerPool(services, pillars)
    pool.start()
    stop = threading.Event()
    live = threading.Thread(target=_live_traffic, args=(services, stop), name="demo-traffic", daemon=True)
    live.start()
    server = uvicorn.Server(uvicorn.Config(create_app(services=services), host=host, port=port, log_level="warning"))
    print("hub running with live traffic; Ctrl-C stops.", flush=True)
    try:
        server.run()
    finally:
        stop.set()
        pool.stop()
        live.join(timeout=5)
    return 0


def _live_traffic(services: Services, stop: threading.Event) -> None:
    """One more generated case's records every few seconds, as the pillars' systems would push them."""
    try:
        files = generated_files(services, LIVE_CASES, seed=2)
    except HubError as exc:
        print(f"live traffic stopped: {exc}")
        return
    cases: dict[str, list[tuple[str, Path]]] = {}
    for adapter_name, path in files:
        cases.setdefault(path.name.split("-", 1)[0], []).append((adapter_name, path))
    for case_files in cases.values():
        if stop.wait(3.0):
            return
        try:
            ingest_files(services, case_files, actor="demo-live")
        except TransientError as exc:
            print(f"live traffic paused: {exc}")
            time.sleep(5)
