"""schemas/v1/arrest-surrender.xsd (IIF-III) and its example, validated as the hub validates: the schema registry on a
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

RECORD_TYPE = "arrest-surrender"
ROOT = "ArrestSurrender"
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


def _element(name: str, text: str | None = None, *children: etree._Element) -> etree._Element:
    element = etree.Element(f"{{{R}}}{name}")
    element.text = text
    element.extend(children)
    return element


def _surrender(status: str = "surrendered-bailed", *, with_court: bool = True) -> Change:
    """Replace the arrest by a surrender in court, the other branch of IIF-III."""

    def change(root: etree._Element) -> None:
        arrest = find(root, "r:Arrest")
        court = copy.deepcopy(find(arrest, "r:ProducedBefore"))
        court.tag = f"{{{R}}}Court"
        parts = [_element("SurrenderedAt", "2024-08-06T10:40:00+05:30")]
        if with_court:
            parts.append(court)
        parts.append(_element("Status", status))
        arrest.addprevious(_element("Surrender", None, *parts))
        root.remove(arrest)

    return change


def _duplicate(path: str) -> Change:
    def change(root: etree._Element) -> None:
        element = find(root, path)
        element.addnext(copy.deepcopy(element))

    return change


def _social_category(value: str) -> Change:
    def change(root: etree._Element) -> None:
        find(root, "r:Persons/r:Person[@id='P1']/r:Religion").addnext(_element("SocialCategory", value))

    return change


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    root = example()
    # When the hub validates it: schema first, then its rules
    schema, found = registry.validate(root)
    # Then it is selected as an arrest-surrender record and has no issue of either kind
    assert (schema.record_type, schema.root_element) == (RECORD_TYPE, ROOT)
    assert found == []
    assert check_rules(root, schema) == []


def test_the_example_is_of_the_fir_registered_examples_case() -> None:
    # Given this example and the fir-registered example
    root = example()
    fir = parse_untrusted(FIR_EXAMPLE.read_bytes())
    # Then both link to the same FIR and name the same accused code, and the RecordId is the one the hub derives
    assert read_case_keys(root).fir_key == read_case_keys(fir).fir_key == "6-60-PS0031-2024-412"
    assert find(root, "r:AccusedCode").text == find(fir, "r:Accused").get("code") == "A1"
    source_record_id = find(root, "r:Header/r:SourceRecordId").text
    assert find(root, "r:Header/r:RecordId").text == record_id("cas", RECORD_TYPE, source_record_id)


@pytest.mark.parametrize("status", ["surrendered-judicial-custody", "surrendered-police-custody", "surrendered-bailed"])
def test_a_surrender_in_court_is_the_other_valid_branch(registry: SchemaRegistry, status: str) -> None:
    # Given the example turned into a court surrender memo, with one of the three surrender statuses
    root = example()
    _surrender(status)(root)
    # When it is validated
    # Then it is valid
    assert issues(registry, root) == []


@pytest.mark.parametrize(
    ("change", "reason", "path"),
    [
        pytest.param(
            _set("r:Arrest/r:Status", "surrendered-bailed"),
            "[facet 'enumeration'] The value 'surrendered-bailed' is not an element of the set "
            "{'arrested-forwarded-to-court', 'arrested-released-on-bail', 'arrested-police-custody-remand', "
            "'arrested-released-on-notice'}",
            "/ArrestSurrender/Arrest/Status",
            id="arrest-with-a-surrender-status",
        ),
        pytest.param(
            _surrender("arrested-released-on-bail"),
            "[facet 'enumeration'] The value 'arrested-released-on-bail' is not an element of the set "
            "{'surrendered-judicial-custody', 'surrendered-police-custody', 'surrendered-bailed'}",
            "/ArrestSurrender/Surrender/Status",
            id="surrender-with-an-arrest-status",
        ),
        pytest.param(
            _surrender(with_court=False),
            "Element 'Status': This element is not expected. Expected is ( Court ).",
            "/ArrestSurrender/Surrender/Status",
            id="surrender-without-court",
        ),
        pytest.param(
            _set("r:Arrest/r:Status", "absconding"),
            "[facet 'enumeration'] The value 'absconding' is not an element of the set",
            "/ArrestSurrender/Arrest/Status",
            id="status-outside-the-seven",
        ),
        pytest.param(
            _set("r:AccusedCode", "A-1"),
            "[facet 'pattern'] The value 'A-1' is not accepted by the pattern '[A-Z][0-9]{1,2}'",
            "/ArrestSurrender/AccusedCode",
            id="malformed-accused-code",
        ),
        pytest.param(
            _remove("r:AccusedCode"),
            "Element 'Arrest': This element is not expected. Expected is ( AccusedCode ).",
            "/ArrestSurrender/Arrest",
            id="accused-code-missing",
        ),
        pytest.param(
            _remove("r:Arrest/r:GdEntryNumber"),
            "Element 'Place': This element is not expected. Expected is ( GdEntryNumber ).",
            "/ArrestSurrender/Arrest/Place",
            id="gd-entry-missing",
        ),
        pytest.param(
            _set_attribute("r:Arrestee", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref 'ArrestSurrenderArresteeRef'",
            None,  # libxml2 reports a keyref at the end of the root, without a path
            id="dangling-arrestee-ref",
        ),
        pytest.param(
            _set_attribute("r:RelativeInformed", "personRef", "P7"),
            "No match found for key-sequence ['P7'] of keyref 'ArrestSurrenderRelativeInformedRef'",
            None,
            id="dangling-relative-informed-ref",
        ),
        pytest.param(
            _duplicate("r:Persons/r:Person[@id='P1']/r:Alias"),
            "Element 'Alias': This element is not expected.",
            "/ArrestSurrender/Persons/Person[1]/Alias[3]",
            id="three-aliases",
        ),
        pytest.param(
            _social_category("backward"),
            "[facet 'enumeration'] The value 'backward' is not an element of the set {'sc', 'st', 'obc', 'general'}",
            "/ArrestSurrender/Persons/Person[1]/SocialCategory",
            id="unknown-social-category",
        ),
        pytest.param(
            _duplicate("r:RiskFlag"),
            "Duplicate key-sequence ['habitual-offender'] in unique identity-constraint 'ArrestSurrenderRiskFlagOnce'",
            "/ArrestSurrender/RiskFlag[2]",
            id="risk-flag-twice",
        ),
        pytest.param(
            _set("r:FingerprintsTaken", "yes"),
            "'yes' is not a valid value of the atomic type 'xs:boolean'",
            "/ArrestSurrender/FingerprintsTaken",
            id="fingerprints-not-boolean",
        ),
        pytest.param(
            _set("r:Arrest/r:ArrestedAt", "2024-08-05T14:20:00"),
            "[facet 'pattern'] The value '2024-08-05T14:20:00' is not accepted",
            "/ArrestSurrender/Arrest/ArrestedAt",
            id="arrest-time-without-offset",
        ),
        pytest.param(
            _set("r:Header/r:RecordType", "fir-registered"),
            "does not match the fixed value constraint 'arrest-surrender'",
            "/ArrestSurrender/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            _set("r:Header/r:SourceRecordId", "6-60-PS0031-2024-412-A2"),
            "is not the id of this source record",
            "/ArrestSurrender/Header/RecordId",
            id="record-id-of-another-accused",
        ),
        pytest.param(
            _set("r:Charges/r:Charge/r:Section", "999"),
            "'999' is not a known BNS section (BNS has sections 1 to 358)",
            "/ArrestSurrender/Charges/Charge/Section",
            id="unknown-section",
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
    # Given arrest-surrender.xsd
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
