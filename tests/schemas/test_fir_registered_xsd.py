"""schemas/v1/fir-registered.xsd (and the common.xsd it includes), through lxml as the hub validates."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

import schemas
from adapters.base import CANONICAL_NS, record_id
from hub.statutes import SECTION_PATTERN

V1 = Path(schemas.__file__).parent / "v1"
EXAMPLE = V1 / "examples" / "fir-registered.xml"
XS = "http://www.w3.org/2001/XMLSchema"
NS = {"r": CANONICAL_NS}


@pytest.fixture(scope="module")
def fir_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(V1 / "fir-registered.xsd")))


def example() -> etree._ElementTree:
    return etree.parse(str(EXAMPLE))


def find(root: etree._Element, path: str) -> etree._Element:
    found = root.find(path, NS)
    assert found is not None, path
    return found


def errors(schema: etree.XMLSchema, doc: etree._ElementTree) -> list[str]:
    schema.validate(doc)
    return [error.message for error in schema.error_log]


def test_the_example_validates(fir_schema: etree.XMLSchema) -> None:
    # Given the shipped example instance
    # When it is validated
    # Then there is no error
    assert errors(fir_schema, example()) == []


def test_the_example_record_id_is_derived_from_its_source_record_id() -> None:
    # Given the example's header
    root = example().getroot()
    source_record_id = find(root, "r:Header/r:SourceRecordId").text
    # Then its RecordId is the deterministic id the hub checks
    assert find(root, "r:Header/r:RecordId").text == record_id("cas", "fir-registered", source_record_id)


def _set(path: str, text: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        find(root, path).text = text

    return change


def _remove(path: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        element = find(root, path)
        element.getparent().remove(element)

    return change


def _add_cnr(value: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        cnr = etree.SubElement(find(root, "r:Header/r:CaseKeys"), f"{{{CANONICAL_NS}}}Cnr")
        cnr.text = value

    return change


def _set_attribute(path: str, name: str, value: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        find(root, path).set(name, value)

    return change


def _second_accused_with_code_a1(root: etree._Element) -> None:
    accused = find(root, "r:Accused")
    twin = copy.deepcopy(accused)
    twin.set("personRef", "P1")
    accused.addnext(twin)


def _third_alias(root: etree._Element) -> None:
    alias = find(root, "r:Persons/r:Person[@id='P2']/r:Alias")
    for _ in range(2):
        alias.addnext(copy.deepcopy(alias))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            _add_cnr("HRFB0100123420"),
            "Element '{urn:icjs:record:v1}Cnr': [facet 'pattern'] The value 'HRFB0100123420' is not accepted",
            id="cnr-malformed",
        ),
        pytest.param(
            _set("r:Header/r:CreatedAt", "2024-08-03T11:32:10"),
            "Element '{urn:icjs:record:v1}CreatedAt': [facet 'pattern'] The value '2024-08-03T11:32:10'",
            id="created-at-without-offset",
        ),
        pytest.param(
            _remove("r:Complainant"),
            "Element '{urn:icjs:record:v1}Accused': This element is not expected. "
            "Expected is ( {urn:icjs:record:v1}Complainant ).",
            id="complainant-missing",
        ),
        pytest.param(
            _set_attribute("r:Accused", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref '{urn:icjs:record:v1}FirAccusedRef'",
            id="dangling-person-ref",
        ),
        pytest.param(
            _remove("r:Header/r:CaseKeys/r:FirKey"),
            "Element '{urn:icjs:record:v1}CaseKeys': Missing child element(s). "
            "Expected is ( {urn:icjs:record:v1}FirKey ).",
            id="fir-key-missing",
        ),
        pytest.param(
            _set("r:Header/r:RecordType", "arrest-surrender"),
            "The actual value 'arrest-surrender' does not match the fixed value constraint 'fir-registered'",
            id="wrong-record-type",
        ),
        pytest.param(
            _set("r:Header/r:RecordId", "not-a-uuid"),
            "Element '{urn:icjs:record:v1}RecordId': [facet 'pattern'] The value 'not-a-uuid'",
            id="record-id-not-a-uuid",
        ),
        pytest.param(
            _set("r:Charges/r:Charge/r:Statute", "XYZ"),
            "Element '{urn:icjs:record:v1}Statute': [facet 'enumeration'] The value 'XYZ' is not an element",
            id="unknown-statute",
        ),
        pytest.param(
            _set("r:Charges/r:Charge/r:Section", "303 (2)"),
            "Element '{urn:icjs:record:v1}Section': [facet 'pattern'] The value '303 (2)' is not accepted",
            id="section-with-space",
        ),
        pytest.param(
            _set("r:Persons/r:Person/r:Identity/r:Number", "234567890123"),
            "Element '{urn:icjs:record:v1}Number': [facet 'pattern'] The value '234567890123' is not accepted",
            id="aadhaar-number-as-identity",
        ),
        pytest.param(
            _second_accused_with_code_a1,
            "Duplicate key-sequence ['A1'] in unique identity-constraint '{urn:icjs:record:v1}FirAccusedCode'",
            id="accused-code-twice",
        ),
        pytest.param(
            _third_alias,
            "Element '{urn:icjs:record:v1}Alias': This element is not expected.",
            id="three-aliases",
        ),
        pytest.param(
            _set("r:Header/r:CaseKeys/r:FirKey/r:Year", "1949"),
            "Element '{urn:icjs:record:v1}Year': [facet 'minInclusive'] The value '1949' is less than",
            id="fir-year-too-early",
        ),
        pytest.param(
            _set("r:PropertyStolen/r:TotalValueInr", "-5"),
            "Element '{urn:icjs:record:v1}TotalValueInr': [facet 'minInclusive'] The value '-5' is less than",
            id="negative-value",
        ),
    ],
)
def test_an_invalid_variant_fails_for_its_reason(
    fir_schema: etree.XMLSchema, change: Callable[[etree._Element], None], reason: str
) -> None:
    # Given the valid example with one thing broken
    doc = example()
    change(doc.getroot())
    # When it is validated
    found = errors(fir_schema, doc)
    # Then it fails, and for that reason
    assert any(reason in message for message in found), found


@pytest.mark.parametrize(
    "section", ["302", "498A", "103(1)", "3(1)(r)", "376AB", "125(a)", "303 (2)", "0302x", "1234", "3(1)(R)", "A1"]
)
def test_the_section_type_agrees_with_the_hubs_section_pattern(fir_schema: etree.XMLSchema, section: str) -> None:
    # Given the example with a section written some way
    doc = example()
    find(doc.getroot(), "r:Charges/r:Charge/r:Section").text = section
    # When it is validated
    valid = fir_schema.validate(doc)
    # Then the schema accepts exactly what hub.statutes accepts
    assert valid == (SECTION_PATTERN.match(section) is not None)


def test_common_declares_types_only_and_documents_everything() -> None:
    # Given common.xsd, which every record schema includes
    common = etree.parse(str(V1 / "common.xsd")).getroot()
    # Then it declares no global element (each record schema declares exactly one, its root)
    assert common.findall(f"{{{XS}}}element") == []
    assert common.get("targetNamespace") == CANONICAL_NS
    assert common.get("elementFormDefault") == "qualified"
    # And every type, element and attribute carries documentation, for `schemas show`
    for path in (V1 / "common.xsd", V1 / "fir-registered.xsd"):
        tree = etree.parse(str(path))
        for kind in ("complexType", "simpleType", "element", "attribute"):
            for declaration in tree.iter(f"{{{XS}}}{kind}"):
                if declaration.get("name") is None and kind == "simpleType":
                    continue  # an anonymous type is documented by its element
                doc = declaration.findtext(f"{{{XS}}}annotation/{{{XS}}}documentation")
                assert doc and doc.strip(), f"{path.name}: {kind} {declaration.get('name')} has no documentation"


def test_fir_registered_declares_one_global_element() -> None:
    # Given fir-registered.xsd
    root = etree.parse(str(V1 / "fir-registered.xsd")).getroot()
    # Then it declares exactly one global element, the record's root
    assert [element.get("name") for element in root.findall(f"{{{XS}}}element")] == ["FirRegistered"]
