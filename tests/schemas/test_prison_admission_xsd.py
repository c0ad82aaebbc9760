"""schemas/v1/prison-admission.xsd, validated as the hub validates: the schema registry, then hub.rules."""

from __future__ import annotations

from functools import partial

import pytest
import xmlschema

from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "prison-admission"
ROOT = "PrisonAdmission"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_example_links_to_the_fir_registered_example() -> None:
    # Given the FIR key of the fir-registered example and of this one
    # Then they are the same case
    assert h.fir_key_texts(example()) == h.fir_key_texts(h.fir_example())


def test_the_example_header_names_eprisons_and_its_derived_record_id() -> None:
    # Given the example's header
    # Then it comes from the prisons pillar's adapter, with the deterministic record id
    h.assert_header_from(example(), RECORD_TYPE, "eprisons", "prisons")


def _order_names_cnr(order_cnr: str, header_cnr: str | None) -> h.Change:
    """The commitment order names a CNR instead of the FIR key; the header carries ``header_cnr`` if given."""
    changes = [h.replace("r:CommitmentOrder/r:FirKey", h.element("Cnr", order_cnr))]
    if header_cnr is not None:
        changes.append(h.insert("r:Header/r:CaseKeys/r:FirKey", h.element("Cnr", header_cnr)))
    return h.combined(*changes)


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        pytest.param(
            h.set_text("r:CommitmentOrder/r:FirKey/r:Serial", "413"),
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
            h.remove("r:CommitmentOrder/r:FirKey"),
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
            h.remove("r:Header/r:CaseKeys/r:PrisonerId"),
            "/PrisonAdmission/Header/CaseKeys",
            "Missing child element(s). Expected is one of ( Cnr, LabCaseNumber, PrisonerId ).",
            id="prisoner-id-missing",
        ),
        pytest.param(
            h.set_attribute("r:Header/r:CaseKeys/r:PrisonerId", "prisonCode", "CJGGN"),
            "/PrisonAdmission/Header/CaseKeys/PrisonerId",
            "No match found for key-sequence ['6', 'CJGGN'] of keyref 'PrisonAdmissionPrisonerIdPrison'",
            id="prisoner-id-of-another-prison",
        ),
        pytest.param(
            h.set_text("r:Category", "remand"),
            "/PrisonAdmission/Category",
            "[facet 'enumeration'] The value 'remand' is not an element of the set",
            id="unknown-category",
        ),
        pytest.param(
            h.set_attribute("r:Prisoner", "personRef", "P9"),
            "/PrisonAdmission/Prisoner",
            "No match found for key-sequence ['P9'] of keyref 'PrisonAdmissionPrisonerRef'",
            id="dangling-prisoner-ref",
        ),
        pytest.param(
            h.set_text("r:BiometricsCaptured", "yes"),
            "/PrisonAdmission/BiometricsCaptured",
            "'yes' is not a valid value of the atomic type 'xs:boolean'",
            id="biometrics-flag-not-boolean",
        ),
        pytest.param(
            h.set_text("r:Persons/r:Person/r:Identity[2]/r:Number", "234567890123"),
            "/PrisonAdmission/Persons/Person/Identity[2]/Number",
            "[facet 'pattern'] The value '234567890123' is not accepted by the pattern",
            id="aadhaar-number-as-identity",
        ),
        pytest.param(
            h.set_text("r:CommitmentOrder/r:Charges/r:Charge/r:Statute", "IPC"),
            "/PrisonAdmission/CommitmentOrder/Charges/Charge/Statute",
            "an offence on 2024-08-02 falls under BNS, not IPC",
            id="ipc-for-an-offence-after-july-2024",
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


def test_an_admission_on_a_cnr_alone_is_valid(registry: SchemaRegistry) -> None:
    # Given the example as a convict's admission: the warrant names only the CNR, which the header carries
    root = h.changed(
        example(),
        _order_names_cnr("HRFB010012342024", header_cnr="HRFB010012342024"),
        h.set_text("r:Category", "convict"),
        h.set_text("r:CommitmentOrder/r:Kind", "conviction-warrant"),
    )
    # When the hub validates it
    # Then there is nothing to refuse
    assert h.hub_issues(registry, root, reparse=False) == []


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses untrusted bytes
    # When the registry validates it and the hub's rules check it
    # Then it is a prison-admission with no schema issue and no rule issue
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


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
