"""The hub end to end against raw RabbitMQ, validation against raw lxml, audit append rate: ``icjs-hub bench``.

    .venv/bin/python bench/e2e.py [--smoke] [--long] [--profile DIR] ...   (--help for every option)

Targets (issue 8), on a 2-core machine: e2e_vs_raw >= 0.33, p99 <= 50 ms at 1,000 records/s, validate_vs_lxml
>= 0.8, RSS growth < 10% across 1M records (--long). The last line is
``e2e_vs_raw=<ratio> p99_ms_at_1000=<ms> validate_vs_lxml=<ratio> rss_growth_pct=<pct>``.
"""

from __future__ import annotations

import argparse
import sys

from hub.benchmark import add_arguments, run_bench


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run_bench(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
