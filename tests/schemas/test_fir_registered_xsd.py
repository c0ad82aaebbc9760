"""schemas/v1/fir-registered.xsd (and the common.xsd it includes), through lxml as the hub validates."""

from __future__ import annotations

import pytest
from lxml import etree

from adapters.base import CANONICAL_NS, record_id
from hub.statutes import SECTION_PATTERN
from tests.schemas import helpers as h


@pytest.fixture(scope="module")
def fir_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(h.xsd_path("fir-registered"))))


def example() -> etree._ElementTree:
    return etree.parse(str(h.FIR_EXAMPLE))


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
    source_record_id = h.find(root, "r:Header/r:SourceRecordId").text
    # Then its RecordId is the deterministic id the hub checks
    assert h.find(root, "r:Header/r:RecordId").text == record_id("cas", "fir-registered", source_record_id)


def _add_cnr(value: str) -> h.Change:
    return h.insert("r:Header/r:CaseKeys", h.element("Cnr", value), inside=True)


_second_accused_with_code_a1 = h.duplicate("r:Accused", personRef="P1")
_third_alias = h.duplicate("r:Persons/r:Person[@id='P2']/r:Alias", copies=2)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            _add_cnr("HRFB0100123420"),
            "Element '{urn:icjs:record:v1}Cnr': [facet 'pattern'] The value 'HRFB0100123420' is not accepted",
            id="cnr-malformed",
        ),
        pytest.param(
            h.set_text("r:Header/r:CreatedAt", "2024-08-03T11:32:10"),
            "Element '{urn:icjs:record:v1}CreatedAt': [facet 'pattern'] The value '2024-08-03T11:32:10'",
            id="created-at-without-offset",
        ),
        pytest.param(
            h.remove("r:Complainant"),
            "Element '{urn:icjs:record:v1}Accused': This element is not expected. "
            "Expected is ( {urn:icjs:record:v1}Complainant ).",
            id="complainant-missing",
        ),
        pytest.param(
            h.set_attribute("r:Accused", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref '{urn:icjs:record:v1}FirAccusedRef'",
            id="dangling-person-ref",
        ),
        pytest.param(
            h.remove("r:Header/r:CaseKeys/r:FirKey"),
            "Element '{urn:icjs:record:v1}CaseKeys': Missing child element(s). "
            "Expected is ( {urn:icjs:record:v1}FirKey ).",
            id="fir-key-missing",
        ),
        pytest.param(
            h.set_text("r:Header/r:RecordType", "arrest-surrender"),
            "The actual value 'arrest-surrender' does not match the fixed value constraint 'fir-registered'",
            id="wrong-record-type",
        ),
        pytest.param(
            h.set_text("r:Header/r:RecordId", "not-a-uuid"),
            "Element '{urn:icjs:record:v1}RecordId': [facet 'pattern'] The value 'not-a-uuid'",
            id="record-id-not-a-uuid",
        ),
        pytest.param(
            h.set_text("r:Charges/r:Charge/r:Statute", "XYZ"),
            "Element '{urn:icjs:record:v1}Statute': [facet 'enumeration'] The value 'XYZ' is not an element",
            id="unknown-statute",
        ),
        pytest.param(
            h.set_text("r:Charges/r:Charge/r:Section", "303 (2)"),
            "Element '{urn:icjs:record:v1}Section': [facet 'pattern'] The value '303 (2)' is not accepted",
            id="section-with-space",
        ),
        pytest.param(
            h.set_text("r:Persons/r:Person/r:Identity/r:Number", "234567890123"),
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
            h.set_text("r:Header/r:CaseKeys/r:FirKey/r:Year", "1949"),
            "Element '{urn:icjs:record:v1}Year': [facet 'minInclusive'] The value '1949' is less than",
            id="fir-year-too-early",
        ),
        pytest.param(
            h.set_text("r:PropertyStolen/r:TotalValueInr", "-5"),
            "Element '{urn:icjs:record:v1}TotalValueInr': [facet 'minInclusive'] The value '-5' is less than",
            id="negative-value",
        ),
    ],
)
def test_an_invalid_variant_fails_for_its_reason(fir_schema: etree.XMLSchema, change: h.Change, reason: str) -> None:
    # Given the valid example with one thing broken
    doc = example()
    h.changed(doc.getroot(), change)
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
    h.find(doc.getroot(), "r:Charges/r:Charge/r:Section").text = section
    # When it is validated
    valid = fir_schema.validate(doc)
    # Then the schema accepts exactly what hub.statutes accepts
    assert valid == (SECTION_PATTERN.match(section) is not None)


def test_common_declares_types_only_and_documents_everything() -> None:
    # Given common.xsd, which every record schema includes
    common = etree.parse(str(h.V1 / "common.xsd")).getroot()
    # Then it declares no global element (each record schema declares exactly one, its root)
    assert common.findall(f"{{{h.XS}}}element") == []
    assert common.get("targetNamespace") == CANONICAL_NS
    assert common.get("elementFormDefault") == "qualified"
    # And every type, element and attribute carries documentation, for `schemas show`
    for path in (h.V1 / "common.xsd", h.xsd_path("fir-registered")):
        h.assert_documented(path)


def test_fir_registered_declares_one_global_element() -> None:
    # Given fir-registered.xsd
    # Then it declares exactly one global element, the record's root
    h.assert_declares_one_root(h.xsd_path("fir-registered"), "FirRegistered", prefixed_types=False)
