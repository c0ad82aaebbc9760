"""schemas/v1/court-case-registered.xsd, through the hub's own parser, schema registry and rules."""

from __future__ import annotations

from functools import partial

import pytest
from lxml import etree

from hub.record import read_case_keys
from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "court-case-registered"
ROOT = "CourtCaseRegistered"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_example_is_valid_and_keeps_the_rules(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    # When the registry validates it and the rules check it
    # Then it is a court-case-registered record with no issue of either kind
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


def test_the_example_header_is_the_ecourts_adapters() -> None:
    # Given the example's header
    # Then it comes from e-Courts, and its RecordId is the deterministic id of its source record
    h.assert_header_from(example(), RECORD_TYPE, "ecourts", "courts")


def test_the_example_links_the_fir_example_to_its_cnr() -> None:
    # Given the example and the FIR example it continues
    root = example()
    fir = h.fir_example()
    # When the hub reads their case keys
    keys, fir_keys = read_case_keys(root), read_case_keys(fir)
    # Then the court case carries the FIR's key and its own CNR, whose first six characters name its court
    assert keys.fir_key == fir_keys.fir_key == "6-60-PS0031-2024-412"
    assert keys.cnr == "HRFB010012342024"
    assert keys.cnr[:6] == h.find(root, "r:Court/r:EstablishmentCode").text


_second_accused_coded_a1 = h.set_attribute("r:Accused[2]", "code", "A1")
_ipc_theft_in_august_2024 = h.combined(
    h.set_text("r:Charges/r:Charge/r:Statute", "IPC"), h.set_text("r:Charges/r:Charge/r:Section", "379")
)
_a1s_person_again_as_a3 = h.duplicate("r:Accused[2]", code="A3", personRef="P1")


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        pytest.param(
            h.set_text("r:Header/r:CaseKeys/r:Cnr", "HRFB01001234202"),
            "Element 'Cnr': [facet 'pattern'] The value 'HRFB01001234202' is not accepted by the pattern",
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
            h.remove("r:Header/r:CaseKeys/r:FirKey"),
            "Element 'Cnr': This element is not expected. Expected is ( FirKey ).",
            "/Header/CaseKeys/Cnr",
            id="fir-key-missing",
        ),
        pytest.param(
            h.set_text("r:Header/r:RecordType", "court-order"),
            "does not match the fixed value constraint 'court-case-registered'",
            "/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            h.remove("r:Complainant"),
            "Element 'Accused': This element is not expected. Expected is ( Complainant ).",
            "/CourtCaseRegistered/Accused[1]",
            id="complainant-missing",
        ),
        pytest.param(
            h.set_attribute("r:Accused", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref 'CourtCaseRegisteredAccusedRef'",
            "/CourtCaseRegistered/Accused[1]",
            id="dangling-accused-ref",
        ),
        pytest.param(
            _second_accused_coded_a1,
            "Duplicate key-sequence ['A1'] in unique identity-constraint 'CourtCaseRegisteredAccusedCode'",
            "/CourtCaseRegistered/Accused[2]",
            id="accused-code-twice",
        ),
        pytest.param(
            _a1s_person_again_as_a3,
            "Duplicate key-sequence ['P1'] in unique identity-constraint 'CourtCaseRegisteredAccusedPerson'",
            "/CourtCaseRegistered/Accused[3]",
            id="accused-person-twice",
        ),
        pytest.param(
            h.set_attribute("r:Accused", "custodyStatus", "in-jail"),
            "[facet 'enumeration'] The value 'in-jail' is not an element of the set",
            "/CourtCaseRegistered/Accused[1]",
            id="custody-status-outside-enumeration",
        ),
        pytest.param(
            h.set_text("r:CaseType/r:Code", "chi"),
            "Element 'Code': [facet 'pattern'] The value 'chi' is not accepted by the pattern",
            "/CaseType/Code",
            id="case-type-lower-case",
        ),
        pytest.param(
            h.set_text("r:Registration/r:Date", "2024-10-32"),
            "Element 'Date': '2024-10-32' is not a valid value of the atomic type 'xs:date'.",
            "/Registration/Date",
            id="registration-date-impossible",
        ),
        pytest.param(
            _ipc_theft_in_august_2024,
            "379 IPC: an offence on 2024-08-02 falls under BNS, not IPC",
            "/Charges/Charge[1]/Statute",
            id="ipc-after-the-new-codes",
        ),
        pytest.param(
            h.set_text("r:Header/r:SourceRecordId", "HRFB010012352024"),
            "is not the id of this source record",
            "/Header/RecordId",
            id="record-id-of-another-case",
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


def test_a_private_complainant_is_a_person_of_the_record(registry: SchemaRegistry) -> None:
    # Given the example with the victim, not the State, as complainant
    root = example()
    complainant = h.find(root, "r:Complainant")
    complainant.remove(h.find(complainant, "r:State"))
    etree.SubElement(complainant, f"{{{h.R}}}Person", personRef="P3")
    # When it is validated
    # Then it is valid; and pointing at no one is not
    assert h.hub_issues(registry, root, xml_declaration=True) == []
    h.find(complainant, "r:Person").set("personRef", "P7")
    h.assert_refused(
        h.hub_issues(registry, root, xml_declaration=True), "keyref 'CourtCaseRegisteredComplainantRef'", None
    )


def test_the_schema_declares_one_root_and_documents_everything() -> None:
    # Given the schema file
    # Then it declares exactly one global element, the record's root
    # And every type it defines is prefixed with the root's name, so no two record schemas clash
    h.assert_declares_one_root(h.xsd_path(RECORD_TYPE), ROOT)
    # And every type, element and attribute carries documentation
    h.assert_documented(h.xsd_path(RECORD_TYPE))
