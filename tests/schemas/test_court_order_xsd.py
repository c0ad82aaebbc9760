"""schemas/v1/court-order.xsd, through the hub's own parser, schema registry and rules."""

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

RECORD_TYPE = "court-order"
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
    # Then it is a court-order record with no issue of either kind
    assert schema.record_type == RECORD_TYPE
    assert schema.root_element == "CourtOrder"
    assert issues == []
    assert check_rules(root, schema) == []


def test_the_example_header_is_the_ecourts_adapters_and_names_the_prisoner() -> None:
    # Given the example's header
    root = example()
    header = find(root, "r:Header")
    source_record_id = find(header, "r:SourceRecordId").text
    # Then it comes from e-Courts and its RecordId is the deterministic id of its source record
    assert find(header, "r:SourceSystem").text == "ecourts"
    assert find(header, "r:SourcePillar").text == "courts"
    assert find(header, "r:RecordId").text == record_id("ecourts", RECORD_TYPE, source_record_id)
    # And it links by the case's CNR and by the person: the prisoner the release direction is about
    keys = read_case_keys(root)
    assert keys.cnr == "HRFB010012342024"
    assert keys.prisoner_id == find(root, "r:CustodyDirection/r:PrisonerId").text


def test_an_in_camera_order_is_valid(registry: SchemaRegistry) -> None:
    # Given the example marked as passed in camera (BNSS 366)
    root = example()
    find(root, "r:InCamera").text = "true"
    # When it is validated
    # Then it is valid: the flag is what the hub's redaction acts on
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


def _set_attribute(path: str, name: str, value: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        find(root, path).set(name, value)

    return change


def _drop_attribute(path: str, name: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        del find(root, path).attrib[name]

    return change


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        pytest.param(
            _set("r:Header/r:CaseKeys/r:Cnr", "HRFB-01-1234-2024"),
            "Element 'Cnr': [facet 'pattern'] The value 'HRFB-01-1234-2024' is not accepted by the pattern",
            "/Header/CaseKeys/Cnr",
            id="cnr-malformed",
        ),
        pytest.param(
            _remove("r:Header/r:CaseKeys/r:Cnr"),
            "Element 'PrisonerId': This element is not expected. Expected is ( Cnr ).",
            "/Header/CaseKeys/PrisonerId",
            id="cnr-missing",
        ),
        pytest.param(
            _set("r:Header/r:RecordType", "court-disposal"),
            "does not match the fixed value constraint 'court-order'",
            "/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            _set("r:OrderType", "interim-bail"),
            "Element 'OrderType': [facet 'enumeration'] The value 'interim-bail' is not an element of the set",
            "/CourtOrder/OrderType",
            id="order-type-outside-enumeration",
        ),
        pytest.param(
            _remove("r:InCamera"),
            "Element 'Summary': This element is not expected. Expected is ( InCamera ).",
            "/CourtOrder/Summary",
            id="in-camera-flag-missing",
        ),
        pytest.param(
            _set("r:InCamera", "yes"),
            "Element 'InCamera': 'yes' is not a valid value of the atomic type 'xs:boolean'.",
            "/CourtOrder/InCamera",
            id="in-camera-not-boolean",
        ),
        pytest.param(
            _set_attribute("r:CustodyDirection", "personRef", "P2"),
            "No match found for key-sequence ['P2'] of keyref 'CourtOrderCustodyDirectionRef'",
            "/CourtOrder/CustodyDirection",
            id="dangling-custody-direction-ref",
        ),
        pytest.param(
            _set_attribute("r:Concerns", "personRef", "P2"),
            "No match found for key-sequence ['P2'] of keyref 'CourtOrderConcernsRef'",
            "/CourtOrder/Concerns",
            id="dangling-concerns-ref",
        ),
        pytest.param(
            _set("r:CustodyDirection/r:Kind", "bail"),
            "Element 'Kind': [facet 'enumeration'] The value 'bail' is not an element of the set",
            "/CustodyDirection/Kind",
            id="custody-direction-outside-enumeration",
        ),
        pytest.param(
            _drop_attribute("r:CustodyDirection/r:PrisonerId", "prisonCode"),
            "Element 'PrisonerId': The attribute 'prisonCode' is required but missing.",
            "/CustodyDirection/PrisonerId",
            id="prisoner-id-without-its-prison",
        ),
        pytest.param(
            _set("r:BailTerms/r:BondAmountInr", "-25000"),
            "Element 'BondAmountInr': [facet 'minInclusive'] The value '-25000' is less than the minimum value",
            "/BailTerms/BondAmountInr",
            id="negative-bond",
        ),
        pytest.param(
            _set("r:BailTerms/r:SuretyCount", "10"),
            "Element 'SuretyCount': [facet 'maxInclusive'] The value '10' is greater than the maximum value",
            "/BailTerms/SuretyCount",
            id="too-many-sureties",
        ),
        pytest.param(
            _set("r:Header/r:SourceRecordId", "HRFB010012342024/O/2024-11-26/2"),
            "is not the id of this source record",
            "/Header/RecordId",
            id="record-id-of-another-order",
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
    assert [e.get("name") for e in tree.getroot().findall(f"{{{XS}}}element")] == ["CourtOrder"]
    # And every type it defines is prefixed with the root's name, so no two record schemas clash
    for kind in ("complexType", "simpleType"):
        for declaration in tree.getroot().findall(f"{{{XS}}}{kind}"):
            assert declaration.get("name", "").startswith("CourtOrder"), declaration.get("name")
    # And every type, element and attribute carries documentation
    for kind in ("complexType", "simpleType", "element", "attribute"):
        for declaration in tree.iter(f"{{{XS}}}{kind}"):
            if declaration.get("name") is None and kind == "simpleType":
                continue
            doc = declaration.findtext(f"{{{XS}}}annotation/{{{XS}}}documentation")
            assert doc and doc.strip(), f"{kind} {declaration.get('name')} has no documentation"
