"""The demo_courts adapter: the hub's conformance kit passes, the round trip is lossless, refusals name the member."""

from __future__ import annotations

import json
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from adapters.base import AdapterError
from hub.conformance import canonical_form, check_adapter
from hub.schemas import SchemaRegistry

from icjs_adapter_demo_courts import NAME, Adapter

SAMPLES = sorted(Adapter.samples_dir.glob("*.json"))


def test_the_hub_conformance_kit_passes() -> None:
    # Given the adapter and its samples
    adapter = Adapter()
    # When the conformance kit behind `icjs-hub adapters check` runs on it
    report = check_adapter(adapter, SchemaRegistry(), adapter.samples_dir, examples=50)
    # Then every check passes
    assert report.passed, "\n".join(report.lines())


def test_the_adapter_is_installed_under_its_name() -> None:
    # Given the package installed (pip install -e .)
    # When the hub looks up its entry points
    found = entry_points(group="icjs_hub.adapters", name=NAME)
    # Then this adapter is among them
    assert [ep.load()().name for ep in found] == [NAME]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
def test_every_sample_hearing_survives_encode_and_decode(sample: Path) -> None:
    # Given the records of a sample
    adapter = Adapter()
    records = adapter.decode(sample.read_bytes())
    assert records
    for record in records:
        assert isinstance(record, bytes), record
        # When a record is encoded and the result decoded again
        [again] = adapter.decode(adapter.encode(record, "hearing-recorded").content)
        # Then it is the same record
        assert isinstance(again, bytes)
        assert canonical_form(again) == canonical_form(record)


def test_a_bad_value_costs_only_its_hearing_and_names_its_json_pointer() -> None:
    # Given a sample of several hearings whose first hearing has a stage that does not exist
    document = max((json.loads(path.read_bytes()) for path in SAMPLES), key=lambda d: len(d["hearings"]))
    assert len(document["hearings"]) > 1
    document["hearings"][0]["stage"] = "lunch"
    # When it is decoded
    results = Adapter().decode(json.dumps(document).encode())
    # Then that hearing is refused, naming the member, and the other hearings are not
    assert isinstance(results[0], AdapterError)
    assert results[0].field == "/hearings/0/stage"
    assert all(isinstance(result, bytes) for result in results[1:])


def test_a_document_that_is_not_json_is_refused_naming_the_line() -> None:
    # Given bytes that are not JSON / When they are decoded / Then the refusal names the document and the line
    with pytest.raises(AdapterError) as refused:
        Adapter().decode(b'{\n  "format": "icjs-hearings/1",\n  "hearings": [\n}')
    assert refused.value.field == "document"
    assert refused.value.line == 4
