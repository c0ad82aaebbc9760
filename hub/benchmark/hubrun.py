"""One end-to-end run of the hub: native documents -> adapter -> ingest (validate, audit, publish with confirms)
-> RabbitMQ -> delivery workers -> file outboxes -> audited DELIVERED.

The delivery workers are what production runs: ``python -m hub.cli run --no-api`` processes (one thread per
subscriber pillar each). The ingest runs in a process of its own (multiprocessing, spawn) on the hub's Ingestor,
as ``icjs-hub ingest`` and the API call it, from a few threads; a producer thread offers it documents at a fixed
rate (open loop: a slow hub builds a backlog, it does not slow the producer) or as fast as the ingest threads
take them. The ingest process
writes, per record, when it was offered and when its ingest call began and returned; the audit log says when it
was delivered to each pillar. This coordinating process only starts, watches and measures: it polls the audit
store's deliveries table until every expected delivery is there and samples the processes' RSS from /proc.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import multiprocessing
import os
import queue
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path

from hub.audit.signing import Signer
from hub.audit.sql import SqlAuditStore
from hub.benchmark.system import (
    BenchError,
    CpuMark,
    CpuUse,
    broker_pids,
    cpu_seconds,
    delete_queues,
    rss_mb,
    wait_for_consumers,
)
from hub.benchmark.workload import Doc, cas_docs, read_docs
from hub.broker import names
from hub.broker.topology import queue_specs
from hub.config import Settings
from hub.routing import load_table

# Environment variables the bench sets for the hub's processes; the operator's other ICJS_* (prefetch, retry
# delays, ...) pass through to ingest and workers alike.
_OWN_ENV = ("ICJS_AMQP_URL", "ICJS_DATA_DIR", "ICJS_DATABASE_URL", "ICJS_SUBSCRIPTIONS")


@dataclass(frozen=True)
class HubRun:
    name: str
    url: str  # AMQP URL (the bench's vhost)
    data_dir: Path
    records: int
    rate: float | None = None  # offered records/s; None: as fast as the hub takes them
    workers: int = 1  # delivery worker processes
    ingest_threads: int = 16
    subscriptions: Path | None = None  # None: the packaged table
    workload: Path | None = None  # pickled docs; None: a stream of CAS FIR exports
    profile_dir: Path | None = None  # py-spy the ingest and worker processes into here
    py_spy: str | None = None
    stall_timeout_s: float = 120.0  # give up when no delivery lands for this long
    # An offered-rate run stops offering once the hub is this many seconds of deliveries behind the producer: it
    # did not keep up, and the rest of the run would only measure a growing backlog.
    max_behind_s: float = 5.0


@dataclass
class Percentiles:
    count: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> Percentiles:
        if not seconds:
            return cls(0, math.nan, math.nan, math.nan)
        ordered = sorted(seconds)

        def at(q: float) -> float:
            return 1000 * ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

        return cls(len(ordered), at(0.50), at(0.99), 1000 * ordered[-1])


@dataclass
class HubResult:
    run: HubRun
    offered: int = 0
    dropped: int = 0  # offered, then not ingested because the run was stopped
    saturated_after_s: float | None = None  # when the hub fell max_behind_s behind the offered rate
    accepted: int = 0
    refused: int = 0
    errors: int = 0
    first_error: str = ""
    expected_deliveries: int = 0
    delivered: int = 0
    delivered_events: int = 0  # DELIVERED entries in the audit log (more than ``delivered`` would be a repeat)
    complete: bool = False
    span_s: float = 0.0  # first ingest call began -> last DELIVERED
    ingest_span_s: float = 0.0  # first ingest call began -> last returned
    records_per_s: float = 0.0
    deliveries_per_s: float = 0.0
    ingest_per_s: float = 0.0
    latency: Percentiles | None = None  # ingest call began -> DELIVERED, per delivery
    latency_accepted: Percentiles | None = None  # audit ACCEPTED -> DELIVERED, per delivery
    latency_offered: Percentiles | None = None  # offered by the producer -> DELIVERED, per delivery
    record_latency: Percentiles | None = None  # ingest call began -> DELIVERED to its last subscriber
    lag: Percentiles | None = None  # offered -> ingest call began: the backlog in front of the hub
    ingest_call: Percentiles | None = None  # one ingest call, begin -> return
    audit_entries: int = 0
    cpu: CpuUse | None = None
    ingest_cpu_s: float = 0.0
    workers_cpu_s: float = 0.0
    rss_start_mb: float = 0.0  # hub processes (ingest + workers), after 10% of the deliveries
    rss_end_mb: float = 0.0  # the same, when the last delivery is in
    rss_peak_mb: float = 0.0
    rss_ingest_mb: tuple[float, float] = (0.0, 0.0)  # (start, end)
    rss_workers_mb: tuple[float, float] = (0.0, 0.0)
    rss_series: list[tuple[int, float, float]] = field(default_factory=list)  # (deliveries done, ingest, workers)
    profiles: dict[str, Path] = field(default_factory=dict)

    @property
    def rss_growth_pct(self) -> float:
        if self.rss_start_mb <= 0:
            return math.nan
        return 100.0 * (self.rss_end_mb - self.rss_start_mb) / self.rss_start_mb

    @property
    def cpu_ms_per_record(self) -> float:
        return 1000.0 * (self.ingest_cpu_s + self.workers_cpu_s) / max(self.accepted, 1)


# --- the ingest process ---


@dataclass(frozen=True)
class _IngestJob:
    env: dict[str, str]
    records: int
    rate: float | None
    threads: int
    workload: Path | None
    times: Path


def _docs(job: _IngestJob) -> tuple[Iterator[Doc], list[Doc]]:
    """The documents to ingest, read as they are needed, and one of each record type among them to warm up on."""
    if job.workload is None:
        stream = cas_docs()
        first = next(stream)
        return itertools.islice(itertools.chain([first], stream), job.records), [first]
    count = 0
    warm: dict[str, Doc] = {}
    for doc in read_docs(job.workload, job.records):
        count += 1
        warm.setdefault(doc.record_type, doc)
    if count < job.records:
        raise BenchError(f"the workload has {count} documents, fewer than the {job.records} asked for")
    return read_docs(job.workload, job.records), list(warm.values())


def _ingest_main(job: _IngestJob, pipe: Connection) -> None:
    """Runs in the ingest process: warm up, say ready, wait for go, ingest, report."""
    for name in _OWN_ENV:
        os.environ.pop(name, None)
    os.environ.update(job.env)
    from hub.services import Services

    services = Services.from_settings(Settings())
    docs, samples = _docs(job)
    ingestor = services.ingestor
    # Warm up without touching the audit log or the broker: open the store, and compile each type's schema in
    # every ingest thread (compiled schemas are per thread), as a hub that has been up a while has them.
    services.audit.head()

    def warm_up() -> None:
        for doc in samples:
            adapter = services.adapters.get(doc.adapter)
            for item in adapter.decode(doc.native):
                if isinstance(item, bytes):
                    ingestor.check(adapter, item)

    warmed, go = threading.Barrier(job.threads + 1), threading.Event()
    stop, bye = threading.Event(), threading.Event()

    def listen() -> None:  # "stop": the hub fell behind, offer no more; "bye": the run is measured, exit
        with contextlib.suppress(EOFError, OSError):
            while (message := pipe.recv()) != "bye":
                if message == "stop":
                    stop.set()
        stop.set()
        bye.set()

    # At full speed the producer waits for the ingest threads (a few documents ahead), so that this process holds
    # no more documents than a hub would; at an offered rate it never waits (open loop), and the coordinator stops
    # the run once the backlog passes max_behind_s.
    work: queue.Queue[tuple[Doc, float] | None] = queue.Queue(maxsize=4 * job.threads if job.rate is None else 0)
    lock = threading.Lock()
    stats = {
        "offered": 0,
        "accepted": 0,
        "deliveries": 0,
        "refused": 0,
        "errors": 0,
        "dropped": 0,
        "first": math.inf,
        "last": 0.0,
    }
    first_error: list[str] = []
    times = job.times.open("w", encoding="utf-8", buffering=1 << 20)

    def ingest_worker() -> None:
        try:
            warm_up()
        except Exception as exc:
            first_error.append(f"warming up: {type(exc).__name__}: {exc}")
            warmed.abort()  # the process reports the failure instead of waiting for this thread
            return
        warmed.wait()
        go.wait()
        while (item := work.get()) is not None:
            doc, offered = item
            if stop.is_set():
                with lock:
                    stats["dropped"] += 1
                continue
            began = time.time()
            try:
                results = ingestor.ingest(doc.adapter, doc.native, source=doc.source, actor="bench")
            except Exception as exc:  # count it, keep going: the run reports what did not get through
                with lock:
                    stats["errors"] += 1
                    if not first_error:
                        first_error.append(f"{type(exc).__name__}: {exc}")
                continue
            returned = time.time()
            with lock:
                stats["first"] = min(stats["first"], began)
                stats["last"] = max(stats["last"], returned)
                for result in results:
                    if result.outcome.value == "accepted":
                        stats["accepted"] += 1
                        stats["deliveries"] += len(result.subscribers)
                        times.write(
                            f"{result.record_id}\t{offered:.6f}\t{began:.6f}\t{returned:.6f}\t"
                            f"{len(result.subscribers)}\n"
                        )
                    else:
                        stats["refused"] += 1
                        if not first_error:
                            first_error.append(f"{result.outcome.value} {doc.source}: {result.reason}")

    threads = [threading.Thread(target=ingest_worker, name=f"ingest-{i}") for i in range(job.threads)]
    for thread in threads:
        thread.start()
    try:
        warmed.wait()
    except threading.BrokenBarrierError:
        pipe.send(("failed", first_error[0] if first_error else "an ingest thread failed to warm up"))
        go.set()
        return
    pipe.send(("ready", os.getpid()))
    if pipe.recv() != "go":
        stop.set()
        for _ in threads:
            work.put(None)
        go.set()
        return
    threading.Thread(target=listen, name="bench-listen", daemon=True).start()
    usage_before = resource.getrusage(resource.RUSAGE_SELF)
    go.set()
    started_wall, started = time.time(), time.monotonic()
    interval = 0.0 if job.rate is None else 1.0 / job.rate
    for index, doc in enumerate(docs):
        if stop.is_set():
            break
        delay = started + index * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        work.put((doc, started_wall + index * interval if interval else time.time()))
        stats["offered"] += 1
    close = getattr(docs, "close", None)
    if close is not None:
        close()  # a workload file's reader, when the run stopped before its end
    for _ in threads:
        work.put(None)
    for thread in threads:
        thread.join()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    times.close()
    cpu = (usage.ru_utime + usage.ru_stime) - (usage_before.ru_utime + usage_before.ru_stime)
    pipe.send({**stats, "first_error": first_error[0] if first_error else "", "cpu_s": cpu})
    # Stay up, as a hub would, until the deliveries are in: the coordinator samples this process's RSS till then.
    bye.wait()
    services.close()


# --- the coordinator's side ---


def _hub_env(run: HubRun) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _OWN_ENV}
    env.update({"ICJS_AMQP_URL": run.url, "ICJS_DATA_DIR": str(run.data_dir)})
    if run.subscriptions is not None:
        env["ICJS_SUBSCRIPTIONS"] = str(run.subscriptions)
    return env


def _prepare(run: HubRun) -> tuple[list[str], list[str]]:
    """The audit store made (with its signing key), so that no two processes race to make it; (deliver queues,
    every queue) of the topology. The worker processes declare the topology themselves, as `run` does: the
    code that declares it is theirs, not this process's (which may have loaded an older copy)."""
    settings = Settings(amqp_url=run.url, data_dir=run.data_dir, database_url=None, subscriptions=run.subscriptions)
    table = load_table(run.subscriptions)
    store = SqlAuditStore(settings.database_url_or_default(), signer=Signer(settings.key_dir()))
    store.head()
    store.close()
    deliver = [names.deliver_queue(p) for p in table.subscriber_pillars()]
    return deliver, [s.name for s in queue_specs(table, settings.retry_policy())]


def expected_deliveries(run: HubRun, record_types: list[str]) -> int:
    table = load_table(run.subscriptions)
    return sum(len(table.subscribers_of(t)) for t in record_types)


def _start_workers(run: HubRun, log: Path) -> list[subprocess.Popen[bytes]]:
    env = _hub_env(run)
    workers = []
    with log.open("ab") as handle:
        for _ in range(run.workers):
            workers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "hub.cli", "run", "--no-api"], env=env, stdout=handle, stderr=handle
                )
            )
    return workers


def _stop(processes: list[subprocess.Popen[bytes]], sig: int = signal.SIGTERM) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(sig)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _profile(run: HubRun, label: str, pid: int) -> tuple[subprocess.Popen[bytes], Path]:
    assert run.profile_dir is not None and run.py_spy is not None
    out = run.profile_dir / f"{run.name}-{label}.txt"
    # --nonblocking: sample without pausing the process, so that the profile slows the hub as little as it can.
    command = [run.py_spy, "record", "--pid", str(pid), "--format", "raw", "-r", "100", "--nonblocking", "-o", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process, out


def _tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _iso_ts(at: str) -> float:
    return datetime.fromisoformat(at).timestamp()


def run_hub(run: HubRun, record_types: list[str]) -> HubResult:
    """One end-to-end run; ``record_types`` is the type of each document, in order (for the expected count)."""
    result = HubResult(run)
    run.data_dir.mkdir(parents=True, exist_ok=True)
    result.expected_deliveries = expected_deliveries(run, record_types[: run.records])
    deliver_queues, all_queues = _prepare(run)
    log = run.data_dir / "workers.log"
    db_path = run.data_dir / "icjs-hub.sqlite3"
    times = run.data_dir / "ingest-times.tsv"
    broker = broker_pids()
    context = multiprocessing.get_context("spawn")
    pipe, child_pipe = context.Pipe()
    job = _IngestJob(_hub_env(run), run.records, run.rate, run.ingest_threads, run.workload, times)
    ingest = context.Process(target=_ingest_main, args=(job, child_pipe), name=f"bench-ingest-{run.name}")
    workers: list[subprocess.Popen[bytes]] = []
    profilers: list[subprocess.Popen[bytes]] = []
    db = sqlite3.connect(db_path, timeout=30, isolation_level=None)
    try:
        workers = _start_workers(run, log)
        try:
            wait_for_consumers(run.url, deliver_queues, run.workers, 60, lambda: all(w.poll() is None for w in workers))
        except BenchError as exc:
            raise BenchError(f"{exc}; its log ends:\n{_tail(log)}") from None
        ingest.start()
        if not pipe.poll(120):
            raise BenchError("the ingest process did not get ready within 120 s")
        state, ingest_pid = pipe.recv()
        if state != "ready":
            raise BenchError(f"the ingest process could not start: {ingest_pid}")
        if run.profile_dir is not None:
            for label, pid in [("ingest", ingest_pid), *((f"worker{i}", w.pid) for i, w in enumerate(workers))]:
                profiler, out = _profile(run, label, pid)
                profilers.append(profiler)
                result.profiles[label] = out
            time.sleep(1.0)  # let py-spy attach
        workers_cpu_before = sum(cpu_seconds(w.pid) for w in workers)
        mark = CpuMark.now(broker)
        pipe.send("go")
        went = time.monotonic()
        per_record = result.expected_deliveries / max(run.records, 1)
        report: dict[str, object] | None = None
        last_progress, last_count = time.monotonic(), -1
        while True:
            if report is None and pipe.poll(0.25):
                report = pipe.recv()
            elif report is not None:
                time.sleep(0.25)
            done = db.execute("SELECT count(*) FROM deliveries").fetchone()[0]
            sample = (done, rss_mb(ingest_pid), sum(rss_mb(w.pid) for w in workers))
            result.rss_series.append(sample)
            result.rss_peak_mb = max(result.rss_peak_mb, sample[1] + sample[2])
            if done != last_count:
                last_progress, last_count = time.monotonic(), done
            if run.rate and per_record and report is None and result.saturated_after_s is None:
                elapsed = time.monotonic() - went
                due = min(run.records, run.rate * elapsed) * per_record
                if elapsed > run.max_behind_s and (due - done) / (run.rate * per_record) > run.max_behind_s:
                    pipe.send("stop")
                    result.saturated_after_s = elapsed
            if report is not None and done >= int(report["deliveries"]):  # type: ignore[call-overload]
                break
            if report is None and not ingest.is_alive():
                raise BenchError(f"the ingest process died (exit code {ingest.exitcode})")
            if any(w.poll() is not None for w in workers):
                raise BenchError(f"a delivery worker process exited; its log ends:\n{_tail(log)}")
            if time.monotonic() - last_progress > run.stall_timeout_s:
                break  # incomplete: reported as such
        result.workers_cpu_s = sum(cpu_seconds(w.pid) for w in workers) - workers_cpu_before
        _stop(profilers, signal.SIGINT)  # py-spy writes its file on SIGINT
        _stop(workers)
        with contextlib.suppress(OSError):
            pipe.send("bye")
        ingest.join(timeout=30)
        result.cpu = CpuUse.between(mark, CpuMark.now(broker))
        if report is None:
            raise BenchError(f"{run.name}: ingest made no progress for {run.stall_timeout_s:g} s:\n{_tail(log)}")
        result.offered = int(report["offered"])  # type: ignore[call-overload]
        result.dropped = int(report["dropped"])  # type: ignore[call-overload]
        result.accepted = int(report["accepted"])  # type: ignore[call-overload]
        result.refused = int(report["refused"])  # type: ignore[call-overload]
        result.errors = int(report["errors"])  # type: ignore[call-overload]
        result.first_error = str(report["first_error"])
        result.ingest_cpu_s = float(report["cpu_s"])  # type: ignore[arg-type]
        _measure(result, db, times, report)
    finally:
        db.close()
        for profiler in profilers:
            if profiler.poll() is None:
                profiler.kill()
                profiler.wait()
        _stop(workers)
        if ingest.pid is not None:
            if ingest.is_alive():
                ingest.kill()
            ingest.join(timeout=10)
        ingest.close()
        pipe.close()
        child_pipe.close()
        delete_queues(run.url, all_queues)
    return result


def _measure(result: HubResult, db: sqlite3.Connection, times: Path, report: dict[str, object]) -> None:
    began: dict[str, tuple[float, float, float]] = {}
    subscribers = 0
    with times.open(encoding="utf-8") as handle:
        for line in handle:
            record_id, offered, start, returned, subs = line.rstrip("\n").split("\t")
            began[record_id] = (float(offered), float(start), float(returned))
            subscribers += int(subs)
    result.expected_deliveries = subscribers
    accepted_at = {
        record_id: _iso_ts(at)
        for record_id, at in db.execute("SELECT record_id, at FROM audit_log WHERE event = 'ACCEPTED'")
    }
    latencies, from_accepted, from_offered = [], [], []
    last_delivery: dict[str, float] = {}
    last = 0.0
    events = 0
    for record_id, at in db.execute("SELECT record_id, at FROM audit_log WHERE event = 'DELIVERED'"):
        events += 1
        delivered = _iso_ts(at)
        last = max(last, delivered)
        times_of = began.get(record_id)
        if times_of is None:
            continue
        offered, start, _ = times_of
        latencies.append(delivered - start)
        from_offered.append(delivered - offered)
        if record_id in accepted_at:
            from_accepted.append(delivered - accepted_at[record_id])
        last_delivery[record_id] = max(last_delivery.get(record_id, 0.0), delivered)
    result.delivered_events = events
    result.delivered = db.execute("SELECT count(*) FROM deliveries").fetchone()[0]
    result.audit_entries = db.execute("SELECT seq FROM audit_head").fetchone()[0]
    result.complete = result.delivered >= result.expected_deliveries and result.errors == 0
    first = float(report["first"])  # type: ignore[arg-type]
    if math.isfinite(first):
        result.span_s = max(last - first, 1e-9)
        result.ingest_span_s = max(float(report["last"]) - first, 1e-9)  # type: ignore[arg-type]
        result.records_per_s = result.accepted / result.span_s
        result.deliveries_per_s = result.delivered / result.span_s
        result.ingest_per_s = result.accepted / result.ingest_span_s
    result.latency = Percentiles.of(latencies)
    result.latency_accepted = Percentiles.of(from_accepted)
    result.record_latency = Percentiles.of([last_delivery[r] - began[r][1] for r in last_delivery])
    result.ingest_call = Percentiles.of([returned - start for _, start, returned in began.values()])
    if result.run.rate is not None:
        result.latency_offered = Percentiles.of(from_offered)
        result.lag = Percentiles.of([start - offered for offered, start, _ in began.values()])
    _rss_window(result)


def _rss_window(result: HubResult) -> None:
    """RSS of the hub's processes once 10% of the deliveries are done (warm) and at the end of the run."""
    if not result.rss_series:
        return
    warm_at = 0.1 * max(result.expected_deliveries, 1)
    warm = next((sample for sample in result.rss_series if sample[0] >= warm_at), result.rss_series[0])
    result.rss_start_mb = warm[1] + warm[2]
    result.rss_end_mb = result.rss_series[-1][1] + result.rss_series[-1][2]
    result.rss_ingest_mb = (warm[1], result.rss_series[-1][1])
    result.rss_workers_mb = (warm[2], result.rss_series[-1][2])
