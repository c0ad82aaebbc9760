"""schemas/v1/forensic-receipt.xsd, validated as the hub validates: the schema registry, then hub.rules."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

import schemas
from hub.record import record_id
from hub.rules import check_rules
from hub.schemas import SchemaRegistry, ValidationIssue
from hub.xml import parse_untrusted

RECORD_TYPE = "forensic-receipt"
ROOT = "ForensicReceipt"
V1 = Path(schemas.__file__).parent / "v1"
XSD = V1 / f"{RECORD_TYPE}.xsd"
EXAMPLE = V1 / "examples" / f"{RECORD_TYPE}.xml"
XS = "http://www.w3.org/2001/XMLSchema"
R = "urn:icjs:record:v1"
NS = {"r": R}

Change = Callable[[etree._Element], None]


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry()


def example() -> etree._Element:
    return parse_untrusted(EXAMPLE.read_bytes())


def find(root: etree._Element, path: str) -> etree._Element:
    found = root.find(path, NS)
    assert found is not None, path
    return found


def located(issue: ValidationIssue, root: etree._Element, path: str) -> bool:
    """The issue is at ``path``: libxml2 reports some identity-constraint failures with a line but no path."""
    if issue.path == path:
        return True
    steps = "/".join(f"r:{step}" for step in path.strip("/").split("/"))
    element = root.getroottree().xpath(f"/{steps}", namespaces=NS)[0]
    return issue.path == "/" and issue.line is not None and issue.line == element.sourceline


def issues_of(registry: SchemaRegistry, root: etree._Element) -> list[ValidationIssue]:
    """What the hub would refuse the document for: schema issues, or when there are none, rule issues."""
    schema, issues = registry.validate(root)
    return issues or check_rules(root, schema)


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses untrusted bytes
    root = example()
    # When the registry validates it and the hub's rules check it
    schema, issues = registry.validate(root)
    # Then it is a forensic-receipt with no schema issue and no rule issue
    assert schema.record_type == RECORD_TYPE
    assert issues == []
    assert check_rules(root, schema) == []


def test_the_example_header_names_trakea_and_its_derived_record_id() -> None:
    # Given the example's header
    header = find(example(), "r:Header")
    # Then it comes from the forensics pillar's adapter, with the deterministic record id
    assert find(header, "r:SourceSystem").text == "trakea"
    assert find(header, "r:SourcePillar").text == "forensics"
    source_record_id = find(header, "r:SourceRecordId").text
    assert find(header, "r:RecordId").text == record_id("trakea", RECORD_TYPE, source_record_id)


def test_the_example_links_to_the_fir_registered_example() -> None:
    # Given the FIR key of the fir-registered example and of this one
    fir = etree.parse(str(V1 / "examples" / "fir-registered.xml")).getroot()
    here = find(example(), "r:Header/r:CaseKeys/r:FirKey")
    there = find(fir, "r:Header/r:CaseKeys/r:FirKey")
    # Then they are the same case
    assert [child.text for child in here] == [child.text for child in there]


def _set(path: str, text: str) -> Change:
    def change(root: etree._Element) -> None:
        find(root, path).text = text

    return change


def _remove(path: str) -> Change:
    def change(root: etree._Element) -> None:
        element = find(root, path)
        element.getparent().remove(element)

    return change


def _add_cnr(value: str) -> Change:
    def change(root: etree._Element) -> None:
        cnr = etree.Element(f"{{{R}}}Cnr")
        cnr.text = value
        find(root, "r:Header/r:CaseKeys/r:FirKey").addnext(cnr)

    return change


def _second_exhibit_reuses_first_qr_code(root: etree._Element) -> None:
    first = find(root, "r:Exhibits/r:Exhibit[1]/r:QrCode").text
    find(root, "r:Exhibits/r:Exhibit[2]/r:QrCode").text = first


def _exhibit_number_twice(root: etree._Element) -> None:
    exhibit = find(root, "r:Exhibits/r:Exhibit[1]")
    twin = copy.deepcopy(exhibit)
    find(twin, "r:QrCode").text = "TRK24-HR-11873-009"
    find(twin, "r:SeizureMemo/r:Serial").text = "9"
    exhibit.addnext(twin)


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        pytest.param(
            _remove("r:Header/r:CaseKeys/r:LabCaseNumber"),
            "/ForensicReceipt/Header/CaseKeys",
            "Missing child element(s). Expected is one of ( Cnr, LabCaseNumber ).",
            id="lab-case-number-missing",
        ),
        pytest.param(
            _remove("r:Header/r:CaseKeys/r:FirKey"),
            "/ForensicReceipt/Header/CaseKeys/LabCaseNumber",
            "Element 'LabCaseNumber': This element is not expected. Expected is ( FirKey ).",
            id="fir-key-missing",
        ),
        pytest.param(
            _add_cnr("HRFB0100123420"),
            "/ForensicReceipt/Header/CaseKeys/Cnr",
            "[facet 'pattern'] The value 'HRFB0100123420' is not accepted by the pattern",
            id="cnr-malformed",
        ),
        pytest.param(
            _set("r:Exhibits/r:Exhibit[3]/r:SealCondition", "tampered"),
            "/ForensicReceipt/Exhibits/Exhibit[3]/SealCondition",
            "[facet 'enumeration'] The value 'tampered' is not an element of the set {'intact', 'broken'}",
            id="seal-condition-not-intact-or-broken",
        ),
        pytest.param(
            _set("r:Exhibits/r:Exhibit[1]/r:AssignedDivision", "astrology"),
            "/ForensicReceipt/Exhibits/Exhibit[1]/AssignedDivision",
            "[facet 'enumeration'] The value 'astrology' is not an element of the set",
            id="unknown-division",
        ),
        pytest.param(
            _remove("r:Exhibits/r:Exhibit[2]/r:SeizureMemo"),
            "/ForensicReceipt/Exhibits/Exhibit[2]/Description",
            "This element is not expected. Expected is ( SeizureMemo ).",
            id="exhibit-without-seizure-memo-serial",
        ),
        pytest.param(
            _second_exhibit_reuses_first_qr_code,
            "/ForensicReceipt/Exhibits/Exhibit[2]",
            "Duplicate key-sequence ['TRK24-HR-11873-001'] in unique identity-constraint 'ForensicReceiptQrCode'",
            id="qr-code-twice",
        ),
        pytest.param(
            _exhibit_number_twice,
            "/ForensicReceipt/Exhibits/Exhibit[2]",
            "Duplicate key-sequence ['1'] in key identity-constraint 'ForensicReceiptExhibitNumber'",
            id="exhibit-number-twice",
        ),
        pytest.param(
            _set("r:ReceivedAt", "2024-08-09T12:40:00"),
            "/ForensicReceipt/ReceivedAt",
            "[facet 'pattern'] The value '2024-08-09T12:40:00' is not accepted by the pattern",
            id="received-at-without-offset",
        ),
        pytest.param(
            _set("r:Header/r:SourceRecordId", "SFSL-MDB/2024/11873/R2"),
            "/ForensicReceipt/Header/RecordId",
            "is not the id of this source record; expected",
            id="record-id-not-derived-from-source-record-id",
        ),
    ],
)
def test_an_invalid_variant_fails_for_its_reason(
    registry: SchemaRegistry, change: Change, path: str, reason: str
) -> None:
    # Given the valid example with one thing broken
    changed = example()
    change(changed)
    root = parse_untrusted(etree.tostring(changed))  # as bytes, so every element has a line again
    # When the hub validates it
    found = issues_of(registry, root)
    # Then it is refused, at that place and for that reason
    assert any(located(issue, root, path) and reason in issue.message for issue in found), found


def test_the_schema_declares_one_root_and_only_prefixed_types() -> None:
    # Given the schema file
    root = etree.parse(str(XSD)).getroot()
    # Then its only global element is the record's root
    assert [element.get("name") for element in root.findall(f"{{{XS}}}element")] == [ROOT]
    # And every type it defines is prefixed with the root's name, so no two record schemas clash
    for kind in ("complexType", "simpleType"):
        for declaration in root.findall(f"{{{XS}}}{kind}"):
            assert declaration.get("name").startswith(ROOT), declaration.get("name")


def test_the_schema_documents_everything_and_loads_in_xmlschema() -> None:
    # Given the schema file
    tree = etree.parse(str(XSD))
    # Then every type, element and attribute carries documentation, for `schemas show`
    for kind in ("complexType", "simpleType", "element", "attribute"):
        for declaration in tree.iter(f"{{{XS}}}{kind}"):
            if declaration.get("name") is None and kind in ("simpleType", "complexType"):
                continue  # an anonymous type is documented by its element
            doc = declaration.findtext(f"{{{XS}}}annotation/{{{XS}}}documentation")
            assert doc and doc.strip(), f"{kind} {declaration.get('name')} has no documentation"
    # And xmlschema (which `schemas show` and `schemas check-compat` use) accepts it and the example
    xmlschema.XMLSchema10(str(XSD)).validate(str(EXAMPLE))
