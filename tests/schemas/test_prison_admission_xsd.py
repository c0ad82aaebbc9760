"""schemas/v1/prison-admission.xsd, validated as the hub validates: the schema registry, then hub.rules."""

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

RECORD_TYPE = "prison-admission"
ROOT = "PrisonAdmission"
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
    # Then it is a prison-admission with no schema issue and no rule issue
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


def _cnr(value: str) -> etree._Element:
    cnr = etree.Element(f"{{{R}}}Cnr")
    cnr.text = value
    return cnr


def _order_names_cnr(order_cnr: str, header_cnr: str | None) -> Change:
    """The commitment order names a CNR instead of the FIR key; the header carries ``header_cnr`` if given."""

    def change(root: etree._Element) -> None:
        order_fir_key = find(root, "r:CommitmentOrder/r:FirKey")
        order_fir_key.addprevious(_cnr(order_cnr))
        order_fir_key.getparent().remove(order_fir_key)
        if header_cnr is not None:
            find(root, "r:Header/r:CaseKeys/r:FirKey").addnext(_cnr(header_cnr))

    return change


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        pytest.param(
            _set("r:CommitmentOrder/r:FirKey/r:Serial", "413"),
            "/PrisonAdmission/CommitmentOrder/FirKey",
            "No match found for key-sequence ['6', '60', 'PS0031', '2024', '413'] of keyref "
            "'PrisonAdmissionOrderFirKey'",
            id="order-names-an-fir-the-header-lacks",
        ),
        pytest.param(
            _order_names_cnr("HRFB010012342024", header_cnr=None),
            "/PrisonAdmission/CommitmentOrder/Cnr",
            "No match found for key-sequence ['HRFB010012342024'] of keyref 'PrisonAdmissionOrderCnr'",
            id="order-names-a-cnr-the-header-lacks",
        ),
        pytest.param(
            _remove("r:CommitmentOrder/r:FirKey"),
            "/PrisonAdmission/CommitmentOrder/CustodyUntil",
            "This element is not expected. Expected is one of ( FirKey, Cnr ).",
            id="order-names-neither-fir-nor-cnr",
        ),
        pytest.param(
            _order_names_cnr("HRFB01001234202", header_cnr="HRFB01001234202"),
            "/PrisonAdmission/CommitmentOrder/Cnr",
            "[facet 'pattern'] The value 'HRFB01001234202' is not accepted by the pattern",
            id="cnr-malformed",
        ),
        pytest.param(
            _remove("r:Header/r:CaseKeys/r:PrisonerId"),
            "/PrisonAdmission/Header/CaseKeys",
            "Missing child element(s). Expected is one of ( Cnr, LabCaseNumber, PrisonerId ).",
            id="prisoner-id-missing",
        ),
        pytest.param(
            _set_attribute("r:Header/r:CaseKeys/r:PrisonerId", "prisonCode", "CJGGN"),
            "/PrisonAdmission/Header/CaseKeys/PrisonerId",
            "No match found for key-sequence ['6', 'CJGGN'] of keyref 'PrisonAdmissionPrisonerIdPrison'",
            id="prisoner-id-of-another-prison",
        ),
        pytest.param(
            _set("r:Category", "remand"),
            "/PrisonAdmission/Category",
            "[facet 'enumeration'] The value 'remand' is not an element of the set",
            id="unknown-category",
        ),
        pytest.param(
            _set_attribute("r:Prisoner", "personRef", "P9"),
            "/PrisonAdmission/Prisoner",
            "No match found for key-sequence ['P9'] of keyref 'PrisonAdmissionPrisonerRef'",
            id="dangling-prisoner-ref",
        ),
        pytest.param(
            _set("r:BiometricsCaptured", "yes"),
            "/PrisonAdmission/BiometricsCaptured",
            "'yes' is not a valid value of the atomic type 'xs:boolean'",
            id="biometrics-flag-not-boolean",
        ),
        pytest.param(
            _set("r:Persons/r:Person/r:Identity[2]/r:Number", "234567890123"),
            "/PrisonAdmission/Persons/Person/Identity[2]/Number",
            "[facet 'pattern'] The value '234567890123' is not accepted by the pattern",
            id="aadhaar-number-as-identity",
        ),
        pytest.param(
            _set("r:CommitmentOrder/r:Charges/r:Charge/r:Statute", "IPC"),
            "/PrisonAdmission/CommitmentOrder/Charges/Charge/Statute",
            "an offence on 2024-08-02 falls under BNS, not IPC",
            id="ipc-for-an-offence-after-july-2024",
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


def test_an_admission_on_a_cnr_alone_is_valid(registry: SchemaRegistry) -> None:
    # Given the example as a convict's admission: the warrant names only the CNR, which the header carries
    root = example()
    _order_names_cnr("HRFB010012342024", header_cnr="HRFB010012342024")(root)
    find(root, "r:Category").text = "convict"
    find(root, "r:CommitmentOrder/r:Kind").text = "conviction-warrant"
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
