"""Generated samples through the real adapters: encoded into each pillar's native form, decoded back, and put
through what ingest checks (hub.conformance.accept: parse, schema, rules, the adapter speaks for its pillar)."""

from __future__ import annotations

from collections import Counter

import pytest

from adapters.base import AdapterError
from hub.conformance import accept, canonical_form
from hub.errors import PermanentError
from hub.plugins import AdapterRegistry
from hub.samples.canonical import PRODUCER
from hub.samples.writer import producing_adapters
from hub.schemas import SchemaRegistry
from tests.hub.samples.conftest import Sample


@pytest.fixture(scope="module")
def adapters() -> AdapterRegistry:
    return AdapterRegistry.from_entry_points()


def test_every_record_type_has_an_installed_producing_adapter(adapters: AdapterRegistry) -> None:
    # Given the installed adapters
    # When the samples look for the producer of each record type
    found = producing_adapters(adapters)
    # Then there is one for every type, and it is the system the records name as their source
    assert {record_type: adapter.name for record_type, adapter in found.items()} == PRODUCER


def test_generated_native_files_for_200_cases_ingest_with_zero_refusals(
    sample_200: Sample, adapters: AdapterRegistry
) -> None:
    # Given the canonical records of 200 cases and the adapter that produces each type
    schemas = SchemaRegistry()
    producers = producing_adapters(adapters)
    refusals: list[str] = []
    accepted: Counter[str] = Counter()
    changed: list[str] = []
    for record in sample_200.records:
        adapter = producers[record.record_type]
        where = f"{record.case_id}-{record.sequence:03d} {record.record_type} ({adapter.name})"
        # When each is written in its pillar's native form and that file is decoded as ingest decodes it
        native = adapter.encode(record.content, record.record_type)
        items = adapter.decode(native.content)
        if len(items) != 1:
            refusals.append(f"{where}: the native file holds {len(items)} records, not 1")
        for item in items:
            if isinstance(item, AdapterError):
                refusals.append(f"{where}: refused by the adapter: {item}")
                continue
            try:
                decoded = accept(schemas, adapter, item)
            except PermanentError as exc:
                refusals.append(f"{where}: refused by the hub: {exc}")
                continue
            accepted[decoded.record_type] += 1
            if decoded.record_id != record.record_id or canonical_form(item) != canonical_form(record.content):
                changed.append(where)
    # Then the hub accepts every one of them (the bar: 0 refusals)
    assert refusals == []
    assert sum(accepted.values()) == len(sample_200.records)
    assert len(accepted) == 16
    # and what it accepts is the record that was generated, unchanged by the trip through the native form
    assert changed == []
