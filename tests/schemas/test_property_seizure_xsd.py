"""schemas/v1/property-seizure.xsd (IIF-IV) and its example, validated as the hub validates: the schema registry on a
hardened parse, then the rules a schema cannot say."""

from __future__ import annotations

from functools import partial

import pytest

from hub.record import read_case_keys
from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "property-seizure"
ROOT = "PropertySeizure"
example = partial(h.parse_example, RECORD_TYPE)


def test_the_example_is_of_the_fir_registered_examples_case() -> None:
    # Given this example and the fir-registered example
    root = example()
    fir = h.fir_example()
    # Then both link to the same FIR, the memo names its property register entry, and the RecordId is the hub's
    assert read_case_keys(root).fir_key == read_case_keys(fir).fir_key == "6-60-PS0031-2024-412"
    assert h.find(root, "r:PropertyRegisterNumber").text == "187/2024"
    h.assert_header_from(root, RECORD_TYPE, "cas", "police")


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    # When the hub validates it: schema first, then its rules
    # Then it is selected as a property-seizure record and has no issue of either kind
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


def test_unclaimed_property_needs_no_person_it_was_seized_from(registry: SchemaRegistry) -> None:
    # Given the example turned into a seizure of unclaimed property, seized from no one
    root = h.changed(example(), h.set_text("r:Nature", "unclaimed"), h.remove("r:SeizedFrom"))
    # When it is validated
    # Then it is valid
    assert h.hub_issues(registry, root) == []


@pytest.mark.parametrize(
    ("change", "reason", "path"),
    [
        pytest.param(
            h.set_text("r:Nature", "lost"),
            "[facet 'enumeration'] The value 'lost' is not an element of the set {'stolen', 'unclaimed', "
            "'unlawful-possession', 'involved', 'intestate'}",
            "/PropertySeizure/Nature",
            id="unknown-nature",
        ),
        pytest.param(
            h.remove("r:PropertyRegisterNumber"),
            "Element 'Nature': This element is not expected. Expected is ( PropertyRegisterNumber ).",
            "/PropertySeizure/Nature",
            id="property-register-number-missing",
        ),
        pytest.param(
            h.duplicate("r:Witness[2]"),
            "Element 'Witness': This element is not expected. Expected is ( Grounds ).",
            "/PropertySeizure/Witness[3]",
            id="three-witnesses",
        ),
        pytest.param(
            h.remove_all("r:Witness"),
            "Element 'Grounds': This element is not expected. Expected is ( Witness ).",
            "/PropertySeizure/Grounds",
            id="no-witness",
        ),
        pytest.param(
            h.set_attribute("r:Witness[2]", "personRef", "P2"),
            "Duplicate key-sequence ['P2'] in unique identity-constraint 'PropertySeizureWitnessPerson'",
            "/PropertySeizure/Witness[2]",
            id="same-witness-twice",
        ),
        pytest.param(
            h.set_attribute("r:SealHandedTo", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref 'PropertySeizureSealHandedToRef'",
            None,  # libxml2 reports a keyref at the end of the root, without a path
            id="dangling-seal-handed-to-ref",
        ),
        pytest.param(
            h.remove_attribute("r:SeizedFrom", "professionalReceiver"),
            "Element 'SeizedFrom': The attribute 'professionalReceiver' is required but missing.",
            "/PropertySeizure/SeizedFrom",
            id="professional-receiver-flag-missing",
        ),
        pytest.param(
            h.set_attribute("r:Items/r:Item[2]", "serial", "1"),
            "Duplicate key-sequence ['1'] in unique identity-constraint 'PropertySeizureItemSerial'",
            "/PropertySeizure/Items/Item[2]",
            id="item-serial-twice",
        ),
        pytest.param(
            h.set_text("r:Items/r:Item[1]/r:Quantity", "0"),
            "[facet 'minExclusive'] The value '0' must be greater than '0'.",
            "/PropertySeizure/Items/Item[1]/Quantity",
            id="zero-quantity",
        ),
        pytest.param(
            h.remove_attribute("r:Items/r:Item[1]/r:Quantity", "unit"),
            "Element 'Quantity': The attribute 'unit' is required but missing.",
            "/PropertySeizure/Items/Item[1]/Quantity",
            id="quantity-without-unit",
        ),
        pytest.param(
            h.remove("r:Items/r:Item[1]/r:Sealed"),
            "Element 'SealSpecimen': This element is not expected. Expected is one of ( ValueInr, Sealed ).",
            "/PropertySeizure/Items/Item[1]/SealSpecimen",
            id="sealed-flag-missing",
        ),
        pytest.param(
            h.set_text("r:SeizedAt", "05/08/2024 16:30"),
            "'05/08/2024 16:30' is not a valid value of the atomic type",
            "/PropertySeizure/SeizedAt",
            id="seizure-time-not-iso",
        ),
        pytest.param(
            h.set_text("r:Charges/r:Charge[2]/r:Statute", "IPC"),
            "an offence on 2024-08-04 falls under BNS, not IPC",
            "/PropertySeizure/Charges/Charge[2]/Statute",
            id="ipc-for-an-offence-after-july-2024",
        ),
        pytest.param(
            h.set_text("r:Header/r:SourceRecordId", "6-60-PS0031-2024-412-P191-2024"),
            "is not the id of this source record",
            "/PropertySeizure/Header/RecordId",
            id="record-id-of-another-memo",
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


def test_the_schema_is_documented_and_declares_one_prefixed_root() -> None:
    # Given property-seizure.xsd
    # Then it declares exactly one global element, the record's root
    # And every type it defines carries the root's name, so no two record schemas define the same type
    h.assert_declares_one_root(h.xsd_path(RECORD_TYPE), ROOT)
    # And every type, element and attribute is documented, as `schemas show` prints it
    h.assert_documented(h.xsd_path(RECORD_TYPE), described=True)
