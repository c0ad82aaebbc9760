"""``icjs-hub``: the command line. Exit codes: 0 done, 1 input rejected, 2 usage or configuration, 3 a
dependency (broker, database) unreachable."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from hub.config import Settings
from hub.errors import PermanentError, TransientError
from hub.ingest import Outcome
from hub.plugins import UnknownAdapter

if TYPE_CHECKING:
    from hub.services import Services

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="icjs-hub", description="Interoperability hub for the ICJS pillars.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the hub does")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="native records in; prints record ids or the reasons for refusal")
    ingest.add_argument("--adapter", required=True, help="adapter name, e.g. cas")
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE")

    validate = commands.add_parser(
        "validate", help="canonical XML against the schemas; every error with line and XPath"
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")

    schemas = commands.add_parser("schemas", help="the canonical record schemas")
    schema_commands = schemas.add_subparsers(dest="schemas_command", required=True, metavar="ACTION")
    schema_commands.add_parser("list", help="every record type and version, who produces and who receives it")
    show = schema_commands.add_parser("show", help="a record type's fields and their documentation")
    show.add_argument("record_type", metavar="TYPE")
    show.add_argument("--version", default=None, help="schema version, e.g. v1 (default: the newest)")
    compat = schema_commands.add_parser("check-compat", help="breaking changes from one XSD to another; exit 1 if any")
    compat.add_argument("old", type=Path, metavar="OLD")
    compat.add_argument("new", type=Path, metavar="NEW")

    adapters = commands.add_parser("adapters", help="the installed pillar adapters")
    adapter_commands = adapters.add_subparsers(dest="adapters_command", required=True, metavar="ACTION")
    adapter_commands.add_parser("list", help="name, pillar, produces, consumes, version")
    check = adapter_commands.add_parser("check", help="the conformance kit; exit 1 on any failure")
    check.add_argument("name", metavar="NAME")
    check.add_argument("--samples", type=Path, metavar="DIR", help="sample native files (default: the adapter's own)")
    check.add_argument("--examples", type=int, default=200, help="hostile inputs to generate (default 200)")
    new = adapter_commands.add_parser("new", help="scaffold a new adapter package that passes `adapters check`")
    new.add_argument("name", metavar="NAME")
    new.add_argument("--out", type=Path, default=Path("."), help="directory to create the package in")

    trace = commands.add_parser("trace", help="a record's timeline, or a case's records across pillars")
    target = trace.add_mutually_exclusive_group(required=True)
    target.add_argument("record_id", nargs="?", metavar="RECORD_ID")
    target.add_argument("--case", metavar="FIR_KEY_OR_CNR", help="e.g. 6-60-PS0012-2024-123 or HRFB010012342024")

    audit = commands.add_parser("audit", help="the tamper-evident audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    audit_commands.add_parser("verify", help="recompute the hash chain; exit 1 naming the first broken entry")

    topology = commands.add_parser("topology", help="RabbitMQ exchanges, queues and bindings")
    topology_commands = topology.add_subparsers(dest="topology_command", required=True, metavar="ACTION")
    topology_commands.add_parser("apply", help="declare the topology (idempotent) and print it")

    demo = commands.add_parser("demo", help="sample traffic through the hub, delivered to the file outboxes")
    demo.add_argument("--once", action="store_true", help="run to the end, print a summary and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _dispatch(args, settings)
    except UnknownAdapter as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except TransientError as exc:
        print(f"unavailable: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except PermanentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; say nothing more.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return EXIT_OK


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "validate":
        return _validate(args.files, settings)
    if args.command == "adapters":
        from hub.adapters_cli import run_adapters

        return run_adapters(args)
    if args.command == "schemas":
        from hub.schemas_cli import run_schemas

        return run_schemas(args)
    # Imported here so that `validate` and `--help` need neither pika nor SQLAlchemy to start.
    from hub.services import Services

    services = Services.from_settings(settings)
    try:
        if args.command == "ingest":
            return _ingest(services, args.adapter, args.files)
        if args.command == "trace":
            from hub.trace import print_case, print_record

            if args.case:
                return print_case(services.audit, args.case)
            return print_record(services.audit, args.record_id)
        if args.command == "audit":
            return _audit_verify(services)
        if args.command == "topology":
            return _topology_apply(services)
        if args.command == "demo":
            from hub.demo import run_demo

            return run_demo(services, once=args.once)
    finally:
        services.close()
    raise AssertionError(f"unhandled command {args.command}")


def _ingest(services: Services, adapter_name: str, files: list[Path]) -> int:
    services.adapters.get(adapter_name)  # an unknown adapter is a usage error before anything is read
    exit_code = EXIT_OK
    for path in files:
        try:
            native = path.read_bytes()
        except OSError as exc:
            print(f"{path}: cannot read: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
        for result in services.ingestor.ingest(adapter_name, native, source=path.name, actor="cli"):
            if result.outcome is Outcome.REJECTED:
                exit_code = EXIT_REJECTED
                print(f"REFUSED {path}: {result.reason}")
            elif result.outcome is Outcome.DUPLICATE:
                print(f"duplicate {result.record_id} {result.record_type} (already accepted; nothing new to route)")
            else:
                targets = ", ".join(result.subscribers) or "no subscriber"
                print(f"{result.outcome} {result.record_id} {result.record_type} v{result.version} -> {targets}")
    return exit_code


def _validate(files: list[Path], settings: Settings) -> int:
    from hub.rules import check_rules
    from hub.schemas import InvalidRecord, SchemaRegistry
    from hub.xml import XmlRefused, parse_untrusted

    registry = SchemaRegistry()
    exit_code = EXIT_OK
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"{path}: cannot read: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
        try:
            root = parse_untrusted(data, max_bytes=settings.max_record_bytes)
            schema, issues = registry.validate(root)
            if not issues:
                issues = check_rules(root, schema)
        except XmlRefused as exc:
            print(f"{path}:{exc.line or 0}: {exc.reason} [xml]")
            exit_code = EXIT_REJECTED
            continue
        except InvalidRecord as exc:
            issues, schema = exc.issues, None
        except PermanentError as exc:
            print(f"{path}: {exc}")
            exit_code = EXIT_REJECTED
            continue
        if issues:
            exit_code = EXIT_REJECTED
            for issue in issues:
                print(f"{path}:{issue.line or 0}: {issue.path}: {issue.message} [{issue.rule}]")
        else:
            assert schema is not None
            print(f"{path}: valid {schema.record_type} ({schema.version})")
    return exit_code


def _audit_verify(services: Services) -> int:
    report = services.audit.verify()
    if report.ok:
        print(f"audit log intact: {report.entries} entries, head {report.head_hash}")
        return EXIT_OK
    print(f"audit log BROKEN at {report.problem} ({report.entries} entries before it verify)")
    return EXIT_REJECTED


def _topology_apply(services: Services) -> int:
    from hub.broker.connection import connect
    from hub.broker.topology import apply_topology

    connection = connect(services.settings.amqp_url, timeout_s=services.settings.connect_timeout_s)
    try:
        specs = apply_topology(connection, services.table, services.settings.retry_policy())
    finally:
        connection.close()
    for spec in specs:
        bound = ", ".join(f"{exchange}:{key or '*'}" for exchange, key in spec.bindings)
        print(f"{spec.name}  [{spec.arguments.get('x-queue-type', 'classic')}]  <- {bound}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
