"""schemas/v1/property-seizure.xsd (IIF-IV) and its example, validated as the hub validates: the schema registry on a
hardened parse, then the rules a schema cannot say."""

from __future__ import annotations

import copy
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

RECORD_TYPE = "property-seizure"
ROOT = "PropertySeizure"
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


def _duplicate(path: str) -> Change:
    def change(root: etree._Element) -> None:
        element = find(root, path)
        element.addnext(copy.deepcopy(element))

    return change


def _remove_attribute(path: str, name: str) -> Change:
    def change(root: etree._Element) -> None:
        del find(root, path).attrib[name]

    return change


def _remove_all(path: str) -> Change:
    def change(root: etree._Element) -> None:
        for element in root.findall(path, NS):
            element.getparent().remove(element)

    return change


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    root = example()
    # When the hub validates it: schema first, then its rules
    schema, found = registry.validate(root)
    # Then it is selected as a property-seizure record and has no issue of either kind
    assert (schema.record_type, schema.root_element) == (RECORD_TYPE, ROOT)
    assert found == []
    assert check_rules(root, schema) == []


def test_the_example_is_of_the_fir_registered_examples_case() -> None:
    # Given this example and the fir-registered example
    root = example()
    fir = parse_untrusted(FIR_EXAMPLE.read_bytes())
    # Then both link to the same FIR, the memo names its property register entry, and the RecordId is the hub's
    assert read_case_keys(root).fir_key == read_case_keys(fir).fir_key == "6-60-PS0031-2024-412"
    assert find(root, "r:PropertyRegisterNumber").text == "187/2024"
    source_record_id = find(root, "r:Header/r:SourceRecordId").text
    assert find(root, "r:Header/r:RecordId").text == record_id("cas", RECORD_TYPE, source_record_id)


def test_unclaimed_property_needs_no_person_it_was_seized_from(registry: SchemaRegistry) -> None:
    # Given the example turned into a seizure of unclaimed property, seized from no one
    root = example()
    _set("r:Nature", "unclaimed")(root)
    _remove("r:SeizedFrom")(root)
    # When it is validated
    # Then it is valid
    assert issues(registry, root) == []


@pytest.mark.parametrize(
    ("change", "reason", "path"),
    [
        pytest.param(
            _set("r:Nature", "lost"),
            "[facet 'enumeration'] The value 'lost' is not an element of the set {'stolen', 'unclaimed', "
            "'unlawful-possession', 'involved', 'intestate'}",
            "/PropertySeizure/Nature",
            id="unknown-nature",
        ),
        pytest.param(
            _remove("r:PropertyRegisterNumber"),
            "Element 'Nature': This element is not expected. Expected is ( PropertyRegisterNumber ).",
            "/PropertySeizure/Nature",
            id="property-register-number-missing",
        ),
        pytest.param(
            _duplicate("r:Witness[2]"),
            "Element 'Witness': This element is not expected. Expected is ( Grounds ).",
            "/PropertySeizure/Witness[3]",
            id="three-witnesses",
        ),
        pytest.param(
            _remove_all("r:Witness"),
            "Element 'Grounds': This element is not expected. Expected is ( Witness ).",
            "/PropertySeizure/Grounds",
            id="no-witness",
        ),
        pytest.param(
            _set_attribute("r:Witness[2]", "personRef", "P2"),
            "Duplicate key-sequence ['P2'] in unique identity-constraint 'PropertySeizureWitnessPerson'",
            "/PropertySeizure/Witness[2]",
            id="same-witness-twice",
        ),
        pytest.param(
            _set_attribute("r:SealHandedTo", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref 'PropertySeizureSealHandedToRef'",
            None,  # libxml2 reports a keyref at the end of the root, without a path
            id="dangling-seal-handed-to-ref",
        ),
        pytest.param(
            _remove_attribute("r:SeizedFrom", "professionalReceiver"),
            "Element 'SeizedFrom': The attribute 'professionalReceiver' is required but missing.",
            "/PropertySeizure/SeizedFrom",
            id="professional-receiver-flag-missing",
        ),
        pytest.param(
            _set_attribute("r:Items/r:Item[2]", "serial", "1"),
            "Duplicate key-sequence ['1'] in unique identity-constraint 'PropertySeizureItemSerial'",
            "/PropertySeizure/Items/Item[2]",
            id="item-serial-twice",
        ),
        pytest.param(
            _set("r:Items/r:Item[1]/r:Quantity", "0"),
            "[facet 'minExclusive'] The value '0' must be greater than '0'.",
            "/PropertySeizure/Items/Item[1]/Quantity",
            id="zero-quantity",
        ),
        pytest.param(
            _remove_attribute("r:Items/r:Item[1]/r:Quantity", "unit"),
            "Element 'Quantity': The attribute 'unit' is required but missing.",
            "/PropertySeizure/Items/Item[1]/Quantity",
            id="quantity-without-unit",
        ),
        pytest.param(
            _remove("r:Items/r:Item[1]/r:Sealed"),
            "Element 'SealSpecimen': This element is not expected. Expected is one of ( ValueInr, Sealed ).",
            "/PropertySeizure/Items/Item[1]/SealSpecimen",
            id="sealed-flag-missing",
        ),
        pytest.param(
            _set("r:SeizedAt", "05/08/2024 16:30"),
            "'05/08/2024 16:30' is not a valid value of the atomic type",
            "/PropertySeizure/SeizedAt",
            id="seizure-time-not-iso",
        ),
        pytest.param(
            _set("r:Charges/r:Charge[2]/r:Statute", "IPC"),
            "an offence on 2024-08-04 falls under BNS, not IPC",
            "/PropertySeizure/Charges/Charge[2]/Statute",
            id="ipc-for-an-offence-after-july-2024",
        ),
        pytest.param(
            _set("r:Header/r:SourceRecordId", "6-60-PS0031-2024-412-P191-2024"),
            "is not the id of this source record",
            "/PropertySeizure/Header/RecordId",
            id="record-id-of-another-memo",
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
    # Given property-seizure.xsd
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
