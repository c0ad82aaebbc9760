"""schemas/v1/hearing-recorded.xsd, through the hub's own parser, schema registry and rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

import schemas
from hub.record import read_case_keys, record_id
from hub.rules import check_rules
from hub.schemas import SchemaRegistry, ValidationIssue
from hub.xml import parse_untrusted

RECORD_TYPE = "hearing-recorded"
V1 = Path(schemas.__file__).parent / "v1"
XSD = V1 / f"{RECORD_TYPE}.xsd"
EXAMPLE = V1 / "examples" / f"{RECORD_TYPE}.xml"
XS = "http://www.w3.org/2001/XMLSchema"
NS = {"r": "urn:icjs:record:v1"}


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry()


def example() -> etree._Element:
    return parse_untrusted(EXAMPLE.read_bytes())


def find(root: etree._Element, path: str) -> etree._Element:
    found = root.find(path, NS)
    assert found is not None, path
    return found


def issues_of(registry: SchemaRegistry, root: etree._Element) -> list[ValidationIssue]:
    """Schema issues of the document as the hub would receive it, or, when there are none, its rule issues."""
    received = parse_untrusted(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    schema, issues = registry.validate(received)
    return issues or check_rules(received, schema)


def test_the_example_is_valid_and_keeps_the_rules(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    root = example()
    # When the registry validates it and the rules check it
    schema, issues = registry.validate(root)
    # Then it is a hearing-recorded record with no issue of either kind
    assert schema.record_type == RECORD_TYPE
    assert schema.root_element == "HearingRecorded"
    assert issues == []
    assert check_rules(root, schema) == []


def test_the_example_header_is_the_ecourts_adapters() -> None:
    # Given the example's header
    root = example()
    header = find(root, "r:Header")
    source_record_id = find(header, "r:SourceRecordId").text
    # Then it comes from e-Courts, its RecordId is the deterministic id of its source record,
    # and it links to the court case of examples/court-case-registered.xml
    assert find(header, "r:SourceSystem").text == "ecourts"
    assert find(header, "r:SourcePillar").text == "courts"
    assert find(header, "r:RecordId").text == record_id("ecourts", RECORD_TYPE, source_record_id)
    assert read_case_keys(root).cnr == "HRFB010012342024"


def test_a_hearing_links_by_cnr_alone(registry: SchemaRegistry) -> None:
    # Given the example without the FIR key (CIS does not always know it)
    root = example()
    keys = find(root, "r:Header/r:CaseKeys")
    keys.remove(find(keys, "r:FirKey"))
    # When it is validated
    # Then it is still valid: a hearing links by CNR
    assert issues_of(registry, root) == []


def _set(path: str, text: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        find(root, path).text = text

    return change


def _remove(path: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        element = find(root, path)
        element.getparent().remove(element)

    return change


def _remove_all(path: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        for element in root.findall(path, NS):
            element.getparent().remove(element)

    return change


def _set_attribute(path: str, name: str, value: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        find(root, path).set(name, value)

    return change


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        pytest.param(
            _set("r:Header/r:CaseKeys/r:Cnr", "hrfb010012342024"),
            "Element 'Cnr': [facet 'pattern'] The value 'hrfb010012342024' is not accepted by the pattern",
            "/Header/CaseKeys/Cnr",
            id="cnr-malformed",
        ),
        pytest.param(
            _remove("r:Header/r:CaseKeys/r:Cnr"),
            "Element 'CaseKeys': Missing child element(s). Expected is ( Cnr ).",
            "/Header/CaseKeys",
            id="cnr-missing",
        ),
        pytest.param(
            _set("r:Header/r:RecordType", "court-order"),
            "does not match the fixed value constraint 'hearing-recorded'",
            "/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            _set("r:Header/r:CreatedAt", "2025-02-18T16:22:45"),
            "Element 'CreatedAt': [facet 'pattern'] The value '2025-02-18T16:22:45' is not accepted",
            "/Header/CreatedAt",
            id="created-at-without-offset",
        ),
        pytest.param(
            _remove_all("r:Attendance"),
            "Element 'WitnessExamined': This element is not expected. Expected is ( Attendance ).",
            "/HearingRecorded/WitnessExamined",
            id="attendance-missing",
        ),
        pytest.param(
            _set_attribute("r:Attendance", "status", "produced"),
            "[facet 'enumeration'] The value 'produced' is not an element of the set",
            "/HearingRecorded/Attendance[1]",
            id="attendance-status-outside-enumeration",
        ),
        pytest.param(
            _set("r:Stage", "evidence"),
            "Element 'Stage': [facet 'enumeration'] The value 'evidence' is not an element of the set",
            "/HearingRecorded/Stage",
            id="stage-outside-enumeration",
        ),
        pytest.param(
            _set_attribute("r:WitnessExamined", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref 'HearingRecordedWitnessRef'",
            "/HearingRecorded/WitnessExamined",
            id="dangling-witness-ref",
        ),
        pytest.param(
            _set_attribute("r:Attendance[2]", "code", "A1"),
            "Duplicate key-sequence ['A1'] in unique identity-constraint 'HearingRecordedAttendanceCode'",
            "/HearingRecorded/Attendance[2]",
            id="accused-marked-twice",
        ),
        pytest.param(
            _set_attribute("r:WitnessExamined", "number", "PW0"),
            "[facet 'pattern'] The value 'PW0' is not accepted by the pattern",
            "/HearingRecorded/WitnessExamined",
            id="witness-number-malformed",
        ),
        pytest.param(
            _set("r:Adjournment/r:Reason", "no-reason"),
            "Element 'Reason': [facet 'enumeration'] The value 'no-reason' is not an element of the set",
            "/Adjournment/Reason",
            id="adjournment-reason-outside-enumeration",
        ),
        pytest.param(
            _set("r:NextHearingDate", "2025-02-30"),
            "Element 'NextHearingDate': '2025-02-30' is not a valid value of the atomic type 'xs:date'.",
            "/HearingRecorded/NextHearingDate",
            id="next-date-impossible",
        ),
        pytest.param(
            _set("r:Header/r:SourceRecordId", "HRFB010012342024/H/2025-03-11"),
            "is not the id of this source record",
            "/Header/RecordId",
            id="record-id-of-another-hearing",
        ),
    ],
)
def test_an_invalid_variant_fails_for_its_reason(
    registry: SchemaRegistry, change: Callable[[etree._Element], None], message: str, path: str
) -> None:
    # Given the valid example with one thing broken
    root = example()
    change(root)
    # When the hub validates it
    issues = issues_of(registry, root)
    # Then it fails, for that reason and at that place
    assert any(message in issue.message and issue.path.endswith(path) for issue in issues), issues


def test_the_schema_declares_one_root_and_documents_everything() -> None:
    # Given the schema file
    tree = etree.parse(str(XSD))
    # Then it declares exactly one global element, the record's root
    assert [e.get("name") for e in tree.getroot().findall(f"{{{XS}}}element")] == ["HearingRecorded"]
    # And every type it defines is prefixed with the root's name, so no two record schemas clash
    for kind in ("complexType", "simpleType"):
        for declaration in tree.getroot().findall(f"{{{XS}}}{kind}"):
            assert declaration.get("name", "").startswith("HearingRecorded"), declaration.get("name")
    # And every type, element and attribute carries documentation
    for kind in ("complexType", "simpleType", "element", "attribute"):
        for declaration in tree.iter(f"{{{XS}}}{kind}"):
            if declaration.get("name") is None and kind == "simpleType":
                continue
            doc = declaration.findtext(f"{{{XS}}}annotation/{{{XS}}}documentation")
            assert doc and doc.strip(), f"{kind} {declaration.get('name')} has no documentation"
