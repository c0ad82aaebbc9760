"""schemas/v1/crime-details.xsd (IIF-II) and its example, validated as the hub validates: the schema registry on a
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

RECORD_TYPE = "crime-details"
ROOT = "CrimeDetails"
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


def _victim_twice(root: etree._Element) -> None:
    victim = find(root, "r:Victim")
    victim.addnext(copy.deepcopy(victim))


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    root = example()
    # When the hub validates it: schema first, then its rules
    schema, found = registry.validate(root)
    # Then it is selected as a crime-details record and has no issue of either kind
    assert (schema.record_type, schema.root_element) == (RECORD_TYPE, ROOT)
    assert found == []
    assert check_rules(root, schema) == []


def test_the_example_is_of_the_fir_registered_examples_case() -> None:
    # Given this example and the fir-registered example
    root = example()
    fir = parse_untrusted(FIR_EXAMPLE.read_bytes())
    # Then both link to the same FIR, and the RecordId is the one the hub derives
    assert read_case_keys(root).fir_key == read_case_keys(fir).fir_key == "6-60-PS0031-2024-412"
    source_record_id = find(root, "r:Header/r:SourceRecordId").text
    assert find(root, "r:Header/r:RecordId").text == record_id("cas", RECORD_TYPE, source_record_id)


@pytest.mark.parametrize(
    ("change", "reason", "path"),
    [
        pytest.param(
            _set_attribute("r:Victim", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref 'CrimeDetailsVictimRef'",
            None,  # libxml2 reports a keyref at the end of the root, without a path
            id="dangling-victim-ref",
        ),
        pytest.param(
            _victim_twice,
            "Duplicate key-sequence ['P1'] in unique identity-constraint 'CrimeDetailsVictimPerson'",
            "/CrimeDetails/Victim[2]",
            id="victim-twice",
        ),
        pytest.param(
            _set("r:PlaceOfOccurrence/r:Kind", "jungle"),
            "[facet 'enumeration'] The value 'jungle' is not an element of the set",
            "/CrimeDetails/PlaceOfOccurrence/Kind",
            id="unknown-place-kind",
        ),
        pytest.param(
            _set("r:Motive/r:Kind", "greed"),
            "[facet 'enumeration'] The value 'greed' is not an element of the set",
            "/CrimeDetails/Motive/Kind",
            id="unknown-motive",
        ),
        pytest.param(
            _set("r:SceneVisit/r:VisitedAt", "2024-08-03T12:15:00"),
            "[facet 'pattern'] The value '2024-08-03T12:15:00' is not accepted",
            "/CrimeDetails/SceneVisit/VisitedAt",
            id="scene-visit-without-offset",
        ),
        pytest.param(
            _remove("r:CrimeHead/r:MajorHead"),
            "Element 'MinorHead': This element is not expected. Expected is ( MajorHead ).",
            "/CrimeDetails/CrimeHead/MinorHead",
            id="major-head-missing",
        ),
        pytest.param(
            _remove("r:Header/r:CaseKeys/r:FirKey"),
            "Element 'CaseKeys': Missing child element(s). Expected is ( FirKey ).",
            "/CrimeDetails/Header/CaseKeys",
            id="fir-key-missing",
        ),
        pytest.param(
            _set("r:Header/r:RecordType", "fir-registered"),
            "does not match the fixed value constraint 'crime-details'",
            "/CrimeDetails/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            _set("r:Header/r:SourceRecordId", "6-60-PS0031-2024-413"),
            "is not the id of this source record",
            "/CrimeDetails/Header/RecordId",
            id="record-id-of-another-fir",
        ),
        pytest.param(
            _set("r:Charges/r:Charge/r:Statute", "IPC"),
            "an offence on 2024-08-02 falls under BNS, not IPC",
            "/CrimeDetails/Charges/Charge/Statute",
            id="ipc-for-an-offence-after-july-2024",
        ),
        pytest.param(
            _set("r:Property/r:Item/r:ValueInr", "45000.505"),
            "[facet 'fractionDigits'] The value '45000.505' has more fractional digits than are allowed ('2')",
            "/CrimeDetails/Property/Item[1]/ValueInr",
            id="value-with-three-decimals",
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


def test_the_optional_parts_may_be_left_out(registry: SchemaRegistry) -> None:
    # Given the example without persons, victims, property and sketch (an offence against no one in particular)
    root = example()
    for path in ("r:Persons", "r:Victim", "r:Property", "r:Sketch", "r:SceneVisit/r:Observations"):
        _remove(path)(root)
    # When it is validated
    # Then it is still a valid record
    assert issues(registry, root) == []


def test_the_schema_is_documented_and_declares_one_prefixed_root() -> None:
    # Given crime-details.xsd
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
