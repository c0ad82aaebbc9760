"""schemas/v1/forensic-request.xsd (police to forensic lab) and its example, validated as the hub validates: the
schema registry on a hardened parse, then the rules a schema cannot say."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

import schemas
from hub.record import read_case_keys, record_id
from hub.rules import check_rules
from hub.schema_model import describe, load
from hub.schemas import SchemaRegistry, ValidationIssue
from hub.xml import parse_untrusted

RECORD_TYPE = "forensic-request"
ROOT = "ForensicRequest"
V1 = Path(schemas.__file__).parent / "v1"
XSD = V1 / f"{RECORD_TYPE}.xsd"
EXAMPLE = V1 / "examples" / f"{RECORD_TYPE}.xml"
FIR_EXAMPLE = V1 / "examples" / "fir-registered.xml"
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


def issues(registry: SchemaRegistry, root: etree._Element) -> list[ValidationIssue]:
    """The schema's issues or, when the document is schema-valid, the rules' issues (as the hub checks them)."""
    document = parse_untrusted(etree.tostring(root))  # re-parsed, so issues carry real lines
    schema, found = registry.validate(document)
    return found or check_rules(document, schema)


def _set(path: str, text: str) -> Change:
    def change(root: etree._Element) -> None:
        find(root, path).text = text

    return change


def _remove(path: str) -> Change:
    def change(root: etree._Element) -> None:
        element = find(root, path)
        element.getparent().remove(element)

    return change


def _set_attribute(path: str, name: str, value: str) -> Change:
    def change(root: etree._Element) -> None:
        find(root, path).set(name, value)

    return change


def _case_key(name: str, value: str) -> Change:
    """Add a case key after the FIR key (Cnr and LabCaseNumber both follow FirKey, in that order)."""

    def change(root: etree._Element) -> None:
        key = etree.Element(f"{{{R}}}{name}")
        key.text = value
        find(root, "r:Header/r:CaseKeys/r:FirKey").addnext(key)

    return change


def _remove_all(path: str) -> Change:
    def change(root: etree._Element) -> None:
        for element in root.findall(path, NS):
            element.getparent().remove(element)

    return change


def _collected_from(person_ref: str) -> Change:
    def change(root: etree._Element) -> None:
        collected = etree.SubElement(find(root, "r:Exhibits/r:Exhibit[3]"), f"{{{R}}}CollectedFrom")
        collected.set("personRef", person_ref)

    return change


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    root = example()
    # When the hub validates it: schema first, then its rules
    schema, found = registry.validate(root)
    # Then it is selected as a forensic-request record and has no issue of either kind
    assert (schema.record_type, schema.root_element) == (RECORD_TYPE, ROOT)
    assert found == []
    assert check_rules(root, schema) == []


def test_the_example_is_of_the_fir_registered_examples_case() -> None:
    # Given this example and the fir-registered example
    root = example()
    fir = parse_untrusted(FIR_EXAMPLE.read_bytes())
    # Then both link to the same FIR, no lab case number is known yet, and the RecordId is the one the hub derives
    keys = read_case_keys(root)
    assert keys.fir_key == read_case_keys(fir).fir_key == "6-60-PS0031-2024-412"
    assert keys.lab_case_number is None
    source_record_id = find(root, "r:Header/r:SourceRecordId").text
    assert find(root, "r:Header/r:RecordId").text == record_id("cas", RECORD_TYPE, source_record_id)


def test_a_further_request_carries_the_lab_case_number(registry: SchemaRegistry) -> None:
    # Given the example as a further request in a case the lab has already registered
    root = example()
    _case_key("LabCaseNumber", "SFSL-MDB/2024/11873")(root)
    # When it is validated
    # Then it is valid, and links by the lab case number as well as the FIR key
    assert issues(registry, root) == []
    assert read_case_keys(root).lab_case_number == "SFSL-MDB/2024/11873"


@pytest.mark.parametrize(
    ("change", "reason", "path"),
    [
        pytest.param(
            _set_attribute("r:Examination[3]", "exhibit", "9"),
            "No match found for key-sequence ['9'] of keyref 'ForensicRequestExaminationExhibit'",
            None,  # libxml2 reports a keyref at the end of the root, without a path
            id="examination-of-an-exhibit-not-sent",
        ),
        pytest.param(
            _set_attribute("r:Exhibits/r:Exhibit[2]", "number", "1"),
            "Duplicate key-sequence ['1'] in key identity-constraint 'ForensicRequestExhibitNumber'",
            "/ForensicRequest/Exhibits/Exhibit[2]",
            id="exhibit-number-twice",
        ),
        pytest.param(
            _set_attribute("r:Exhibits/r:Exhibit[1]", "number", "Ex 1"),
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
            _set("r:Priority", "asap"),
            "[facet 'enumeration'] The value 'asap' is not an element of the set {'normal', 'urgent', 'most-urgent'}",
            "/ForensicRequest/Priority",
            id="unknown-priority",
        ),
        pytest.param(
            _set("r:Examination[1]/r:Discipline", "graphology"),
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
            _remove_all("r:Examination"),
            "Element 'ForwardingOfficer': This element is not expected. Expected is ( Examination ).",
            "/ForensicRequest/ForwardingOfficer",
            id="no-examination-requested",
        ),
        pytest.param(
            _remove("r:Exhibits/r:Exhibit[1]/r:SeizureMemoSerial"),
            "Element 'Description': This element is not expected. Expected is ( SeizureMemoSerial ).",
            "/ForensicRequest/Exhibits/Exhibit[1]/Description",
            id="exhibit-not-traced-to-its-seizure-memo",
        ),
        pytest.param(
            _set("r:Exhibits/r:Exhibit[1]/r:SeizureMemoSerial", "0"),
            "'0' is not a valid value of the atomic type 'ForensicRequestSeizureSerialType'",
            "/ForensicRequest/Exhibits/Exhibit[1]/SeizureMemoSerial",
            id="seizure-serial-zero",
        ),
        pytest.param(
            _set("r:Header/r:RecordType", "forensic-receipt"),
            "does not match the fixed value constraint 'forensic-request'",
            "/ForensicRequest/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            _set("r:Header/r:SourceSystem", "trakea"),
            "is not the id of this source record",
            "/ForensicRequest/Header/RecordId",
            id="record-id-of-another-source",
        ),
    ],
)
def test_an_invalid_variant_fails_for_its_reason(
    registry: SchemaRegistry, change: Change, reason: str, path: str | None
) -> None:
    # Given the valid example with one thing broken
    root = example()
    change(root)
    # When the hub validates it
    found = issues(registry, root)
    # Then it is refused, for that reason and at that place
    assert any(reason in issue.message and (path is None or issue.path == path) for issue in found), found


def test_the_schema_is_documented_and_declares_one_prefixed_root() -> None:
    # Given forensic-request.xsd
    tree = etree.parse(str(XSD))
    # Then it declares exactly one global element, the record's root
    assert [e.get("name") for e in tree.getroot().findall(f"{{{XS}}}element")] == [ROOT]
    # And every type it defines carries the root's name, so no two record schemas define the same type
    for kind in ("complexType", "simpleType"):
        for declaration in tree.getroot().findall(f"{{{XS}}}{kind}"):
            assert declaration.get("name", "").startswith(ROOT), declaration.get("name")
    # And every type, element and attribute is documented, as `schemas show` prints it
    for kind in ("complexType", "simpleType", "element", "attribute"):
        for declaration in tree.iter(f"{{{XS}}}{kind}"):
            if declaration.get("name") is None and kind == "simpleType":
                continue
            text = declaration.findtext(f"{{{XS}}}annotation/{{{XS}}}documentation")
            assert text and text.strip(), f"{kind} {declaration.get('name')} has no documentation"
    assert all(field.documentation for field in describe(load(XSD)))
