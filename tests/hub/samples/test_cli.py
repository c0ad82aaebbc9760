"""``icjs-hub samples generate``: files, determinism, the summary, ingest of what it writes, and clear exits when
an adapter is missing or cannot encode."""

from __future__ import annotations

import argparse
import io
from collections.abc import Sequence
from pathlib import Path

import pytest

from adapters.base import Adapter, AdapterError, NativeDocument
from hub.audit.sql import SqlAuditStore
from hub.broker.publisher import OutgoingMessage
from hub.cli import main
from hub.ingest import Ingestor, Outcome
from hub.plugins import AdapterRegistry
from hub.routing import default_table
from hub.samples import cli
from hub.samples.canonical import PRODUCER, RECORD_TYPES
from hub.samples.writer import ProgressBar
from hub.schemas import SchemaRegistry


def _args(out_dir: Path, cases: int = 12, seed: int = 4, **more: object) -> argparse.Namespace:
    return argparse.Namespace(cases=cases, seed=seed, out_dir=out_dir, **more)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _run(args: argparse.Namespace) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run_samples(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_same_cases_and_seed_write_byte_identical_files(tmp_path: Path) -> None:
    # Given two runs with the same --cases and --seed into two directories
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    # When both write their native files, and a third run uses another seed
    assert _run(_args(first))[0] == 0
    assert _run(_args(second))[0] == 0
    assert _run(_args(other, seed=5))[0] == 0
    # Then the two trees are identical file for file and byte for byte; the other seed's is not
    assert _tree(first) == _tree(second)
    assert _tree(first) != _tree(other)


def test_files_are_named_by_case_sequence_and_type_under_their_producing_adapter(tmp_path: Path) -> None:
    # Given a run of 12 cases
    code, out, _ = _run(_args(tmp_path / "out"))
    # When its files are listed
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    # Then each sits under the adapter that produces its record type and is named <case>-<seq>-<type>.<ext>
    assert code == 0 and files
    for path in files:
        case, sequence, record_type = path.stem.split("-", 2)
        assert case.startswith("c") and case[1:].isdigit() and len(sequence) == 3 and sequence.isdigit()
        assert record_type in RECORD_TYPES
        assert path.parent.name == PRODUCER[record_type]
    # and the summary counts them
    assert f"{len(files)} records in {len(files)} files" in out
    assert "sexual-offence cases" in out and "records per type:" in out and "files per adapter:" in out


class _Broker:
    """Stands in for RabbitMQ: takes every message, confirms at once."""

    def __init__(self) -> None:
        self.messages: list[OutgoingMessage] = []

    def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        self.messages.extend(messages)


def test_every_written_file_ingests_with_its_adapter(tmp_path: Path) -> None:
    # Given the native files of 25 cases
    out = tmp_path / "out"
    assert _run(_args(out, cases=25, seed=8))[0] == 0
    audit = SqlAuditStore(f"sqlite:///{tmp_path}/audit.db")
    broker = _Broker()
    ingestor = Ingestor(
        adapters=AdapterRegistry.from_entry_points(),
        schemas=SchemaRegistry(),
        audit=audit,
        publisher=broker,  # type: ignore[arg-type]
        table=default_table(),
    )
    # When each is ingested, in order, with the adapter its directory names
    results = []
    try:
        for path in sorted(out.rglob("*"), key=lambda p: (p.name, p.parent.name)):
            if path.is_file():
                results += ingestor.ingest(path.parent.name, path.read_bytes(), source=str(path))
    finally:
        audit.close()
    # Then every record is accepted and routed: none refused, none taken for a duplicate of another
    outcomes = {result.outcome for result in results}
    assert outcomes == {Outcome.ACCEPTED}, [r.reason for r in results if r.outcome is not Outcome.ACCEPTED][:5]
    assert len(results) == len(list(p for p in out.rglob("*") if p.is_file()))
    assert len(broker.messages) == len(results)


def test_the_command_line_runs_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Given the hub's command line
    # When it is asked for samples
    code = main(["samples", "generate", "--cases", "3", "--seed", "2", str(tmp_path / "out")])
    # Then it writes them and says so
    assert code == 0
    assert "3 cases (seed 2)" in capsys.readouterr().out
    assert (tmp_path / "out" / "cas").is_dir()


def test_a_missing_adapter_stops_the_run_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given only the police adapter installed
    installed = AdapterRegistry.from_entry_points()
    only_cas = AdapterRegistry({"cas": installed.get("cas")})
    monkeypatch.setattr(cli.AdapterRegistry, "from_entry_points", classmethod(lambda cls: only_cas))
    # When samples are asked for
    code, _, err = _run(_args(tmp_path / "out"))
    # Then the run stops with a usage error naming each missing adapter and the types it would produce, and
    # writes nothing
    assert code == 2
    for name in ("ecourts", "eprisons", "eprosecution", "trakea"):
        assert f"adapter {name!r} is not installed" in err
    assert "court-disposal" in err
    assert not (tmp_path / "out").exists()


class _Unable:
    """An adapter that declares what the real one declares but refuses to encode."""

    def __init__(self, real: Adapter) -> None:
        self.name, self.pillar, self.version = real.name, real.pillar, real.version
        self.produces, self.consumes = real.produces, real.consumes

    def decode(self, native: bytes) -> list[bytes | AdapterError]:
        return []

    def encode(self, canonical: bytes, record_type: str) -> NativeDocument:
        raise AdapterError("no native form for this record yet", field=record_type)


def test_an_adapter_that_cannot_encode_stops_the_run_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a prisons adapter that refuses to encode
    installed = AdapterRegistry.from_entry_points()
    adapters = {name: installed.get(name) for name in installed.names()}
    adapters["eprisons"] = _Unable(adapters["eprisons"])  # type: ignore[assignment]
    monkeypatch.setattr(cli.AdapterRegistry, "from_entry_points", classmethod(lambda cls: AdapterRegistry(adapters)))
    # When samples are asked for
    code, _, err = _run(_args(tmp_path / "out", cases=30))
    # Then the run stops with a usage error naming the adapter, the record and the reason
    assert code == 2
    assert "adapter 'eprisons' cannot encode prison-" in err
    assert "no native form for this record yet" in err


@pytest.mark.parametrize("problem", ["no cases", "directory in use"])
def test_bad_arguments_are_usage_errors(tmp_path: Path, problem: str) -> None:
    # Given a request for no cases, or an output directory that already holds files
    out = tmp_path / "out"
    if problem == "directory in use":
        out.mkdir()
        (out / "notes.txt").write_text("mine")
    args = _args(out, cases=0 if problem == "no cases" else 5)
    # When samples are asked for
    code, _, err = _run(args)
    # Then nothing is written and the reason is given
    assert code == 2
    assert "--cases must be at least 1" in err if problem == "no cases" else "not an empty directory" in err
    assert not out.exists() or [p.name for p in out.iterdir()] == ["notes.txt"]


def test_canonical_records_can_be_written_instead(tmp_path: Path) -> None:
    # Given a request for canonical XML rather than native files
    code, _, _ = _run(_args(tmp_path / "out", cases=5, canonical=True))
    # When it runs
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    # Then every file is canonical XML under canonical/<source system>/
    assert code == 0 and files
    assert all(p.suffix == ".xml" and p.parent.parent.name == "canonical" for p in files)
    assert all(b'xmlns="urn:icjs:record:v1"' in p.read_bytes() for p in files)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_on_a_terminal_only() -> None:
    # Given a terminal and a pipe
    terminal, pipe = _Terminal(), io.StringIO()
    # When 4 of 4 cases are reported to each
    for stream in (terminal, pipe):
        bar = ProgressBar(stream, width=8)
        for done in range(1, 5):
            bar(done, 4)
    # Then the terminal shows a bar redrawn in place, ending full, and the pipe gets nothing
    assert terminal.getvalue().count("\r") == 4
    assert terminal.getvalue().endswith("\r[########] 4/4 cases\n")
    assert pipe.getvalue() == ""
