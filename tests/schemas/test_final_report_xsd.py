"""schemas/v1/final-report.xsd (IIF-V) and its example, validated as the hub validates: the schema registry on a
hardened parse, then the rules a schema cannot say."""

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

RECORD_TYPE = "final-report"
ROOT = "FinalReport"
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


def _cnr(value: str) -> Change:
    def change(root: etree._Element) -> None:
        find(root, "r:Header/r:CaseKeys/r:FirKey").addnext(_element("Cnr", value))

    return change


def _closure(kind: str) -> Change:
    """Replace the charge-sheet by a closure report of the given kind, the other branch of IIF-V."""

    def change(root: etree._Element) -> None:
        charge_sheet = find(root, "r:ChargeSheet")
        grounds = "Accused could not be traced despite efforts; the case is sent as untraced."
        charge_sheet.addprevious(_element("ClosureReport", None, _element("Kind", kind), _element("Grounds", grounds)))
        root.remove(charge_sheet)

    return change


def _closure_beside_the_charge_sheet(root: etree._Element) -> None:
    closure = _element("ClosureReport", None, _element("Kind", "untraced"), _element("Grounds", "Untraced."))
    find(root, "r:ChargeSheet").addnext(closure)


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
    # Then it is selected as a final-report record and has no issue of either kind
    assert (schema.record_type, schema.root_element) == (RECORD_TYPE, ROOT)
    assert found == []
    assert check_rules(root, schema) == []


def test_the_example_is_of_the_fir_registered_examples_case() -> None:
    # Given this example and the fir-registered example
    root = example()
    fir = parse_untrusted(FIR_EXAMPLE.read_bytes())
    # Then both link to the same FIR, no CNR is known yet, and the RecordId is the one the hub derives
    keys = read_case_keys(root)
    assert keys.fir_key == read_case_keys(fir).fir_key == "6-60-PS0031-2024-412"
    assert keys.cnr is None
    source_record_id = find(root, "r:Header/r:SourceRecordId").text
    assert find(root, "r:Header/r:RecordId").text == record_id("cas", RECORD_TYPE, source_record_id)


def test_once_the_court_returned_a_cnr_the_report_links_by_it(registry: SchemaRegistry) -> None:
    # Given the example corrected after the court verified it and returned its CNR
    root = example()
    _cnr("HRFB010012342024")(root)
    # When it is validated
    # Then it is valid and links by the CNR as well
    assert issues(registry, root) == []
    assert read_case_keys(root).cnr == "HRFB010012342024"


@pytest.mark.parametrize(
    "kind", ["untraced", "undetected", "false", "mistake-of-fact", "mistake-of-law", "non-cognizable", "civil-nature"]
)
def test_a_closure_report_is_the_other_valid_branch(registry: SchemaRegistry, kind: str) -> None:
    # Given the example turned into a closure report of one of IIF-V's seven kinds
    root = example()
    _closure(kind)(root)
    # When it is validated
    # Then it is valid
    assert issues(registry, root) == []


@pytest.mark.parametrize(
    ("change", "reason", "path"),
    [
        pytest.param(
            _cnr("HRFB0100123420"),
            "[facet 'pattern'] The value 'HRFB0100123420' is not accepted by the pattern",
            "/FinalReport/Header/CaseKeys/Cnr",
            id="cnr-malformed",
        ),
        pytest.param(
            _closure("withdrawn"),
            "[facet 'enumeration'] The value 'withdrawn' is not an element of the set",
            "/FinalReport/ClosureReport/Kind",
            id="unknown-closure-kind",
        ),
        pytest.param(
            _closure_beside_the_charge_sheet,
            "Element 'ClosureReport': This element is not expected.",
            "/FinalReport/ClosureReport",
            id="charge-sheet-and-closure-at-once",
        ),
        pytest.param(
            _remove_all("r:ChargeSheet/r:Accused"),
            "Element 'ChargeSheet': Missing child element(s). Expected is ( Accused ).",
            "/FinalReport/ChargeSheet",
            id="charge-sheet-without-accused",
        ),
        pytest.param(
            _remove("r:ChargeSheet/r:Accused[1]/r:Charge"),
            "Element 'Status': This element is not expected. Expected is one of ( ReleasedOnBailOn, Charge ).",
            "/FinalReport/ChargeSheet/Accused[1]/Status",
            id="accused-without-sections",
        ),
        pytest.param(
            _set("r:ChargeSheet/r:Accused[1]/r:Status", "free"),
            "[facet 'enumeration'] The value 'free' is not an element of the set",
            "/FinalReport/ChargeSheet/Accused[1]/Status",
            id="unknown-accused-status",
        ),
        pytest.param(
            _set_attribute("r:AccusedNotChargeSheeted", "code", "A1"),
            "Duplicate key-sequence ['A1'] in unique identity-constraint 'FinalReportAccusedCode'",
            "/FinalReport/AccusedNotChargeSheeted",
            id="accused-code-charged-and-not",
        ),
        pytest.param(
            _set_attribute("r:AccusedNotChargeSheeted", "personRef", "P1"),
            "Duplicate key-sequence ['P1'] in unique identity-constraint 'FinalReportAccusedPerson'",
            "/FinalReport/AccusedNotChargeSheeted",
            id="person-charged-and-not",
        ),
        pytest.param(
            _set_attribute("r:Witness[1]", "personRef", "P99"),
            "No match found for key-sequence ['P99'] of keyref 'FinalReportWitnessRef'",
            None,  # libxml2 reports a keyref at the end of the root, without a path
            id="dangling-witness-ref",
        ),
        pytest.param(
            _set("r:AccusedNotChargeSheeted/r:Reason", "compromise"),
            "[facet 'enumeration'] The value 'compromise' is not an element of the set",
            "/FinalReport/AccusedNotChargeSheeted/Reason",
            id="unknown-reason-not-charged",
        ),
        pytest.param(
            _set_attribute("r:Documents/r:Document[2]", "serial", "1"),
            "Duplicate key-sequence ['1'] in unique identity-constraint 'FinalReportDocumentSerial'",
            "/FinalReport/Documents/Document[2]",
            id="document-serial-twice",
        ),
        pytest.param(
            _set("r:Sequence", "revised"),
            "[facet 'enumeration'] The value 'revised' is not an element of the set {'original', 'supplementary'}",
            "/FinalReport/Sequence",
            id="unknown-sequence",
        ),
        pytest.param(
            _remove("r:LabResult/r:LabCaseNumber"),
            "Element 'Lab': This element is not expected. Expected is ( LabCaseNumber ).",
            "/FinalReport/LabResult/Lab",
            id="lab-result-without-lab-case-number",
        ),
        pytest.param(
            _set("r:ChargeSheet/r:Accused[2]/r:Charge/r:Statute", "IPC"),
            "an offence on 2024-08-04 falls under BNS, not IPC",
            "/FinalReport/ChargeSheet/Accused[2]/Charge/Statute",
            id="ipc-for-an-offence-after-july-2024",
        ),
        pytest.param(
            _set("r:Header/r:RecordType", "court-case-registered"),
            "does not match the fixed value constraint 'final-report'",
            "/FinalReport/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            _set("r:Header/r:SourceRecordId", "6-60-PS0031-2024-412-FR-238"),
            "is not the id of this source record",
            "/FinalReport/Header/RecordId",
            id="record-id-of-another-report",
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
    # Given final-report.xsd
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
