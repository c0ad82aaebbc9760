"""schemas/v1/prison-movement.xsd, validated as the hub validates: the schema registry, then hub.rules."""

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

RECORD_TYPE = "prison-movement"
ROOT = "PrisonMovement"
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
    # Then it is a prison-movement with no schema issue and no rule issue
    assert schema.record_type == RECORD_TYPE
    assert issues == []
    assert check_rules(root, schema) == []


def test_the_example_header_names_eprisons_and_its_derived_record_id() -> None:
    # Given the example's header
    header = find(example(), "r:Header")
    # Then it comes from the prisons pillar's adapter, with the deterministic record id
    assert find(header, "r:SourceSystem").text == "eprisons"
    assert find(header, "r:SourcePillar").text == "prisons"
    source_record_id = find(header, "r:SourceRecordId").text
    assert find(header, "r:RecordId").text == record_id("eprisons", RECORD_TYPE, source_record_id)


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


ESCAPE = f"""<Escape xmlns="{R}" {{priority}}>
  <At>2024-10-28T13:25:00+05:30</At>
  <From><Court><EstablishmentCode>HRFB01</EstablishmentCode><Name>Court of Judicial Magistrate First Class,
    Faridabad</Name></Court></From>
  <Circumstances>Slipped the handcuff in the court lock-up corridor and ran towards the Sector 12 market; wearing
    a grey T-shirt and blue jeans.</Circumstances>
  <PoliceInformedAt>2024-10-28T13:31:00+05:30</PoliceInformedAt>
</Escape>"""


def _escape(priority: str | None) -> Change:
    """The movement becomes an escape from court, with the given priority attribute (or none)."""

    def change(root: etree._Element) -> None:
        attribute = "" if priority is None else f'priority="{priority}"'
        production = find(root, "r:Movement/r:CourtProduction")
        production.addnext(etree.fromstring(ESCAPE.replace("{priority}", attribute)))
        production.getparent().remove(production)

    return change


def _parole_without_due_date(root: etree._Element) -> None:
    production = find(root, "r:Movement/r:CourtProduction")
    production.tag = f"{{{R}}}Parole"
    for name in ("To", "Escort", "ExpectedReturnAt"):
        production.remove(find(production, f"r:{name}"))


def _second_movement(root: etree._Element) -> None:
    movement = find(root, "r:Movement")
    movement.append(copy.deepcopy(find(movement, "r:CourtProduction")))


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        pytest.param(
            _escape(priority=None),
            "/PrisonMovement/Movement/Escape",
            "The attribute 'priority' is required but missing.",
            id="escape-without-priority",
        ),
        pytest.param(
            _escape(priority="routine"),
            "/PrisonMovement/Movement/Escape",
            "The value 'routine' is not an element of the set {'real-time'}",
            id="escape-not-real-time",
        ),
        pytest.param(
            _remove("r:Header/r:CaseKeys/r:Cnr"),
            "/PrisonMovement/Header/CaseKeys/PrisonerId",
            "This element is not expected. Expected is ( Cnr ).",
            id="cnr-missing",
        ),
        pytest.param(
            _remove("r:Header/r:CaseKeys/r:PrisonerId"),
            "/PrisonMovement/Header/CaseKeys",
            "Missing child element(s). Expected is one of ( LabCaseNumber, PrisonerId ).",
            id="prisoner-id-missing",
        ),
        pytest.param(
            _set("r:Movement/r:CourtProduction/r:Authority/r:CourtOrder/r:Cnr", "HR-FB-01-001234-2024"),
            "/PrisonMovement/Movement/CourtProduction/Authority/CourtOrder/Cnr",
            "[facet 'pattern'] The value 'HR-FB-01-001234-2024' is not accepted by the pattern",
            id="authority-cnr-malformed",
        ),
        pytest.param(
            _remove("r:Movement/r:CourtProduction/r:Escort"),
            "/PrisonMovement/Movement/CourtProduction/Authority",
            "This element is not expected. Expected is ( Escort ).",
            id="production-without-escort",
        ),
        pytest.param(
            _parole_without_due_date,
            "/PrisonMovement/Movement/Parole",
            "Missing child element(s). Expected is ( DueBackOn ).",
            id="parole-without-due-date",
        ),
        pytest.param(
            _second_movement,
            "/PrisonMovement/Movement/CourtProduction[2]",
            "This element is not expected.",
            id="two-movements-in-one-record",
        ),
        pytest.param(
            _set_attribute("r:Prisoner", "personRef", "P9"),
            "/PrisonMovement/Prisoner",
            "No match found for key-sequence ['P9'] of keyref 'PrisonMovementPrisonerRef'",
            id="dangling-prisoner-ref",
        ),
        pytest.param(
            _set_attribute("r:Header/r:CaseKeys/r:PrisonerId", "stateCode", "7"),
            "/PrisonMovement/Header/CaseKeys/PrisonerId",
            "No match found for key-sequence ['7', 'DJFBD'] of keyref 'PrisonMovementPrisonerIdPrison'",
            id="prisoner-id-of-another-state",
        ),
        pytest.param(
            _set("r:Header/r:SourceRecordId", "DJFBD/MOV/2024/118206"),
            "/PrisonMovement/Header/RecordId",
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


def test_an_escape_flagged_real_time_is_valid(registry: SchemaRegistry) -> None:
    # Given the example's movement turned into an escape flagged real-time
    changed = example()
    _escape(priority="real-time")(changed)
    root = parse_untrusted(etree.tostring(changed))
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
