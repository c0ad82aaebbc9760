"""Redaction by law: the bytes a pillar receives hold no protected name unless the policy entitles it."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from hub.redaction import BadRedactionPolicy, load_policy, parse_policy, protected_persons, redact
from hub.schemas import SchemaRegistry
from hub.xml import parse_untrusted

EXAMPLES = Path(__file__).resolve().parents[2] / "schemas" / "v1" / "examples"
NS = "{urn:icjs:record:v1}"
VICTIM_NAMES = ("रमेश कुमार शर्मा", "Ramesh Kumar Sharma", "सुरेश चंद शर्मा", "Suresh Chand Sharma")


def _crime_details(statute: str = "BNS", section: str = "64") -> bytes:
    """The crime-details example (victim P1 = Ramesh Kumar Sharma), charging the given section instead."""
    root = etree.fromstring((EXAMPLES / "crime-details.xml").read_bytes())
    charge = root.find(f".//{NS}Charge")
    assert charge is not None
    charge.find(f"{NS}Statute").text = statute
    charge.find(f"{NS}Section").text = section
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _valid(document: bytes) -> bool:
    _, issues = SchemaRegistry().validate(parse_untrusted(document))
    return not issues


def test_a_sexual_offence_victim_is_withheld_from_forensics_and_shown_to_prosecution() -> None:
    # Given a crime-details record charging rape (BNS 64)
    record = _crime_details("BNS", "64")
    assert all(name.encode() in record for name in VICTIM_NAMES)
    # When redacted for forensics, who are not entitled to the victim's identity
    for_lab = redact(record, "crime-details", "forensics", load_policy())
    # Then no protected name, relative or address is in the bytes, the record still validates, and it says why
    for name in VICTIM_NAMES:
        assert name.encode() not in for_lab.content
    assert b"[identity withheld: sexual-offence-victim]" in for_lab.content
    assert _valid(for_lab.content)
    assert "Person[@id='P1']/Name (sexual-offence-victim)" in for_lab.withheld
    assert for_lab.policy_version == load_policy().version
    # And prosecution, entitled, receives the record unchanged
    for_prosecution = redact(record, "crime-details", "prosecution", load_policy())
    assert for_prosecution.content == record and for_prosecution.withheld == ()


@pytest.mark.parametrize(("statute", "section"), [("IPC", "376"), ("POCSO", "4"), ("BNS", "70(1)")])
def test_every_sexual_offence_code_triggers_protection(statute: str, section: str) -> None:
    root = parse_untrusted(_crime_details(statute, section))
    assert protected_persons(root) == {"P1": {"sexual-offence-victim"}}


def test_a_theft_victim_is_not_protected() -> None:
    record = (EXAMPLES / "crime-details.xml").read_bytes()
    assert redact(record, "crime-details", "forensics", load_policy()).content == record


def test_a_child_is_withheld_from_prisons_but_not_from_courts() -> None:
    # Given an arrest memo whose arrestee is 16 at the time of the record
    root = etree.fromstring((EXAMPLES / "arrest-surrender.xml").read_bytes())
    person = root.find(f".//{NS}Person[@id='P1']")
    assert person is not None
    created = root.findtext(f"{NS}Header/{NS}CreatedAt")
    assert created is not None
    person.find(f"{NS}BirthDate").text = f"{int(created[:4]) - 16}-01-01"
    record = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    name = person.findtext(f"{NS}Name")
    assert name and name.encode() in record
    # When redacted for prisons / for courts
    for_prison = redact(record, "arrest-surrender", "prisons", load_policy())
    for_court = redact(record, "arrest-surrender", "courts", load_policy())
    # Then prisons get no name and no birth date, and the record still validates; courts get it all
    assert name.encode() not in for_prison.content
    redacted_person = etree.tostring(parse_untrusted(for_prison.content).find(f".//{NS}Person[@id='P1']"))
    assert b"BirthDate" not in redacted_person and b"PermanentAddress" not in redacted_person
    assert _valid(for_prison.content)
    assert for_court.content == record


def test_a_protected_witness_flag_is_honoured() -> None:
    root = etree.fromstring((EXAMPLES / "crime-details.xml").read_bytes())
    person = root.find(f".//{NS}Person[@id='P1']")
    assert person is not None
    protection = person.find(f"{NS}Protection")
    if protection is None:
        protection = etree.SubElement(person, f"{NS}Protection")
    protection.set("protectedWitness", "true")
    record = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    redacted = redact(record, "crime-details", "forensics", load_policy())
    assert b"Ramesh Kumar Sharma" not in redacted.content
    assert any("protected-witness" in field for field in redacted.withheld)


def test_the_rules_are_data_a_policy_can_entitle_a_pillar() -> None:
    # Given a policy that entitles forensics to see sexual-offence victims in crime details
    policy = parse_policy(
        {
            "version": "test-1",
            "rules": [
                {
                    "name": "sexual-offence-victim",
                    "protects": "sexual-offence-victim",
                    "entitled": ["forensics:crime-details"],
                    "fields": ["Name"],
                }
            ],
        },
        "test",
    )
    record = _crime_details("BNS", "64")
    assert redact(record, "crime-details", "forensics", policy).content == record
    assert b"Ramesh Kumar Sharma" in redact(record, "crime-details", "prisons", policy).content  # only Name withheld
    assert "रमेश कुमार शर्मा".encode() not in redact(record, "crime-details", "prisons", policy).content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rules": []}, "version"),
        ({"version": "x", "rules": [{"protects": "celebrities", "fields": ["Name"]}]}, "rules[1].protects"),
        ({"version": "x", "rules": [{"protects": "child", "fields": []}]}, "rules[1].fields"),
        ({"version": "x", "rules": [{"protects": "child", "fields": ["Name"], "entitled": ["courts"]}]}, "entitled"),
    ],
)
def test_a_bad_policy_is_refused_naming_the_key(data: dict, message: str) -> None:
    with pytest.raises(BadRedactionPolicy, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_policy(data, "policy.toml")
