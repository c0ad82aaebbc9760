"""The hub's parts beside their raw libraries, from the existing benches: validation against raw lxml
(bench/validate.py's ``measure``) and audit appends against raw sqlite3 inserts (bench/audit.py's rows and raw
insert), plus the append rate of one event per transaction, which is how the hub path appends."""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from hub.audit.signing import Signer
from hub.audit.sql import SqlAuditStore
from hub.benchmark.system import BenchError

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"


def _bench_module(name: str) -> ModuleType:
    """bench/<name>.py of this checkout (the bench scripts are not a package)."""
    path = BENCH_DIR / f"{name}.py"
    if not path.is_file():
        raise BenchError(f"{path} not found: `icjs-hub bench` runs from a checkout of the repository")
    module_name = f"_icjs_bench_{name}"
    module = sys.modules.get(module_name)
    if module is None:
        spec = importlib.util.spec_from_file_location(module_name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Validation:
    docs: int
    mean_bytes: float
    raw_per_s: float  # lxml parse + XMLSchema.validate
    hub_xsd_per_s: float  # hardened parse + schema registry + XSD
    hub_full_per_s: float  # ... + the rules no schema can say

    @property
    def ratio(self) -> float:
        return self.hub_xsd_per_s / self.raw_per_s


def validation(seconds: float, repeats: int = 1) -> Validation:
    """bench/validate.py's measurement ``repeats`` times, keeping the one with the median XSD ratio: raw and hub
    are timed one after the other, so a neighbour's burst of load can skew a single pair."""
    measure = _bench_module("validate").measure
    runs = sorted((measure(seconds) for _ in range(max(repeats, 1))), key=lambda r: r["hub_xsd"] / r["raw"])
    r = runs[len(runs) // 2]
    return Validation(int(r["docs"]), r["mean_bytes"], r["raw"], r["hub_xsd"], r["hub_full"])


@dataclass(frozen=True)
class AuditAppend:
    events: int
    batch: int
    raw_rows_per_s: float  # sqlite3 executemany, same PRAGMAs
    batched_per_s: float  # SqlAuditStore.append, ``batch`` events per transaction
    single_per_s: float  # SqlAuditStore.append, one event per transaction (the hub path's shape)


def audit_append(events: int, batch: int, single: int) -> AuditAppend:
    audit = _bench_module("audit")
    with tempfile.TemporaryDirectory(prefix="icjs-bench-audit-") as tmp:
        tmp_path = Path(tmp)
        raw = audit.raw_insert_rate(tmp_path / "raw.db", events, batch)
        store = SqlAuditStore(
            f"sqlite:///{tmp_path}/audit.db",
            signer=Signer(tmp_path / "keys"),
            checkpoint_every=10_000,
            checkpoint_interval_s=3600,
        )
        try:
            store.append(audit._events(1))  # open the store and make its tables outside the timing
            start = time.perf_counter()
            for b in range(0, events, batch):
                store.append(audit._events(batch, b))
            batched = events / (time.perf_counter() - start)
            start = time.perf_counter()
            for b in range(single):
                store.append(audit._events(1, b))
            one = single / (time.perf_counter() - start)
        finally:
            store.close()
    return AuditAppend(events, batch, raw, batched, one)
