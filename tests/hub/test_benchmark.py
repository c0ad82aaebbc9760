"""`icjs-hub bench`: the smoke run goes end to end against the real broker and prints its report, whose last line
is the summary. Only the report's shape is checked, never a speed: speeds belong to the full run, on a quiet
machine, not to CI."""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path

import pytest

from hub.benchmark import add_arguments, run_bench
from hub.benchmark.hubrun import Percentiles
from hub.benchmark.profiling import read_profile
from hub.benchmark.workload import cas_docs

SUMMARY = re.compile(
    r"^e2e_vs_raw=(?P<e2e>\S+) p99_ms_at_1000=(?P<p99>\S+) validate_vs_lxml=(?P<validate>\S+) "
    r"rss_growth_pct=(?P<rss>\S+)$"
)


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.mark.broker
def test_the_smoke_run_reports_every_part_and_ends_with_the_summary_line(capsys: pytest.CaptureFixture[str]) -> None:
    # When the smoke bench runs (its own vhost and data directory, deleted afterwards)
    code = run_bench(_args("--smoke"))
    out = capsys.readouterr().out
    # Then it completed, and reported the raw baseline, the hub at full speed and at an offered rate, and the
    # validation and audit figures
    assert code == 0, out
    lines = out.rstrip("\n").splitlines()
    assert any(line.startswith("raw baseline:") for line in lines), out
    assert any(line.strip().startswith("max rate, 1w") for line in lines), out
    assert any(line.strip().startswith("1000/s, 1w") for line in lines), out
    assert any(line.startswith("validation,") for line in lines), out
    assert any(line.startswith("audit append on SQLite:") for line in lines), out
    assert "INCOMPLETE" not in out and "REPEATS" not in out
    # And its last line is the summary, every figure a finite number (RSS growth may be negative)
    match = SUMMARY.match(lines[-1])
    assert match, lines[-1]
    figures = {name: float(value) for name, value in match.groupdict().items()}
    assert all(math.isfinite(v) for v in figures.values()), figures
    assert figures["e2e"] > 0 and figures["p99"] > 0 and figures["validate"] > 0, figures


def test_bad_options_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_bench(_args("--smoke", "--records", "0")) == 2
    assert "--records must be positive" in capsys.readouterr().err


def test_percentiles_are_nearest_rank_in_milliseconds() -> None:
    p = Percentiles.of([i / 1000 for i in range(1, 101)])  # 1 ms .. 100 ms
    assert (p.count, p.p50_ms, p.p99_ms, p.max_ms) == (100, 50.0, 99.0, 100.0)
    assert math.isnan(Percentiles.of([]).p99_ms)


def test_cas_fir_exports_stay_distinct_past_the_last_serial_of_a_station() -> None:
    stream = cas_docs(start=999_997)
    docs = [next(stream) for _ in range(4)]
    assert b"<FIR_NO>999998/2024</FIR_NO>" in docs[0].native
    assert b"<FIR_NO>1/2024</FIR_NO>" in docs[2].native and b"<PS_CD>PS0032</PS_CD>" in docs[2].native
    assert len({doc.native for doc in docs}) == 4


def test_a_py_spy_raw_profile_is_read_per_function_self_and_inclusive(tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text(
        "run (/x/hub/delivery.py:10);write (/x/hub/outbox.py:30) 3\n"
        "run (/x/hub/delivery.py:12);append (/x/lib/python3.11/site-packages/sqlalchemy/engine.py:5) 1\n",
        encoding="utf-8",
    )
    profile = read_profile(raw)
    assert profile.samples == 4
    assert profile.top(1) == [("write (hub/outbox.py)", 75.0)]
    assert profile.top(1, inclusive=True) == [("run (hub/delivery.py)", 100.0)]
