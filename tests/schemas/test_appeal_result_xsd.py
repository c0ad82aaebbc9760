"""schemas/v1/appeal-result.xsd (IIF-VII), through the hub's own parser, schema registry and rules."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

import schemas
from hub.record import read_case_keys, record_id
from hub.rules import check_rules
from hub.schemas import SchemaRegistry, ValidationIssue
from hub.xml import parse_untrusted

RECORD_TYPE = "appeal-result"
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
    # Then it is an appeal-result record with no issue of either kind
    assert schema.record_type == RECORD_TYPE
    assert schema.root_element == "AppealResult"
    assert issues == []
    assert check_rules(root, schema) == []


def test_the_example_header_is_the_ecourts_adapters() -> None:
    # Given the example's header
    header = find(example(), "r:Header")
    source_record_id = find(header, "r:SourceRecordId").text
    # Then it comes from e-Courts and its RecordId is the deterministic id of its source record
    assert find(header, "r:SourceSystem").text == "ecourts"
    assert find(header, "r:SourcePillar").text == "courts"
    assert find(header, "r:RecordId").text == record_id("ecourts", RECORD_TYPE, source_record_id)


def test_the_lineage_leads_to_the_disposal_example() -> None:
    # Given the example and the trial court's disposal it appeals from
    root = example()
    disposal = parse_untrusted((V1 / "examples" / "court-disposal.xml").read_bytes())
    # Then the appeal has a CNR of its own, and its lineage CNR and judgment date are the disposal's
    lower = find(root, "r:LowerCourtCase")
    assert read_case_keys(root).cnr != read_case_keys(disposal).cnr
    assert find(lower, "r:Cnr").text == read_case_keys(disposal).cnr
    assert find(lower, "r:JudgmentDate").text == find(disposal, "r:JudgmentDate").text


def _as_a_high_court_appeal(root: etree._Element) -> None:
    """The same result as the Punjab and Haryana High Court would send it: a PHHC CNR, not an HR one."""
    cnr = "PHHC010123452026"
    header = find(root, "r:Header")
    find(header, "r:SourceRecordId").text = cnr
    find(header, "r:CaseKeys/r:Cnr").text = cnr
    find(header, "r:RecordId").text = record_id("ecourts", RECORD_TYPE, cnr)
    find(root, "r:AppealNumber/r:CaseType").text = "CRA-S"
    find(root, "r:AppellateCourt/r:EstablishmentCode").text = "PHHC01"
    find(root, "r:AppellateCourt/r:Name").text = "High Court of Punjab and Haryana at Chandigarh"
    find(root, "r:CourtLevel").text = "high-court"
    find(root, "r:Judge/r:Designation").text = "Judge, High Court"


def test_a_high_court_appeal_carries_the_high_courts_cnr(registry: SchemaRegistry) -> None:
    # Given the example rewritten as a High Court appeal
    root = example()
    _as_a_high_court_appeal(root)
    # When it is validated
    # Then it is valid, and the hub links it by its PHHC CNR
    assert issues_of(registry, root) == []
    assert read_case_keys(root).cnr == "PHHC010123452026"


def _set(path: str, text: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        find(root, path).text = text

    return change


def _remove(path: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        element = find(root, path)
        element.getparent().remove(element)

    return change


def _set_attribute(path: str, name: str, value: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        find(root, path).set(name, value)

    return change


def _lower_court_case_twice(root: etree._Element) -> None:
    lower = find(root, "r:LowerCourtCase")
    lower.addnext(copy.deepcopy(lower))


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        pytest.param(
            _set("r:Header/r:CaseKeys/r:Cnr", "PHHC0101234520"),
            "Element 'Cnr': [facet 'pattern'] The value 'PHHC0101234520' is not accepted by the pattern",
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
            _set("r:Header/r:RecordType", "court-disposal"),
            "does not match the fixed value constraint 'appeal-result'",
            "/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            _remove("r:LowerCourtCase"),
            "Element 'Persons': This element is not expected. Expected is ( LowerCourtCase ).",
            "/AppealResult/Persons",
            id="lineage-missing",
        ),
        pytest.param(
            _set("r:LowerCourtCase/r:Cnr", "HR-FB-01-001234-2024"),
            "Element 'Cnr': [facet 'pattern'] The value 'HR-FB-01-001234-2024' is not accepted by the pattern",
            "/LowerCourtCase/Cnr",
            id="lineage-cnr-malformed",
        ),
        pytest.param(
            _lower_court_case_twice,
            "Duplicate key-sequence ['HRFB010012342024'] in unique identity-constraint 'AppealResultLowerCourtCnr'",
            "/AppealResult/LowerCourtCase[2]",
            id="lineage-cnr-twice",
        ),
        pytest.param(
            _set("r:Result", "quashed"),
            "Element 'Result': [facet 'enumeration'] The value 'quashed' is not an element of the set",
            "/AppealResult/Result",
            id="result-outside-enumeration",
        ),
        pytest.param(
            _set("r:CourtLevel", "district-court"),
            "Element 'CourtLevel': [facet 'enumeration'] The value 'district-court' is not an element of the set",
            "/AppealResult/CourtLevel",
            id="court-level-outside-enumeration",
        ),
        pytest.param(
            _set_attribute("r:Appellant/r:Person", "personRef", "P2"),
            "No match found for key-sequence ['P2'] of keyref 'AppealResultAppellantRef'",
            "/AppealResult/Appellant/Person",
            id="dangling-appellant-ref",
        ),
        pytest.param(
            _set_attribute("r:Outcome", "personRef", "P2"),
            "No match found for key-sequence ['P2'] of keyref 'AppealResultOutcomeRef'",
            "/AppealResult/Outcome",
            id="dangling-outcome-ref",
        ),
        pytest.param(
            _set("r:Outcome/r:Finding/r:ModifiedSentence/r:Imprisonment/r:Term", "P"),
            "Element 'Term': 'P' is not a valid value of the atomic type 'AppealResultTermType'.",
            "/ModifiedSentence/Imprisonment/Term",
            id="empty-term",
        ),
        pytest.param(
            _set("r:Outcome/r:Finding/r:Charge/r:Section", "359"),
            "'359' is not a known BNS section (BNS has sections 1 to 358)",
            "/Outcome/Finding/Charge/Section",
            id="section-beyond-the-code",
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
    assert [e.get("name") for e in tree.getroot().findall(f"{{{XS}}}element")] == ["AppealResult"]
    # And every type it defines is prefixed with the root's name, so no two record schemas clash
    for kind in ("complexType", "simpleType"):
        for declaration in tree.getroot().findall(f"{{{XS}}}{kind}"):
            assert declaration.get("name", "").startswith("AppealResult"), declaration.get("name")
    # And every type, element and attribute carries documentation
    for kind in ("complexType", "simpleType", "element", "attribute"):
        for declaration in tree.iter(f"{{{XS}}}{kind}"):
            if declaration.get("name") is None and kind == "simpleType":
                continue
            doc = declaration.findtext(f"{{{XS}}}annotation/{{{XS}}}documentation")
            assert doc and doc.strip(), f"{kind} {declaration.get('name')} has no documentation"
