"""schemas/v1/forensic-receipt.xsd, validated as the hub validates: the schema registry, then hub.rules."""

from __future__ import annotations

import copy
from functools import partial

import pytest
import xmlschema
from lxml import etree

from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "forensic-receipt"
ROOT = "ForensicReceipt"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses untrusted bytes
    # When the registry validates it and the hub's rules check it
    # Then it is a forensic-receipt with no schema issue and no rule issue
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


def test_the_example_links_to_the_fir_registered_example() -> None:
    # Given the FIR key of the fir-registered example and of this one
    # Then they are the same case
    assert h.fir_key_texts(example()) == h.fir_key_texts(h.fir_example())


def test_the_example_header_names_trakea_and_its_derived_record_id() -> None:
    # Given the example's header
    # Then it comes from the forensics pillar's adapter, with the deterministic record id
    h.assert_header_from(example(), RECORD_TYPE, "trakea", "forensics")


def _add_cnr(value: str) -> h.Change:
    return h.insert("r:Header/r:CaseKeys/r:FirKey", h.element("Cnr", value))


def _second_exhibit_reuses_first_qr_code(root: etree._Element) -> None:
    first = h.find(root, "r:Exhibits/r:Exhibit[1]/r:QrCode").text
    h.find(root, "r:Exhibits/r:Exhibit[2]/r:QrCode").text = first


def _exhibit_number_twice(root: etree._Element) -> None:
    exhibit = h.find(root, "r:Exhibits/r:Exhibit[1]")
    twin = copy.deepcopy(exhibit)
    h.find(twin, "r:QrCode").text = "TRK24-HR-11873-009"
    h.find(twin, "r:SeizureMemo/r:Serial").text = "9"
    exhibit.addnext(twin)


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        pytest.param(
            h.remove("r:Header/r:CaseKeys/r:LabCaseNumber"),
            "/ForensicReceipt/Header/CaseKeys",
            "Missing child element(s). Expected is one of ( Cnr, LabCaseNumber ).",
            id="lab-case-number-missing",
        ),
        pytest.param(
            h.remove("r:Header/r:CaseKeys/r:FirKey"),
            "/ForensicReceipt/Header/CaseKeys/LabCaseNumber",
            "Element 'LabCaseNumber': This element is not expected. Expected is ( FirKey ).",
            id="fir-key-missing",
        ),
        pytest.param(
            _add_cnr("HRFB0100123420"),
            "/ForensicReceipt/Header/CaseKeys/Cnr",
            "[facet 'pattern'] The value 'HRFB0100123420' is not accepted by the pattern",
            id="cnr-malformed",
        ),
        pytest.param(
            h.set_text("r:Exhibits/r:Exhibit[3]/r:SealCondition", "tampered"),
            "/ForensicReceipt/Exhibits/Exhibit[3]/SealCondition",
            "[facet 'enumeration'] The value 'tampered' is not an element of the set {'intact', 'broken'}",
            id="seal-condition-not-intact-or-broken",
        ),
        pytest.param(
            h.set_text("r:Exhibits/r:Exhibit[1]/r:AssignedDivision", "astrology"),
            "/ForensicReceipt/Exhibits/Exhibit[1]/AssignedDivision",
            "[facet 'enumeration'] The value 'astrology' is not an element of the set",
            id="unknown-division",
        ),
        pytest.param(
            h.remove("r:Exhibits/r:Exhibit[2]/r:SeizureMemo"),
            "/ForensicReceipt/Exhibits/Exhibit[2]/Description",
            "This element is not expected. Expected is ( SeizureMemo ).",
            id="exhibit-without-seizure-memo-serial",
        ),
        pytest.param(
            _second_exhibit_reuses_first_qr_code,
            "/ForensicReceipt/Exhibits/Exhibit[2]",
            "Duplicate key-sequence ['TRK24-HR-11873-001'] in unique identity-constraint 'ForensicReceiptQrCode'",
            id="qr-code-twice",
        ),
        pytest.param(
            _exhibit_number_twice,
            "/ForensicReceipt/Exhibits/Exhibit[2]",
            "Duplicate key-sequence ['1'] in key identity-constraint 'ForensicReceiptExhibitNumber'",
            id="exhibit-number-twice",
        ),
        pytest.param(
            h.set_text("r:ReceivedAt", "2024-08-09T12:40:00"),
            "/ForensicReceipt/ReceivedAt",
            "[facet 'pattern'] The value '2024-08-09T12:40:00' is not accepted by the pattern",
            id="received-at-without-offset",
        ),
        pytest.param(
            h.set_text("r:Header/r:SourceRecordId", "SFSL-MDB/2024/11873/R2"),
            "/ForensicReceipt/Header/RecordId",
            "is not the id of this source record; expected",
            id="record-id-not-derived-from-source-record-id",
        ),
    ],
)
def test_an_invalid_variant_fails_for_its_reason(
    registry: SchemaRegistry, change: h.Change, path: str, reason: str
) -> None:
    # Given the valid example with one thing broken, as bytes, so every element has a line again
    root = h.reparsed(h.changed(example(), change))
    # When the hub validates it
    # Then it is refused, at that place and for that reason
    h.assert_refused(h.hub_issues(registry, root, reparse=False), reason, path, root=root)


def test_the_schema_declares_one_root_and_only_prefixed_types() -> None:
    # Given the schema file
    # Then its only global element is the record's root
    # And every type it defines is prefixed with the root's name, so no two record schemas clash
    h.assert_declares_one_root(h.xsd_path(RECORD_TYPE), ROOT)


def test_the_schema_documents_everything_and_loads_in_xmlschema() -> None:
    # Given the schema file
    # Then every type, element and attribute carries documentation, for `schemas show`
    h.assert_documented(h.xsd_path(RECORD_TYPE))
    # And xmlschema (which `schemas show` and `schemas check-compat` use) accepts it and the example
    xmlschema.XMLSchema10(str(h.xsd_path(RECORD_TYPE))).validate(str(h.example_path(RECORD_TYPE)))
