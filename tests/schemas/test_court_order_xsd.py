"""schemas/v1/court-order.xsd, through the hub's own parser, schema registry and rules."""

from __future__ import annotations

from functools import partial

import pytest

from hub.record import read_case_keys
from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "court-order"
ROOT = "CourtOrder"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_example_header_is_the_ecourts_adapters_and_names_the_prisoner() -> None:
    # Given the example's header
    root = example()
    # Then it comes from e-Courts and its RecordId is the deterministic id of its source record
    h.assert_header_from(root, RECORD_TYPE, "ecourts", "courts")
    # And it links by the case's CNR and by the person: the prisoner the release direction is about
    keys = read_case_keys(root)
    assert keys.cnr == "HRFB010012342024"
    assert keys.prisoner_id == h.find(root, "r:CustodyDirection/r:PrisonerId").text


def test_an_in_camera_order_is_valid(registry: SchemaRegistry) -> None:
    # Given the example marked as passed in camera (BNSS 366)
    root = h.changed(example(), h.set_text("r:InCamera", "true"))
    # When it is validated
    # Then it is valid: the flag is what the hub's redaction acts on
    assert h.hub_issues(registry, root, xml_declaration=True) == []


@pytest.mark.parametrize(
    ("change", "message", "path"),
    [
        pytest.param(
            h.set_text("r:Header/r:CaseKeys/r:Cnr", "HRFB-01-1234-2024"),
            "Element 'Cnr': [facet 'pattern'] The value 'HRFB-01-1234-2024' is not accepted by the pattern",
            "/Header/CaseKeys/Cnr",
            id="cnr-malformed",
        ),
        pytest.param(
            h.remove("r:Header/r:CaseKeys/r:Cnr"),
            "Element 'PrisonerId': This element is not expected. Expected is ( Cnr ).",
            "/Header/CaseKeys/PrisonerId",
            id="cnr-missing",
        ),
        pytest.param(
            h.set_text("r:Header/r:RecordType", "court-disposal"),
            "does not match the fixed value constraint 'court-order'",
            "/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            h.set_text("r:OrderType", "interim-bail"),
            "Element 'OrderType': [facet 'enumeration'] The value 'interim-bail' is not an element of the set",
            "/CourtOrder/OrderType",
            id="order-type-outside-enumeration",
        ),
        pytest.param(
            h.remove("r:InCamera"),
            "Element 'Summary': This element is not expected. Expected is ( InCamera ).",
            "/CourtOrder/Summary",
            id="in-camera-flag-missing",
        ),
        pytest.param(
            h.set_text("r:InCamera", "yes"),
            "Element 'InCamera': 'yes' is not a valid value of the atomic type 'xs:boolean'.",
            "/CourtOrder/InCamera",
            id="in-camera-not-boolean",
        ),
        pytest.param(
            h.set_attribute("r:CustodyDirection", "personRef", "P2"),
            "No match found for key-sequence ['P2'] of keyref 'CourtOrderCustodyDirectionRef'",
            "/CourtOrder/CustodyDirection",
            id="dangling-custody-direction-ref",
        ),
        pytest.param(
            h.set_attribute("r:Concerns", "personRef", "P2"),
            "No match found for key-sequence ['P2'] of keyref 'CourtOrderConcernsRef'",
            "/CourtOrder/Concerns",
            id="dangling-concerns-ref",
        ),
        pytest.param(
            h.set_text("r:CustodyDirection/r:Kind", "bail"),
            "Element 'Kind': [facet 'enumeration'] The value 'bail' is not an element of the set",
            "/CustodyDirection/Kind",
            id="custody-direction-outside-enumeration",
        ),
        pytest.param(
            h.remove_attribute("r:CustodyDirection/r:PrisonerId", "prisonCode"),
            "Element 'PrisonerId': The attribute 'prisonCode' is required but missing.",
            "/CustodyDirection/PrisonerId",
            id="prisoner-id-without-its-prison",
        ),
        pytest.param(
            h.set_text("r:BailTerms/r:BondAmountInr", "-25000"),
            "Element 'BondAmountInr': [facet 'minInclusive'] The value '-25000' is less than the minimum value",
            "/BailTerms/BondAmountInr",
            id="negative-bond",
        ),
        pytest.param(
            h.set_text("r:BailTerms/r:SuretyCount", "10"),
            "Element 'SuretyCount': [facet 'maxInclusive'] The value '10' is greater than the maximum value",
            "/BailTerms/SuretyCount",
            id="too-many-sureties",
        ),
        pytest.param(
            h.set_text("r:Header/r:SourceRecordId", "HRFB010012342024/O/2024-11-26/2"),
            "is not the id of this source record",
            "/Header/RecordId",
            id="record-id-of-another-order",
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


def test_the_example_is_valid_and_keeps_the_rules(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    # When the registry validates it and the rules check it
    # Then it is a court-order record with no issue of either kind
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


def test_the_schema_declares_one_root_and_documents_everything() -> None:
    # Given the schema file
    # Then it declares exactly one global element, the record's root
    # And every type it defines is prefixed with the root's name, so no two record schemas clash
    h.assert_declares_one_root(h.xsd_path(RECORD_TYPE), ROOT)
    # And every type, element and attribute carries documentation
    h.assert_documented(h.xsd_path(RECORD_TYPE))
