"""schemas/v1/forensic-request.xsd (police to forensic lab) and its example, validated as the hub validates: the
schema registry on a hardened parse, then the rules a schema cannot say."""

from __future__ import annotations

from functools import partial

import pytest

from hub.record import read_case_keys
from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "forensic-request"
ROOT = "ForensicRequest"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    # When the hub validates it: schema first, then its rules
    # Then it is selected as a forensic-request record and has no issue of either kind
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


def _case_key(name: str, value: str) -> h.Change:
    """Add a case key after the FIR key (Cnr and LabCaseNumber both follow FirKey, in that order)."""
    return h.insert("r:Header/r:CaseKeys/r:FirKey", h.element(name, value))


def _collected_from(person_ref: str) -> h.Change:
    return h.insert("r:Exhibits/r:Exhibit[3]", h.element("CollectedFrom", personRef=person_ref), inside=True)


def test_the_example_is_of_the_fir_registered_examples_case() -> None:
    # Given this example and the fir-registered example
    root = example()
    fir = h.fir_example()
    # Then both link to the same FIR, no lab case number is known yet, and the RecordId is the one the hub derives
    keys = read_case_keys(root)
    assert keys.fir_key == read_case_keys(fir).fir_key == "6-60-PS0031-2024-412"
    assert keys.lab_case_number is None
    h.assert_header_from(root, RECORD_TYPE, "cas", "police")


@pytest.mark.parametrize(
    ("change", "reason", "path"),
    [
        pytest.param(
            h.set_attribute("r:Examination[3]", "exhibit", "9"),
            "No match found for key-sequence ['9'] of keyref 'ForensicRequestExaminationExhibit'",
            None,  # libxml2 reports a keyref at the end of the root, without a path
            id="examination-of-an-exhibit-not-sent",
        ),
        pytest.param(
            h.set_attribute("r:Exhibits/r:Exhibit[2]", "number", "1"),
            "Duplicate key-sequence ['1'] in key identity-constraint 'ForensicRequestExhibitNumber'",
            "/ForensicRequest/Exhibits/Exhibit[2]",
            id="exhibit-number-twice",
        ),
        pytest.param(
            h.set_attribute("r:Exhibits/r:Exhibit[1]", "number", "Ex 1"),
            "[facet 'pattern'] The value 'Ex 1' is not accepted by the pattern",
            "/ForensicRequest/Exhibits/Exhibit[1]",
            id="exhibit-number-with-space",
        ),
        pytest.param(
            _collected_from("P1"),
            "No match found for key-sequence ['P1'] of keyref 'ForensicRequestCollectedFromRef'",
            None,
            id="sample-from-a-person-not-named",
        ),
        pytest.param(
            h.set_text("r:Priority", "asap"),
            "[facet 'enumeration'] The value 'asap' is not an element of the set {'normal', 'urgent', 'most-urgent'}",
            "/ForensicRequest/Priority",
            id="unknown-priority",
        ),
        pytest.param(
            h.set_text("r:Examination[1]/r:Discipline", "graphology"),
            "[facet 'enumeration'] The value 'graphology' is not an element of the set",
            "/ForensicRequest/Examination[1]/Discipline",
            id="unknown-discipline",
        ),
        pytest.param(
            _case_key("Cnr", "HRFB0100123420"),
            "[facet 'pattern'] The value 'HRFB0100123420' is not accepted by the pattern",
            "/ForensicRequest/Header/CaseKeys/Cnr",
            id="cnr-malformed",
        ),
        pytest.param(
            h.remove_all("r:Examination"),
            "Element 'ForwardingOfficer': This element is not expected. Expected is ( Examination ).",
            "/ForensicRequest/ForwardingOfficer",
            id="no-examination-requested",
        ),
        pytest.param(
            h.remove("r:Exhibits/r:Exhibit[1]/r:SeizureMemoSerial"),
            "Element 'Description': This element is not expected. Expected is ( SeizureMemoSerial ).",
            "/ForensicRequest/Exhibits/Exhibit[1]/Description",
            id="exhibit-not-traced-to-its-seizure-memo",
        ),
        pytest.param(
            h.set_text("r:Exhibits/r:Exhibit[1]/r:SeizureMemoSerial", "0"),
            "'0' is not a valid value of the atomic type 'ForensicRequestSeizureSerialType'",
            "/ForensicRequest/Exhibits/Exhibit[1]/SeizureMemoSerial",
            id="seizure-serial-zero",
        ),
        pytest.param(
            h.set_text("r:Header/r:RecordType", "forensic-receipt"),
            "does not match the fixed value constraint 'forensic-request'",
            "/ForensicRequest/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            h.set_text("r:Header/r:SourceSystem", "trakea"),
            "is not the id of this source record",
            "/ForensicRequest/Header/RecordId",
            id="record-id-of-another-source",
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


def test_a_further_request_carries_the_lab_case_number(registry: SchemaRegistry) -> None:
    # Given the example as a further request in a case the lab has already registered
    root = h.changed(example(), _case_key("LabCaseNumber", "SFSL-MDB/2024/11873"))
    # When it is validated
    # Then it is valid, and links by the lab case number as well as the FIR key
    assert h.hub_issues(registry, root) == []
    assert read_case_keys(root).lab_case_number == "SFSL-MDB/2024/11873"


def test_the_schema_is_documented_and_declares_one_prefixed_root() -> None:
    # Given forensic-request.xsd
    # Then it declares exactly one global element, the record's root
    # And every type it defines carries the root's name, so no two record schemas define the same type
    h.assert_declares_one_root(h.xsd_path(RECORD_TYPE), ROOT)
    # And every type, element and attribute is documented, as `schemas show` prints it
    h.assert_documented(h.xsd_path(RECORD_TYPE), described=True)
