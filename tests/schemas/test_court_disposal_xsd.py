"""schemas/v1/court-disposal.xsd (IIF-VI), through the hub's own parser, schema registry and rules."""

from __future__ import annotations

import copy
from functools import partial

import pytest
from lxml import etree

from hub.record import read_case_keys
from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "court-disposal"
ROOT = "CourtDisposal"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_example_is_valid_and_keeps_the_rules(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    # When the registry validates it and the rules check it
    # Then it is a court-disposal record with no issue of either kind
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


IMPRISONMENT = "r:Verdict/r:Finding/r:Sentence/r:Imprisonment"
_life_imprisonment_without_term = h.combined(
    h.set_text(f"{IMPRISONMENT}/r:Kind", "life"), h.remove(f"{IMPRISONMENT}/r:Term")
)
PROBATION = h.element("Probation", None, h.element("Term", "P1Y"), h.element("BondAmountInr", "10000"))
_a2_convicted_and_released_on_probation = h.combined(
    h.set_text("r:Verdict[2]/r:Finding/r:Result", "convicted"),
    h.insert("r:Verdict[2]/r:Finding", h.element("Sentence", None, PROBATION), inside=True),
)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_life_imprisonment_without_term, id="life-imprisonment-has-no-term"),
        pytest.param(_a2_convicted_and_released_on_probation, id="probation-instead-of-sentence"),
    ],
)
def test_other_sentences_are_valid(registry: SchemaRegistry, change: h.Change) -> None:
    # Given the example with another kind of sentence
    root = h.changed(example(), change)
    # When it is validated
    # Then it is valid
    assert h.hub_issues(registry, root, xml_declaration=True) == []


_same_charge_found_twice = h.duplicate("r:Verdict/r:Finding")


def _convicted_under_ipc_for_a_2024_offence(root: etree._Element) -> None:
    finding = h.find(root, "r:Verdict/r:Finding")
    charge = copy.deepcopy(h.find(finding, "r:Charge"))
    h.find(charge, "r:Statute").text = "IPC"
    h.find(charge, "r:Section").text = "411"
    h.find(finding, "r:Result").addnext(h.element("ConvictedUnder", None, charge))


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        pytest.param(
            h.set_text("r:Header/r:CaseKeys/r:Cnr", "HRFB0100123420245"),
            "Element 'Cnr': [facet 'pattern'] The value 'HRFB0100123420245' is not accepted by the pattern",
            "/Header/CaseKeys/Cnr",
            id="cnr-malformed",
        ),
        pytest.param(
            h.remove("r:Header/r:CaseKeys/r:Cnr"),
            "Element 'CaseKeys': Missing child element(s). Expected is ( Cnr ).",
            "/Header/CaseKeys",
            id="cnr-missing",
        ),
        pytest.param(
            h.set_text("r:Header/r:RecordType", "appeal-result"),
            "does not match the fixed value constraint 'court-disposal'",
            "/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            h.remove("r:JudgmentDate"),
            "Element 'Persons': This element is not expected. Expected is ( JudgmentDate ).",
            "/CourtDisposal/Persons",
            id="judgment-date-missing",
        ),
        pytest.param(
            h.set_text("r:Verdict/r:Finding/r:Result", "guilty"),
            "Element 'Result': [facet 'enumeration'] The value 'guilty' is not an element of the set",
            "/Verdict[1]/Finding/Result",
            id="result-outside-enumeration",
        ),
        pytest.param(
            h.set_text("r:Verdict/r:Finding/r:Sentence/r:Imprisonment/r:Term", "1 year"),
            "Element 'Term': '1 year' is not a valid value of the atomic type 'CourtDisposalTermType'.",
            "/Sentence/Imprisonment/Term",
            id="term-not-a-duration",
        ),
        pytest.param(
            h.set_text("r:Verdict/r:Finding/r:Sentence/r:Imprisonment/r:Term", "PT12H"),
            "Element 'Term': [facet 'pattern'] The value 'PT12H' is not accepted by the pattern",
            "/Sentence/Imprisonment/Term",
            id="term-in-hours",
        ),
        pytest.param(
            h.set_text("r:Verdict/r:Finding/r:Sentence/r:Fine/r:AmountInr", "5000.505"),
            "Element 'AmountInr': [facet 'fractionDigits'] The value '5000.505' has more fractional digits",
            "/Sentence/Fine/AmountInr",
            id="fine-in-fractions-of-a-paisa",
        ),
        pytest.param(
            h.set_attribute("r:Verdict/r:Compensation", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref 'CourtDisposalCompensationRef'",
            "/CourtDisposal/Verdict[1]/Compensation",
            id="dangling-compensation-ref",
        ),
        pytest.param(
            h.set_attribute("r:Verdict[2]", "personRef", "P1"),
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
    registry: SchemaRegistry, change: h.Change, message: str, path: str
) -> None:
    # Given the valid example with one thing broken
    root = h.changed(example(), change)
    # When the hub validates it
    # Then it fails, for that reason and at that place
    h.assert_refused(h.hub_issues(registry, root, xml_declaration=True), message, path, suffix=True)


def test_the_example_header_is_the_ecourts_adapters() -> None:
    # Given the example's header
    root = example()
    # Then it comes from e-Courts and its RecordId is the deterministic id of its source record
    h.assert_header_from(root, RECORD_TYPE, "ecourts", "courts")
    # And it links by the CNR of examples/court-case-registered.xml and the FIR key of examples/fir-registered.xml
    keys = read_case_keys(root)
    assert (keys.cnr, keys.fir_key) == ("HRFB010012342024", "6-60-PS0031-2024-412")


def test_the_schema_declares_one_root_and_documents_everything() -> None:
    # Given the schema file
    # Then it declares exactly one global element, the record's root
    # And every type it defines is prefixed with the root's name, so no two record schemas clash
    h.assert_declares_one_root(h.xsd_path(RECORD_TYPE), ROOT)
    # And every type, element and attribute carries documentation
    h.assert_documented(h.xsd_path(RECORD_TYPE))
