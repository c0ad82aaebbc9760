"""``icjs-hub bench``: the options, the plan of runs, and the report."""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from hub.benchmark import micro, profiling
from hub.benchmark.hubrun import HubResult, HubRun, Percentiles, run_hub
from hub.benchmark.options import add_arguments
from hub.benchmark.raw import RawResult, run_raw
from hub.benchmark.system import BenchError, broker_version, isolated_vhost
from hub.benchmark.workload import Workload, cas_workload, samples_available, samples_workload
from hub.config import Settings
from hub.errors import BrokerUnavailable
from hub.routing import PILLARS, load_table

TARGETS = {"e2e_vs_raw": 0.33, "p99_ms_at_1000": 50.0, "validate_vs_lxml": 0.8, "rss_growth_pct": 10.0}


class _Plan:
    def __init__(self, args: argparse.Namespace) -> None:
        defaults = argparse.ArgumentParser()
        add_arguments(defaults)

        def opt(name: str) -> Any:  # tolerate a Namespace made without every option
            return getattr(args, name, defaults.get_default(name))

        smoke = bool(opt("smoke"))
        self.smoke = smoke
        self.records: int = opt("records") or (60 if smoke else 3_000)
        self.rates: list[int] = opt("rates") or ([1000] if smoke else [500, 1000, 2000])
        self.seconds: float = opt("seconds") or (0.1 if smoke else 10.0)
        self.workers: list[int] = opt("workers") or ([1] if smoke else [1, 2, 4])
        self.subscribers = [] if smoke else [1, 5]
        self.subscriber_records = max(self.records // 2, 1)
        self.raw_messages: int = opt("raw_messages") or (1_000 if smoke else 30_000)
        self.validate_seconds = 0.2 if smoke else 1.0
        self.validate_repeats = 1 if smoke else 3
        self.audit_events = 2_000 if smoke else 100_000
        self.audit_single = 200 if smoke else 2_000
        self.ingest_threads: int = opt("ingest_threads")
        self.max_behind_s: float = opt("max_behind")
        self.long_records: int = opt("long_records") if opt("long") else 0
        self.profile: Path | None = opt("profile")
        self.workload: str | None = opt("workload")
        self.seed: int = opt("seed")
        self.amqp_url: str | None = opt("amqp_url")
        self.keep: Path | None = opt("keep")

    def rate_records(self, rate: int) -> int:
        return max(int(rate * self.seconds), 1)

    def docs_needed(self) -> int:
        return max([self.records, *(self.rate_records(r) for r in self.rates)])


def run_bench(args: argparse.Namespace, out: Callable[[str], None] | None = None) -> int:
    """Run the bench ``args`` describes (see add_arguments); print the report, whose last line is
    ``e2e_vs_raw=<ratio> p99_ms_at_1000=<ms> validate_vs_lxml=<ratio> rss_growth_pct=<pct>``.
    0 when every run completed, 1 when one did not deliver everything, 3 when the bench could not run."""
    say = out or (lambda line: print(line, flush=True))
    for name in ("records", "long_records", "ingest_threads", "raw_messages", "seconds", "max_behind"):
        value = getattr(args, name, None)
        if value is not None and value <= 0:
            print(f"error: --{name.replace('_', '-')} must be positive", file=sys.stderr)
            return 2
    plan = _Plan(args)
    py_spy = None
    if plan.profile is not None:
        py_spy = profiling.find_py_spy()
        if py_spy is None:
            print("error: --profile needs py-spy (.venv/bin/pip install py-spy)", file=sys.stderr)
            return 2
        plan.profile.mkdir(parents=True, exist_ok=True)
    base_url = plan.amqp_url or Settings().amqp_url
    root = Path(tempfile.mkdtemp(prefix="icjs-bench-")) if plan.keep is None else plan.keep
    root.mkdir(parents=True, exist_ok=True)
    try:
        return _bench(plan, base_url, root, py_spy, say)
    except (BenchError, BrokerUnavailable) as exc:
        print(f"error: bench could not run: {exc}", file=sys.stderr)
        return 3
    finally:
        if plan.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def _workload(plan: _Plan, say: Callable[[str], None]) -> Workload:
    kind = plan.workload
    why_not = samples_available() if kind in (None, "samples") else None
    if kind == "samples" and why_not:
        raise BenchError(f"--workload samples: hub.samples cannot make lifecycles: {why_not}")
    if kind == "cas" or why_not:
        if why_not:
            say(f"(hub.samples unusable, using CAS FIR exports: {why_not})")
        return cas_workload(plan.docs_needed())
    return samples_workload(plan.docs_needed(), plan.seed)


def _subscriber_table(path: Path, count: int) -> Path:
    """The packaged table's pillars, and one route: fir-registered to ``count`` pillars."""
    table = load_table(None)
    lines = [f'version = "bench-fir-to-{count}"']
    for pillar in PILLARS:
        delivery = table.delivery_for(pillar)
        lines.append(f"[pillars.{pillar}]")
        lines.append(f'delivery = "{delivery.delivery}"')
        if delivery.adapter:
            lines.append(f'adapter = "{delivery.adapter}"')
    subscribers = ["courts", "prosecution", "police", "forensics", "prisons"][:count]
    lines.append("[routes]")
    lines.append(f'fir-registered = {{ producer = "police", subscribers = {subscribers!r} }}'.replace("'", '"'))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _bench(plan: _Plan, base_url: str, root: Path, py_spy: str | None, say: Callable[[str], None]) -> int:
    workload = _workload(plan, say)
    workload_file = root / "workload.pickle"
    workload.save(workload_file)
    types = [doc.record_type for doc in workload.docs]
    cas = cas_workload(plan.subscriber_records) if plan.subscribers else None
    cas_file = root / "cas.pickle"
    if cas is not None:
        cas.save(cas_file)
    incomplete = []
    with isolated_vhost(base_url) as (vhost, url):
        say(
            f"icjs-hub bench: {os.cpu_count()} CPUs, RabbitMQ {broker_version()}, vhost {vhost} (deleted after), "
            f"data in {root}; SQLite audit store; file outboxes"
        )
        say(_describe(workload))
        raw = run_raw(url, messages=plan.raw_messages, size=workload.mean_record_bytes)
        _say_raw(raw, say)

        def hub(name: str, records: int, **changes: object) -> HubResult:
            run = HubRun(
                name=name,
                url=url,
                data_dir=root / name,
                records=records,
                ingest_threads=plan.ingest_threads,
                workload=workload_file,
                max_behind_s=plan.max_behind_s,
            )
            run = replace(run, **changes)  # type: ignore[arg-type]
            result = run_hub(run, types if run.workload == workload_file else ["fir-registered"] * records)
            if not result.complete:
                incomplete.append(name)
            return result

        say("")
        say(
            f"hub end to end: native docs -> ingest process ({plan.ingest_threads} threads; adapter, validate, audit, "
            "publish with confirms) -> RabbitMQ -> `python -m hub.cli run --no-api` worker processes -> file "
            "outboxes -> DELIVERED audited"
        )
        say(_HEADER)
        results: dict[str, HubResult] = {}
        results["max"] = hub("max", plan.records, workers=plan.workers[0])
        _say_row(f"max rate, {plan.workers[0]}w", results["max"], say)
        for rate in plan.rates:
            key = f"rate-{rate}"
            results[key] = hub(key, plan.rate_records(rate), rate=float(rate), workers=plan.workers[0])
            _say_row(f"{rate}/s, {plan.workers[0]}w", results[key], say)
        for workers in plan.workers[1:]:
            key = f"workers-{workers}"
            results[key] = hub(key, plan.records, workers=workers)
            _say_row(f"max rate, {workers}w", results[key], say)
        for count in plan.subscribers:
            key = f"fir-to-{count}"
            table = _subscriber_table(root / f"subscriptions-{count}.toml", count)
            results[key] = hub(key, plan.subscriber_records, subscriptions=table, workload=cas_file)
            _say_row(f"FIR->{count} pillar{'s' if count > 1 else ''}", results[key], say)
        if plan.long_records:
            results["long"] = hub("long", plan.long_records, workload=None, stall_timeout_s=300.0)
            _say_row(f"long, {plan.long_records:,} FIRs", results["long"], say)
        say(_NOTE)
        for key, result in results.items():
            _say_detail(key, result, say)
        if plan.profile is not None:
            say("")
            say(f"profile (py-spy, 100 Hz) of a max-rate run, {plan.records:,} records; raw stacks in {plan.profile}")
            profiled = hub("profiled", plan.records, profile_dir=plan.profile, py_spy=py_spy)
            _say_row("max rate, profiled", profiled, say)
            _say_detail("profiled", profiled, say)
            _say_profile(profiled, say)
    say("")
    validation = micro.validation(plan.validate_seconds, plan.validate_repeats)
    say(
        f"validation, {validation.docs} schema examples (mean {validation.mean_bytes / 1024:.1f} KB; median of "
        f"{plan.validate_repeats}): raw lxml "
        f"{validation.raw_per_s:,.0f} docs/s; hub XSD path {validation.hub_xsd_per_s:,.0f} docs/s (ratio "
        f"{validation.ratio:.2f}); with the rules {validation.hub_full_per_s:,.0f} docs/s (ratio "
        f"{validation.hub_full_per_s / validation.raw_per_s:.2f})"
    )
    audit = micro.audit_append(plan.audit_events, 1000, plan.audit_single)
    say(
        f"audit append on SQLite: raw sqlite3 {audit.raw_rows_per_s:,.0f} rows/s; hub {audit.batched_per_s:,.0f} "
        f"events/s in batches of {audit.batch} (ratio {audit.batched_per_s / audit.raw_rows_per_s:.2f}); "
        f"{audit.single_per_s:,.0f} events/s one per transaction, as the ingest and delivery paths append"
    )
    main = results["max"]
    e2e_vs_raw = main.deliveries_per_s / raw.consumed_per_s
    at_1000 = results.get("rate-1000")
    p99_at_1000 = at_1000.latency.p99_ms if at_1000 is not None and at_1000.latency else math.nan
    growth_run = results.get("long", main)
    rss_growth = growth_run.rss_growth_pct
    say("")
    say(
        _targets(
            e2e_vs_raw,
            p99_at_1000,
            validation.ratio,
            rss_growth,
            f"{growth_run.accepted:,} records" + ("" if plan.long_records else "; --long measures 1M"),
        )
    )
    if incomplete:
        say(f"INCOMPLETE runs (not every delivery audited): {', '.join(incomplete)}")
    say(
        f"e2e_vs_raw={e2e_vs_raw:.3f} p99_ms_at_1000={p99_at_1000:.1f} validate_vs_lxml={validation.ratio:.3f} "
        f"rss_growth_pct={rss_growth:.2f}"
    )
    return 1 if incomplete else 0


def _describe(workload: Workload) -> str:
    adapters = ", ".join(f"{name} {n:,}" for name, n in workload.adapters.most_common())
    if workload.kind == "samples":
        what = f"generated case lifecycles (hub.samples), native documents from {len(workload.adapters)} adapters"
    else:
        what = "CAS FIR exports (one FIR each)"
    return (
        f"workload: {what}: {len(workload.docs):,} records ({adapters}); {len(workload.types)} record types; "
        f"mean canonical record {workload.mean_record_bytes:,} B"
    )


def _say_raw(raw: RawResult, say: Callable[[str], None]) -> None:
    say(
        f"raw baseline: pika, persistent, async confirms (window {raw.window}), one quorum queue, publisher and "
        f"consumer processes, prefetch {raw.prefetch}, one ack per message"
    )
    say(
        f"  {raw.messages:,} messages of {raw.size:,} B: published {raw.published_per_s:,.0f} msg/s (confirmed), "
        f"consumed {raw.consumed_per_s:,.0f} msg/s ({raw.end_to_end_per_s:,.0f}/s first publish to last consumed)"
    )


_HEADER = (
    f"  {'run':<22}{'records':>9}{'rec/s':>9}{'deliv/s':>9}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}"
    f"{'lag p99':>10}{'cpu ms/rec':>11}{'busy %':>8}{'RSS MB':>8}"
)
_NOTE = (
    "  latency: ingest call began -> DELIVERED in the audit log, per delivery (one record to one pillar); lag: "
    "offered by the producer -> ingest call began (a backlog means the hub did not keep up); cpu: ingest + worker "
    "processes per record; busy: the whole machine, broker included"
)


def _ms(value: float) -> str:
    """Milliseconds, or seconds once they run to five figures (a backlog, not a latency)."""
    if math.isnan(value):
        return "-"
    return f"{value:,.1f}" if value < 10_000 else f"{value / 1000:,.1f} s"


def _say_row(label: str, r: HubResult, say: Callable[[str], None]) -> None:
    latency = r.latency or Percentiles.of([])
    lag = r.lag.p99_ms if r.lag else math.nan
    busy = r.cpu.machine_busy_pct if r.cpu else math.nan
    flag = "" if r.complete else "  INCOMPLETE"
    if r.saturated_after_s is not None:
        flag += f"  did not keep up: stopped offering after {r.saturated_after_s:.0f} s"
    elif r.lag is not None and r.lag.p99_ms > 1000:
        flag += "  did not keep up: ingest fell behind the offered rate"
    say(
        f"  {label:<22}{r.accepted:>9,}{r.records_per_s:>9,.0f}{r.deliveries_per_s:>9,.0f}{_ms(latency.p50_ms):>10}"
        f"{_ms(latency.p99_ms):>10}{_ms(latency.max_ms):>10}{_ms(lag):>10}{r.cpu_ms_per_record:>11.2f}{busy:>8.0f}"
        f"{r.rss_end_mb:>8.0f}{flag}"
    )


def _say_detail(key: str, r: HubResult, say: Callable[[str], None]) -> None:
    cpu = r.cpu
    parts = [
        f"  {key}: {r.offered:,} offered, {r.accepted:,} accepted, {r.refused} refused, {r.errors} errors"
        + (f", {r.dropped:,} dropped when the run stopped" if r.dropped else "")
        + f"; {r.delivered:,}/"
        f"{r.expected_deliveries:,} deliveries ({r.delivered_events:,} DELIVERED entries"
        f"{'' if r.delivered_events == r.delivered else ' - REPEATS'}) in {r.span_s:.1f} s; ingest alone "
        f"{r.ingest_per_s:,.0f} records/s, call p50/p99 {_p(r.ingest_call)}",
    ]
    if r.first_error:
        parts.append(f"    first error: {r.first_error[:300]}")
    parts.append(
        f"    ACCEPTED->DELIVERED p50/p99 {_p(r.latency_accepted)}; record to its last pillar p50/p99 "
        f"{_p(r.record_latency)}" + (f"; offered->DELIVERED p50/p99 {_p(r.latency_offered)}" if r.lag else "")
    )
    if cpu is not None:
        parts.append(
            f"    cpu s: ingest {r.ingest_cpu_s:.1f}, workers {r.workers_cpu_s:.1f}, broker {cpu.broker_s:.1f}, "
            f"bench {cpu.self_s:.1f}; getrusage children (whole lives) {cpu.children_s:.1f}; wall {cpu.wall_s:.1f} s"
        )
    parts.append(
        f"    RSS MB after 10% -> end: ingest {r.rss_ingest_mb[0]:.0f} -> {r.rss_ingest_mb[1]:.0f}, workers "
        f"{r.rss_workers_mb[0]:.0f} -> {r.rss_workers_mb[1]:.0f} ({_signed(r.rss_growth_pct)}%), peak "
        f"{r.rss_peak_mb:.0f}; audit log {r.audit_entries:,} entries ({r.audit_entries / max(r.span_s, 1e-9):,.0f}/s)"
    )
    for part in parts:
        say(part)


def _p(p: Percentiles | None) -> str:
    """p50/p99 with their unit: ms, or s when the p99 runs to five figures of ms."""
    if p is None or p.count == 0:
        return "-"
    if p.p99_ms < 10_000:
        return f"{p.p50_ms:,.1f}/{p.p99_ms:,.1f} ms"
    return f"{p.p50_ms / 1000:,.1f}/{p.p99_ms / 1000:,.1f} s"


def _signed(value: float) -> str:
    return "nan" if math.isnan(value) else f"{value:+.1f}"


def _targets(e2e: float, p99: float, validate: float, rss: float, rss_over: str) -> str:
    def mark(ok: bool) -> str:
        return "met" if ok else "MISSED"

    return (
        f"targets: e2e_vs_raw {e2e:.3f} >= {TARGETS['e2e_vs_raw']} {mark(e2e >= TARGETS['e2e_vs_raw'])}; "
        f"p99 at 1,000/s {p99:,.1f} ms <= {TARGETS['p99_ms_at_1000']:.0f} "
        f"{mark(p99 <= TARGETS['p99_ms_at_1000'])}; validate_vs_lxml {validate:.3f} >= {TARGETS['validate_vs_lxml']} "
        f"{mark(validate >= TARGETS['validate_vs_lxml'])}; RSS growth {_signed(rss)}% < "
        f"{TARGETS['rss_growth_pct']:.0f}% {mark(rss < TARGETS['rss_growth_pct'])} (over {rss_over})"
    )


def _say_profile(r: HubResult, say: Callable[[str], None]) -> None:
    groups = {
        "ingest process": [p for label, p in r.profiles.items() if label == "ingest"],
        "delivery worker processes": [p for label, p in r.profiles.items() if label.startswith("worker")],
    }
    for title, paths in groups.items():
        profile = profiling.merge([profiling.read_profile(p) for p in paths])
        say(f"  {title}: {profile.samples:,} samples")
        say("    inclusive, hub and adapter functions:")
        for name, pct in profile.top(14, inclusive=True, only="hub/") + profile.top(
            4, inclusive=True, only="adapters/"
        ):
            say(f"      {pct:5.1f}%  {name}")
        say("    self (where the CPU actually went):")
        for name, pct in profile.top(14):
            say(f"      {pct:5.1f}%  {name}")
