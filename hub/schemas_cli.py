"""``icjs-hub schemas list | show TYPE | check-compat OLD NEW``: the canonical model, for people."""

from __future__ import annotations

import argparse
from pathlib import Path

from hub.errors import PermanentError
from hub.routing import default_table
from hub.schema_model import compare, describe, load
from hub.schemas import SchemaRegistry


def run_schemas(args: argparse.Namespace) -> int:
    if args.schemas_command == "list":
        return list_schemas()
    if args.schemas_command == "show":
        return show_schema(args.record_type, args.version)
    return check_compat(args.old, args.new)


def list_schemas() -> int:
    table = default_table()
    registry = SchemaRegistry()
    rows = [("TYPE", "VERSION", "PRODUCER", "CONSUMERS", "ROOT ELEMENT")]
    for schema in registry.schemas():
        route = table.route(schema.record_type)
        producer = route.producer if route else "-"
        consumers = ", ".join(route.subscribers) if route else "-"
        rows.append((schema.record_type, schema.version, producer, consumers, schema.root_element))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def show_schema(record_type: str, version: str | None) -> int:
    registry = SchemaRegistry()
    versions = [s for s in registry.schemas() if s.record_type == record_type]
    if not versions:
        known = ", ".join(sorted({s.record_type for s in registry.schemas()}))
        raise PermanentError(f"unknown record type {record_type!r}; known: {known}")
    schema = registry.get(record_type, version) if version else max(versions, key=lambda s: int(s.version[1:]))
    print(f"{schema.record_type} {schema.version}  root <{schema.root_element}> in {schema.namespace}")
    print(f"schema file: {schema.path}\n")
    for field in describe(load(schema.path)):
        depth = field.path.count("/") - 1
        name = field.path.rsplit("/", 1)[-1]
        constraint = _constraint(field.facets)
        print(f"{'  ' * depth}{name}  [{field.occurs}] {field.type_name}{constraint}")
        if field.documentation:
            print(f"{'  ' * depth}    {field.documentation}")
    return 0


def _constraint(facets: dict[str, object]) -> str:
    parts = []
    if "enumeration" in facets:
        parts.append("one of " + "|".join(facets["enumeration"]))  # type: ignore[arg-type]
    for key in ("pattern", "minLength", "maxLength", "minInclusive", "maxInclusive"):
        if key in facets:
            value = facets[key]
            parts.append(f"{key} {' & '.join(value) if isinstance(value, tuple) else value}")
    return f" ({'; '.join(parts)})" if parts else ""


def check_compat(old: Path, new: Path) -> int:
    for path in (old, new):
        if not path.is_file():
            raise PermanentError(f"{path}: no such schema file")
    issues = compare(describe(load(old)), describe(load(new)))
    breaking = [i for i in issues if i.breaking]
    for issue in issues:
        print(issue)
    print(f"\n{len(breaking)} breaking change(s), {len(issues) - len(breaking)} compatible change(s)")
    return 1 if breaking else 0
