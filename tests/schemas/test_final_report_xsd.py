"""schemas/v1/final-report.xsd (IIF-V) and its example, validated as the hub validates: the schema registry on a
hardened parse, then the rules a schema cannot say."""

from __future__ import annotations

from functools import partial

import pytest

from hub.record import read_case_keys
from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "final-report"
ROOT = "FinalReport"
example = partial(h.parse_example, RECORD_TYPE)


def _cnr(value: str) -> h.Change:
    return h.insert("r:Header/r:CaseKeys/r:FirKey", h.element("Cnr", value))


def _closure(kind: str) -> h.Change:
    """Replace the charge-sheet by a closure report of the given kind, the other branch of IIF-V."""
    grounds = "Accused could not be traced despite efforts; the case is sent as untraced."
    return h.replace(
        "r:ChargeSheet", h.element("ClosureReport", None, h.element("Kind", kind), h.element("Grounds", grounds))
    )


_closure_beside_the_charge_sheet = h.insert(
    "r:ChargeSheet", h.element("ClosureReport", None, h.element("Kind", "untraced"), h.element("Grounds", "Untraced."))
)


def test_once_the_court_returned_a_cnr_the_report_links_by_it(registry: SchemaRegistry) -> None:
    # Given the example corrected after the court verified it and returned its CNR
    root = h.changed(example(), _cnr("HRFB010012342024"))
    # When it is validated
    # Then it is valid and links by the CNR as well
    assert h.hub_issues(registry, root) == []
    assert read_case_keys(root).cnr == "HRFB010012342024"


@pytest.mark.parametrize(
    "kind", ["untraced", "undetected", "false", "mistake-of-fact", "mistake-of-law", "non-cognizable", "civil-nature"]
)
def test_a_closure_report_is_the_other_valid_branch(registry: SchemaRegistry, kind: str) -> None:
    # Given the example turned into a closure report of one of IIF-V's seven kinds
    root = h.changed(example(), _closure(kind))
    # When it is validated
    # Then it is valid
    assert h.hub_issues(registry, root) == []


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
            h.remove_all("r:ChargeSheet/r:Accused"),
            "Element 'ChargeSheet': Missing child element(s). Expected is ( Accused ).",
            "/FinalReport/ChargeSheet",
            id="charge-sheet-without-accused",
        ),
        pytest.param(
            h.remove("r:ChargeSheet/r:Accused[1]/r:Charge"),
            "Element 'Status': This element is not expected. Expected is one of ( ReleasedOnBailOn, Charge ).",
            "/FinalReport/ChargeSheet/Accused[1]/Status",
            id="accused-without-sections",
        ),
        pytest.param(
            h.set_text("r:ChargeSheet/r:Accused[1]/r:Status", "free"),
            "[facet 'enumeration'] The value 'free' is not an element of the set",
            "/FinalReport/ChargeSheet/Accused[1]/Status",
            id="unknown-accused-status",
        ),
        pytest.param(
            h.set_attribute("r:AccusedNotChargeSheeted", "code", "A1"),
            "Duplicate key-sequence ['A1'] in unique identity-constraint 'FinalReportAccusedCode'",
            "/FinalReport/AccusedNotChargeSheeted",
            id="accused-code-charged-and-not",
        ),
        pytest.param(
            h.set_attribute("r:AccusedNotChargeSheeted", "personRef", "P1"),
            "Duplicate key-sequence ['P1'] in unique identity-constraint 'FinalReportAccusedPerson'",
            "/FinalReport/AccusedNotChargeSheeted",
            id="person-charged-and-not",
        ),
        pytest.param(
            h.set_attribute("r:Witness[1]", "personRef", "P99"),
            "No match found for key-sequence ['P99'] of keyref 'FinalReportWitnessRef'",
            None,  # libxml2 reports a keyref at the end of the root, without a path
            id="dangling-witness-ref",
        ),
        pytest.param(
            h.set_text("r:AccusedNotChargeSheeted/r:Reason", "compromise"),
            "[facet 'enumeration'] The value 'compromise' is not an element of the set",
            "/FinalReport/AccusedNotChargeSheeted/Reason",
            id="unknown-reason-not-charged",
        ),
        pytest.param(
            h.set_attribute("r:Documents/r:Document[2]", "serial", "1"),
            "Duplicate key-sequence ['1'] in unique identity-constraint 'FinalReportDocumentSerial'",
            "/FinalReport/Documents/Document[2]",
            id="document-serial-twice",
        ),
        pytest.param(
            h.set_text("r:Sequence", "revised"),
            "[facet 'enumeration'] The value 'revised' is not an element of the set {'original', 'supplementary'}",
            "/FinalReport/Sequence",
            id="unknown-sequence",
        ),
        pytest.param(
            h.remove("r:LabResult/r:LabCaseNumber"),
            "Element 'Lab': This element is not expected. Expected is ( LabCaseNumber ).",
            "/FinalReport/LabResult/Lab",
            id="lab-result-without-lab-case-number",
        ),
        pytest.param(
            h.set_text("r:ChargeSheet/r:Accused[2]/r:Charge/r:Statute", "IPC"),
            "an offence on 2024-08-04 falls under BNS, not IPC",
            "/FinalReport/ChargeSheet/Accused[2]/Charge/Statute",
            id="ipc-for-an-offence-after-july-2024",
        ),
        pytest.param(
            h.set_text("r:Header/r:RecordType", "court-case-registered"),
            "does not match the fixed value constraint 'final-report'",
            "/FinalReport/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            h.set_text("r:Header/r:SourceRecordId", "6-60-PS0031-2024-412-FR-238"),
            "is not the id of this source record",
            "/FinalReport/Header/RecordId",
            id="record-id-of-another-report",
        ),
    ],
)
def test_an_invalid_variant_fails_for_its_reason(
    registry: SchemaRegistry, change: h.Change, reason: str, path: str | None
) -> None:
    # Given the valid example with one thing broken
    # When the hub validates it
    # Then it is refused, for that reason and at that place
    h.assert_refused(h.hub_issues(registry, h.changed(example(), change)), reason, path)


def test_the_example_is_of_the_fir_registered_examples_case() -> None:
    # Given this example and the fir-registered example
    root = example()
    fir = h.fir_example()
    # Then both link to the same FIR, no CNR is known yet, and the RecordId is the one the hub derives
    keys = read_case_keys(root)
    assert keys.fir_key == read_case_keys(fir).fir_key == "6-60-PS0031-2024-412"
    assert keys.cnr is None
    h.assert_header_from(root, RECORD_TYPE, "cas", "police")


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    # When the hub validates it: schema first, then its rules
    # Then it is selected as a final-report record and has no issue of either kind
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


def test_the_schema_is_documented_and_declares_one_prefixed_root() -> None:
    # Given final-report.xsd
    # Then it declares exactly one global element, the record's root
    # And every type it defines carries the root's name, so no two record schemas define the same type
    h.assert_declares_one_root(h.xsd_path(RECORD_TYPE), ROOT)
    # And every type, element and attribute is documented, as `schemas show` prints it
    h.assert_documented(h.xsd_path(RECORD_TYPE), described=True)
