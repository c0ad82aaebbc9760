"""schemas/v1/hearing-recorded.xsd, through the hub's own parser, schema registry and rules."""

from __future__ import annotations

from functools import partial

import pytest

from hub.record import read_case_keys
from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "hearing-recorded"
ROOT = "HearingRecorded"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_example_is_valid_and_keeps_the_rules(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    # When the registry validates it and the rules check it
    # Then it is a hearing-recorded record with no issue of either kind
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


def test_the_example_header_is_the_ecourts_adapters() -> None:
    # Given the example's header
    root = example()
    # Then it comes from e-Courts, its RecordId is the deterministic id of its source record,
    # and it links to the court case of examples/court-case-registered.xml
    h.assert_header_from(root, RECORD_TYPE, "ecourts", "courts")
    assert read_case_keys(root).cnr == "HRFB010012342024"


def test_a_hearing_links_by_cnr_alone(registry: SchemaRegistry) -> None:
    # Given the example without the FIR key (CIS does not always know it)
    root = h.changed(example(), h.remove("r:Header/r:CaseKeys/r:FirKey"))
    # When it is validated
    # Then it is still valid: a hearing links by CNR
    assert h.hub_issues(registry, root, xml_declaration=True) == []


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        pytest.param(
            h.set_text("r:Header/r:CaseKeys/r:Cnr", "hrfb010012342024"),
            "Element 'Cnr': [facet 'pattern'] The value 'hrfb010012342024' is not accepted by the pattern",
            "/Header/CaseKeys/Cnr",
            id="cnr-malformed",
        ),
        pytest.param(
            h.remove("r:Header/r:CaseKeys/r:Cnr"),
            "Element 'CaseKeys': Missing child element(s). Expected is ( Cnr ).",
            "/Header/CaseKeys",
            id="cnr-missing",
        ),
        pytest.param(
            h.set_text("r:Header/r:RecordType", "court-order"),
            "does not match the fixed value constraint 'hearing-recorded'",
            "/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            h.set_text("r:Header/r:CreatedAt", "2025-02-18T16:22:45"),
            "Element 'CreatedAt': [facet 'pattern'] The value '2025-02-18T16:22:45' is not accepted",
            "/Header/CreatedAt",
            id="created-at-without-offset",
        ),
        pytest.param(
            h.remove_all("r:Attendance"),
            "Element 'WitnessExamined': This element is not expected. Expected is ( Attendance ).",
            "/HearingRecorded/WitnessExamined",
            id="attendance-missing",
        ),
        pytest.param(
            h.set_attribute("r:Attendance", "status", "produced"),
            "[facet 'enumeration'] The value 'produced' is not an element of the set",
            "/HearingRecorded/Attendance[1]",
            id="attendance-status-outside-enumeration",
        ),
        pytest.param(
            h.set_text("r:Stage", "evidence"),
            "Element 'Stage': [facet 'enumeration'] The value 'evidence' is not an element of the set",
            "/HearingRecorded/Stage",
            id="stage-outside-enumeration",
        ),
        pytest.param(
            h.set_attribute("r:WitnessExamined", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref 'HearingRecordedWitnessRef'",
            "/HearingRecorded/WitnessExamined",
            id="dangling-witness-ref",
        ),
        pytest.param(
            h.set_attribute("r:Attendance[2]", "code", "A1"),
            "Duplicate key-sequence ['A1'] in unique identity-constraint 'HearingRecordedAttendanceCode'",
            "/HearingRecorded/Attendance[2]",
            id="accused-marked-twice",
        ),
        pytest.param(
            h.set_attribute("r:WitnessExamined", "number", "PW0"),
            "[facet 'pattern'] The value 'PW0' is not accepted by the pattern",
            "/HearingRecorded/WitnessExamined",
            id="witness-number-malformed",
        ),
        pytest.param(
            h.set_text("r:Adjournment/r:Reason", "no-reason"),
            "Element 'Reason': [facet 'enumeration'] The value 'no-reason' is not an element of the set",
            "/Adjournment/Reason",
            id="adjournment-reason-outside-enumeration",
        ),
        pytest.param(
            h.set_text("r:NextHearingDate", "2025-02-30"),
            "Element 'NextHearingDate': '2025-02-30' is not a valid value of the atomic type 'xs:date'.",
            "/HearingRecorded/NextHearingDate",
            id="next-date-impossible",
        ),
        pytest.param(
            h.set_text("r:Header/r:SourceRecordId", "HRFB010012342024/H/2025-03-11"),
            "is not the id of this source record",
            "/Header/RecordId",
            id="record-id-of-another-hearing",
        ),
    ],
)
def test_an_invalid_variant_fails_for_its_reason(
    registry: SchemaRegistry, change: h.Change, message: str, path: str
) -> None:
    # Given the valid example with one thing broken
    root = h.changed(example(), change)
    # When the hub validates it
    # Then it fails, for that reason and at that place
    h.assert_refused(h.hub_issues(registry, root, xml_declaration=True), message, path, suffix=True)


def test_the_schema_declares_one_root_and_documents_everything() -> None:
    # Given the schema file
    # Then it declares exactly one global element, the record's root
    # And every type it defines is prefixed with the root's name, so no two record schemas clash
    h.assert_declares_one_root(h.xsd_path(RECORD_TYPE), ROOT)
    # And every type, element and attribute carries documentation
    h.assert_documented(h.xsd_path(RECORD_TYPE))
