"""schemas/v1/prosecution-scrutiny.xsd, validated as the hub validates: the schema registry, then hub.rules."""

from __future__ import annotations

from functools import partial

import pytest
import xmlschema

from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "prosecution-scrutiny"
ROOT = "ProsecutionScrutiny"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_example_header_names_eprosecution_and_its_derived_record_id() -> None:
    # Given the example's header
    # Then it comes from the prosecution pillar's adapter, with the deterministic record id
    h.assert_header_from(example(), RECORD_TYPE, "eprosecution", "prosecution")


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses untrusted bytes
    # When the registry validates it and the hub's rules check it
    # Then it is a prosecution-scrutiny with no schema issue and no rule issue
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


def test_the_example_links_to_the_fir_registered_example() -> None:
    # Given the FIR key of the fir-registered example and of this one
    # Then they are the same case
    assert h.fir_key_texts(example()) == h.fir_key_texts(h.fir_example())


_returned_without_objections = h.remove_all("r:Decision/r:ReturnedWithObjections/r:Objection")
_approved_as_well_as_returned = h.insert("r:Decision", h.element("Approved"), inside=True)


def _proposed_charge(statute: str, section: str, offence_date: str) -> h.Change:
    charge = h.element(
        "Charge",
        None,
        h.element("Statute", statute),
        h.element("Section", section),
        h.element("OffenceDate", offence_date),
    )
    objection = "r:Decision/r:ReturnedWithObjections/r:Objection[3]"
    return h.insert(objection, h.element("ProposedCharges", None, charge), inside=True)


OBJECTION_3 = "/ProsecutionScrutiny/Decision/ReturnedWithObjections/Objection[3]"


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        pytest.param(
            _returned_without_objections,
            "/ProsecutionScrutiny/Decision/ReturnedWithObjections/ResubmitBy",
            "This element is not expected. Expected is ( Objection ).",
            id="returned-without-objections",
        ),
        pytest.param(
            _approved_as_well_as_returned,
            "/ProsecutionScrutiny/Decision/Approved",
            "This element is not expected.",
            id="two-decisions",
        ),
        pytest.param(
            h.set_text("r:Decision/r:ReturnedWithObjections/r:Objection[1]/r:Category", "bad-handwriting"),
            "/ProsecutionScrutiny/Decision/ReturnedWithObjections/Objection[1]/Category",
            "[facet 'enumeration'] The value 'bad-handwriting' is not an element of the set",
            id="unknown-objection-category",
        ),
        pytest.param(
            h.set_text("r:Report/r:Kind", "closure"),
            "/ProsecutionScrutiny/Report/Kind",
            "[facet 'enumeration'] The value 'closure' is not an element of the set",
            id="unknown-report-kind",
        ),
        pytest.param(
            h.remove("r:Report/r:ReportNumber"),
            "/ProsecutionScrutiny/Report/Kind",
            "This element is not expected. Expected is ( ReportNumber ).",
            id="report-number-missing",
        ),
        pytest.param(
            h.remove("r:Header/r:CaseKeys/r:FirKey"),
            "/ProsecutionScrutiny/Header/CaseKeys",
            "Missing child element(s). Expected is ( FirKey ).",
            id="fir-key-missing",
        ),
        pytest.param(
            h.set_attribute("r:Accused[2]", "personRef", "P9"),
            "/ProsecutionScrutiny/Accused[2]",
            "No match found for key-sequence ['P9'] of keyref 'ProsecutionScrutinyAccusedRef'",
            id="dangling-accused-ref",
        ),
        pytest.param(
            h.set_text("r:DecidedAt", "2024-10-01T17:10:00"),
            "/ProsecutionScrutiny/DecidedAt",
            "[facet 'pattern'] The value '2024-10-01T17:10:00' is not accepted by the pattern",
            id="decided-at-without-offset",
        ),
        pytest.param(
            h.set_text("r:Charges/r:Charge[1]/r:Section", "999"),
            "/ProsecutionScrutiny/Charges/Charge[1]/Section",
            "'999' is not a known BNS section (BNS has sections 1 to 358)",
            id="unknown-section",
        ),
        pytest.param(
            h.set_text("r:Charges/r:Charge[2]/r:Statute", "IPC"),
            "/ProsecutionScrutiny/Charges/Charge[2]/Statute",
            "an offence on 2024-08-04 falls under BNS, not IPC",
            id="ipc-for-an-offence-after-july-2024",
        ),
        pytest.param(
            _proposed_charge("IPC", "411", "2024-08-05"),
            f"{OBJECTION_3}/ProposedCharges/Charge/Statute",
            "an offence on 2024-08-05 falls under BNS, not IPC",
            id="proposed-charge-under-the-wrong-code",
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


def test_a_proposed_charge_under_the_right_code_is_accepted(registry: SchemaRegistry) -> None:
    # Given the example with a charges objection proposing BNS 317(2) for the day of recovery
    root = h.changed(example(), _proposed_charge("BNS", "317(2)", "2024-08-05"))
    # When the hub validates it
    # Then there is nothing to refuse
    assert h.hub_issues(registry, root, reparse=False) == []


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
