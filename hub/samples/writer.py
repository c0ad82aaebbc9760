"""The thin writer: canonical records -> files, either as canonical XML or as each producing pillar's native
files (through the installed adapters' ``encode``), and a progress bar for the terminal."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from adapters.base import Adapter, AdapterError, NativeDocument
from hub.errors import PermanentError
from hub.plugins import AdapterRegistry
from hub.samples.canonical import PRODUCER, RECORD_TYPES, CanonicalRecord


class SamplesError(PermanentError):
    """An adapter the samples need is missing or cannot encode a record type."""


@dataclass
class Written:
    records: Counter[str] = field(default_factory=Counter)  # record type -> records
    files: Counter[str] = field(default_factory=Counter)  # directory (adapter, or "canonical") -> files


def file_name(record: CanonicalRecord, extension: str) -> str:
    return f"{record.case_id}-{record.sequence:03d}-{record.record_type}.{extension}"


def producing_adapters(registry: AdapterRegistry, record_types: Iterable[str] = RECORD_TYPES) -> dict[str, Adapter]:
    """The adapter that produces each record type, or SamplesError naming every one missing or unable."""
    problems = []
    found: dict[str, Adapter] = {}
    broken = {b.name: b.reason for b in registry.broken}
    for record_type in record_types:
        name = PRODUCER[record_type]
        if name in broken:
            problems.append(f"{record_type}: adapter {name!r} is installed but does not load ({broken[name]})")
            continue
        try:
            adapter = registry.get(name)
        except PermanentError:
            problems.append(f"{record_type}: adapter {name!r} is not installed")
            continue
        if record_type not in adapter.produces:
            problems.append(
                f"{record_type}: adapter {name!r} does not produce it (produces: "
                f"{', '.join(sorted(adapter.produces)) or 'nothing'})"
            )
            continue
        found[record_type] = adapter
    if problems:
        raise SamplesError("cannot write native samples:\n  " + "\n  ".join(dict.fromkeys(problems)))
    return found


def encode(adapter: Adapter, record: CanonicalRecord) -> NativeDocument:
    """The native form of one record, or SamplesError naming the adapter, the record and the reason."""
    try:
        native = adapter.encode(record.content, record.record_type)
    except AdapterError as exc:
        raise SamplesError(
            f"adapter {adapter.name!r} cannot encode {record.record_type} {record.source_record_id} "
            f"({record.case_id}): {exc}"
        ) from None
    if not isinstance(native, NativeDocument):
        raise SamplesError(
            f"adapter {adapter.name!r} returned {type(native).__name__} from encode, not a NativeDocument"
        )
    return native


def write_native(
    out_dir: Path, records: Iterable[CanonicalRecord], registry: AdapterRegistry, written: Written | None = None
) -> Written:
    """OUT_DIR/<adapter>/<case>-<seq>-<record-type>.<extension>, each in its producing pillar's native form."""
    adapters = producing_adapters(registry)
    written = written or Written()
    made: set[Path] = set()
    for record in records:
        adapter = adapters[record.record_type]
        native = encode(adapter, record)
        directory = out_dir / adapter.name
        if directory not in made:
            directory.mkdir(parents=True, exist_ok=True)
            made.add(directory)
        (directory / file_name(record, native.extension)).write_bytes(native.content)
        written.records[record.record_type] += 1
        written.files[adapter.name] += 1
    return written


def write_canonical(out_dir: Path, records: Iterable[CanonicalRecord], written: Written | None = None) -> Written:
    """OUT_DIR/canonical/<source system>/<case>-<seq>-<record-type>.xml: the canonical records themselves."""
    written = written or Written()
    made: set[Path] = set()
    for record in records:
        directory = out_dir / "canonical" / record.source_system
        if directory not in made:
            directory.mkdir(parents=True, exist_ok=True)
            made.add(directory)
        (directory / file_name(record, "xml")).write_bytes(record.content)
        written.records[record.record_type] += 1
        written.files[f"canonical/{record.source_system}"] += 1
    return written


class ProgressBar:
    """A one-line progress bar drawn with carriage returns on a terminal; silent on anything else."""

    def __init__(self, stream: TextIO | None = None, width: int = 30, label: str = "cases") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.label = label
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        filled = self.width * done // total
        if filled == self._last and done != total:
            return
        self._last = filled
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {self.label}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


ProgressCallback = Callable[[int, int], None]
