"""schemas/v1/court-case-registered.xsd, through the hub's own parser, schema registry and rules."""

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

RECORD_TYPE = "court-case-registered"
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
    # Then it is a court-case-registered record with no issue of either kind
    assert schema.record_type == RECORD_TYPE
    assert schema.root_element == "CourtCaseRegistered"
    assert issues == []
    assert check_rules(root, schema) == []


def test_the_example_header_is_the_ecourts_adapters() -> None:
    # Given the example's header
    header = find(example(), "r:Header")
    source_record_id = find(header, "r:SourceRecordId").text
    # Then it comes from e-Courts, and its RecordId is the deterministic id of its source record
    assert find(header, "r:SourceSystem").text == "ecourts"
    assert find(header, "r:SourcePillar").text == "courts"
    assert find(header, "r:RecordId").text == record_id("ecourts", RECORD_TYPE, source_record_id)


def test_the_example_links_the_fir_example_to_its_cnr() -> None:
    # Given the example and the FIR example it continues
    root = example()
    fir = parse_untrusted((V1 / "examples" / "fir-registered.xml").read_bytes())
    # When the hub reads their case keys
    keys, fir_keys = read_case_keys(root), read_case_keys(fir)
    # Then the court case carries the FIR's key and its own CNR, whose first six characters name its court
    assert keys.fir_key == fir_keys.fir_key == "6-60-PS0031-2024-412"
    assert keys.cnr == "HRFB010012342024"
    assert keys.cnr[:6] == find(root, "r:Court/r:EstablishmentCode").text


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


def _second_accused_coded_a1(root: etree._Element) -> None:
    find(root, "r:Accused[2]").set("code", "A1")


def _ipc_theft_in_august_2024(root: etree._Element) -> None:
    _set("r:Charges/r:Charge/r:Statute", "IPC")(root)
    _set("r:Charges/r:Charge/r:Section", "379")(root)


def _a1s_person_again_as_a3(root: etree._Element) -> None:
    accused = find(root, "r:Accused[2]")
    twin = copy.deepcopy(accused)
    twin.set("code", "A3")
    twin.set("personRef", "P1")
    accused.addnext(twin)


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        pytest.param(
            _set("r:Header/r:CaseKeys/r:Cnr", "HRFB01001234202"),
            "Element 'Cnr': [facet 'pattern'] The value 'HRFB01001234202' is not accepted by the pattern",
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
            _remove("r:Header/r:CaseKeys/r:FirKey"),
            "Element 'Cnr': This element is not expected. Expected is ( FirKey ).",
            "/Header/CaseKeys/Cnr",
            id="fir-key-missing",
        ),
        pytest.param(
            _set("r:Header/r:RecordType", "court-order"),
            "does not match the fixed value constraint 'court-case-registered'",
            "/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            _remove("r:Complainant"),
            "Element 'Accused': This element is not expected. Expected is ( Complainant ).",
            "/CourtCaseRegistered/Accused[1]",
            id="complainant-missing",
        ),
        pytest.param(
            _set_attribute("r:Accused", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref 'CourtCaseRegisteredAccusedRef'",
            "/CourtCaseRegistered/Accused[1]",
            id="dangling-accused-ref",
        ),
        pytest.param(
            _second_accused_coded_a1,
            "Duplicate key-sequence ['A1'] in unique identity-constraint 'CourtCaseRegisteredAccusedCode'",
            "/CourtCaseRegistered/Accused[2]",
            id="accused-code-twice",
        ),
        pytest.param(
            _a1s_person_again_as_a3,
            "Duplicate key-sequence ['P1'] in unique identity-constraint 'CourtCaseRegisteredAccusedPerson'",
            "/CourtCaseRegistered/Accused[3]",
            id="accused-person-twice",
        ),
        pytest.param(
            _set_attribute("r:Accused", "custodyStatus", "in-jail"),
            "[facet 'enumeration'] The value 'in-jail' is not an element of the set",
            "/CourtCaseRegistered/Accused[1]",
            id="custody-status-outside-enumeration",
        ),
        pytest.param(
            _set("r:CaseType/r:Code", "chi"),
            "Element 'Code': [facet 'pattern'] The value 'chi' is not accepted by the pattern",
            "/CaseType/Code",
            id="case-type-lower-case",
        ),
        pytest.param(
            _set("r:Registration/r:Date", "2024-10-32"),
            "Element 'Date': '2024-10-32' is not a valid value of the atomic type 'xs:date'.",
            "/Registration/Date",
            id="registration-date-impossible",
        ),
        pytest.param(
            _ipc_theft_in_august_2024,
            "379 IPC: an offence on 2024-08-02 falls under BNS, not IPC",
            "/Charges/Charge[1]/Statute",
            id="ipc-after-the-new-codes",
        ),
        pytest.param(
            _set("r:Header/r:SourceRecordId", "HRFB010012352024"),
            "is not the id of this source record",
            "/Header/RecordId",
            id="record-id-of-another-case",
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


def test_a_private_complainant_is_a_person_of_the_record(registry: SchemaRegistry) -> None:
    # Given the example with the victim, not the State, as complainant
    root = example()
    complainant = find(root, "r:Complainant")
    complainant.remove(find(complainant, "r:State"))
    etree.SubElement(complainant, f"{{{NS['r']}}}Person", personRef="P3")
    # When it is validated
    # Then it is valid; and pointing at no one is not
    assert issues_of(registry, root) == []
    find(complainant, "r:Person").set("personRef", "P7")
    assert any("keyref 'CourtCaseRegisteredComplainantRef'" in i.message for i in issues_of(registry, root))


def test_the_schema_declares_one_root_and_documents_everything() -> None:
    # Given the schema file
    tree = etree.parse(str(XSD))
    # Then it declares exactly one global element, the record's root
    assert [e.get("name") for e in tree.getroot().findall(f"{{{XS}}}element")] == ["CourtCaseRegistered"]
    # And every type it defines is prefixed with the root's name, so no two record schemas clash
    for kind in ("complexType", "simpleType"):
        for declaration in tree.getroot().findall(f"{{{XS}}}{kind}"):
            assert declaration.get("name", "").startswith("CourtCaseRegistered"), declaration.get("name")
    # And every type, element and attribute carries documentation
    for kind in ("complexType", "simpleType", "element", "attribute"):
        for declaration in tree.iter(f"{{{XS}}}{kind}"):
            if declaration.get("name") is None and kind == "simpleType":
                continue
            doc = declaration.findtext(f"{{{XS}}}annotation/{{{XS}}}documentation")
            assert doc and doc.strip(), f"{kind} {declaration.get('name')} has no documentation"
