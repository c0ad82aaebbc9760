"""Generated samples shared by the tests of this package: generating is deterministic, so once is enough."""

from __future__ import annotations

from collections import defaultdict

import pytest
from lxml import etree

from hub.samples.canonical import CanonicalRecord, records_of
from hub.samples.generate import generate_cases
from hub.samples.lifecycle import Case

NS = {"r": "urn:icjs:record:v1"}


class Sample:
    """Cases, their canonical records, and those records parsed, case by case."""

    def __init__(self, count: int, seed: int) -> None:
        self.cases: list[Case] = generate_cases(count, seed)
        self.records: list[CanonicalRecord] = [r for case in self.cases for r in records_of(case)]
        self.by_case: dict[str, list[tuple[CanonicalRecord, etree._Element]]] = defaultdict(list)
        for record in self.records:
            self.by_case[record.case_id].append((record, etree.fromstring(record.content)))


@pytest.fixture(scope="session")
def sample_200() -> Sample:
    return Sample(200, 1)


@pytest.fixture(scope="session")
def sample_500() -> Sample:
    return Sample(500, 3)
