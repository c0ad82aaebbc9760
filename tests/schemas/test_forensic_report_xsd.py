"""schemas/v1/forensic-report.xsd, validated as the hub validates: the schema registry, then hub.rules."""

from __future__ import annotations

from functools import partial

import pytest
import xmlschema
from lxml import etree

from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "forensic-report"
ROOT = "ForensicReport"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses untrusted bytes
    # When the registry validates it and the hub's rules check it
    # Then it is a forensic-report with no schema issue and no rule issue
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


def test_the_example_header_names_trakea_and_its_derived_record_id() -> None:
    # Given the example's header
    # Then it comes from the forensics pillar's adapter, with the deterministic record id
    h.assert_header_from(example(), RECORD_TYPE, "trakea", "forensics")


def test_the_example_links_to_the_fir_registered_example() -> None:
    # Given the FIR key of the fir-registered example and of this one
    # Then they are the same case
    assert h.fir_key_texts(example()) == h.fir_key_texts(h.fir_example())


_investigating_officer_in_the_body = h.insert(
    "r:Lab",
    h.element("InvestigatingOfficer", None, h.element("Name", "Rajesh Yadav", script="Latn"), h.element("Rank", "SI")),
)


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        pytest.param(
            h.set_text("r:Findings/r:Finding[2]/r:ExhibitNumber", "4"),
            "/ForensicReport/Findings/Finding[2]/ExhibitNumber",
            "No match found for key-sequence ['4'] of keyref 'ForensicReportFindingExhibit'",
            id="finding-on-an-exhibit-not-examined",
        ),
        pytest.param(
            h.set_attribute("r:Findings/r:Finding[1]", "analystRef", "AN9"),
            "/ForensicReport/Findings/Finding[1]",
            "No match found for key-sequence ['AN9'] of keyref 'ForensicReportFindingAnalyst'",
            id="dangling-analyst-ref",
        ),
        pytest.param(
            _investigating_officer_in_the_body,
            "/ForensicReport/InvestigatingOfficer",
            "This element is not expected. Expected is ( ReportNumber ).",
            id="police-identity-in-the-body",
        ),
        pytest.param(
            h.set_text("r:Findings/r:Finding[1]/r:Outcome", "probable"),
            "/ForensicReport/Findings/Finding[1]/Outcome",
            "[facet 'enumeration'] The value 'probable' is not an element of the set",
            id="unknown-outcome",
        ),
        pytest.param(
            h.set_text("r:Findings/r:Finding[1]/r:Division", "palmistry"),
            "/ForensicReport/Findings/Finding[1]/Division",
            "[facet 'enumeration'] The value 'palmistry' is not an element of the set",
            id="unknown-division",
        ),
        pytest.param(
            h.set_text("r:ESignature/r:CertificateSerial", "5A3F-9C02"),
            "/ForensicReport/ESignature/CertificateSerial",
            "[facet 'pattern'] The value '5A3F-9C02' is not accepted by the pattern",
            id="certificate-serial-not-hex",
        ),
        pytest.param(
            h.remove("r:ESignature"),
            "/ForensicReport/DispatchedAt",
            "This element is not expected. Expected is ( ESignature ).",
            id="unsigned-report",
        ),
        pytest.param(
            h.remove("r:Header/r:CaseKeys/r:LabCaseNumber"),
            "/ForensicReport/Header/CaseKeys",
            "Missing child element(s). Expected is one of ( Cnr, LabCaseNumber ).",
            id="lab-case-number-missing",
        ),
        pytest.param(
            h.set_text("r:ESignature/r:SignedAt", "2024-09-20T16:12:00"),
            "/ForensicReport/ESignature/SignedAt",
            "[facet 'pattern'] The value '2024-09-20T16:12:00' is not accepted by the pattern",
            id="signed-at-without-offset",
        ),
        pytest.param(
            h.set_text("r:Header/r:RecordType", "forensic-receipt"),
            "/ForensicReport/Header/RecordType",
            "The actual value 'forensic-receipt' does not match the fixed value constraint 'forensic-report'",
            id="wrong-record-type",
        ),
        pytest.param(
            h.set_text("r:Header/r:SourceSystem", "cas"),
            "/ForensicReport/Header/RecordId",
            "is not the id of this source record; expected",
            id="record-id-of-another-source",
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


def test_the_example_body_keeps_police_identity_out() -> None:
    # Given the example's body (everything but the header, which the hub needs for linking)
    root = example()
    body = [child for child in root if etree.QName(child).localname != "Header"]
    text = " ".join(" ".join(element.itertext()) for element in body)
    # Then it names neither the police station nor the investigating officer: analysts are blinded
    for police_identity in ("PS0031", "Sector 31", "Rajesh", "Yadav", "थाना"):
        assert police_identity not in text


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
