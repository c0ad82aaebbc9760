"""schemas/v1/arrest-surrender.xsd (IIF-III) and its example, validated as the hub validates: the schema registry on a
hardened parse, then the rules a schema cannot say."""

from __future__ import annotations

import copy
from functools import partial

import pytest
from lxml import etree

from hub.record import read_case_keys
from hub.schemas import SchemaRegistry
from tests.schemas import helpers as h

RECORD_TYPE = "arrest-surrender"
ROOT = "ArrestSurrender"
example = partial(h.parse_example, RECORD_TYPE)


def _surrender(status: str = "surrendered-bailed", *, with_court: bool = True) -> h.Change:
    """Replace the arrest by a surrender in court, the other branch of IIF-III."""

    def change(root: etree._Element) -> None:
        arrest = h.find(root, "r:Arrest")
        court = copy.deepcopy(h.find(arrest, "r:ProducedBefore"))
        court.tag = f"{{{h.R}}}Court"
        parts = [h.element("SurrenderedAt", "2024-08-06T10:40:00+05:30")]
        if with_court:
            parts.append(court)
        parts.append(h.element("Status", status))
        arrest.addprevious(h.element("Surrender", None, *parts))
        root.remove(arrest)

    return change


def _social_category(value: str) -> h.Change:
    return h.insert("r:Persons/r:Person[@id='P1']/r:Religion", h.element("SocialCategory", value))


def test_the_example_is_of_the_fir_registered_examples_case() -> None:
    # Given this example and the fir-registered example
    root = example()
    fir = h.fir_example()
    # Then both link to the same FIR and name the same accused code, and the RecordId is the one the hub derives
    assert read_case_keys(root).fir_key == read_case_keys(fir).fir_key == "6-60-PS0031-2024-412"
    assert h.find(root, "r:AccusedCode").text == h.find(fir, "r:Accused").get("code") == "A1"
    h.assert_header_from(root, RECORD_TYPE, "cas", "police")


@pytest.mark.parametrize("status", ["surrendered-judicial-custody", "surrendered-police-custody", "surrendered-bailed"])
def test_a_surrender_in_court_is_the_other_valid_branch(registry: SchemaRegistry, status: str) -> None:
    # Given the example turned into a court surrender memo, with one of the three surrender statuses
    root = h.changed(example(), _surrender(status))
    # When it is validated
    # Then it is valid
    assert h.hub_issues(registry, root) == []


@pytest.mark.parametrize(
    ("change", "reason", "path"),
    [
        pytest.param(
            h.set_text("r:Arrest/r:Status", "surrendered-bailed"),
            "[facet 'enumeration'] The value 'surrendered-bailed' is not an element of the set "
            "{'arrested-forwarded-to-court', 'arrested-released-on-bail', 'arrested-police-custody-remand', "
            "'arrested-released-on-notice'}",
            "/ArrestSurrender/Arrest/Status",
            id="arrest-with-a-surrender-status",
        ),
        pytest.param(
            _surrender("arrested-released-on-bail"),
            "[facet 'enumeration'] The value 'arrested-released-on-bail' is not an element of the set "
            "{'surrendered-judicial-custody', 'surrendered-police-custody', 'surrendered-bailed'}",
            "/ArrestSurrender/Surrender/Status",
            id="surrender-with-an-arrest-status",
        ),
        pytest.param(
            _surrender(with_court=False),
            "Element 'Status': This element is not expected. Expected is ( Court ).",
            "/ArrestSurrender/Surrender/Status",
            id="surrender-without-court",
        ),
        pytest.param(
            h.set_text("r:Arrest/r:Status", "absconding"),
            "[facet 'enumeration'] The value 'absconding' is not an element of the set",
            "/ArrestSurrender/Arrest/Status",
            id="status-outside-the-seven",
        ),
        pytest.param(
            h.set_text("r:AccusedCode", "A-1"),
            "[facet 'pattern'] The value 'A-1' is not accepted by the pattern '[A-Z][0-9]{1,2}'",
            "/ArrestSurrender/AccusedCode",
            id="malformed-accused-code",
        ),
        pytest.param(
            h.remove("r:AccusedCode"),
            "Element 'Arrest': This element is not expected. Expected is ( AccusedCode ).",
            "/ArrestSurrender/Arrest",
            id="accused-code-missing",
        ),
        pytest.param(
            h.remove("r:Arrest/r:GdEntryNumber"),
            "Element 'Place': This element is not expected. Expected is ( GdEntryNumber ).",
            "/ArrestSurrender/Arrest/Place",
            id="gd-entry-missing",
        ),
        pytest.param(
            h.set_attribute("r:Arrestee", "personRef", "P9"),
            "No match found for key-sequence ['P9'] of keyref 'ArrestSurrenderArresteeRef'",
            None,  # libxml2 reports a keyref at the end of the root, without a path
            id="dangling-arrestee-ref",
        ),
        pytest.param(
            h.set_attribute("r:RelativeInformed", "personRef", "P7"),
            "No match found for key-sequence ['P7'] of keyref 'ArrestSurrenderRelativeInformedRef'",
            None,
            id="dangling-relative-informed-ref",
        ),
        pytest.param(
            h.duplicate("r:Persons/r:Person[@id='P1']/r:Alias"),
            "Element 'Alias': This element is not expected.",
            "/ArrestSurrender/Persons/Person[1]/Alias[3]",
            id="three-aliases",
        ),
        pytest.param(
            _social_category("backward"),
            "[facet 'enumeration'] The value 'backward' is not an element of the set {'sc', 'st', 'obc', 'general'}",
            "/ArrestSurrender/Persons/Person[1]/SocialCategory",
            id="unknown-social-category",
        ),
        pytest.param(
            h.duplicate("r:RiskFlag"),
            "Duplicate key-sequence ['habitual-offender'] in unique identity-constraint 'ArrestSurrenderRiskFlagOnce'",
            "/ArrestSurrender/RiskFlag[2]",
            id="risk-flag-twice",
        ),
        pytest.param(
            h.set_text("r:FingerprintsTaken", "yes"),
            "'yes' is not a valid value of the atomic type 'xs:boolean'",
            "/ArrestSurrender/FingerprintsTaken",
            id="fingerprints-not-boolean",
        ),
        pytest.param(
            h.set_text("r:Arrest/r:ArrestedAt", "2024-08-05T14:20:00"),
            "[facet 'pattern'] The value '2024-08-05T14:20:00' is not accepted",
            "/ArrestSurrender/Arrest/ArrestedAt",
            id="arrest-time-without-offset",
        ),
        pytest.param(
            h.set_text("r:Header/r:RecordType", "fir-registered"),
            "does not match the fixed value constraint 'arrest-surrender'",
            "/ArrestSurrender/Header/RecordType",
            id="wrong-record-type",
        ),
        pytest.param(
            h.set_text("r:Header/r:SourceRecordId", "6-60-PS0031-2024-412-A2"),
            "is not the id of this source record",
            "/ArrestSurrender/Header/RecordId",
            id="record-id-of-another-accused",
        ),
        pytest.param(
            h.set_text("r:Charges/r:Charge/r:Section", "999"),
            "'999' is not a known BNS section (BNS has sections 1 to 358)",
            "/ArrestSurrender/Charges/Charge/Section",
            id="unknown-section",
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


def test_the_example_is_a_valid_record(registry: SchemaRegistry) -> None:
    # Given the shipped example, parsed as the hub parses anything from outside
    # When the hub validates it: schema first, then its rules
    # Then it is selected as an arrest-surrender record and has no issue of either kind
    h.assert_valid_example(registry, RECORD_TYPE, ROOT)


def test_the_schema_is_documented_and_declares_one_prefixed_root() -> None:
    # Given arrest-surrender.xsd
    # Then it declares exactly one global element, the record's root
    # And every type it defines carries the root's name, so no two record schemas define the same type
    h.assert_declares_one_root(h.xsd_path(RECORD_TYPE), ROOT)
    # And every type, element and attribute is documented, as `schemas show` prints it
    h.assert_documented(h.xsd_path(RECORD_TYPE), described=True)
