"""``icjs-hub adapters list | check NAME [--samples DIR] | new NAME``: for pillar IT teams."""

from __future__ import annotations

import argparse
from pathlib import Path

from hub.conformance import check_adapter
from hub.plugins import AdapterRegistry
from hub.schemas import SchemaRegistry


def run_adapters(args: argparse.Namespace) -> int:
    registry = AdapterRegistry.from_entry_points()
    if args.adapters_command == "list":
        return list_adapters(registry)
    if args.adapters_command == "check":
        return check(registry, args.name, args.samples, args.examples)
    from hub.scaffold import scaffold

    target = scaffold(args.name, args.out)
    print(f"created {target}")
    print(f"next: pip install -e {target} && icjs-hub adapters check {args.name}")
    return 0


def list_adapters(registry: AdapterRegistry) -> int:
    rows = [("NAME", "PILLAR", "VERSION", "PRODUCES", "CONSUMES")]
    for adapter in registry.all():
        rows.append(
            (
                adapter.name,
                adapter.pillar,
                adapter.version,
                ", ".join(sorted(adapter.produces)) or "-",
                ", ".join(sorted(adapter.consumes)) or "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    for broken in registry.broken:
        print(f"BROKEN {broken.name}: {broken.reason}")
    return 1 if registry.broken else 0


def check(registry: AdapterRegistry, name: str, samples: Path | None, examples: int) -> int:
    adapter = registry.get(name)
    samples_dir = samples or getattr(adapter, "samples_dir", None)
    report = check_adapter(adapter, SchemaRegistry(), Path(samples_dir) if samples_dir else None, examples=examples)
    for line in report.lines():
        print(line)
    return 0 if report.passed else 1
