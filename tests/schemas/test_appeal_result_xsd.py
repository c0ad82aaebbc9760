"""schemas/v1/appeal-result.xsd (IIF-VII), through the hub's own parser, schema registry and rules."""

from __future__ import annotations

from functools import partial

import pytest
from lxml import etree

from hub.record import read_case_keys, record_id
from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "appeal-result"
ROOT = "AppealResult"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_lineage_leads_to_the_disposal_example() -> None:
    # Given the example and the trial court's disposal it appeals from
    root = example()
    disposal = h.parse_example("court-disposal")
    # Then the appeal has a CNR of its own, and its lineage CNR and judgment date are the disposal's
    lower = h.find(root, "r:LowerCourtCase")
    assert read_case_keys(root).cnr != read_case_keys(disposal).cnr
    assert h.find(lower, "r:Cnr").text == read_case_keys(disposal).cnr
    assert h.find(lower, "r:JudgmentDate").text == h.find(disposal, "r:JudgmentDate").text


def _as_a_high_court_appeal(root: etree._Element) -> None:
    """The same result as the Punjab and Haryana High Court would send it: a PHHC CNR, not an HR one."""
    cnr = "PHHC010123452026"
    header = h.find(root, "r:Header")
    h.find(header, "r:SourceRecordId").text = cnr
    h.find(header, "r:CaseKeys/r:Cnr").text = cnr
    h.find(header, "r:RecordId").text = record_id("ecourts", RECORD_TYPE, cnr)
    h.find(root, "r:AppealNumber/r:CaseType").text = "CRA-S"
    h.find(root, "r:AppellateCourt/r:EstablishmentCode").text = "PHHC01"
    h.find(root, "r:AppellateCourt/r:Name").text = "High Court of Punjab and Haryana at Chandigarh"
    h.find(root, "r:CourtLevel").text = "high-court"
    h.find(root, "r:Judge/r:Designation").text = "Judge, High Court"


def test_a_high_court_appeal_carries_the_high_courts_cnr(registry: SchemaRegistry) -> None:
    # Given the example rewritten as a High Court appeal
    root = example()
    _as_a_high_court_appeal(root)
    # When it is validated
    # Then it is valid, and the hub links it by its PHHC CNR
    assert h.hub_issues(registry, root, xml_declaration=True) == []
    assert read_case_keys(root).cnr == "PHHC010123452026"


_lower_court_case_twice = h.duplicate("r:LowerCourtCase")


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        pytest.param(
            h.set_text("r:Header/r:CaseKeys/r:Cnr", "PHHC0101234520"),
            "Element 'Cnr': [facet 'pattern'] The value 'PHHC0101234520' is not accepted by the pattern",
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
            h.set_text("r:Header/r:RecordType", "court-disposal"),
            "does not match the fixed value constraint 'appeal-result'",
            "/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            h.remove("r:LowerCourtCase"),
            "Element 'Persons': This element is not expected. Expected is ( LowerCourtCase ).",
            "/AppealResult/Persons",
            id="lineage-missing",
        ),
        pytest.param(
            h.set_text("r:LowerCourtCase/r:Cnr", "HR-FB-01-001234-2024"),
            "Element 'Cnr': [facet 'pattern'] The value 'HR-FB-01-001234-2024' is not accepted by the pattern",
            "/LowerCourtCase/Cnr",
            id="lineage-cnr-malformed",
        ),
        pytest.param(
            _lower_court_case_twice,
            "Duplicate key-sequence ['HRFB010012342024'] in unique identity-constraint 'AppealResultLowerCourtCnr'",
            "/AppealResult/LowerCourtCase[2]",
            id="lineage-cnr-twice",
        ),
        pytest.param(
            h.set_text("r:Result", "quashed"),
            "Element 'Result': [facet 'enumeration'] The value 'quashed' is not an element of the set",
            "/AppealResult/Result",
            id="result-outside-enumeration",
        ),
        pytest.param(
            h.set_text("r:CourtLevel", "district-court"),
            "Element 'CourtLevel': [facet 'enumeration'] The value 'district-court' is not an element of the set",
            "/AppealResult/CourtLevel",
            id="court-level-outside-enumeration",
        ),
        pytest.param(
            h.set_attribute("r:Appellant/r:Person", "personRef", "P2"),
            "No match found for key-sequence ['P2'] of keyref 'AppealResultAppellantRef'",
            "/AppealResult/Appellant/Person",
            id="dangling-appellant-ref",
        ),
        pytest.param(
            h.set_attribute("r:Outcome", "personRef", "P2"),
            "No match found for key-sequence ['P2'] of keyref 'AppealResultOutcomeRef'",
            "/AppealResult/Outcome",
            id="dangling-outcome-ref",
        ),
        pytest.param(
            h.set_text("r:Outcome/r:Finding/r:ModifiedSentence/r:Imprisonment/r:Term", "P"),
            "Element 'Term': 'P' is not a valid value of the atomic type 'AppealResultTermType'.",
            "/ModifiedSentence/Imprisonment/Term",
            id="empty-term",
        ),
        pytest.param(
            h.set_text("r:Outcome/r:Finding/r:Charge/r:Section", "359"),
            "'359' is not a known BNS section (BNS has sections 1 to 358)",
            "/Outcome/Finding/Charge/Section",
            id="section-beyond-the-code",
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
    # Then it comes from e-Courts and its RecordId is the deterministic id of its source record
    h.assert_header_from(example(), RECORD_TYPE, "ecourts", "courts")


def test_the_schema_declares_one_root_and_documents_everything() -> None:
    # Given the schema file
    # Then it declares exactly one global element, the record's root
    # And every type it defines is prefixed with the root's name, so no two record schemas clash
    h.assert_declares_one_root(h.xsd_path(RECORD_TYPE), ROOT)
    # And every type, element and attribute carries documentation
    h.assert_documented(h.xsd_path(RECORD_TYPE))


def test_the_example_is_valid_and_keeps_the_rules(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    # When the registry validates it and the rules check it
    # Then it is an appeal-result record with no issue of either kind
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)
