"""The adapter conformance kit behind ``icjs-hub adapters check``: what a pillar's adapter must do before the
hub trusts it with real traffic.

1. it describes itself: a known pillar, record types the registry knows;
2. every sample decodes, deterministically, into canonical records that pass the hub's own checks;
3. canonical -> native -> canonical gives the same record, for every type it produces (from its samples) and
   every type it consumes (from the schema examples);
4. hostile and garbled native input (generated with hypothesis) gets back only records or a clean AdapterError
   that names the field or line: never another exception, never a hang.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree

from adapters.base import Adapter, AdapterError, NativeDocument
from hub.errors import PermanentError
from hub.record import Record, record_from_valid
from hub.routing import PILLARS
from hub.rules import check_rules
from hub.schemas import InvalidRecord, SchemaRegistry
from hub.xml import parse_untrusted

CALL_LIMIT_S = 2.0  # one decode or encode of one small document; anything slower is a hang for our purposes


@dataclass
class Check:
    name: str
    passed: bool = True
    details: list[str] = field(default_factory=list)

    def fail(self, detail: str) -> None:
        self.passed = False
        if len(self.details) < 20:
            self.details.append(detail)


@dataclass
class Report:
    adapter: str
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def lines(self) -> Iterator[str]:
        yield f"adapter {self.adapter}"
        for check in self.checks:
            yield f"  [{'PASS' if check.passed else 'FAIL'}] {check.name}"
            for detail in check.details:
                yield f"         {detail}"
        yield f"{'PASSED' if self.passed else 'FAILED'}: {sum(c.passed for c in self.checks)}/{len(self.checks)} checks"


class CallTimedOut(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread only, where SIGALRM is delivered)."""

    def expire(signum: int, frame: Any) -> None:
        raise CallTimedOut(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def canonical_form(document: bytes) -> bytes:
    """Exclusive C14N of a document, so that a round trip is compared by content, not by formatting."""
    root = parse_untrusted(document)
    for comment in root.xpath("//comment()"):
        parent = comment.getparent()
        if parent is not None:
            parent.remove(comment)
    return etree.tostring(root, method="c14n2", strip_text=True)


def accept(registry: SchemaRegistry, adapter: Adapter, canonical: bytes) -> Record:
    """What ingest checks of an adapter's output: parse, schema, rules, that it speaks for its own pillar."""
    root = parse_untrusted(canonical)
    schema, issues = registry.validate(root)
    if not issues:
        issues = check_rules(root, schema)
    if issues:
        raise InvalidRecord(issues)
    record = record_from_valid(root, canonical, schema.record_type, schema.version)
    if record.source_system != adapter.name or record.source_pillar != adapter.pillar:
        raise PermanentError(
            f"header says {record.source_system}/{record.source_pillar}, adapter is {adapter.name}/{adapter.pillar}"
        )
    if record.record_type not in adapter.produces:
        raise PermanentError(f"decoded a {record.record_type}, which the adapter does not declare it produces")
    return record


def check_adapter(
    adapter: Adapter,
    registry: SchemaRegistry,
    samples_dir: Path | None,
    *,
    examples: int = 200,
    seed: int = 0,
) -> Report:
    report = Report(adapter.name)
    report.checks.append(_check_description(adapter, registry))
    samples = sorted(p for p in samples_dir.iterdir() if p.is_file()) if samples_dir and samples_dir.is_dir() else []
    decoded_check = Check(f"samples decode into valid records ({len(samples)} files)")
    report.checks.append(decoded_check)
    produced: list[tuple[Path, bytes, Record]] = []
    if not samples:
        decoded_check.fail(f"no sample files in {samples_dir}")
    for path in samples:
        native = path.read_bytes()
        items = _call(decoded_check, f"{path.name}: decode", lambda native=native: adapter.decode(native))
        if items is None:
            continue
        again = _call(decoded_check, f"{path.name}: decode again", lambda native=native: adapter.decode(native))
        if again is not None and [_as_bytes(i) for i in again] != [_as_bytes(i) for i in items]:
            decoded_check.fail(f"{path.name}: decoding the same bytes twice gave different output")
        if not items:
            decoded_check.fail(f"{path.name}: no records decoded")
        for index, item in enumerate(items, start=1):
            if isinstance(item, AdapterError):
                decoded_check.fail(f"{path.name} record {index}: refused: {item}")
                continue
            try:
                produced.append((path, item, accept(registry, adapter, item)))
            except PermanentError as exc:
                decoded_check.fail(f"{path.name} record {index}: {exc}")
    seen_types = {record.record_type for _, _, record in produced}
    missing = sorted(set(adapter.produces) - seen_types)
    if samples and missing:
        decoded_check.fail(f"no sample produces {', '.join(missing)}")
    report.checks.append(_check_round_trips(adapter, registry, produced))
    if samples:
        report.checks.append(_check_hostile(adapter, [p.read_bytes() for p in samples], examples, seed))
    report.checks.append(_check_hostile_canonical(adapter, registry))
    return report


def _as_bytes(item: bytes | AdapterError) -> bytes:
    return item if isinstance(item, bytes) else str(item).encode()


def _call(check: Check, what: str, call: Callable[[], Any]) -> Any:
    try:
        with time_limit(CALL_LIMIT_S):
            return call()
    except AdapterError as exc:
        check.fail(f"{what}: {exc}")
    except CallTimedOut as exc:
        check.fail(f"{what}: hang: {exc}")
    except Exception as exc:
        check.fail(f"{what}: crashed with {type(exc).__name__}: {exc}")
    return None


def _check_description(adapter: Adapter, registry: SchemaRegistry) -> Check:
    check = Check("describes itself (name, pillar, version, produces, consumes)")
    for attribute in ("name", "pillar", "version", "produces", "consumes"):
        if not hasattr(adapter, attribute):
            check.fail(f"missing attribute {attribute!r}")
            return check
    if adapter.pillar not in PILLARS:
        check.fail(f"pillar {adapter.pillar!r} is not one of {', '.join(PILLARS)}")
    known = {s.record_type for s in registry.schemas()}
    for kind, types in (("produces", adapter.produces), ("consumes", adapter.consumes)):
        for record_type in sorted(set(types) - known):
            check.fail(f"{kind} {record_type!r}, which no schema defines")
    if not adapter.produces and not adapter.consumes:
        check.fail("neither produces nor consumes any record type")
    return check


def _check_round_trips(adapter: Adapter, registry: SchemaRegistry, produced: list[tuple[Path, bytes, Record]]) -> Check:
    check = Check("canonical -> native -> canonical is lossless")
    cases: list[tuple[str, bytes, str]] = [
        (f"{path.name} ({record.record_type})", canonical, record.record_type) for path, canonical, record in produced
    ]
    for record_type in sorted(adapter.consumes):
        try:
            example = registry.get(record_type, "v1").path.parent / "examples" / f"{record_type}.xml"
        except PermanentError:
            continue
        if example.is_file():
            cases.append((f"schema example {record_type}", example.read_bytes(), record_type))
    for label, canonical, record_type in cases:
        native = _call(check, f"{label}: encode", lambda c=canonical, t=record_type: adapter.encode(c, t))
        if native is None:
            continue
        if not isinstance(native, NativeDocument) or not isinstance(native.content, bytes):
            check.fail(f"{label}: encode returned {type(native).__name__}, not a NativeDocument")
            continue
        if record_type not in adapter.produces:
            continue  # a consumed type need only encode; decoding it back is the receiving system's business
        back = _call(check, f"{label}: decode of the encoded form", lambda n=native: adapter.decode(n.content))
        if back is None:
            continue
        if len(back) != 1 or not isinstance(back[0], bytes):
            check.fail(f"{label}: the encoded form decodes to {len(back)} item(s): {back[:1]}")
            continue
        if canonical_form(back[0]) != canonical_form(canonical):
            check.fail(f"{label}: the round trip changed the record")
    if not cases:
        check.fail("nothing to round-trip: no decodable samples and no consumed type with a schema example")
    return check


def _mutations(samples: list[bytes]) -> st.SearchStrategy[bytes]:
    sample = st.sampled_from(samples)

    def cut(data: bytes, at: int, length: int) -> bytes:
        at %= max(len(data), 1)
        return data[:at] + data[at + length :]

    def insert(data: bytes, at: int, junk: bytes) -> bytes:
        at %= max(len(data), 1)
        return data[:at] + junk + data[at:]

    def flip(data: bytes, at: int, value: int) -> bytes:
        if not data:
            return data
        at %= len(data)
        return data[:at] + bytes([value]) + data[at + 1 :]

    position = st.integers(min_value=0, max_value=1 << 20)
    junk = st.one_of(
        st.binary(max_size=64),
        st.text(max_size=32).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from(
            [
                b"<",
                b">",
                b"&",
                b'"',
                b"{",
                b"}",
                b"[",
                b"]",
                b",",
                b"\x00",
                b"31/02/2024",
                b"99/99/9999",
                b"u/s 999 IPC",
                b"-1",
                b"1e309",
                b"null",
                b"\xef\xbb\xbf",
                b"\r\n",
                b"</",
                b"<!--",
                b"\\u0000",
            ]
        ),
    )
    return st.one_of(
        st.binary(max_size=512),
        st.builds(cut, sample, position, st.integers(min_value=1, max_value=200)),
        st.builds(insert, sample, position, junk),
        st.builds(flip, sample, position, st.integers(min_value=0, max_value=255)),
        st.builds(lambda data, at: data[: at % max(len(data), 1)], sample, position),
    )


def _check_hostile(adapter: Adapter, samples: list[bytes], examples: int, seed: int) -> Check:
    check = Check(f"hostile and garbled native input: records or a clean AdapterError ({examples} cases)")

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(_mutations(samples))
    def one(native: bytes) -> None:
        started = time.perf_counter()
        try:
            with time_limit(CALL_LIMIT_S):
                items = adapter.decode(native)
        except AdapterError as exc:
            if not str(exc).strip() or (exc.field is None and exc.line is None):
                raise AssertionError(f"AdapterError names neither field nor line: {exc!r}") from None
            return
        except CallTimedOut:
            raise AssertionError(f"decode hung on {native[:80]!r}") from None
        for item in items:
            if isinstance(item, AdapterError):
                if item.field is None and item.line is None:
                    raise AssertionError(f"AdapterError names neither field nor line: {item!r}")
            elif not isinstance(item, bytes):
                raise AssertionError(f"decode returned {type(item).__name__}, not bytes or AdapterError")
        if time.perf_counter() - started > CALL_LIMIT_S:
            raise AssertionError("decode took too long")

    try:
        one()
    except Exception as exc:  # hypothesis re-raises the shrunk failure
        check.fail(f"{type(exc).__name__}: {str(exc)[:300]}")
    return check


def _check_hostile_canonical(adapter: Adapter, registry: SchemaRegistry) -> Check:
    check = Check("encode refuses garbled canonical input with a clean AdapterError")
    types = sorted(set(adapter.produces) | set(adapter.consumes))
    garbled = [b"", b"not xml", b"<Nope xmlns='urn:icjs:record:v1'/>", b"<a>" * 300]
    for record_type in types:
        for document in garbled:
            try:
                with time_limit(CALL_LIMIT_S):
                    adapter.encode(document, record_type)
                check.fail(f"encode({document[:20]!r}, {record_type}) accepted garbage")
            except AdapterError:
                pass
            except CallTimedOut:
                check.fail(f"encode({document[:20]!r}, {record_type}) hung")
            except Exception as exc:
                check.fail(f"encode({document[:20]!r}, {record_type}) crashed: {type(exc).__name__}: {exc}")
    return check
