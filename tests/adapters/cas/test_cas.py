"""adapters/cas beyond the FIR: the investigation records CAS exports, encode back into CAS's own forms, the round
trip between them, and refusals of broken exports that name the native field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

import adapters.cas
import schemas
from adapters.base import CANONICAL_NS, AdapterError, NativeDocument, parse_native_xml, record_id
from adapters.cas import CasAdapter
from adapters.cas.inbox import native_name
from adapters.cas.parts import HEADER_NAMES
from adapters.cas.records import SPECS
from hub.conformance import canonical_form
from hub.record import record_from_valid
from hub.rules import check_rules
from hub.schemas import SchemaRegistry

PACKAGE = Path(adapters.cas.__file__).parent
SAMPLES = PACKAGE / "samples"
INBOX_EXAMPLES = PACKAGE / "inbox-examples"
BAD = Path(__file__).parent / "bad"
EXAMPLES = Path(schemas.__file__).parent / "v1" / "examples"
NS = {"r": CANONICAL_NS}

ALL_SAMPLES = sorted(SAMPLES.glob("*.xml"))
INVESTIGATION = SAMPLES / "investigation-faridabad-theft-2024.xml"
PRODUCED = (
    "fir-registered",
    "crime-details",
    "arrest-surrender",
    "property-seizure",
    "forensic-request",
    "final-report",
)
NEW_TYPES = PRODUCED[1:]
CONSUMED = (
    "forensic-receipt",
    "forensic-report",
    "prosecution-scrutiny",
    "court-case-registered",
    "hearing-recorded",
    "court-order",
    "prison-admission",
    "prison-movement",
    "court-disposal",
    "appeal-result",
)


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry()


@pytest.fixture
def cas() -> CasAdapter:
    return CasAdapter()


def valid(registry: SchemaRegistry, canonical: bytes) -> str:
    """The record type of a canonical record that passes the hub's schema and rules (fails the test otherwise)."""
    root = parse_native_xml(canonical)
    schema, issues = registry.validate(root)
    if not issues:
        issues = check_rules(root, schema)
    assert not issues, [str(issue) for issue in issues]
    return record_from_valid(root, canonical, schema.record_type, schema.version).record_type


def decode_all(cas: CasAdapter, native: bytes) -> list[bytes]:
    results = cas.decode(native)
    refused = [str(result) for result in results if isinstance(result, AdapterError)]
    assert not refused, refused
    return [result for result in results if isinstance(result, bytes)]


def record_type_of(canonical: bytes) -> str:
    found = re.search(rb"<RecordType>([a-z-]+)</RecordType>", canonical)
    assert found is not None
    return found.group(1).decode()


def one_refusal(cas: CasAdapter, native: bytes) -> AdapterError:
    results = cas.decode(native)
    assert len(results) == 1
    assert isinstance(results[0], AdapterError), "expected a refusal"
    return results[0]


def line_of(native: bytes, needle: bytes) -> int:
    return native[: native.index(needle)].count(b"\n") + 1


def investigation_record(tag: str) -> bytes:
    """One record of the Faridabad investigation sample, alone in an export."""
    text = INVESTIGATION.read_text(encoding="utf-8")
    found = re.search(rf"  <{tag}>.*?</{tag}>\n", text, re.S)
    assert found is not None
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<CAS_EXPORT VERSION="1.0">\n{found.group(0)}</CAS_EXPORT>\n'.encode()
    )


def example(record_type: str) -> bytes:
    return (EXAMPLES / f"{record_type}.xml").read_bytes()


# ------------------------------------------------------------------------------------------- samples


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda path: path.name)
def test_every_sample_decodes_into_records_the_hub_accepts(
    cas: CasAdapter, registry: SchemaRegistry, path: Path
) -> None:
    # Given a sample export
    native = path.read_bytes()
    # When it is decoded
    records = decode_all(cas, native)
    # Then every record passes the hub's schema and rules, speaks for cas/police and is of a produced type
    assert records
    for canonical in records:
        assert valid(registry, canonical) in cas.produces
        assert b"<SourceSystem>cas</SourceSystem>" in canonical
        assert b"<SourcePillar>police</SourcePillar>" in canonical


def test_the_samples_together_produce_every_type_and_cover_two_cases_or_more(cas: CasAdapter) -> None:
    # Given all samples
    # When they are decoded
    records = [record for path in ALL_SAMPLES for record in decode_all(cas, path.read_bytes())]
    # Then every produced type appears, each new type in the Faridabad case and in at least one other case
    types = {record_type_of(record) for record in records}
    assert types == set(PRODUCED)
    for record_type in NEW_TYPES:
        firs = {
            re.search(rb"<SourceRecordId>(\d+-\d+-[A-Z0-9]+-\d+-\d+)", record).group(1)  # type: ignore[union-attr]
            for record in records
            if record_type_of(record) == record_type
        }
        assert b"6-60-PS0031-2024-412" in firs
        assert len(firs) >= 2, (record_type, firs)


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda path: path.name)
def test_decoding_a_sample_twice_gives_the_same_bytes(path: Path) -> None:
    # Given a sample
    native = path.read_bytes()
    # When two adapters decode it
    # Then they give identical bytes
    assert CasAdapter().decode(native) == CasAdapter().decode(bytes(native))


def test_the_faridabad_investigation_decodes_to_exactly_the_schema_examples(cas: CasAdapter) -> None:
    # Given the investigation of FIR 412/2024 as CAS exports it, typed messily (dd-mm-yyyy, AM/PM, "Rs. 45,000/-",
    # codes such as "1", "JC", "Nil", "Habitual")
    native = INVESTIGATION.read_bytes()
    # When it is decoded
    records = decode_all(cas, native)
    # Then each record is the schema's own example of its type, byte for byte after C14N
    assert [record_type_of(record) for record in records] == list(NEW_TYPES)
    for record in records:
        assert canonical_form(record) == canonical_form(example(record_type_of(record)))


def test_the_record_ids_extend_the_fir_key_as_documented(cas: CasAdapter) -> None:
    # Given the Faridabad investigation
    # When it is decoded
    records = decode_all(cas, INVESTIGATION.read_bytes())
    # Then each source record id is the FIR key plus the record's own key, and the record id is derived from it
    ids = {}
    for record in records:
        root = etree.fromstring(record)
        source_record_id = root.findtext("r:Header/r:SourceRecordId", namespaces=NS)
        record_type = record_type_of(record)
        assert root.findtext("r:Header/r:RecordId", namespaces=NS) == record_id("cas", record_type, source_record_id)
        ids[record_type] = source_record_id
    assert ids == {
        "crime-details": "6-60-PS0031-2024-412",
        "arrest-surrender": "6-60-PS0031-2024-412-A1",
        "property-seizure": "6-60-PS0031-2024-412-P187-2024",
        "forensic-request": "6-60-PS0031-2024-412-FSL-1",
        "final-report": "6-60-PS0031-2024-412-FR-187",
    }


def test_a_surrender_in_court_is_a_surrender_with_its_court_and_status(cas: CasAdapter) -> None:
    # Given the Gurugram export, whose second ARREST_MEMO is A2's surrender with status code 5
    records = decode_all(cas, (SAMPLES / "investigation-gurugram-snatching-2024.xml").read_bytes())
    (surrender,) = [etree.fromstring(r) for r in records if b"<Surrender>" in r]
    # When it is read
    # Then it is a surrender, not an arrest, in judicial custody, with the court and no GD entry
    assert surrender.find("r:Arrest", NS) is None
    assert surrender.findtext("r:Surrender/r:Status", namespaces=NS) == "surrendered-judicial-custody"
    assert surrender.findtext("r:Surrender/r:Court/r:EstablishmentCode", namespaces=NS) == "HRGRA0"
    assert surrender.find("r:Surrender/r:GdEntryNumber", NS) is None
    assert surrender.findtext("r:Surrender/r:SurrenderedAt", namespaces=NS) == "2024-11-25T11:00:00+05:30"
    assert surrender.findtext("r:AccusedCode", namespaces=NS) == "A2"


def test_a_closure_report_under_the_ipc_keeps_its_kind_and_charges(cas: CasAdapter) -> None:
    # Given the Panipat export: an untraced report in 2025 for an online fraud of March 2024
    records = decode_all(cas, (SAMPLES / "investigation-panipat-cyber-fraud-2024.xml").read_bytes())
    report = etree.fromstring(records[1])
    # When it is read
    # Then it is a closure report, charged under the IPC and the IT Act for the 2024 offence date
    assert report.find("r:ChargeSheet", NS) is None
    assert report.findtext("r:ClosureReport/r:Kind", namespaces=NS) == "untraced"
    charges = [
        (c.findtext("r:Statute", namespaces=NS), c.findtext("r:Section", namespaces=NS))
        for c in report.findall("r:Charges/r:Charge", NS)
    ]
    assert charges == [("IPC", "420"), ("IT", "66D")]
    assert report.findtext("r:ReportNumber", namespaces=NS) == "21/2025"
    assert report.findtext("r:LabResult/r:ReportDate", namespaces=NS) == "2024-06-14"


# ------------------------------------------------------------------------------------------- round trips


def _sample_records() -> list[tuple[str, bytes]]:
    cas = CasAdapter()
    found = []
    for path in ALL_SAMPLES:
        for number, record in enumerate(cas.decode(path.read_bytes()), start=1):
            assert isinstance(record, bytes)
            found.append((f"{path.name}#{number}", record))
    return found


@pytest.mark.parametrize(("label", "canonical"), _sample_records(), ids=lambda value: str(value)[:40])
def test_every_decoded_sample_record_round_trips_through_cas(cas: CasAdapter, label: str, canonical: bytes) -> None:
    # Given a canonical record decoded from a sample
    record_type = record_type_of(canonical)
    # When it is encoded for CAS and the result decoded again
    native = cas.encode(canonical, record_type)
    back = cas.decode(native.content)
    # Then CAS holds exactly one record, which is the same record
    assert isinstance(native, NativeDocument) and native.extension == "xml"
    assert native.content.startswith(b"<?xml") and b"<CAS_EXPORT" in native.content
    assert len(back) == 1 and isinstance(back[0], bytes), back
    assert canonical_form(back[0]) == canonical_form(canonical)


@pytest.mark.parametrize("record_type", PRODUCED)
def test_every_produced_schema_example_round_trips_through_cas(cas: CasAdapter, record_type: str) -> None:
    # Given the schema's example of a type police produces
    canonical = example(record_type)
    # When it is encoded and decoded again
    native = cas.encode(canonical, record_type)
    (back,) = cas.decode(native.content)
    # Then nothing is lost, and the native form is CAS's (upper-case names, dd/mm/yyyy dates, free-text sections)
    assert isinstance(back, bytes), back
    assert canonical_form(back) == canonical_form(canonical)
    assert re.search(rb"<[A-Z_]+_DT>\d{2}/\d{2}/\d{4}", native.content)
    assert b"<ACT_SEC" in native.content


def test_charges_of_several_offence_dates_are_written_with_their_own_date(cas: CasAdapter) -> None:
    # Given the final report, whose charges are for offences on 2 and 4 August 2024
    canonical = example("final-report")
    # When it is encoded
    native = cas.encode(canonical, "final-report").content.decode()
    # Then the record's offence date is the first charge's, and the other charge carries its own
    assert "<OFFENCE_DT>02/08/2024</OFFENCE_DT>" in native
    assert '<ACT_SEC OFFENCE_DT="04/08/2024">317(2) BNS</ACT_SEC>' in native
    assert "<ACT_SEC>303(2) BNS</ACT_SEC>" in native


def test_encoding_is_deterministic(cas: CasAdapter) -> None:
    # Given a canonical record
    canonical = example("arrest-surrender")
    # When it is encoded twice
    # Then the bytes are the same
    assert cas.encode(canonical, "arrest-surrender") == CasAdapter().encode(bytes(canonical), "arrest-surrender")


@pytest.mark.parametrize(
    ("record_type", "old", "new", "field", "rule"),
    [
        (
            "arrest-surrender",
            b"<SourceSystem>cas</SourceSystem>",
            b"<SourceSystem>ecourts</SourceSystem>",
            "ArrestSurrender/Header/SourceSystem",
            "CAS takes back only the records it produced",
        ),
        (
            "property-seizure",
            b"<SourceRecordId>6-60-PS0031-2024-412-P187-2024</SourceRecordId>",
            b"<SourceRecordId>SEIZURE-187</SourceRecordId>",
            "PropertySeizure/Header/SourceRecordId",
            "is not the id CAS gives this property-seizure",
        ),
        (
            "arrest-surrender",
            b'<Name script="Deva">\xe0\xa4\x95\xe0\xa4\xae\xe0\xa4\xb2\xe0\xa4\xbe',
            b'<Name script="Latn">\xe0\xa4\x95\xe0\xa4\xae\xe0\xa4\xb2\xe0\xa4\xbe',
            "ArrestSurrender/Persons/Person[2]/Name",
            "CAS cannot hold this record unchanged",
        ),
        (
            "arrest-surrender",
            b"<AgeYears>31</AgeYears>",
            b"<AgeYears>16</AgeYears>",
            "ArrestSurrender/Persons/Person[3]",
            "it would gain Protection",
        ),
        (
            "crime-details",
            b"<MajorHead>Theft</MajorHead>",
            b"",
            "CrimeDetails/CrimeHead/MajorHead",
            "required value is missing",
        ),
        (
            "fir-registered",
            b'<Complainant personRef="P1"/>',
            b'<Complainant personRef="P2"/>',
            "FirRegistered/Persons",
            "CAS numbers an FIR's persons itself",
        ),
    ],
)
def test_encode_refuses_a_record_cas_cannot_hold_unchanged(
    cas: CasAdapter, record_type: str, old: bytes, new: bytes, field: str, rule: str
) -> None:
    # Given a schema example changed into something CAS cannot give back unchanged
    canonical = example(record_type)
    assert old in canonical
    # When it is encoded
    # Then encode refuses, naming the canonical element and why, instead of sending a record that would change
    with pytest.raises(AdapterError) as refused:
        cas.encode(canonical.replace(old, new, 1), record_type)
    assert refused.value.field == field
    assert rule in str(refused.value)


@pytest.mark.parametrize("record_type", PRODUCED + CONSUMED)
@pytest.mark.parametrize(
    ("document", "rule"),
    [
        (b"", "empty"),
        (b"not xml", "not well-formed"),
        (b"<Nope xmlns='urn:icjs:record:v1'/>", "root element is"),
        (b"<CourtOrder/>", "root element is"),
    ],
)
def test_encode_refuses_garbage_for_every_type(cas: CasAdapter, record_type: str, document: bytes, rule: str) -> None:
    # Given bytes that are not a canonical record of the type
    # When they are encoded
    # Then encode refuses with a clean AdapterError that names where
    with pytest.raises(AdapterError, match=rule) as refused:
        cas.encode(document, record_type)
    assert refused.value.field is not None


# ------------------------------------------------------------------------------------------- consumed types


@pytest.mark.parametrize("record_type", CONSUMED)
def test_every_consumed_schema_example_becomes_an_icjs_inbox_import(cas: CasAdapter, record_type: str) -> None:
    # Given the schema's example of a type police receives
    canonical = example(record_type)
    # When it is encoded for CAS
    native = cas.encode(canonical, record_type)
    inbox = etree.fromstring(native.content)
    # Then it is one ICJS_INBOX record named after the type, with the FIR key as CAS writes it
    assert (inbox.tag, inbox.get("VERSION")) == ("ICJS_INBOX", "1.0")
    (record,) = list(inbox)
    assert record.tag == record_type.upper().replace("-", "_")
    assert record.findtext("HEADER/RECORD_TYPE") == record_type
    assert record.findtext("HEADER/CASE_KEYS/FIR_KEY/FIR_NO") == "0412/2024"
    assert record.findtext("HEADER/CASE_KEYS/FIR_KEY/PS_CD") == "PS0031"
    # And every canonical value is there, under its CAS name, written as CAS writes it
    _assert_carried(etree.fromstring(canonical), record)
    # And it matches the documented example in inbox-examples/
    assert native.content == (INBOX_EXAMPLES / f"{record_type}.xml").read_bytes()


def _assert_carried(canonical: etree._Element, native: etree._Element) -> None:
    """Every canonical element has its native counterpart in place: same children in order, same leaves."""
    children = [child for child in canonical if isinstance(child.tag, str)]
    natives = [child for child in native if isinstance(child.tag, str)]
    assert len(children) == len(natives), (canonical.tag, [n.tag for n in natives])
    for child, counterpart in zip(children, natives, strict=True):
        name = etree.QName(child).localname
        if name == "FirKey":
            assert counterpart.tag == "FIR_KEY"
            continue
        if name == "Charge":
            assert counterpart.tag == "ACT_SEC"
            section = child.findtext("r:Section", namespaces=NS)
            assert (counterpart.text or "").startswith(f"{section} ")
            day = child.findtext("r:OffenceDate", namespaces=NS) or ""
            assert counterpart.get("OFFENCE_DT") == f"{day[8:10]}/{day[5:7]}/{day[:4]}"
            continue
        assert counterpart.tag == native_name(name)
        for attribute in child.attrib:
            assert counterpart.get(native_name(attribute)) is not None
        if len([c for c in child if isinstance(c.tag, str)]):
            _assert_carried(child, counterpart)
        else:
            value = (child.text or "").strip()
            text = (counterpart.text or "").strip()
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                assert text == f"{value[8:10]}/{value[5:7]}/{value[:4]}"
            elif value in ("true", "false"):
                assert text == {"true": "Y", "false": "N"}[value]
            elif name == "Sex":
                assert text == value[0].upper()
            elif not re.fullmatch(r"\d{4}-\d{2}-\d{2}T.*", value):
                assert text == value


def test_inbox_times_are_written_in_ist_and_dates_day_first(cas: CasAdapter) -> None:
    # Given the court order of 26 November 2024, created at 17:05:31 IST
    native = cas.encode(example("court-order"), "court-order").content.decode()
    # When CAS receives it
    # Then times and dates read as CAS writes them, and flags as Y/N
    assert "<CREATED_DT>26/11/2024 17:05:31</CREATED_DT>" in native
    assert "<NEXT_HEARING_DT>17/12/2024</NEXT_HEARING_DT>" in native
    assert "<IN_CAMERA>N</IN_CAMERA>" in native
    assert '<CONCERNS ACCUSED_CD="A1" PERSON_REF="P1" ROLE="accused"/>' in native


def test_a_time_in_another_offset_reaches_the_inbox_in_ist(cas: CasAdapter) -> None:
    # Given a court order stamped in UTC
    canonical = example("court-order").replace(
        b"<CreatedAt>2024-11-26T17:05:31+05:30</CreatedAt>", b"<CreatedAt>2024-11-26T11:35:31Z</CreatedAt>"
    )
    # When it is encoded
    native = cas.encode(canonical, "court-order").content.decode()
    # Then CAS gets the same moment in IST
    assert "<CREATED_DT>26/11/2024 17:05:31</CREATED_DT>" in native


def test_a_redacted_record_still_reaches_the_inbox(cas: CasAdapter) -> None:
    # Given a court order delivered with the person's identity withheld (name replaced, identifying fields removed)
    root = etree.fromstring(example("court-order"))
    person = root.find("r:Persons/r:Person", NS)
    assert person is not None
    person.find("r:Name", NS).text = "[identity withheld: child]"  # type: ignore[union-attr]
    for name in ("NameRomanised", "Alias", "Relative", "BirthDate", "Address"):
        for element in person.findall(f"r:{name}", NS):
            person.remove(element)
    # When it is encoded for CAS
    native = cas.encode(etree.tostring(root), "court-order").content.decode()
    # Then CAS receives the placeholder and nothing of what was withheld
    assert '<NAME SCRIPT="Deva">[identity withheld: child]</NAME>' in native
    assert "<DOB>" not in native and "ADDR_LINE" not in native.split("<PERSONS>")[1].split("</PERSONS>")[0]


# ------------------------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("name", "field", "needle", "rule"),
    [
        (
            "crime-details-unknown-place-type.xml",
            "CRIME_DETAILS[1]/PLACE_OF_OCC/PLACE_TYPE",
            b"<PLACE_TYPE>",
            "'Jungle' is not a type of place",
        ),
        (
            "arrest-memo-unknown-person.xml",
            "ARREST_MEMO[1]/ARRESTEE_REF",
            b"<ARRESTEE_REF>",
            "no PERSON in this record has PERSON_ID 'P9'",
        ),
        (
            "seizure-memo-three-witnesses.xml",
            "SEIZURE_MEMO[1]/WITNESS_REF[3]",
            b"<WITNESS_REF>P1</WITNESS_REF>",
            "at most 2 may be given",
        ),
        (
            "fsl-request-unknown-exhibit.xml",
            "FSL_REQUEST[1]/EXAMINATION[2]/EXHIBIT_NO",
            b"<EXHIBIT_NO>4</EXHIBIT_NO>",
            "no EXHIBIT in this record has EXHIBIT_NO '4'",
        ),
        (
            "final-report-ipc-after-july-2024.xml",
            "FINAL_REPORT[1]/CHARGE_SHEET/ACCUSED[1]/ACT_SEC",
            b"<ACT_SEC>379 IPC</ACT_SEC>",
            "offence on 2024-08-02 falls under BNS, not IPC",
        ),
        ("unknown-section.xml", "FIR_DETAILS[1]/ACT_SEC", b"<ACT_SEC>", "'999' is not a known IPC section"),
    ],
)
def test_a_broken_file_of_each_produced_type_is_refused_naming_the_field_and_line(
    cas: CasAdapter, name: str, field: str, needle: bytes, rule: str
) -> None:
    # Given a deliberately broken export
    native = (BAD / name).read_bytes()
    # When it is decoded
    refusal = one_refusal(cas, native)
    # Then the refusal names the native field, its line and the rule
    assert refusal.field == field
    assert refusal.line == line_of(native, needle)
    assert rule in str(refusal)


def test_one_bad_record_costs_no_other_record_of_another_type(cas: CasAdapter, registry: SchemaRegistry) -> None:
    # Given the Faridabad investigation with the arrest memo naming a person it does not list
    native = INVESTIGATION.read_bytes().replace(b"<ARRESTEE_REF>P1</ARRESTEE_REF>", b"<ARRESTEE_REF>P7</ARRESTEE_REF>")
    # When it is decoded
    results = cas.decode(native)
    # Then only the arrest memo is refused, in its place, and the four other records are valid
    assert [isinstance(result, AdapterError) for result in results] == [False, True, False, False, False]
    assert results[1].field == "ARREST_MEMO[1]/ARRESTEE_REF"  # type: ignore[union-attr]
    for result in results:
        if isinstance(result, bytes):
            valid(registry, result)


# ------------------------------------------------------------------------------------------- bad fields


@pytest.mark.parametrize(
    ("tag", "old", "new", "field", "rule"),
    [
        (
            "ARREST_MEMO",
            b"<OFFENCE_DT>02/08/2024</OFFENCE_DT>",
            b"<SURRENDER_DTLS><SURRENDER_DT>06/08/2024</SURRENDER_DT></SURRENDER_DTLS>",
            "ARREST_MEMO[1]/SURRENDER_DTLS",
            "give ARREST_DTLS or SURRENDER_DTLS, not both",
        ),
        (
            "ARREST_MEMO",
            b"<ACCUSED_CD>A1</ACCUSED_CD>",
            b"<ACCUSED_CD>first</ACCUSED_CD>",
            "ARREST_MEMO[1]/ACCUSED_CD",
            "'FIRST' is not an accused code",
        ),
        (
            "ARREST_MEMO",
            b"<PERSON_ID>P2</PERSON_ID>",
            b"<PERSON_ID>P1</PERSON_ID>",
            "ARREST_MEMO[1]/PERSONS/PERSON[2]/PERSON_ID",
            "PERSON_ID 'P1' is given twice",
        ),
        (
            "ARREST_MEMO",
            b"<OFFENCE_DT>02/08/2024</OFFENCE_DT>",
            b"",
            "ARREST_MEMO[1]/OFFENCE_DT",
            "required field is missing: the date the offence began",
        ),
        (
            "ARREST_MEMO",
            b"<ARREST_STATUS>1</ARREST_STATUS>",
            b"<ARREST_STATUS>5</ARREST_STATUS>",
            "ARREST_MEMO[1]/ARREST_DTLS/ARREST_STATUS",
            "'5' is not an arrest status",
        ),
        (
            "ARREST_MEMO",
            b"<VOTER_ID>YKL2203419</VOTER_ID>",
            b"<VOTER_ID>2345 6789 0123</VOTER_ID>",
            "ARREST_MEMO[1]/PERSONS/PERSON[1]/VOTER_ID",
            "looks like an Aadhaar number",
        ),
        (
            "ARREST_MEMO",
            b"<MODIFIED_DT>06/08/2024 13:02:41</MODIFIED_DT>",
            b"<MODIFIED_DT>06/08/2024 12:00</MODIFIED_DT>",
            "ARREST_MEMO[1]/MODIFIED_DT",
            "before the record was entered",
        ),
        (
            "SEIZURE_MEMO",
            b"<QTY>1</QTY>",
            b"<QTY>0</QTY>",
            "SEIZURE_MEMO[1]/SEIZED_ITEMS/ITEM[1]/QTY",
            "is not a quantity",
        ),
        (
            "SEIZURE_MEMO",
            b"<SR_NO>2</SR_NO>",
            b"<SR_NO>1</SR_NO>",
            "SEIZURE_MEMO[1]/SEIZED_ITEMS/ITEM[2]/SR_NO",
            "SR_NO '1' is given twice",
        ),
        (
            "SEIZURE_MEMO",
            b'<ACT_SEC OFFENCE_DT="04-08-2024">',
            b'<ACT_SEC OFFENCE_DT="04-08-2024" SECTION_DT="x">',
            "SEIZURE_MEMO[1]/ACT_SEC[2]/@SECTION_DT",
            "unexpected attribute",
        ),
        (
            "SEIZURE_MEMO",
            b'<ACT_SEC OFFENCE_DT="04-08-2024">',
            b'<ACT_SEC OFFENCE_DT="31-02-2024">',
            "SEIZURE_MEMO[1]/ACT_SEC[2]/@OFFENCE_DT",
            "is not a real date",
        ),
        (
            "FSL_REQUEST",
            b"<PRIORITY>N</PRIORITY>",
            b"<PRIORITY>N</PRIORITY><PRISONER_ID>UTP/1532/2024</PRISONER_ID>",
            "FSL_REQUEST[1]/PRISON_STATE_CD",
            "PRISONER_ID, PRISON_STATE_CD and PRISON_CD go together",
        ),
        (
            "FSL_REQUEST",
            b"<LAB_CD>HR-FSL-MDB</LAB_CD>",
            b"<LAB_CODE>HR-FSL-MDB</LAB_CODE>",
            "FSL_REQUEST[1]/LAB_CODE",
            "unexpected element",
        ),
        (
            "FINAL_REPORT",
            b"<ACCUSED_CD>A3</ACCUSED_CD>",
            b"<ACCUSED_CD>A2</ACCUSED_CD>",
            "FINAL_REPORT[1]/NOT_CHARGESHEETED/ACCUSED_CD",
            "ACCUSED_CD 'A2' is given twice",
        ),
        (
            "FINAL_REPORT",
            b"<FR_NO>0187/2024</FR_NO>",
            b"<FR_NO>187</FR_NO>",
            "FINAL_REPORT[1]/FR_NO",
            "expected serial/year",
        ),
        (
            "CRIME_DETAILS",
            b"<PS_CD>ps0031</PS_CD>",
            b"<PS_CD>PS-0031</PS_CD>",
            "CRIME_DETAILS[1]/PS_CD",
            "is not a police station code",
        ),
        (
            "CRIME_DETAILS",
            b"<DOB>14/03/1979</DOB>",
            b"<DOB>14/03/2025</DOB>",
            "CRIME_DETAILS[1]/PERSONS/PERSON/DOB",
            "after the offence on 2024-08-02",
        ),
    ],
)
def test_a_bad_field_is_refused_naming_it_and_the_rule(
    cas: CasAdapter, tag: str, old: bytes, new: bytes, field: str, rule: str
) -> None:
    # Given one record of the Faridabad investigation with one field made bad
    good = investigation_record(tag)
    assert old in good
    native = good.replace(old, new, 1)
    # When it is decoded
    refusal = one_refusal(cas, native)
    # Then the refusal names that native field and the rule, with a line
    assert refusal.field == field
    assert rule in str(refusal)
    assert refusal.line is not None


# ------------------------------------------------------------------------------------------- messy input


@pytest.mark.parametrize(
    ("tag", "old", "new"),
    [
        ("ARREST_MEMO", b"<ARREST_DT>05.08.2024 02:20 PM</ARREST_DT>", b"<ARREST_DT>05/08/2024 14:20</ARREST_DT>"),
        (
            "ARREST_MEMO",
            b"<ARREST_DT>05.08.2024 02:20 PM</ARREST_DT>",
            b"<ARREST_DT>2024-08-05T14:20:00+05:30</ARREST_DT>",
        ),
        ("ARREST_MEMO", b"<ARREST_DT>05.08.2024 02:20 PM</ARREST_DT>", b"<ARREST_DT>05-08-2024 14:20:00</ARREST_DT>"),
        ("ARREST_MEMO", b"<DOB>11-02-2000</DOB>", b"<DOB>2000-02-11</DOB>"),
        (
            "ARREST_MEMO",
            b"<ARREST_STATUS>1</ARREST_STATUS>",
            b"<ARREST_STATUS>arrested forwarded to court</ARREST_STATUS>",
        ),
        ("ARREST_MEMO", b"<RELATION>M</RELATION>", b"<RELATION>Mother</RELATION>"),
        ("ARREST_MEMO", b"<ACCUSED_CD>A1</ACCUSED_CD>", b"<ACCUSED_CD> a1 </ACCUSED_CD>"),
        ("ARREST_MEMO", b"<OFFENCE_DT>02/08/2024</OFFENCE_DT>", b"<OFFENCE_DT>2024-08-02</OFFENCE_DT>"),
        ("ARREST_MEMO", b"<ACT_SEC>303(2) BNS</ACT_SEC>", b'<ACT_SEC OFFENCE_DT="02.08.2024">BNS 303(2)</ACT_SEC>'),
        ("SEIZURE_MEMO", b"<ITEM_VALUE>Rs 45,000</ITEM_VALUE>", b"<ITEM_VALUE>INR 45000</ITEM_VALUE>"),
        (
            "SEIZURE_MEMO",
            b"<SEIZURE_NATURE>Stolen property</SEIZURE_NATURE>",
            b"<SEIZURE_NATURE>stolen</SEIZURE_NATURE>",
        ),
        ("SEIZURE_MEMO", b"<SEALED>N</SEALED>", b"<SEALED>no</SEALED>"),
        ("FSL_REQUEST", b"<PRIORITY>N</PRIORITY>", b"<PRIORITY>Normal</PRIORITY>"),
        ("FINAL_REPORT", b"<FR_NO>0187/2024</FR_NO>", b"<FR_NO>187 / 2024</FR_NO>"),
        ("FINAL_REPORT", b"<FR_DT>19-10-2024</FR_DT>", b"<FR_DT>19.10.2024</FR_DT>"),
        ("FINAL_REPORT", b"<ACCUSED_STATUS>JC</ACCUSED_STATUS>", b"<ACCUSED_STATUS>Judicial Custody</ACCUSED_STATUS>"),
        ("CRIME_DETAILS", b"<TOTAL_VALUE>\xe2\x82\xb9 46,200</TOTAL_VALUE>", b"<TOTAL_VALUE>46200.00</TOTAL_VALUE>"),
        ("CRIME_DETAILS", b"<INJURY>Nil</INJURY>", b"<INJURY>none</INJURY>"),
    ],
)
def test_other_ways_of_writing_a_value_give_the_same_record(cas: CasAdapter, tag: str, old: bytes, new: bytes) -> None:
    # Given one record of the investigation, and the same record with one value written another way
    good = investigation_record(tag)
    assert old in good
    # When both are decoded
    (expected,) = decode_all(cas, good)
    (variant,) = decode_all(cas, good.replace(old, new, 1))
    # Then the canonical records are the same, except where the value is kept as typed (a decimal's zeros)
    if b"46200.00" in new:
        assert b"<TotalValueInr>46200.00</TotalValueInr>" in variant
        variant = variant.replace(b"46200.00", b"46200")
    assert canonical_form(variant) == canonical_form(expected)


@pytest.mark.parametrize(
    ("tag", "pattern", "absent"),
    [
        ("ARREST_MEMO", rb"\s*<MEDICAL_EXAM>.*?</MEDICAL_EXAM>", "r:MedicalExamination"),
        ("ARREST_MEMO", rb"\s*<RISK_FLAG>.*?</RISK_FLAG>", "r:RiskFlag"),
        ("ARREST_MEMO", rb"\s*<PRODUCED_BEFORE>.*?</PRODUCED_BEFORE>", "r:Arrest/r:ProducedBefore"),
        ("CRIME_DETAILS", rb"\s*<SKETCH>.*?</SKETCH>", "r:Sketch"),
        ("CRIME_DETAILS", rb"\s*<PERSONS>.*?</PERSONS>\s*<VICTIM_LIST>.*?</VICTIM_LIST>", "r:Persons"),
        ("SEIZURE_MEMO", rb"\s*<SEIZED_FROM>.*?</SEIZED_FROM>", "r:SeizedFrom"),
        (
            "SEIZURE_MEMO",
            rb"\s*<OFFENCE_DT>.*?</OFFENCE_DT>\s*<ACT_SEC>.*?</ACT_SEC>\s*<ACT_SEC[^>]*>.*?</ACT_SEC>",
            "r:Charges",
        ),
        ("FSL_REQUEST", rb"\s*<CARRIER>.*?</CARRIER>", "r:Carrier"),
        ("FINAL_REPORT", rb"\s*<DOCUMENTS>.*?</DOCUMENTS>", "r:Documents"),
        ("FINAL_REPORT", rb"\s*<FORWARDING_OFFICER>.*?</FORWARDING_OFFICER>", "r:ForwardingOfficer"),
    ],
)
def test_a_record_without_an_optional_part_is_still_a_valid_record(
    cas: CasAdapter, registry: SchemaRegistry, tag: str, pattern: bytes, absent: str
) -> None:
    # Given one record of the investigation with an optional part left out
    good = investigation_record(tag)
    native, removed = re.subn(pattern, b"", good, count=1, flags=re.S)
    assert removed == 1
    # When it is decoded
    (canonical,) = decode_all(cas, native)
    # Then the record is valid and the part is simply absent
    valid(registry, canonical)
    assert etree.fromstring(canonical).find(absent, NS) is None


def test_a_person_under_eighteen_on_the_offence_date_is_flagged_a_child(cas: CasAdapter) -> None:
    # Given the arrest memo with its witness Deepak aged 16 instead of 31, and no MINOR_FLAG
    native = investigation_record("ARREST_MEMO").replace(b"<AGE>31</AGE>", b"<AGE>16</AGE>")
    # When it is decoded
    (canonical,) = decode_all(cas, native)
    # Then he carries the child protection flag the hub redacts by, and nobody else does
    root = etree.fromstring(canonical)
    flags = {p.get("id"): p.find("r:Protection", NS) for p in root.findall("r:Persons/r:Person", NS)}
    assert flags["P3"] is not None and flags["P3"].get("child") == "true"
    assert all(flags[other] is None for other in ("P1", "P2", "P4"))


def test_an_fir_act_sec_may_carry_its_own_offence_date(cas: CasAdapter) -> None:
    # Given the Faridabad FIR with a second ACT_SEC for an offence two days after the occurrence began
    native = (SAMPLES / "fir-faridabad-theft-2024.xml").read_bytes()
    native = native.replace(
        b"<ACT_SEC>u/s 303(2) BNS</ACT_SEC>",
        b'<ACT_SEC>u/s 303(2) BNS</ACT_SEC><ACT_SEC OFFENCE_DT="04/08/2024">317(2) BNS</ACT_SEC>',
    )
    # When it is decoded
    (canonical,) = decode_all(cas, native)
    # Then each charge has its own offence date, and the record still round-trips
    root = etree.fromstring(canonical)
    dates = [c.findtext("r:OffenceDate", namespaces=NS) for c in root.findall("r:Charges/r:Charge", NS)]
    assert dates == ["2024-08-02", "2024-08-04"]
    (back,) = cas.decode(cas.encode(canonical, "fir-registered").content)
    assert isinstance(back, bytes) and canonical_form(back) == canonical_form(canonical)


# ------------------------------------------------------------------------------------------- the README


README = (PACKAGE / "README.md").read_text(encoding="utf-8")


def test_the_readme_tables_are_the_mapping_tables() -> None:
    # Given the mapping tables decode and encode are driven by
    rows = [(spec.native, row) for spec in SPECS for row in spec.rows()]
    # When the README is read
    # Then every native element they read is in its record's table, with the same occurrence, format and mapping
    # (the FIR key and CAS's times, common to all, are in the README's record header table)
    missing = []
    for native, row in rows:
        line = f"| `{row.native}` | {row.required} | {row.fmt} |"
        header = row.native in HEADER_NAMES or row.native.startswith("PRISONER_ID")
        if not header and line not in README:
            missing.append(f"{native}: {line}")
        if not row.canonical.startswith(("not carried", "(")) and not header and f"`{row.canonical}`" not in README:
            missing.append(f"{native}: {row.canonical}")
    assert not missing, missing


def test_every_cas_export_in_the_readme_decodes_to_valid_records(cas: CasAdapter, registry: SchemaRegistry) -> None:
    # Given the XML examples of the README
    blocks = re.findall(r"```xml\n(.*?)```", README, re.S)
    exports = [block for block in blocks if "<CAS_EXPORT" in block]
    # When each CAS export is decoded
    # Then each gives valid records, and the FIR example and a surrender are among them
    types = set()
    for block in exports:
        for canonical in decode_all(cas, block.encode()):
            types.add(valid(registry, canonical))
    assert {"fir-registered", "arrest-surrender"} <= types


def test_the_readme_inbox_example_is_what_encode_writes(cas: CasAdapter) -> None:
    # Given the ICJS inbox example in the README
    (block,) = [block for block in re.findall(r"```xml\n(.*?)```", README, re.S) if "<ICJS_INBOX" in block]
    # When the court order example is encoded
    native = cas.encode(example("court-order"), "court-order").content.decode()
    # Then the README shows exactly that
    assert block.strip() == native.strip()
