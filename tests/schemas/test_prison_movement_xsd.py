"""schemas/v1/prison-movement.xsd, validated as the hub validates: the schema registry, then hub.rules."""

from __future__ import annotations

from functools import partial

import pytest
import xmlschema
from lxml import etree

from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "prison-movement"
ROOT = "PrisonMovement"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses untrusted bytes
    # When the registry validates it and the hub's rules check it
    # Then it is a prison-movement with no schema issue and no rule issue
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


def test_the_example_header_names_eprisons_and_its_derived_record_id() -> None:
    # Given the example's header
    # Then it comes from the prisons pillar's adapter, with the deterministic record id
    h.assert_header_from(example(), RECORD_TYPE, "eprisons", "prisons")


def test_the_example_links_to_the_fir_registered_example() -> None:
    # Given the FIR key of the fir-registered example and of this one
    # Then they are the same case
    assert h.fir_key_texts(example()) == h.fir_key_texts(h.fir_example())


ESCAPE = f"""<Escape xmlns="{h.R}" {{priority}}>
  <At>2024-10-28T13:25:00+05:30</At>
  <From><Court><EstablishmentCode>HRFB01</EstablishmentCode><Name>Court of Judicial Magistrate First Class,
    Faridabad</Name></Court></From>
  <Circumstances>Slipped the handcuff in the court lock-up corridor and ran towards the Sector 12 market; wearing
    a grey T-shirt and blue jeans.</Circumstances>
  <PoliceInformedAt>2024-10-28T13:31:00+05:30</PoliceInformedAt>
</Escape>"""


def _escape(priority: str | None) -> h.Change:
    """The movement becomes an escape from court, with the given priority attribute (or none)."""
    attribute = "" if priority is None else f'priority="{priority}"'
    return h.replace("r:Movement/r:CourtProduction", etree.fromstring(ESCAPE.replace("{priority}", attribute)))


def _parole_without_due_date(root: etree._Element) -> None:
    production = h.find(root, "r:Movement/r:CourtProduction")
    production.tag = f"{{{h.R}}}Parole"
    for name in ("To", "Escort", "ExpectedReturnAt"):
        production.remove(h.find(production, f"r:{name}"))


_second_movement = h.duplicate("r:Movement/r:CourtProduction")


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        pytest.param(
            _escape(priority=None),
            "/PrisonMovement/Movement/Escape",
            "The attribute 'priority' is required but missing.",
            id="escape-without-priority",
        ),
        pytest.param(
            _escape(priority="routine"),
            "/PrisonMovement/Movement/Escape",
            "The value 'routine' is not an element of the set {'real-time'}",
            id="escape-not-real-time",
        ),
        pytest.param(
            h.remove("r:Header/r:CaseKeys/r:Cnr"),
            "/PrisonMovement/Header/CaseKeys/PrisonerId",
            "This element is not expected. Expected is ( Cnr ).",
            id="cnr-missing",
        ),
        pytest.param(
            h.remove("r:Header/r:CaseKeys/r:PrisonerId"),
            "/PrisonMovement/Header/CaseKeys",
            "Missing child element(s). Expected is one of ( LabCaseNumber, PrisonerId ).",
            id="prisoner-id-missing",
        ),
        pytest.param(
            h.set_text("r:Movement/r:CourtProduction/r:Authority/r:CourtOrder/r:Cnr", "HR-FB-01-001234-2024"),
            "/PrisonMovement/Movement/CourtProduction/Authority/CourtOrder/Cnr",
            "[facet 'pattern'] The value 'HR-FB-01-001234-2024' is not accepted by the pattern",
            id="authority-cnr-malformed",
        ),
        pytest.param(
            h.remove("r:Movement/r:CourtProduction/r:Escort"),
            "/PrisonMovement/Movement/CourtProduction/Authority",
            "This element is not expected. Expected is ( Escort ).",
            id="production-without-escort",
        ),
        pytest.param(
            _parole_without_due_date,
            "/PrisonMovement/Movement/Parole",
            "Missing child element(s). Expected is ( DueBackOn ).",
            id="parole-without-due-date",
        ),
        pytest.param(
            _second_movement,
            "/PrisonMovement/Movement/CourtProduction[2]",
            "This element is not expected.",
            id="two-movements-in-one-record",
        ),
        pytest.param(
            h.set_attribute("r:Prisoner", "personRef", "P9"),
            "/PrisonMovement/Prisoner",
            "No match found for key-sequence ['P9'] of keyref 'PrisonMovementPrisonerRef'",
            id="dangling-prisoner-ref",
        ),
        pytest.param(
            h.set_attribute("r:Header/r:CaseKeys/r:PrisonerId", "stateCode", "7"),
            "/PrisonMovement/Header/CaseKeys/PrisonerId",
            "No match found for key-sequence ['7', 'DJFBD'] of keyref 'PrisonMovementPrisonerIdPrison'",
            id="prisoner-id-of-another-state",
        ),
        pytest.param(
            h.set_text("r:Header/r:SourceRecordId", "DJFBD/MOV/2024/118206"),
            "/PrisonMovement/Header/RecordId",
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


def test_an_escape_flagged_real_time_is_valid(registry: SchemaRegistry) -> None:
    # Given the example's movement turned into an escape flagged real-time
    root = h.changed(example(), _escape(priority="real-time"))
    # When the hub validates it
    # Then there is nothing to refuse
    assert h.hub_issues(registry, root) == []


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
