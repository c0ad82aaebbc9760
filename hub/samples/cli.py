"""``icjs-hub samples generate --cases N --seed S OUT_DIR``: synthetic case lifecycles as each pillar's native
files, OUT_DIR/<adapter>/<case>-<seq>-<record-type>.<extension>, each ingestable with
``icjs-hub ingest --adapter <adapter> FILE``."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from hub.plugins import AdapterRegistry
from hub.samples.canonical import RECORD_TYPES, CanonicalRecord, records_of
from hub.samples.generate import generate_cases
from hub.samples.lifecycle import Case
from hub.samples.writer import ProgressBar, SamplesError, Written, producing_adapters, write_canonical, write_native

EXIT_OK = 0
EXIT_USAGE = 2


def run_samples(args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Generate the samples ``args`` asks for (.cases, .seed, .out_dir; .canonical writes canonical XML instead of
    native files); print a summary. 0 when written, 2 on a bad argument or a missing or unable adapter."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    count: int = args.cases
    seed: int = args.seed
    out_dir: Path = args.out_dir
    canonical = bool(getattr(args, "canonical", False))
    if count < 1:
        print(f"error: --cases must be at least 1, not {count}", file=err)
        return EXIT_USAGE
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        print(
            f"error: {out_dir} is not an empty directory; choose a new or empty one, so that files of an earlier "
            "run cannot mix with these",
            file=err,
        )
        return EXIT_USAGE
    registry = None
    if not canonical:
        registry = AdapterRegistry.from_entry_points()
        try:
            producing_adapters(registry)
        except SamplesError as exc:
            print(f"error: {exc}", file=err)
            return EXIT_USAGE
    started = time.perf_counter()
    cases = generate_cases(count, seed)
    progress = ProgressBar(err)

    def records() -> Iterator[CanonicalRecord]:
        for done, case in enumerate(cases, start=1):
            yield from records_of(case)
            progress(done, len(cases))

    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        if registry is None:
            written = write_canonical(out_dir, records())
        else:
            written = write_native(out_dir, records(), registry)
    except SamplesError as exc:
        print(f"\nerror: {exc}", file=err)
        return EXIT_USAGE
    print_summary(out, cases, written, seed, out_dir, time.perf_counter() - started)
    return EXIT_OK


def print_summary(out: TextIO, cases: list[Case], written: Written, seed: int, out_dir: Path, seconds: float) -> None:
    total = sum(written.records.values())
    sexual = sum(case.sexual for case in cases)
    juvenile = sum(case.juvenile for case in cases)
    tried = sum(any(e.record_type == "court-case-registered" for e in case.events) for case in cases)
    verdicts = Counter(a.verdict for case in cases for a in case.accused if a.verdict is not None)

    def share(part: int) -> str:
        return f"{part} ({100 * part / len(cases):.1f}%)"

    print(
        f"{len(cases)} cases (seed {seed}): {total} records in {sum(written.files.values())} files under {out_dir} "
        f"({seconds:.1f} s)",
        file=out,
    )
    print(
        f"  sexual-offence cases {share(sexual)}, with a person under 18 {share(juvenile)}, in court {share(tried)}",
        file=out,
    )
    print(
        f"  verdicts per accused: {', '.join(f'{k} {v}' for k, v in sorted(verdicts.items())) or 'none yet'}", file=out
    )
    print("records per type:", file=out)
    width = max(len(t) for t in RECORD_TYPES)
    for record_type in RECORD_TYPES:
        print(f"  {record_type:<{width}}  {written.records.get(record_type, 0):>7}", file=out)
    print("files per adapter:", file=out)
    for name, files in sorted(written.files.items()):
        print(f"  {name:<{width}}  {files:>7}", file=out)
