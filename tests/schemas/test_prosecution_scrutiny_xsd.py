"""schemas/v1/prosecution-scrutiny.xsd, validated as the hub validates: the schema registry, then hub.rules."""

from __future__ import annotations

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

RECORD_TYPE = "prosecution-scrutiny"
ROOT = "ProsecutionScrutiny"
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
    # Then it is a prosecution-scrutiny with no schema issue and no rule issue
    assert schema.record_type == RECORD_TYPE
    assert issues == []
    assert check_rules(root, schema) == []


def test_the_example_header_names_eprosecution_and_its_derived_record_id() -> None:
    # Given the example's header
    header = find(example(), "r:Header")
    # Then it comes from the prosecution pillar's adapter, with the deterministic record id
    assert find(header, "r:SourceSystem").text == "eprosecution"
    assert find(header, "r:SourcePillar").text == "prosecution"
    source_record_id = find(header, "r:SourceRecordId").text
    assert find(header, "r:RecordId").text == record_id("eprosecution", RECORD_TYPE, source_record_id)


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


def _set_attribute(path: str, name: str, value: str) -> Change:
    def change(root: etree._Element) -> None:
        find(root, path).set(name, value)

    return change


def _remove(path: str) -> Change:
    def change(root: etree._Element) -> None:
        element = find(root, path)
        element.getparent().remove(element)

    return change


def _returned_without_objections(root: etree._Element) -> None:
    for objection in root.findall("r:Decision/r:ReturnedWithObjections/r:Objection", NS):
        objection.getparent().remove(objection)


def _approved_as_well_as_returned(root: etree._Element) -> None:
    etree.SubElement(find(root, "r:Decision"), f"{{{R}}}Approved")


def _proposed_charge(statute: str, section: str, offence_date: str) -> Change:
    def change(root: etree._Element) -> None:
        objection = find(root, "r:Decision/r:ReturnedWithObjections/r:Objection[3]")
        charge = etree.SubElement(etree.SubElement(objection, f"{{{R}}}ProposedCharges"), f"{{{R}}}Charge")
        etree.SubElement(charge, f"{{{R}}}Statute").text = statute
        etree.SubElement(charge, f"{{{R}}}Section").text = section
        etree.SubElement(charge, f"{{{R}}}OffenceDate").text = offence_date

    return change


OBJECTION_3 = "/ProsecutionScrutiny/Decision/ReturnedWithObjections/Objection[3]"


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        pytest.param(
            _returned_without_objections,
            "/ProsecutionScrutiny/Decision/ReturnedWithObjections/ResubmitBy",
            "This element is not expected. Expected is ( Objection ).",
            id="returned-without-objections",
        ),
        pytest.param(
            _approved_as_well_as_returned,
            "/ProsecutionScrutiny/Decision/Approved",
            "This element is not expected.",
            id="two-decisions",
        ),
        pytest.param(
            _set("r:Decision/r:ReturnedWithObjections/r:Objection[1]/r:Category", "bad-handwriting"),
            "/ProsecutionScrutiny/Decision/ReturnedWithObjections/Objection[1]/Category",
            "[facet 'enumeration'] The value 'bad-handwriting' is not an element of the set",
            id="unknown-objection-category",
        ),
        pytest.param(
            _set("r:Report/r:Kind", "closure"),
            "/ProsecutionScrutiny/Report/Kind",
            "[facet 'enumeration'] The value 'closure' is not an element of the set",
            id="unknown-report-kind",
        ),
        pytest.param(
            _remove("r:Report/r:ReportNumber"),
            "/ProsecutionScrutiny/Report/Kind",
            "This element is not expected. Expected is ( ReportNumber ).",
            id="report-number-missing",
        ),
        pytest.param(
            _remove("r:Header/r:CaseKeys/r:FirKey"),
            "/ProsecutionScrutiny/Header/CaseKeys",
            "Missing child element(s). Expected is ( FirKey ).",
            id="fir-key-missing",
        ),
        pytest.param(
            _set_attribute("r:Accused[2]", "personRef", "P9"),
            "/ProsecutionScrutiny/Accused[2]",
            "No match found for key-sequence ['P9'] of keyref 'ProsecutionScrutinyAccusedRef'",
            id="dangling-accused-ref",
        ),
        pytest.param(
            _set("r:DecidedAt", "2024-10-01T17:10:00"),
            "/ProsecutionScrutiny/DecidedAt",
            "[facet 'pattern'] The value '2024-10-01T17:10:00' is not accepted by the pattern",
            id="decided-at-without-offset",
        ),
        pytest.param(
            _set("r:Charges/r:Charge[1]/r:Section", "999"),
            "/ProsecutionScrutiny/Charges/Charge[1]/Section",
            "'999' is not a known BNS section (BNS has sections 1 to 358)",
            id="unknown-section",
        ),
        pytest.param(
            _set("r:Charges/r:Charge[2]/r:Statute", "IPC"),
            "/ProsecutionScrutiny/Charges/Charge[2]/Statute",
            "an offence on 2024-08-04 falls under BNS, not IPC",
            id="ipc-for-an-offence-after-july-2024",
        ),
        pytest.param(
            _proposed_charge("IPC", "411", "2024-08-05"),
            f"{OBJECTION_3}/ProposedCharges/Charge/Statute",
            "an offence on 2024-08-05 falls under BNS, not IPC",
            id="proposed-charge-under-the-wrong-code",
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


def test_a_proposed_charge_under_the_right_code_is_accepted(registry: SchemaRegistry) -> None:
    # Given the example with a charges objection proposing BNS 317(2) for the day of recovery
    root = example()
    _proposed_charge("BNS", "317(2)", "2024-08-05")(root)
    # When the hub validates it
    # Then there is nothing to refuse
    assert issues_of(registry, root) == []


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
