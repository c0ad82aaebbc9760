"""What the bench ingests: native documents from the pillars' own formats, one record each.

- ``samples``: coherent case lifecycles from ``hub.samples`` (all five producing adapters: cas, trakea,
  eprosecution, ecourts, eprisons), each record encoded into its producing pillar's native form;
- ``cas``: CCTNS CAS FIR exports made from the shipped Faridabad sample, one FIR per export, distinct by FIR
  serial (and police station beyond 999,999), as tests/hub/fixtures.py makes them. Cheap enough to make on the
  fly, so the --long run streams them instead of holding a million documents in memory.
"""

from __future__ import annotations

import itertools
import pickle
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import adapters.cas

CAS_SAMPLE = Path(adapters.cas.__file__).resolve().parent / "samples" / "fir-faridabad-theft-2024.xml"
_FIR_NO = re.compile(r"<FIR_NO>\d+/2024</FIR_NO>")
_PS_CD = "<PS_CD>PS0031</PS_CD>"
_MAX_SERIAL = 999_999  # CAS FIR serials run 1 to 999999 per station and year


@dataclass(frozen=True)
class Doc:
    """One native document holding one record."""

    adapter: str
    source: str
    native: bytes
    record_type: str


@dataclass
class Workload:
    kind: str  # "samples" or "cas"
    docs: list[Doc]
    mean_record_bytes: int  # mean size of the canonical records (what the hub publishes)
    types: Counter[str] = field(default_factory=Counter)  # record type -> records
    adapters: Counter[str] = field(default_factory=Counter)  # adapter -> documents

    def save(self, path: Path) -> None:
        """One pickle per document, so that a run reads only the documents it ingests, one at a time."""
        with path.open("wb") as handle:
            for doc in self.docs:
                pickle.dump(doc, handle, protocol=pickle.HIGHEST_PROTOCOL)


def read_docs(path: Path, limit: int) -> Iterator[Doc]:
    """The first ``limit`` documents of a saved workload, read as they are needed."""
    with path.open("rb") as handle:
        for _ in range(limit):
            try:
                doc = pickle.load(handle)
            except EOFError:
                return
            yield doc


def _fir_block() -> str:
    text = CAS_SAMPLE.read_text(encoding="utf-8")
    start, end = text.index("<FIR_DETAILS>"), text.index("</FIR_DETAILS>") + len("</FIR_DETAILS>")
    block = text[start:end]
    if not _FIR_NO.search(block) or _PS_CD not in block:
        raise RuntimeError(f"{CAS_SAMPLE} changed shape: no FIR_NO n/2024 or PS_CD PS0031 to vary")
    return block


def cas_docs(start: int = 0) -> Iterator[Doc]:
    """An endless stream of one-FIR CAS exports, each a distinct FIR (serial, then police station)."""
    block = _fir_block()
    for n in itertools.count(start):
        station, serial = divmod(n, _MAX_SERIAL)
        fir = _FIR_NO.sub(f"<FIR_NO>{serial + 1}/2024</FIR_NO>", block)
        if station:
            fir = fir.replace(_PS_CD, f"<PS_CD>PS{(31 + station) % 10_000:04d}</PS_CD>")
        native = f'<?xml version="1.0" encoding="UTF-8"?>\n<CAS_EXPORT VERSION="1.0">\n{fir}\n</CAS_EXPORT>\n'
        yield Doc("cas", f"bench-fir-{n + 1}.xml", native.encode(), "fir-registered")


def _canonical_size(doc: Doc) -> int:
    from hub.plugins import AdapterRegistry

    adapter = AdapterRegistry.from_entry_points().get(doc.adapter)
    return sum(len(item) for item in adapter.decode(doc.native) if isinstance(item, bytes))


def cas_workload(count: int) -> Workload:
    docs = list(itertools.islice(cas_docs(), count))
    size = _canonical_size(docs[0]) if docs else 0
    return Workload("cas", docs, size, Counter({"fir-registered": len(docs)}), Counter({"cas": len(docs)}))


def samples_available() -> str | None:
    """None when hub.samples can make native lifecycles with the installed adapters; else why not."""
    try:
        from hub.plugins import AdapterRegistry
        from hub.samples.writer import producing_adapters

        producing_adapters(AdapterRegistry.from_entry_points())
    except Exception as exc:  # a missing or half-written generator must not stop the bench
        return f"{type(exc).__name__}: {exc}"
    return None


def samples_workload(count: int, seed: int = 2026) -> Workload:
    """At least ``count`` records of generated case lifecycles (whole cases), as native documents."""
    from hub.plugins import AdapterRegistry
    from hub.samples.generate import generate_canonical
    from hub.samples.writer import encode, producing_adapters

    adapters = producing_adapters(AdapterRegistry.from_entry_points())
    cases = max(1, count // 15 + 1)
    while True:
        records = list(generate_canonical(cases, seed))
        if len(records) >= count:
            break
        cases = cases * 2
    docs = []
    sizes = 0
    types: Counter[str] = Counter()
    used: Counter[str] = Counter()
    for record in records:
        adapter = adapters[record.record_type]
        native = encode(adapter, record)
        source = f"{record.case_id}-{record.sequence:03d}-{record.record_type}.{native.extension}"
        docs.append(Doc(adapter.name, source, native.content, record.record_type))
        sizes += len(record.content)
        types[record.record_type] += 1
        used[adapter.name] += 1
    return Workload("samples", docs, sizes // max(len(records), 1), types, used)
