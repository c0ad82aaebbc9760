"""Generate synthetic cases and their canonical records: the pure core behind ``icjs-hub samples generate``."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from hub.samples.canonical import CanonicalRecord, records_of
from hub.samples.lifecycle import Case, World, allocate, simulate


def generate_cases(count: int, seed: int) -> list[Case]:
    """``count`` case lifecycles for ``seed``; the same arguments always give the same cases."""
    if count < 0:
        raise ValueError("the number of cases cannot be negative")
    world = World(seed)
    cases = [simulate(world, index) for index in range(1, count + 1)]
    allocate(serial for case in cases for serial in case.serials)
    return cases


def generate_canonical(
    count: int, seed: int, *, progress: Callable[[int, int], None] | None = None
) -> Iterator[CanonicalRecord]:
    """Every canonical record of ``count`` cases, case by case, each case's in timeline order."""
    cases = generate_cases(count, seed)
    for done, case in enumerate(cases, start=1):
        yield from records_of(case)
        if progress is not None:
            progress(done, len(cases))
