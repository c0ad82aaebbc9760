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

    samples = commands.add_parser("samples", help="synthetic case lifecycles as each pillar's native files")
    sample_commands = samples.add_subparsers(dest="samples_command", required=True, metavar="ACTION")
    generate = sample_commands.add_parser("generate", help="write OUT_DIR/<adapter>/... for N coherent cases")
    generate.add_argument("--cases", type=int, required=True, metavar="N")
    generate.add_argument("--seed", type=int, default=1, metavar="S")
    generate.add_argument("out_dir", type=Path, metavar="OUT_DIR")

    trace = commands.add_parser("trace", help="a record's timeline, or a case's records across pillars")
    target = trace.add_mutually_exclusive_group(required=True)
    target.add_argument("record_id", nargs="?", metavar="RECORD_ID")
    target.add_argument("--case", metavar="FIR_KEY_OR_CNR", help="e.g. 6-60-PS0012-2024-123 or HRFB010012342024")

    audit = commands.add_parser("audit", help="the tamper-evident audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    audit_commands.add_parser("verify", help="recompute the hash chain; exit 1 naming the first broken entry")
    prove = audit_commands.add_parser("prove", help="a self-contained proof of a record's audit entries")
    prove.add_argument("record_id", metavar="RECORD_ID")
    prove.add_argument("-o", "--output", type=Path, help="write the proof here (default: standard output)")
    check_proof = audit_commands.add_parser("check", help="verify a proof file offline, with no database")
    check_proof.add_argument("file", type=Path, metavar="FILE")
    check_proof.add_argument("--public-key", type=Path, metavar="K", help="the hub's public key (PEM) you trust")
    public = audit_commands.add_parser("public-key", help="print (or write) the audit log's public key, PEM")
    public.add_argument("-o", "--output", type=Path)
    audit_commands.add_parser("checkpoint", help="sign a checkpoint over everything logged so far, now")
    purge = audit_commands.add_parser("purge", help="drop payloads past their retention (hashes stay; holds win)")
    purge.add_argument("--as-of", help="ISO date-time to judge retention on (default: now)")
    purge.add_argument("--dry-run", action="store_true")
    purge.add_argument("--actor", default=None)
    hold = audit_commands.add_parser("hold", help="a legal hold on a case: its payloads outlive retention")
    hold.add_argument("case_key", metavar="FIR_KEY_OR_CNR")
    hold.add_argument("--reason", required=True)
    hold.add_argument("--release", action="store_true", help="lift the hold instead")
    hold.add_argument("--actor", default=None)
    audit_commands.add_parser(
        "reconcile", help="every routed record has one terminal state per subscriber; exit 1 listing those without"
    )

    dlq = commands.add_parser("dlq", help="dead letters: list and replay")
    dlq_commands = dlq.add_subparsers(dest="dlq_command", required=True, metavar="ACTION")
    dlq_list = dlq_commands.add_parser("list", help="record id, type, reason, attempts, first and last failure")
    dlq_list.add_argument("--pillar", action="append", help="only this pillar (repeatable)")
    dlq_replay = dlq_commands.add_parser("replay", help="move dead letters back to delivery (audited REPLAYED)")
    dlq_replay.add_argument("record_ids", nargs="*", metavar="ID")
    dlq_replay.add_argument("--pillar", action="append", help="only this pillar (repeatable)")
    dlq_replay.add_argument("--all", action="store_true", help="every dead letter of the pillar(s)")
    dlq_replay.add_argument("--dry-run", action="store_true", help="say what would be replayed, change nothing")
    dlq_replay.add_argument("--actor", default=None, help="who is replaying (default: the login name)")

    keys = commands.add_parser("keys", help="API keys: each has a role (operator, auditor, pillar:<name>)")
    key_commands = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    key_add = key_commands.add_parser("add", help="make a key; it is printed once, then only its hash is kept")
    key_add.add_argument("--role", required=True, help="operator, auditor or pillar:<police|courts|...>")
    key_add.add_argument("--name", required=True, help="who holds it, e.g. 'NOC shift lead' or 'CIS Faridabad'")
    key_commands.add_parser("list", help="key ids, names, roles, when made and revoked")
    key_revoke = key_commands.add_parser("revoke", help="revoke a key at once")
    key_revoke.add_argument("key_id", metavar="KEY_ID")

    bench = commands.add_parser("bench", help="the hub end to end beside raw RabbitMQ, validation, audit append")
    try:
        from hub.benchmark import add_arguments as add_bench_arguments
    except ImportError:  # the bench is part of the package; a broken install should not break every other verb
        add_bench_arguments = None
    if add_bench_arguments is not None:
        add_bench_arguments(bench)

    run = commands.add_parser("run", help="the production entry point: ingest API and delivery workers")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--no-api", action="store_true", help="delivery workers only")
    run.add_argument("--pillar", action="append", help="deliver only to this pillar (repeatable)")

    topology = commands.add_parser("topology", help="RabbitMQ exchanges, queues and bindings")
    topology_commands = topology.add_subparsers(dest="topology_command", required=True, metavar="ACTION")
    topology_commands.add_parser("apply", help="declare the topology (idempotent) and print it")

    demo = commands.add_parser("demo", help="sample traffic through the hub, delivered to the file outboxes")
    demo.add_argument("--once", action="store_true", help="run to the end, print a summary and exit")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
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
    if args.command == "audit" and args.audit_command == "check":
        return _audit_check(args.file, args.public_key)
    if args.command == "adapters":
        from hub.adapters_cli import run_adapters

        return run_adapters(args)
    if args.command == "bench":
        from hub.benchmark import run_bench

        return run_bench(args)
    if args.command == "samples":
        from hub.samples.cli import run_samples

        return run_samples(args)
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
            if args.audit_command == "reconcile":
                return _audit_reconcile(services)
            if args.audit_command == "prove":
                return _audit_prove(services, args.record_id, args.output)
            if args.audit_command == "public-key":
                return _audit_public_key(services, args.output)
            if args.audit_command == "purge":
                return _audit_purge(services, args)
            if args.audit_command == "hold":
                return _audit_hold(services, args)
            if args.audit_command == "checkpoint":
                checkpoint = services.audit.checkpoint()
                print(f"checkpoint over {checkpoint.tree_size} entries" if checkpoint else "already checkpointed")
                return EXIT_OK
            return _audit_verify(services)
        if args.command == "keys":
            return _keys(services, args)
        if args.command == "dlq":
            return _dlq(services, args)
        if args.command == "run":
            from hub.runner import run_hub

            return run_hub(services, host=args.host, port=args.port, api=not args.no_api, pillars=args.pillar)
        if args.command == "topology":
            return _topology_apply(services)
        if args.command == "demo":
            from hub.demo import run_demo

            return run_demo(services, once=args.once, host=args.host, port=args.port)
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
        print(
            f"audit log intact: {report.entries} entries, head {report.head_hash}, "
            f"{report.checkpoints_checked} signed checkpoint(s) verified"
        )
        return EXIT_OK
    print(f"audit log BROKEN at {report.problem} ({report.entries} entries before it verify)")
    return EXIT_REJECTED


def _audit_prove(services: Services, record_id: str, output: Path | None) -> int:
    import json

    from hub.audit.proof import build_proof
    from hub.audit.signing import public_key_pem

    entries = list(services.audit.entries(record_id=record_id))
    if not entries:
        print(f"no audit entries for record {record_id}", file=sys.stderr)
        return EXIT_REJECTED
    services.audit.checkpoint()  # a checkpoint that covers every entry of the record
    checkpoint = services.audit.checkpoints()[-1]
    proof = build_proof(
        record_id,
        entries,
        checkpoint,
        services.audit.leaf_hashes(checkpoint.tree_size),
        public_key_pem(services.audit.signer_public_key()),
    )
    text = json.dumps(proof, indent=2, ensure_ascii=False)
    if output is None:
        print(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        print(f"proof of {len(entries)} entries of {record_id} against checkpoint {checkpoint.tree_size}: {output}")
    return EXIT_OK


def _audit_check(path: Path, public_key: Path | None) -> int:
    from hub.audit.proof import check_proof

    try:
        document = path.read_bytes()
        key = public_key.read_text(encoding="utf-8") if public_key else None
    except OSError as exc:
        print(f"cannot read: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = check_proof(document, key)
    for line in result.lines:
        print(line)
    return EXIT_OK if result.ok else EXIT_REJECTED


def _audit_public_key(services: Services, output: Path | None) -> int:
    from hub.audit.signing import public_key_pem

    pem = public_key_pem(services.audit.signer_public_key())
    if output is None:
        print(pem, end="")
    else:
        output.write_text(pem, encoding="utf-8")
        print(f"public key written to {output}")
    return EXIT_OK


def _audit_purge(services: Services, args: argparse.Namespace) -> int:
    import getpass
    from datetime import UTC, datetime

    from hub.retention import load_retention

    policy = load_retention(services.settings.retention_policy)
    as_of = datetime.fromisoformat(args.as_of) if args.as_of else datetime.now(UTC)
    if as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=UTC)
    purged = services.audit.purge(
        lambda record_type, stored_at: policy.is_due(record_type, stored_at, as_of),
        actor=args.actor or getpass.getuser(),
        dry_run=args.dry_run,
    )
    for record_id, version, record_type in purged:
        print(f"{'would purge' if args.dry_run else 'purged'} {record_type} {record_id} v{version}")
    print(
        f"{len(purged)} payload(s) {'would be ' if args.dry_run else ''}purged (policy {policy.version}, "
        f"as of {as_of.isoformat()}); their hashes and audit entries stay"
    )
    return EXIT_OK


def _audit_hold(services: Services, args: argparse.Namespace) -> int:
    import getpass

    actor = args.actor or getpass.getuser()
    if args.release:
        released = services.audit.release_hold(args.case_key, actor, args.reason)
        print(f"hold on {args.case_key} {'released' if released else 'was not in place'}")
        return EXIT_OK if released else EXIT_REJECTED
    services.audit.place_hold(args.case_key, actor, args.reason)
    print(f"legal hold placed on {args.case_key} by {actor}")
    return EXIT_OK


def _keys(services: Services, args: argparse.Namespace) -> int:
    if args.keys_command == "add":
        key = services.keys.add(args.name, args.role)
        print(key)
        print(f"(shown once; keep it safe) role {args.role}, holder {args.name}", file=sys.stderr)
        return EXIT_OK
    if args.keys_command == "revoke":
        if services.keys.revoke(args.key_id):
            print(f"revoked {args.key_id}")
            return EXIT_OK
        print(f"no active key {args.key_id}", file=sys.stderr)
        return EXIT_REJECTED
    print(f"{'KEY ID':<16}  {'ROLE':<18} {'CREATED':<25} {'REVOKED':<25} NAME")
    for k in services.keys.list():
        print(f"{k.key_id:<16}  {k.role:<18} {k.created_at:<25} {k.revoked_at or '-':<25} {k.name}")
    return EXIT_OK


def _audit_reconcile(services: Services) -> int:
    report = services.audit.reconcile()
    pillars = sorted(set(report.delivered) | set(report.dead_lettered) | {g.pillar for g in report.missing})
    print(f"{'PILLAR':<12} {'DELIVERED':>9} {'DEAD':>6} {'MISSING':>8}")
    for pillar in pillars:
        missing = sum(1 for g in report.missing if g.pillar == pillar)
        print(
            f"{pillar:<12} {report.delivered.get(pillar, 0):>9} {report.dead_lettered.get(pillar, 0):>6} {missing:>8}"
        )
    for gap in report.missing[:1000]:
        print(f"MISSING {gap.pillar} {gap.record_id} v{gap.version} {gap.record_type}: neither delivered nor dead")
    if report.clean:
        print("reconciled: every routed record has one terminal state per subscriber")
        return EXIT_OK
    print(f"{len(report.missing)} record deliveries without a terminal state")
    return EXIT_REJECTED


def _dlq(services: Services, args: argparse.Namespace) -> int:
    import getpass

    from hub.dlq import list_dead, replay

    pillars = args.pillar or list(services.table.subscriber_pillars())
    url, timeout = services.settings.amqp_url, services.settings.connect_timeout_s
    if args.dlq_command == "list":
        letters = list_dead(url, pillars, timeout_s=timeout)
        print(
            f"{'PILLAR':<12} {'RECORD ID':<36} {'V':>2} {'TYPE':<22} {'ATT':>3} {'FIRST FAILURE':<25} "
            f"{'LAST FAILURE':<25} REASON"
        )
        for d in letters:
            print(
                f"{d.pillar:<12} {d.record_id:<36} {d.version or '-':>2} {d.record_type:<22} {d.attempts:>3} "
                f"{d.first_failure:<25} {d.last_failure:<25} {d.reason}"
            )
        print(f"{len(letters)} dead letter(s)")
        return EXIT_OK
    if not args.all and not args.record_ids:
        print("error: name record ids to replay, or --all with --pillar", file=sys.stderr)
        return EXIT_USAGE
    if args.all and not args.pillar:
        print(
            "error: --all needs --pillar (replaying every pillar at once is too easy to do by mistake)", file=sys.stderr
        )
        return EXIT_USAGE
    actor = args.actor or getpass.getuser()
    wanted = None if args.all else set(args.record_ids)
    total = 0
    for pillar in pillars:
        done = replay(
            url, services.audit, pillar, record_ids=wanted, actor=actor, dry_run=args.dry_run, timeout_s=timeout
        )
        for d in done:
            verb = "would replay" if args.dry_run else "replayed"
            print(f"{verb} {d.pillar} {d.record_id} v{d.version} {d.record_type} (was: {d.reason})")
        total += len(done)
    print(f"{total} dead letter(s) {'would be ' if args.dry_run else ''}replayed by {actor}")
    if wanted is not None and total == 0:
        return EXIT_REJECTED
    return EXIT_OK


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
