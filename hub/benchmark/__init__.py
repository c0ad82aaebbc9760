"""``icjs-hub bench``: the hub end to end against raw RabbitMQ on the same broker, in one run.

- raw baseline: pika, persistent, asynchronous confirms, a quorum queue, publisher and consumer processes;
- the hub: the pillars' native documents -> ingest (adapter, validation, audit, publish) -> delivery worker
  processes -> file outboxes -> audited, at the maximum rate and at offered rates, with 1, 2 and 4 worker
  processes and with 1 and 5 subscribers per record;
- validation against raw lxml and the audit log's append rate, from bench/validate.py and bench/audit.py.

Everything runs in a RabbitMQ vhost and a data directory of the bench's own, both deleted afterwards. The last
line of the report is ``e2e_vs_raw=<ratio> p99_ms_at_1000=<ms> validate_vs_lxml=<ratio> rss_growth_pct=<pct>``.
Importing this package is cheap (argparse only); the bench's own imports happen when it runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from hub.benchmark.options import add_arguments

__all__ = ["add_arguments", "run_bench"]


def run_bench(args: argparse.Namespace, out: Callable[[str], None] | None = None) -> int:
    """Run the bench ``args`` describes (see add_arguments) and print its report; 0 when every run completed,
    1 when one did not deliver everything, 2 on a bad option, 3 when the bench could not run."""
    from hub.benchmark.main import run_bench as run

    return run(args, out)
