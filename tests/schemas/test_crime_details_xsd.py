"""schemas/v1/crime-details.xsd (IIF-II) and its example, validated as the hub validates: the schema registry on a
hardened parse, then the rules a schema cannot say."""

from __future__ import annotations

from functools import partial

import pytest

from hub.record import read_case_keys
from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "crime-details"
ROOT = "CrimeDetails"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_schema_is_documented_and_declares_one_prefixed_root() -> None:
    # Given crime-details.xsd
    # Then it declares exactly one global element, the record's root
    # And every type it defines carries the root's name, so no two record schemas define the same type
    h.assert_declares_one_root(h.xsd_path(RECORD_TYPE), ROOT)
    # And every type, element and attribute is documented, as `schemas show` prints it
    h.assert_documented(h.xsd_path(RECORD_TYPE), described=True)


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    # When the hub validates it: schema first, then its rules
    # Then it is selected as a crime-details record and has no issue of either kind
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


_victim_twice = h.duplicate("r:Victim")


def test_the_example_is_of_the_fir_registered_examples_case() -> None:
    # Given this example and the fir-registered example
    root = example()
    fir = h.fir_example()
    # Then both link to the same FIR, and the RecordId is the one the hub derives
    assert read_case_keys(root).fir_key == read_case_keys(fir).fir_key == "6-60-PS0031-2024-412"
    h.assert_header_from(root, RECORD_TYPE, "cas", "police")


@pytest.mark.parametrize(
    ("change", "reason", "path"),
    [
        pytest.param(
            h.set_attribute("r:Victim", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref 'CrimeDetailsVictimRef'",
            None,  # libxml2 reports a keyref at the end of the root, without a path
            id="dangling-victim-ref",
        ),
        pytest.param(
            _victim_twice,
            "Duplicate key-sequence ['P1'] in unique identity-constraint 'CrimeDetailsVictimPerson'",
            "/CrimeDetails/Victim[2]",
            id="victim-twice",
        ),
        pytest.param(
            h.set_text("r:PlaceOfOccurrence/r:Kind", "jungle"),
            "[facet 'enumeration'] The value 'jungle' is not an element of the set",
            "/CrimeDetails/PlaceOfOccurrence/Kind",
            id="unknown-place-kind",
        ),
        pytest.param(
            h.set_text("r:Motive/r:Kind", "greed"),
            "[facet 'enumeration'] The value 'greed' is not an element of the set",
            "/CrimeDetails/Motive/Kind",
            id="unknown-motive",
        ),
        pytest.param(
            h.set_text("r:SceneVisit/r:VisitedAt", "2024-08-03T12:15:00"),
            "[facet 'pattern'] The value '2024-08-03T12:15:00' is not accepted",
            "/CrimeDetails/SceneVisit/VisitedAt",
            id="scene-visit-without-offset",
        ),
        pytest.param(
            h.remove("r:CrimeHead/r:MajorHead"),
            "Element 'MinorHead': This element is not expected. Expected is ( MajorHead ).",
            "/CrimeDetails/CrimeHead/MinorHead",
            id="major-head-missing",
        ),
        pytest.param(
            h.remove("r:Header/r:CaseKeys/r:FirKey"),
            "Element 'CaseKeys': Missing child element(s). Expected is ( FirKey ).",
            "/CrimeDetails/Header/CaseKeys",
            id="fir-key-missing",
        ),
        pytest.param(
            h.set_text("r:Header/r:RecordType", "fir-registered"),
            "does not match the fixed value constraint 'crime-details'",
            "/CrimeDetails/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            h.set_text("r:Header/r:SourceRecordId", "6-60-PS0031-2024-413"),
            "is not the id of this source record",
            "/CrimeDetails/Header/RecordId",
            id="record-id-of-another-fir",
        ),
        pytest.param(
            h.set_text("r:Charges/r:Charge/r:Statute", "IPC"),
            "an offence on 2024-08-02 falls under BNS, not IPC",
            "/CrimeDetails/Charges/Charge/Statute",
            id="ipc-for-an-offence-after-july-2024",
        ),
        pytest.param(
            h.set_text("r:Property/r:Item/r:ValueInr", "45000.505"),
            "[facet 'fractionDigits'] The value '45000.505' has more fractional digits than are allowed ('2')",
            "/CrimeDetails/Property/Item[1]/ValueInr",
            id="value-with-three-decimals",
        ),
    ],
)
def test_an_invalid_variant_fails_for_its_reason(
    registry: SchemaRegistry, change: h.Change, reason: str, path: str | None
) -> None:
    # Given the valid example with one thing broken
    # When the hub validates it
    # Then it is refused, for that reason and at that place
    h.assert_refused(h.hub_issues(registry, h.changed(example(), change)), reason, path)


def test_the_optional_parts_may_be_left_out(registry: SchemaRegistry) -> None:
    # Given the example without persons, victims, property and sketch (an offence against no one in particular)
    paths = ("r:Persons", "r:Victim", "r:Property", "r:Sketch", "r:SceneVisit/r:Observations")
    root = h.changed(example(), *(h.remove(path) for path in paths))
    # When it is validated
    # Then it is still a valid record
    assert h.hub_issues(registry, root) == []
