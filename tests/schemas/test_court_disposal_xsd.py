"""schemas/v1/court-disposal.xsd (IIF-VI), through the hub's own parser, schema registry and rules."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

import schemas
from hub.record import read_case_keys, record_id
from hub.rules import check_rules
from hub.schemas import SchemaRegistry, ValidationIssue
from hub.xml import parse_untrusted

RECORD_TYPE = "court-disposal"
V1 = Path(schemas.__file__).parent / "v1"
XSD = V1 / f"{RECORD_TYPE}.xsd"
EXAMPLE = V1 / "examples" / f"{RECORD_TYPE}.xml"
XS = "http://www.w3.org/2001/XMLSchema"
R = "urn:icjs:record:v1"
NS = {"r": R}


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
    # Then it is a court-disposal record with no issue of either kind
    assert schema.record_type == RECORD_TYPE
    assert schema.root_element == "CourtDisposal"
    assert issues == []
    assert check_rules(root, schema) == []


def test_the_example_header_is_the_ecourts_adapters() -> None:
    # Given the example's header
    root = example()
    header = find(root, "r:Header")
    source_record_id = find(header, "r:SourceRecordId").text
    # Then it comes from e-Courts and its RecordId is the deterministic id of its source record
    assert find(header, "r:SourceSystem").text == "ecourts"
    assert find(header, "r:SourcePillar").text == "courts"
    assert find(header, "r:RecordId").text == record_id("ecourts", RECORD_TYPE, source_record_id)
    # And it links by the CNR of examples/court-case-registered.xml and the FIR key of examples/fir-registered.xml
    keys = read_case_keys(root)
    assert (keys.cnr, keys.fir_key) == ("HRFB010012342024", "6-60-PS0031-2024-412")


def _life_imprisonment_without_term(root: etree._Element) -> None:
    imprisonment = find(root, "r:Verdict/r:Finding/r:Sentence/r:Imprisonment")
    find(imprisonment, "r:Kind").text = "life"
    imprisonment.remove(find(imprisonment, "r:Term"))


def _a2_convicted_and_released_on_probation(root: etree._Element) -> None:
    finding = find(root, "r:Verdict[2]/r:Finding")
    find(finding, "r:Result").text = "convicted"
    sentence = etree.SubElement(finding, f"{{{R}}}Sentence")
    probation = etree.SubElement(sentence, f"{{{R}}}Probation")
    etree.SubElement(probation, f"{{{R}}}Term").text = "P1Y"
    etree.SubElement(probation, f"{{{R}}}BondAmountInr").text = "10000"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_life_imprisonment_without_term, id="life-imprisonment-has-no-term"),
        pytest.param(_a2_convicted_and_released_on_probation, id="probation-instead-of-sentence"),
    ],
)
def test_other_sentences_are_valid(registry: SchemaRegistry, change: Callable[[etree._Element], None]) -> None:
    # Given the example with another kind of sentence
    root = example()
    change(root)
    # When it is validated
    # Then it is valid
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


def _same_charge_found_twice(root: etree._Element) -> None:
    finding = find(root, "r:Verdict/r:Finding")
    finding.addnext(copy.deepcopy(finding))


def _convicted_under_ipc_for_a_2024_offence(root: etree._Element) -> None:
    finding = find(root, "r:Verdict/r:Finding")
    convicted_under = etree.Element(f"{{{R}}}ConvictedUnder")
    charge = copy.deepcopy(find(finding, "r:Charge"))
    find(charge, "r:Statute").text = "IPC"
    find(charge, "r:Section").text = "411"
    convicted_under.append(charge)
    find(finding, "r:Result").addnext(convicted_under)


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        pytest.param(
            _set("r:Header/r:CaseKeys/r:Cnr", "HRFB0100123420245"),
            "Element 'Cnr': [facet 'pattern'] The value 'HRFB0100123420245' is not accepted by the pattern",
            "/Header/CaseKeys/Cnr",
            id="cnr-malformed",
        ),
        pytest.param(
            _remove("r:Header/r:CaseKeys/r:Cnr"),
            "Element 'CaseKeys': Missing child element(s). Expected is ( Cnr ).",
            "/Header/CaseKeys",
            id="cnr-missing",
        ),
        pytest.param(
            _set("r:Header/r:RecordType", "appeal-result"),
            "does not match the fixed value constraint 'court-disposal'",
            "/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            _remove("r:JudgmentDate"),
            "Element 'Persons': This element is not expected. Expected is ( JudgmentDate ).",
            "/CourtDisposal/Persons",
            id="judgment-date-missing",
        ),
        pytest.param(
            _set("r:Verdict/r:Finding/r:Result", "guilty"),
            "Element 'Result': [facet 'enumeration'] The value 'guilty' is not an element of the set",
            "/Verdict[1]/Finding/Result",
            id="result-outside-enumeration",
        ),
        pytest.param(
            _set("r:Verdict/r:Finding/r:Sentence/r:Imprisonment/r:Term", "1 year"),
            "Element 'Term': '1 year' is not a valid value of the atomic type 'CourtDisposalTermType'.",
            "/Sentence/Imprisonment/Term",
            id="term-not-a-duration",
        ),
        pytest.param(
            _set("r:Verdict/r:Finding/r:Sentence/r:Imprisonment/r:Term", "PT12H"),
            "Element 'Term': [facet 'pattern'] The value 'PT12H' is not accepted by the pattern",
            "/Sentence/Imprisonment/Term",
            id="term-in-hours",
        ),
        pytest.param(
            _set("r:Verdict/r:Finding/r:Sentence/r:Fine/r:AmountInr", "5000.505"),
            "Element 'AmountInr': [facet 'fractionDigits'] The value '5000.505' has more fractional digits",
            "/Sentence/Fine/AmountInr",
            id="fine-in-fractions-of-a-paisa",
        ),
        pytest.param(
            _set_attribute("r:Verdict/r:Compensation", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref 'CourtDisposalCompensationRef'",
            "/CourtDisposal/Verdict[1]/Compensation",
            id="dangling-compensation-ref",
        ),
        pytest.param(
            _set_attribute("r:Verdict[2]", "personRef", "P1"),
            "Duplicate key-sequence ['P1'] in unique identity-constraint 'CourtDisposalVerdictPerson'",
            "/CourtDisposal/Verdict[2]",
            id="two-verdicts-on-one-accused",
        ),
        pytest.param(
            _same_charge_found_twice,
            "Duplicate key-sequence ['BNS', '303(2)'] in unique identity-constraint 'CourtDisposalFindingCharge'",
            "/CourtDisposal/Verdict[1]/Finding[2]",
            id="one-charge-two-findings",
        ),
        pytest.param(
            _convicted_under_ipc_for_a_2024_offence,
            "411 IPC: an offence on 2024-08-02 falls under BNS, not IPC",
            "/ConvictedUnder/Charge/Statute",
            id="conviction-under-the-repealed-code",
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
    assert [e.get("name") for e in tree.getroot().findall(f"{{{XS}}}element")] == ["CourtDisposal"]
    # And every type it defines is prefixed with the root's name, so no two record schemas clash
    for kind in ("complexType", "simpleType"):
        for declaration in tree.getroot().findall(f"{{{XS}}}{kind}"):
            assert declaration.get("name", "").startswith("CourtDisposal"), declaration.get("name")
    # And every type, element and attribute carries documentation
    for kind in ("complexType", "simpleType", "element", "attribute"):
        for declaration in tree.iter(f"{{{XS}}}{kind}"):
            if declaration.get("name") is None and kind == "simpleType":
                continue
            doc = declaration.findtext(f"{{{XS}}}annotation/{{{XS}}}documentation")
            assert doc and doc.strip(), f"{kind} {declaration.get('name')} has no documentation"
