"""adapters/eprosecution: e-Prosecution scrutiny exports in, canonical prosecution-scrutiny records out (and back),
case inbox imports out for every record type e-Prosecution consumes, refusals that say what and where."""

from __future__ import annotations

import copy
import json
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import adapters.eprosecution
import schemas
from adapters.base import CANONICAL_NS, Adapter, AdapterError, NativeDocument, record_id
from adapters.eprosecution import EprosecutionAdapter
from adapters.eprosecution.inbox import REPEATED
from hub.conformance import canonical_form
from hub.rules import check_rules
from hub.schemas import SchemaRegistry

SAMPLES = Path(adapters.eprosecution.__file__).parent / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))
BAD = Path(__file__).parent / "bad"
SCHEMA_DIR = Path(schemas.__file__).parent / "v1"
EXAMPLES = SCHEMA_DIR / "examples"
NS = {"r": CANONICAL_NS}
XS = "{http://www.w3.org/2001/XMLSchema}"
CONSUMED = sorted(EprosecutionAdapter.consumes)


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry()


@pytest.fixture
def eprosecution() -> EprosecutionAdapter:
    return EprosecutionAdapter()


# ------------------------------------------------------------------------------------------- helpers


def valid(registry: SchemaRegistry, canonical: bytes) -> etree._Element:
    """The record, after the hub's own checks: the schema, then the rules."""
    root = etree.fromstring(canonical)
    schema, issues = registry.validate(root)
    if not issues:
        issues = check_rules(root, schema)
    assert not issues, [str(issue) for issue in issues]
    assert schema.record_type == "prosecution-scrutiny"
    return root


def decode_ok(adapter: EprosecutionAdapter, native: bytes) -> list[bytes]:
    results = adapter.decode(native)
    refused = [str(result) for result in results if isinstance(result, AdapterError)]
    assert not refused, refused
    return [result for result in results if isinstance(result, bytes)]


def decode_one(adapter: EprosecutionAdapter, scrutiny: dict[str, Any]) -> etree._Element:
    (record,) = decode_ok(adapter, export(scrutiny))
    return etree.fromstring(record)


def one_refusal(adapter: EprosecutionAdapter, native: bytes) -> AdapterError:
    results = adapter.decode(native)
    assert len(results) == 1
    assert isinstance(results[0], AdapterError), "expected a refusal"
    return results[0]


def export(*scrutinies: dict[str, Any]) -> bytes:
    return json.dumps({"scrutinyRecords": list(scrutinies)}, ensure_ascii=False, indent=2).encode()


def base_scrutiny() -> dict[str, Any]:
    """The returned charge-sheet of FIR 412/2024, Faridabad: the first scrutiny of the first sample."""
    document = json.loads((SAMPLES / "scrutiny-faridabad-theft-2024.json").read_bytes())
    return copy.deepcopy(document["scrutinyRecords"][0])


def text(root: etree._Element, path: str) -> str | None:
    found = root.find(path, NS)
    return None if found is None else found.text


def texts(root: etree._Element, path: str) -> list[str]:
    return [element.text or "" for element in root.findall(path, NS)]


def line_of(native: bytes, needle: bytes) -> int:
    return native[: native.index(needle)].count(b"\n") + 1


def round_trip(adapter: EprosecutionAdapter, canonical: bytes) -> bytes:
    native = adapter.encode(canonical, "prosecution-scrutiny")
    (back,) = decode_ok(adapter, native.content)
    return back


# ------------------------------------------------------------------------------------------- the adapter


def test_eprosecution_is_an_adapter_found_through_its_entry_point() -> None:
    # Given the installed package's entry points
    # When the eprosecution entry point is loaded and called as the hub does
    (entry,) = [entry for entry in entry_points(group="icjs_hub.adapters") if entry.name == "eprosecution"]
    adapter = entry.load()()
    # Then it is the prosecution pillar's adapter, producing scrutinies and consuming what the subscriptions send it
    assert isinstance(adapter, Adapter)
    assert (adapter.name, adapter.pillar, adapter.version) == ("eprosecution", "prosecution", "1.0")
    assert adapter.produces == frozenset({"prosecution-scrutiny"})
    assert adapter.consumes == frozenset(
        {
            "fir-registered",
            "crime-details",
            "arrest-surrender",
            "property-seizure",
            "forensic-report",
            "final-report",
            "court-case-registered",
            "hearing-recorded",
            "court-order",
            "prison-admission",
            "prison-movement",
            "court-disposal",
            "appeal-result",
        }
    )
    assert adapter.samples_dir == SAMPLES


# ------------------------------------------------------------------------------------------- good samples


def test_there_are_samples_with_several_scrutinies() -> None:
    # Given the adapter's samples folder
    # When its exports are read as JSON
    counts = [len(json.loads(path.read_bytes())["scrutinyRecords"]) for path in SAMPLE_FILES]
    # Then there are at least four exports holding at least six scrutinies between them
    assert len(SAMPLE_FILES) >= 4
    assert sum(counts) >= 6


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_every_sample_decodes_to_records_the_hub_accepts(
    eprosecution: EprosecutionAdapter, registry: SchemaRegistry, path: Path
) -> None:
    # Given an e-Prosecution sample export
    native = path.read_bytes()
    # When it is decoded
    records = decode_ok(eprosecution, native)
    # Then each scrutiny is a prosecution-scrutiny record that passes the schema and the rules, from eprosecution
    assert len(records) == len(json.loads(native)["scrutinyRecords"])
    for canonical in records:
        root = valid(registry, canonical)
        assert text(root, "r:Header/r:SourceSystem") == "eprosecution"
        assert text(root, "r:Header/r:SourcePillar") == "prosecution"
        assert text(root, "r:Header/r:Version") == "1"
        source_id = text(root, "r:Header/r:SourceRecordId")
        assert source_id is not None
        assert text(root, "r:Header/r:RecordId") == record_id("eprosecution", "prosecution-scrutiny", source_id)


def test_the_faridabad_sample_continues_the_schema_example(eprosecution: EprosecutionAdapter) -> None:
    # Given the Faridabad export, whose first scrutiny is the one the schema's example describes
    native = (SAMPLES / "scrutiny-faridabad-theft-2024.json").read_bytes()
    # When it is decoded
    first, second = decode_ok(eprosecution, native)
    # Then the first record is the schema example, exactly
    assert canonical_form(first) == canonical_form((EXAMPLES / "prosecution-scrutiny.xml").read_bytes())
    # And the second approves the resubmitted charge-sheet, linked to the final-report record of the example
    root = etree.fromstring(second)
    assert root.find("r:Decision/r:Approved", NS) is not None
    assert text(root, "r:Report/r:FinalReportRecordId") == "b4fb670f-4ffb-562d-b9aa-ce23343f1c9c"
    assert text(root, "r:Header/r:CreatedAt") == "2024-10-19T17:41:00+05:30"
    assert text(root, "r:DecidedAt") == "2024-10-20T12:30:00+05:30"


def test_the_samples_cover_every_decision_and_the_case_keys(eprosecution: EprosecutionAdapter) -> None:
    # Given every sample
    roots = [etree.fromstring(record) for path in SAMPLE_FILES for record in decode_ok(eprosecution, path.read_bytes())]
    # When their decisions, report kinds and case keys are collected
    decisions = {etree.QName(root.find("r:Decision", NS)[0]).localname for root in roots}
    kinds = {text(root, "r:Report/r:Kind") for root in roots}
    sequences = {text(root, "r:Report/r:Sequence") for root in roots}
    statutes = {statute for root in roots for statute in texts(root, "r:Charges/r:Charge/r:Statute")}
    # Then approvals, returns and rejections, charge-sheets and a closure report, original and supplementary
    # reports, both penal codes and a special act, a CNR, a prisoner id and proposed charges all occur
    assert decisions == {"Approved", "ReturnedWithObjections", "Rejected"}
    assert {"charge-sheet", "untraced"} <= kinds
    assert sequences == {"original", "supplementary"}
    assert {"IPC", "BNS", "IT"} <= statutes
    assert any(text(root, "r:Header/r:CaseKeys/r:Cnr") == "HRGRA00045672025" for root in roots)
    assert any(root.find("r:Header/r:CaseKeys/r:PrisonerId", NS) is not None for root in roots)
    assert any(root.find(".//r:ProposedCharges", NS) is not None for root in roots)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_decoding_is_deterministic(path: Path) -> None:
    # Given a sample export
    native = path.read_bytes()
    # When two adapters decode it
    first = EprosecutionAdapter().decode(native)
    second = EprosecutionAdapter().decode(bytes(native))
    # Then the bytes are identical UTF-8 XML with a declaration
    assert first == second
    for record in first:
        assert isinstance(record, bytes)
        assert record.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


# ------------------------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_every_sample_record_survives_a_round_trip(eprosecution: EprosecutionAdapter, path: Path) -> None:
    # Given the canonical records a sample decodes to
    for canonical in decode_ok(eprosecution, path.read_bytes()):
        # When each is encoded to e-Prosecution JSON and decoded again
        native = eprosecution.encode(canonical, "prosecution-scrutiny")
        # Then the native form is a JSON export and the record comes back unchanged
        assert isinstance(native, NativeDocument)
        assert (native.extension, native.media_type) == ("json", "application/json")
        assert list(json.loads(native.content)) == ["exportHeader", "scrutinyRecords"]
        assert canonical_form(round_trip(eprosecution, canonical)) == canonical_form(canonical)


def test_the_schema_example_survives_a_round_trip(eprosecution: EprosecutionAdapter) -> None:
    # Given the schema's example scrutiny, with its comments
    canonical = (EXAMPLES / "prosecution-scrutiny.xml").read_bytes()
    # When it is encoded and decoded
    back = round_trip(eprosecution, canonical)
    # Then it is the same record
    assert canonical_form(back) == canonical_form(canonical)


def variant(**changes: Any) -> dict[str, Any]:
    scrutiny = base_scrutiny()
    for key, value in changes.items():
        if value is None:
            scrutiny.pop(key, None)
        else:
            scrutiny[key] = value
    return scrutiny


ROUND_TRIP_VARIANTS = {
    "approved without remarks": variant(decision={"status": "APPROVED"}),
    "approved with remarks": variant(decision={"status": "APPROVED", "remarks": "Fit for filing."}),
    "rejected without objections": variant(decision={"status": "REJECTED", "rejectionReason": "No evidence."}),
    "rejected with a proposed charge": variant(
        decision={
            "status": "REJECTED",
            "rejectionReason": "Wrong sections.",
            "objections": [
                {
                    "category": "CHARGES",
                    "text": "Add 3(5) BNS.",
                    "proposedCharges": [{"sections": "3(5) BNS", "offenceDate": "2024-08-02"}],
                }
            ],
        }
    ),
    "returned without a resubmission date": variant(
        decision={"status": "RETURNED", "objections": [{"category": "SANCTION", "text": "Sanction missing."}]}
    ),
    "no accused, no investigating officer": variant(
        accused=None,
        finalReport={"reportNo": "FR-3/2024", "reportType": "UNDETECTED", "reportDate": "30/09/2024"},
    ),
    "every case key": variant(
        cnrNo="HRFB010012342024",
        fslDocketNo="SFSL-MDB/2024/11873",
        prisonerRef={"prisonerNo": "UTP/1532/2024", "stateLgdCode": 6, "prisonCode": "DJFBD"},
    ),
    "a protected accused with an Aadhaar token": variant(
        accused=[
            {
                "accusedCode": "B1",
                "partyId": "X9",
                "name": "ਗੁਰਪ੍ਰੀਤ",
                "nameEn": "Gurpreet",
                "dob": "2008-01-15",
                "gender": "T",
                "aadhaarRefToken": "tok_3f9a0c7e5b2d4e61",
                "idDocuments": [{"docType": "PASSPORT", "docNo": "T4821937"}, {"docType": "OTHER", "docNo": "R-17"}],
                "protectionFlags": {"child": True, "protectedWitness": "Y", "sexualOffenceVictim": False},
                "relative": {"relationType": "MOTHER", "name": "Harjit Kaur"},
                "address": {"line1": "H. No. 5", "line2": "Ward 3", "line3": "Near gurdwara", "pinCode": "134003"},
            }
        ]
    ),
    "an IPC case with special acts": variant(
        charges=[
            {"sections": "420 IPC & 66D IT Act", "offenceDate": "09/03/2024"},
            {"sections": "25 Arms Act", "offenceDate": "09/03/2024"},
            {"sections": "61/1/14 Excise Act", "offenceDate": "10/03/2024"},
            {"sections": "3(1)(r) SC/ST Act", "offenceDate": "10/03/2024"},
            {"sections": "21 NDPS", "offenceDate": "10/03/2024"},
        ]
    ),
}


@pytest.mark.parametrize("scrutiny", ROUND_TRIP_VARIANTS.values(), ids=ROUND_TRIP_VARIANTS.keys())
def test_every_shape_of_scrutiny_survives_a_round_trip(
    eprosecution: EprosecutionAdapter, registry: SchemaRegistry, scrutiny: dict[str, Any]
) -> None:
    # Given a valid record of one shape (decisions, optional parts, case keys, statutes, persons)
    (canonical,) = decode_ok(eprosecution, export(scrutiny))
    valid(registry, canonical)
    # When it is encoded and decoded again
    back = round_trip(eprosecution, canonical)
    # Then it is unchanged
    assert canonical_form(back) == canonical_form(canonical)


def test_a_person_who_is_not_accused_cannot_be_encoded(eprosecution: EprosecutionAdapter) -> None:
    # Given the example scrutiny with a third person no Accused refers to
    root = etree.fromstring((EXAMPLES / "prosecution-scrutiny.xml").read_bytes())
    persons = root.find("r:Persons", NS)
    extra = copy.deepcopy(persons[0])
    extra.set("id", "P3")
    persons.append(extra)
    # When it is encoded
    # Then it is refused (e-Prosecution could not give it back) naming the person, not silently dropped
    with pytest.raises(AdapterError) as refused:
        eprosecution.encode(etree.tostring(root), "prosecution-scrutiny")
    assert refused.value.field == "/ProsecutionScrutiny/Persons/Person[3]"


# ------------------------------------------------------------------------------------------- consumed types


@pytest.mark.parametrize("record_type", CONSUMED)
def test_every_consumed_schema_example_encodes_to_an_inbox_import(
    eprosecution: EprosecutionAdapter, record_type: str
) -> None:
    # Given the schema example of a type e-Prosecution consumes
    canonical = (EXAMPLES / f"{record_type}.xml").read_bytes()
    root = etree.fromstring(canonical)
    # When it is encoded
    native = eprosecution.encode(canonical, record_type)
    message = json.loads(native.content)
    # Then it is one JSON import message carrying the header, the case link, a dated diary entry and every person
    assert (native.extension, native.media_type) == ("json", "application/json")
    header = message["importHeader"]
    assert header["icjsRecordType"] == record_type
    assert header["icjsRecordId"] == text(root, "r:Header/r:RecordId")
    assert header["sourceRecordId"] == text(root, "r:Header/r:SourceRecordId")
    assert message["diaryEntry"]["eventType"] == header["eventType"]
    assert message["diaryEntry"]["eventDate"]
    fir_key = root.find("r:Header/r:CaseKeys/r:FirKey", NS)
    if fir_key is not None:
        assert message["caseLink"]["firKey"] == "-".join(child.text or "" for child in fir_key)
    cnr = text(root, "r:Header/r:CaseKeys/r:Cnr")
    assert message["caseLink"].get("cnrNo") == cnr
    persons = root.findall("r:Persons/r:Person", NS)
    assert [party["partyId"] for party in message.get("parties", [])] == [person.get("id") for person in persons]
    assert "header" not in message["record"] and "persons" not in message["record"]


def test_a_hearing_import_lists_attendance_and_alerts_after_two_adjournments(eprosecution: EprosecutionAdapter) -> None:
    # Given the example hearing (the prosecution's second adjournment) and the same hearing at its third
    canonical = (EXAMPLES / "hearing-recorded.xml").read_bytes()
    third = canonical.replace(b"<Count>2</Count>", b"<Count>3</Count>")
    # When both are encoded
    second_message = json.loads(eprosecution.encode(canonical, "hearing-recorded").content)
    third_message = json.loads(eprosecution.encode(third, "hearing-recorded").content)
    # Then the diary carries the next date and the count, and only the third adjournment raises the alert
    assert second_message["diaryEntry"]["nextHearingDate"] == "2025-03-11"
    assert (second_message["diaryEntry"]["adjournmentCount"], second_message["diaryEntry"]["adjournmentAlert"]) == (
        2,
        False,
    )
    assert third_message["diaryEntry"]["adjournmentAlert"] is True
    # And both accused's attendance is a list, in order, as is every child the schema lets repeat
    assert [entry["code"] for entry in second_message["record"]["attendance"]] == ["A1", "A2"]
    assert second_message["record"]["witnessExamined"][0]["number"] == "PW1"
    assert second_message["record"]["presidingOfficer"]["name"] == {"script": "Latn", "value": "Neha Goyal"}


def test_an_arrest_import_keeps_the_persons_other_particulars(eprosecution: EprosecutionAdapter) -> None:
    # Given the example arrest memo, whose arrestee has IIF-III's extra particulars
    canonical = (EXAMPLES / "arrest-surrender.xml").read_bytes()
    # When it is encoded
    message = json.loads(eprosecution.encode(canonical, "arrest-surrender").content)
    # Then the arrestee is a party written as a scrutiny writes an accused, with the extra particulars after
    arrestee = message["parties"][0]
    assert (arrestee["name"], arrestee["nameEn"], arrestee["dob"], arrestee["gender"]) == (
        "सोनू",
        "Sonu",
        "2000-02-11",
        "M",
    )
    assert arrestee["idDocuments"][0] == {"docType": "VOTER_ID", "docNo": "YKL2203419"}
    assert arrestee["permanentAddress"]["line"] == ["गांव असावटी"]
    assert message["diaryEntry"]["arrestStatus"] == "arrested-forwarded-to-court"
    assert message["charges"] == [{"sections": "303(2) BNS", "offenceDate": "2024-08-02"}]
    assert [witness["personRef"] for witness in message["record"]["witness"]] == ["P3", "P4"]


def test_a_prison_movement_import_names_the_movement_and_the_prisoner(eprosecution: EprosecutionAdapter) -> None:
    # Given the example court production of UTP/1532/2024
    canonical = (EXAMPLES / "prison-movement.xml").read_bytes()
    # When it is encoded
    message = json.loads(eprosecution.encode(canonical, "prison-movement").content)
    # Then the diary says what moved when, and the case link carries the prisoner id with its prison
    assert message["diaryEntry"]["movement"] == "COURT_PRODUCTION"
    assert message["diaryEntry"]["eventDate"] == "2024-11-12T08:40:00+05:30"
    assert message["caseLink"]["prisonerRef"] == {
        "prisonerNo": "UTP/1532/2024",
        "stateLgdCode": 6,
        "prisonCode": "DJFBD",
    }


def test_a_redacted_record_still_encodes(eprosecution: EprosecutionAdapter) -> None:
    # Given the example FIR as the hub delivers it with the victim's identity withheld: Name replaced, the rest gone
    root = etree.fromstring((EXAMPLES / "fir-registered.xml").read_bytes())
    for person in root.findall("r:Persons/r:Person", NS):
        person.find("r:Name", NS).text = "[identity withheld: child]"
        for name in ("NameRomanised", "Alias", "Relative", "BirthDate", "AgeYears", "Identity", "Address"):
            for element in person.findall(f"r:{name}", NS):
                person.remove(element)
    # When it is encoded
    message = json.loads(eprosecution.encode(etree.tostring(root), "fir-registered").content)
    # Then every party is there, with the placeholder for a name and nothing else withheld
    for party in message["parties"]:
        assert party["name"] == "[identity withheld: child]"
        assert set(party) <= {"partyId", "name", "gender", "nationality", "occupation"}


# ------------------------------------------------------------------------------------------- encode refusals


GARBAGE = {
    "empty": b"",
    "not xml": b"not xml",
    "doctype": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><HearingRecorded xmlns="urn:icjs:record:v1"/>',
    "another namespace": b"<HearingRecorded xmlns='urn:other'/>",
}


@pytest.mark.parametrize("record_type", ["prosecution-scrutiny", "hearing-recorded"])
@pytest.mark.parametrize("document", GARBAGE.values(), ids=GARBAGE.keys())
def test_encode_refuses_what_is_not_a_canonical_record(
    eprosecution: EprosecutionAdapter, record_type: str, document: bytes
) -> None:
    # Given bytes that are not a canonical record
    # When they are encoded
    # Then the adapter refuses them with an AdapterError naming where
    with pytest.raises(AdapterError) as refused:
        eprosecution.encode(document, record_type)
    assert refused.value.field


def test_encode_refuses_a_record_of_another_type(eprosecution: EprosecutionAdapter) -> None:
    # Given a court order
    canonical = (EXAMPLES / "court-order.xml").read_bytes()
    # When it is encoded as a hearing, and as a record type e-Prosecution does not take
    # Then both are refused, naming the root element and the record type
    with pytest.raises(AdapterError, match="root element") as wrong_root:
        eprosecution.encode(canonical, "hearing-recorded")
    assert wrong_root.value.field == "CourtOrder"
    with pytest.raises(AdapterError, match="neither produces nor consumes") as unknown:
        eprosecution.encode(canonical, "forensic-request")
    assert unknown.value.field == "forensic-request"


def test_encode_refuses_a_record_whose_header_says_another_type(eprosecution: EprosecutionAdapter) -> None:
    # Given a hearing whose header claims to be a court order
    canonical = (
        (EXAMPLES / "hearing-recorded.xml")
        .read_bytes()
        .replace(b"<RecordType>hearing-recorded</RecordType>", b"<RecordType>court-order</RecordType>")
    )
    # When it is encoded
    # Then it is refused naming the header's RecordType
    with pytest.raises(AdapterError) as refused:
        eprosecution.encode(canonical, "hearing-recorded")
    assert refused.value.field == "/HearingRecorded/Header/RecordType"


def test_encode_refuses_a_scrutiny_without_its_decision(eprosecution: EprosecutionAdapter) -> None:
    # Given the example scrutiny with its Decision removed
    root = etree.fromstring((EXAMPLES / "prosecution-scrutiny.xml").read_bytes())
    root.remove(root.find("r:Decision", NS))
    # When it is encoded
    # Then it is refused naming the missing element
    with pytest.raises(AdapterError) as refused:
        eprosecution.encode(etree.tostring(root), "prosecution-scrutiny")
    assert refused.value.field == "/ProsecutionScrutiny/Decision"


# ------------------------------------------------------------------------------------------- broken files

BAD_FILES = {
    "ipc-after-new-codes.json": ("/scrutinyRecords/0/charges/0/sections", b'"379, 411 IPC"', "falls under BNS"),
    "impossible-decision-date.json": ("/scrutinyRecords/0/decidedOn", b"31/09/2023", "not a real date"),
    "returned-without-objections.json": ("/scrutinyRecords/0/decision/objections", b'"objections"', "at least one"),
    "aadhaar-number-as-document.json": (
        "/scrutinyRecords/0/accused/0/idDocuments/0/docNo",
        b"4821 7736",
        "Aadhaar",
    ),
}


def test_there_is_a_broken_file_for_each_refusal_below() -> None:
    # Given the bad folder
    # Then it holds exactly the files the tests below refuse
    assert {path.name for path in BAD.iterdir()} == {*BAD_FILES, "trailing-comma.json", "latin1-not-utf8.json"}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_broken_scrutiny_is_refused_naming_the_field_and_line(eprosecution: EprosecutionAdapter, name: str) -> None:
    # Given a deliberately broken export
    native = (BAD / name).read_bytes()
    field, needle, reason = BAD_FILES[name]
    # When it is decoded
    refusal = one_refusal(eprosecution, native)
    # Then the scrutiny is refused, naming the field by JSON pointer, its line, and the reason
    assert refusal.field == field
    assert refusal.line == line_of(native, needle)
    assert reason in refusal.message


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [("trailing-comma.json", 5, "not JSON"), ("latin1-not-utf8.json", 1, "not UTF-8")],
)
def test_a_broken_document_is_refused_whole(
    eprosecution: EprosecutionAdapter, name: str, line: int, reason: str
) -> None:
    # Given a document that is not a readable export
    native = (BAD / name).read_bytes()
    # When it is decoded
    # Then the whole document is refused, naming the document and the line
    with pytest.raises(AdapterError) as refused:
        eprosecution.decode(native)
    assert (refused.value.field, refused.value.line) == ("document", line)
    assert reason in refused.value.message


# ------------------------------------------------------------------------------------------- messy input


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-10-04T17:10:00+05:30", "2024-10-04T17:10:00+05:30"),
        ("2024-10-04T17:10:00", "2024-10-04T17:10:00+05:30"),
        ("2024-10-04T11:40:00Z", "2024-10-04T11:40:00+00:00"),
        ("04/10/2024 17:10", "2024-10-04T17:10:00+05:30"),
        ("04-10-2024 17:10:00", "2024-10-04T17:10:00+05:30"),
        ("4/10/2024 5:10 PM", "2024-10-04T17:10:00+05:30"),
        ("04.10.2024", "2024-10-04T00:00:00+05:30"),
    ],
)
def test_decision_times_in_any_of_the_ways_they_are_written(
    eprosecution: EprosecutionAdapter, registry: SchemaRegistry, written: str, expected: str
) -> None:
    # Given the example scrutiny with its decision time written one way or another
    scrutiny = variant(decidedOn=written, receivedOn="2024-10-01")
    # When it is decoded
    root = decode_one(eprosecution, scrutiny)
    # Then DecidedAt has an offset (IST when none was written)
    assert text(root, "r:DecidedAt") == expected
    valid(registry, etree.tostring(root))


@pytest.mark.parametrize("written", ["30/09/2024", "30-09-2024", "30.09.2024", "2024-09-30"])
def test_report_dates_in_any_of_the_ways_they_are_written(eprosecution: EprosecutionAdapter, written: str) -> None:
    # Given the example scrutiny with the report date written one way or another
    scrutiny = base_scrutiny()
    scrutiny["finalReport"]["reportDate"] = written
    # When it is decoded
    root = decode_one(eprosecution, scrutiny)
    # Then ReportDate is the ISO date
    assert text(root, "r:Report/r:ReportDate") == "2024-09-30"


def test_a_scrutiny_with_only_its_required_fields(eprosecution: EprosecutionAdapter, registry: SchemaRegistry) -> None:
    # Given a scrutiny with nothing optional: no accused, no officer, no ids, null for empty fields
    scrutiny = {
        "scrutinyId": "HR-FBD/SCR/2024/01200",
        "firRef": {"stateLgdCode": "06", "districtLgdCode": "60", "psCode": "ps0031", "firNo": "7-2024"},
        "cnrNo": None,
        "fslDocketNo": "",
        "finalReport": {"reportNo": "FR-2/2024", "reportType": "untraced", "reportDate": "01/12/2024"},
        "office": {
            "officeName": "Office of the District Attorney, Faridabad",
            "stateLgdCode": 6,
            "districtLgdCode": 60,
        },
        "prosecutor": {"name": "Savita   Rani", "designation": "ADA"},
        "receivedOn": "02/12/2024 10:00",
        "decidedOn": "02/12/2024 16:00",
        "charges": [{"sections": "303(2) BNS", "offenceDate": "15/11/2024"}],
        "decision": {"status": "approved", "remarks": None},
        "legalOpinion": "Untraced report accepted.",
        "createdOn": "02/12/2024 10:01",
    }
    # When it is decoded
    root = decode_one(eprosecution, scrutiny)
    # Then the record is valid, with the key normalised, Sequence defaulted and nothing invented
    valid(registry, etree.tostring(root))
    assert texts(root, "r:Header/r:CaseKeys/r:FirKey/*") == ["6", "60", "PS0031", "2024", "7"]
    assert root.find("r:Header/r:CaseKeys/r:Cnr", NS) is None
    assert root.find("r:Header/r:CaseKeys/r:LabCaseNumber", NS) is None
    assert text(root, "r:Report/r:Sequence") == "original"
    assert root.find("r:Persons", NS) is None
    assert root.find("r:Decision/r:Approved/r:Remarks", NS) is None
    assert text(root, "r:Prosecutor/r:Name") == "Savita Rani"
    assert root.find("r:Prosecutor/r:OfficerId", NS) is None


def test_messy_accused_particulars_are_normalised(eprosecution: EprosecutionAdapter) -> None:
    # Given an accused written the way operators write them: codes in small letters, S/O, Male, Indian, DL, both
    # a birth date and an age, a Devanagari-only relative, a PIN as a number, an empty line
    scrutiny = variant(
        accused=[
            {
                "accusedCode": "a1",
                "name": " सोनू ",
                "nameEn": "Sonu",
                "relative": {"relationType": "s/o", "name": "राज  कुमार"},
                "dob": "11-02-2000",
                "ageYears": 24,
                "gender": "Male",
                "nationality": "Indian",
                "idDocuments": [{"docType": "DL", "docNo": "hr51 20190012345"}],
                "address": {"line1": "झुग्गी नंबर 45", "line2": "", "pinCode": 121008},
            }
        ]
    )
    # When it is decoded
    root = decode_one(eprosecution, scrutiny)
    person = root.find("r:Persons/r:Person", NS)
    # Then each particular has its canonical form, and the age gives way to the birth date
    assert root.find("r:Accused", NS).attrib == {"personRef": "P1", "code": "A1"}
    assert (text(person, "r:Name"), person.find("r:Name", NS).get("script")) == ("सोनू", "Deva")
    assert texts(person, "r:Relative/*") == ["राज कुमार", "father"]
    assert (text(person, "r:BirthDate"), person.find("r:AgeYears", NS)) == ("2000-02-11", None)
    assert (text(person, "r:Sex"), text(person, "r:Nationality")) == ("male", "IN")
    assert texts(person, "r:Identity/*") == ["driving-licence", "HR51 20190012345"]
    assert texts(person, "r:Address/*") == ["झुग्गी नंबर 45", "121008"]


def test_sections_as_written_become_one_charge_each(eprosecution: EprosecutionAdapter) -> None:
    # Given charges written as police write them, one entry naming several sections, one repeating a section
    scrutiny = variant(
        charges=[
            {"sections": "u/s 303(2)/3(5) B.N.S.", "offenceDate": "02/08/2024"},
            {"sections": "317(2), 303(2) BNS", "offenceDate": "02/08/2024"},
        ]
    )
    # When it is decoded
    root = decode_one(eprosecution, scrutiny)
    # Then there is one Charge per section, in order, without the repetition, each dated
    charges = [texts(charge, "*") for charge in root.findall("r:Charges/r:Charge", NS)]
    assert charges == [
        ["BNS", "303(2)", "2024-08-02"],
        ["BNS", "3(5)", "2024-08-02"],
        ["BNS", "317(2)", "2024-08-02"],
    ]


def test_one_bad_scrutiny_costs_no_other(eprosecution: EprosecutionAdapter, registry: SchemaRegistry) -> None:
    # Given an export of three scrutinies, the second with an unknown decision
    bad = variant(scrutinyId="HR-FBD/SCR/2024/00932", decision={"status": "PENDING"})
    third = variant(scrutinyId="HR-FBD/SCR/2024/00933")
    native = export(base_scrutiny(), bad, third)
    # When it is decoded
    first, refusal, last = eprosecution.decode(native)
    # Then the others decode and the bad one is an AdapterError in its place, naming its field and line
    valid(registry, first)
    valid(registry, last)
    assert isinstance(refusal, AdapterError)
    assert refusal.field == "/scrutinyRecords/1/decision/status"
    assert refusal.line == line_of(native, b'"PENDING"')
    assert "APPROVED, RETURNED, REJECTED" in refusal.message


# ------------------------------------------------------------------------------------------- scrutiny refusals

SCRUTINY_REFUSALS = {
    "remarks on a returned report": (
        {"decision": {"status": "RETURNED", "remarks": "x", "objections": [{"category": "OTHER", "text": "y"}]}},
        "/decision/remarks",
        "does not go with the decision RETURNED",
    ),
    "a rejection without a reason": (
        {"decision": {"status": "REJECTED"}},
        "/decision/rejectionReason",
        "required",
    ),
    "decided before it was received": ({"decidedOn": "2024-09-30T10:00:00+05:30"}, "/decidedOn", "before the report"),
    "received before the report was signed": ({"receivedOn": "29/09/2024"}, "/receivedOn", "before the report"),
    "modified before it was created": ({"lastModifiedOn": "2024-09-01T10:00:00+05:30"}, "/lastModifiedOn", "before"),
    "an offence after the report": (
        {"charges": [{"sections": "303(2) BNS", "offenceDate": "2024-10-02"}]},
        "/charges/0/offenceDate",
        "after the report",
    ),
    "no charges": ({"charges": []}, "/charges", "at least one"),
    "an unknown section": (
        {"charges": [{"sections": "999 BNS", "offenceDate": "2024-08-02"}]},
        "/charges/0/sections",
        "999",
    ),
    "an unknown member": ({"firNumber": "412/2024"}, "/firNumber", "is not a field"),
    "a bad FIR number": (
        {"firRef": {"stateLgdCode": 6, "districtLgdCode": 60, "psCode": "PS0031", "firNo": "412"}},
        "/firRef/firNo",
        "serial/year",
    ),
    "a bad CNR": ({"cnrNo": "HRFB01001234"}, "/cnrNo", "not a CNR"),
    "a state code out of range": (
        {"firRef": {"stateLgdCode": 600, "districtLgdCode": 60, "psCode": "PS0031", "firNo": "412/2024"}},
        "/firRef/stateLgdCode",
        "outside 1 to 99",
    ),
    "a scrutiny id with spaces": ({"scrutinyId": "HR FBD 931"}, "/scrutinyId", "not a scrutiny id"),
    "a missing prosecutor": ({"prosecutor": None}, "/prosecutor", "required"),
    "an unknown report type": (
        {"finalReport": {"reportNo": "1/2024", "reportType": "PENDING", "reportDate": "30/09/2024"}},
        "/finalReport/reportType",
        "not a final report type",
    ),
    "a bad record id of the final report": (
        {"finalReport": {"reportNo": "1/2024", "reportType": "CS", "reportDate": "30/09/2024", "icjsRecordId": "x"}},
        "/finalReport/icjsRecordId",
        "not an ICJS record id",
    ),
    "an opinion too long": ({"legalOpinion": "x" * 20001}, "/legalOpinion", "over the limit of 20000"),
    "a control character": ({"legalOpinion": "bad\u0007bell"}, "/legalOpinion", "U+0007"),
}


@pytest.mark.parametrize(("changes", "field", "reason"), SCRUTINY_REFUSALS.values(), ids=SCRUTINY_REFUSALS.keys())
def test_an_inconsistent_scrutiny_is_refused_naming_the_field(
    eprosecution: EprosecutionAdapter, changes: dict[str, Any], field: str, reason: str
) -> None:
    # Given the example scrutiny with one inconsistency
    scrutiny = variant(**{key: value for key, value in changes.items() if value is not None})
    for key, value in changes.items():
        if value is None:
            scrutiny.pop(key)
    # When it is decoded
    refusal = one_refusal(eprosecution, export(scrutiny))
    # Then it is refused, naming the field and why
    assert refusal.field == "/scrutinyRecords/0" + field
    assert reason in refusal.message
    assert refusal.line is not None


ACCUSED_REFUSALS = {
    "an Aadhaar token that is a number": ({"aadhaarRefToken": "482177361290"}, "/aadhaarRefToken", "vault token"),
    "an Aadhaar card as identity": (
        {"idDocuments": [{"docType": "AADHAAR", "docNo": "XXXX-1290"}]},
        "/idDocuments/0/docType",
        "not an identity document type",
    ),
    "three aliases": ({"aliases": ["a", "b", "c"]}, "/aliases", "at most two"),
    "a birth after the report": ({"dob": "01/10/2024"}, "/dob", "not a plausible date of birth"),
    "a relative without relation": ({"relative": {"name": "राज कुमार"}}, "/relative/relationType", "required"),
    "a bad accused code": ({"accusedCode": "Accused-1"}, "/accusedCode", "not an accused code"),
    "a bad gender": ({"gender": "X"}, "/gender", "not a gender"),
    "a bad PIN": ({"address": {"line1": "x", "pinCode": "0121"}}, "/address/pinCode", "not a PIN"),
    "an address without its first line": ({"address": {"cityVillage": "Faridabad"}}, "/address/line1", "required"),
    "no name at all": ({"name": None, "nameEn": None}, "/name", "required"),
    "a romanised name in Devanagari": ({"nameEn": "सोनु"}, "/nameEn", "not in Latin letters"),
    "a protection flag that is not true or false": (
        {"protectionFlags": {"child": "maybe"}},
        "/protectionFlags/child",
        "not true or false",
    ),
}


@pytest.mark.parametrize(("changes", "field", "reason"), ACCUSED_REFUSALS.values(), ids=ACCUSED_REFUSALS.keys())
def test_a_bad_accused_is_refused_naming_the_field(
    eprosecution: EprosecutionAdapter, changes: dict[str, Any], field: str, reason: str
) -> None:
    # Given the example scrutiny whose first accused has one bad particular
    scrutiny = base_scrutiny()
    accused = scrutiny["accused"][0]
    accused.update(changes)
    for key in [key for key, value in changes.items() if value is None]:
        accused.pop(key)
    # When it is decoded
    refusal = one_refusal(eprosecution, export(scrutiny))
    # Then it is refused, naming the particular
    assert refusal.field == "/scrutinyRecords/0/accused/0" + field
    assert reason in refusal.message


def test_accused_codes_and_party_ids_are_unique(eprosecution: EprosecutionAdapter) -> None:
    # Given two accused with the same code, and two with the same party id
    twice_coded = base_scrutiny()
    twice_coded["accused"][1]["accusedCode"] = "A1"
    twice_numbered = base_scrutiny()
    twice_numbered["accused"][1]["partyId"] = "P1"
    # When each is decoded
    coded = one_refusal(eprosecution, export(twice_coded))
    numbered = one_refusal(eprosecution, export(twice_numbered))
    # Then both are refused at the second accused
    assert coded.field == "/scrutinyRecords/0/accused/1/accusedCode"
    assert numbered.field == "/scrutinyRecords/0/accused/1/partyId"


# ------------------------------------------------------------------------------------------- documents

DOCUMENT_REFUSALS = {
    "empty": (b"", "document", "empty"),
    "blank": (b"  \n ", "document", "empty"),
    "utf-16": ('{"scrutinyRecords": []}'.encode("utf-16"), "document", "UTF-16"),
    "not json": (b"<xml/>", "document", "not JSON"),
    "an array": (b"[]", "/", "not a JSON object"),
    "NaN": (b'{"scrutinyRecords": [NaN]}', "document", "not JSON"),
    "a huge number": (b'{"scrutinyRecords": [1e999]}', "document", "too large"),
    "a lone surrogate": (b'{"scrutinyRecords": [{"scrutinyId": "\\ud800"}]}', None, None),
    "nested too deep": (b'{"scrutinyRecords": ' + b"[" * 200 + b"]" * 200 + b"}", "document", "deeper"),
    "text after the value": (b'{"scrutinyRecords": [{}]} {}', "document", "after the JSON value"),
    "no records": (b'{"scrutinyRecords": []}', "/scrutinyRecords", "at least one"),
    "records not a list": (b'{"scrutinyRecords": {}}', "/scrutinyRecords", "expected an array"),
    "an unknown member": (b'{"scrutinies": []}', "/scrutinies", "is not a field"),
    "a member twice": (b'{"scrutinyRecords": [], "scrutinyRecords": []}', "/scrutinyRecords", "twice"),
    "another system": (
        b'{"exportHeader": {"sourceApp": "CIS"}, "scrutinyRecords": [{}]}',
        "/exportHeader/sourceApp",
        "not an e-Prosecution export",
    ),
    "an unsupported version": (
        b'{"exportHeader": {"apiVersion": "3.0"}, "scrutinyRecords": [{}]}',
        "/exportHeader/apiVersion",
        "not supported",
    ),
    "a wrong record count": (
        b'{"exportHeader": {"recordCount": 2}, "scrutinyRecords": [{}]}',
        "/exportHeader/recordCount",
        "holds 1",
    ),
    "too many records": (
        b'{"scrutinyRecords": [' + b",".join([b"{}"] * 2001) + b"]}",
        "/scrutinyRecords",
        "at most 2000",
    ),
}


@pytest.mark.parametrize(("native", "field", "reason"), DOCUMENT_REFUSALS.values(), ids=DOCUMENT_REFUSALS.keys())
def test_a_document_that_is_no_export_is_refused_whole_or_per_record(
    eprosecution: EprosecutionAdapter, native: bytes, field: str | None, reason: str | None
) -> None:
    # Given a document that is not a usable e-Prosecution export
    # When it is decoded
    try:
        items = eprosecution.decode(native)
    except AdapterError as refused:
        # Then it is refused whole with an AdapterError naming the document (or the member) and a line
        assert field is not None and reason is not None
        assert refused.field == field
        assert reason in refused.message
        assert refused.line is not None
        return
    # Or (a lone surrogate inside a scrutiny) the scrutiny is refused in its place, naming its member
    assert field is None
    (refusal,) = items
    assert isinstance(refusal, AdapterError)
    assert refusal.field == "/scrutinyRecords/0/scrutinyId"
    assert "U+D800" in refusal.message


def test_a_member_given_twice_in_a_scrutiny_is_refused_at_its_line(eprosecution: EprosecutionAdapter) -> None:
    # Given a scrutiny whose decision time is given twice
    native = export(base_scrutiny()).replace(
        b'"decidedOn": "2024-10-04T17:10:00+05:30",',
        b'"decidedOn": "2024-10-04T17:10:00+05:30",\n      "decidedOn": "2024-10-05T10:00:00+05:30",',
    )
    # When it is decoded
    refusal = one_refusal(eprosecution, native)
    # Then the repeated member is named with the line of its (last) value
    assert refusal.field == "/scrutinyRecords/0/decidedOn"
    assert refusal.line == line_of(native, b'"2024-10-05T10:00')
    assert "twice" in refusal.message


def test_a_byte_order_mark_is_allowed(eprosecution: EprosecutionAdapter) -> None:
    # Given the first sample saved with a UTF-8 byte-order mark
    native = (SAMPLES / "scrutiny-faridabad-theft-2024.json").read_bytes()
    # When it is decoded
    # Then it decodes as without one
    assert eprosecution.decode(b"\xef\xbb\xbf" + native) == eprosecution.decode(native)


# ------------------------------------------------------------------------------------------- the schemas' lists


def repeatable_pairs() -> set[tuple[str, str]]:
    """(parent element, child element) pairs of the v1 schemas whose child may occur more than once."""
    types: dict[str, tuple[list[tuple[str, str, bool]], str | None]] = {}
    roots: dict[str, str] = {}
    for xsd in SCHEMA_DIR.glob("*.xsd"):
        document = etree.parse(str(xsd)).getroot()
        for complex_type in document.iter(f"{XS}complexType"):
            name = complex_type.get("name")
            if not name:
                continue
            children = []
            for element in complex_type.iter(f"{XS}element"):
                repeats = element.get("maxOccurs", "1") != "1"
                parent = element.getparent()
                while parent is not complex_type:
                    repeats = repeats or parent.get("maxOccurs", "1") != "1"
                    parent = parent.getparent()
                children.append((element.get("name") or "", (element.get("type") or "").split(":")[-1], repeats))
            base = next(
                (d.get("base", "").split(":")[-1] for d in complex_type.iter(f"{XS}extension", f"{XS}restriction")),
                None,
            )
            types[name] = (children, base)
        for element in document.iterchildren(f"{XS}element"):
            roots[element.get("name") or ""] = (element.get("type") or "").split(":")[-1]
    pairs: set[tuple[str, str]] = set()
    seen: set[tuple[str, str]] = set()

    def walk(element: str, type_name: str) -> None:
        if (element, type_name) in seen or type_name not in types:
            return
        seen.add((element, type_name))
        children, base = types[type_name]
        if base in types:
            own = {child[0] for child in children}
            children = children + [child for child in types[base][0] if child[0] not in own]
        for child, child_type, repeats in children:
            if repeats:
                pairs.add((element, child))
            walk(child, child_type)

    for root, type_name in roots.items():
        walk(root, type_name)
    return pairs


def test_the_list_of_repeating_elements_is_the_schemas() -> None:
    # Given the v1 schemas
    # When every (parent, child) pair whose child may repeat is collected from them
    # Then the inbox encoder's table is exactly that list (so a list is a list in every import)
    assert repeatable_pairs() == set(REPEATED)
