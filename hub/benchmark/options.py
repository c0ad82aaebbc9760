"""The options of ``icjs-hub bench`` and ``python bench/e2e.py``. Only argparse here: the CLI builds its parser
with them on every invocation, and must not pay for the bench's imports to do so."""

from __future__ import annotations

import argparse
from pathlib import Path


def _int_list(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of whole numbers") from None
    if not values or any(v <= 0 for v in values):
        raise argparse.ArgumentTypeError(f"{text!r}: every value must be positive")
    return values


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``icjs-hub bench`` (and ``python bench/e2e.py``)."""
    add = parser.add_argument
    add("--smoke", action="store_true", help="a run of seconds that only proves the bench works (few records)")
    add("--long", action="store_true", help="add a run of --long-records CAS FIRs that measures RSS growth")
    add("--long-records", type=int, default=1_000_000, metavar="N", help="records in the --long run (1,000,000)")
    add("--records", type=int, default=None, metavar="N", help="records per max-rate run (3,000; smoke 60)")
    add(
        "--rates",
        type=_int_list,
        default=None,
        metavar="R,R",
        help="offered rates, records/s (500,1000,2000; smoke 1000)",
    )
    add("--seconds", type=float, default=None, metavar="S", help="length of each offered-rate run (10; smoke 0.1)")
    add(
        "--workers",
        type=_int_list,
        default=None,
        metavar="N,N",
        help="delivery worker processes to compare; the first serves every other run (1,2,4; smoke 1)",
    )
    add(
        "--ingest-threads",
        type=int,
        default=16,
        metavar="N",
        help="threads calling the ingestor, as concurrent API requests do; they share audit transactions (16)",
    )
    add(
        "--max-behind",
        type=float,
        default=5.0,
        metavar="S",
        help="stop offering once the hub is S seconds of deliveries behind the offered rate (5)",
    )
    add(
        "--workload",
        choices=("samples", "cas"),
        default=None,
        help="generated lifecycles from all five adapters, or CAS FIR exports (samples when hub.samples works)",
    )
    add("--seed", type=int, default=2026, help="seed of the generated lifecycles (2026)")
    add(
        "--raw-messages", type=int, default=None, metavar="N", help="messages in the raw baseline (30,000; smoke 1,000)"
    )
    add("--amqp-url", default=None, metavar="URL", help="the broker; its vhost is ignored (ICJS_AMQP_URL)")
    add("--profile", type=Path, default=None, metavar="DIR", help="also py-spy a max-rate run into DIR and summarise")
    add("--keep", type=Path, default=None, metavar="DIR", help="keep the data directories and logs in DIR")
