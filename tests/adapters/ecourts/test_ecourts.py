"""adapters/ecourts: CIS JSON exports in, canonical court records out; canonical records back out as CIS JSON."""

from __future__ import annotations

import copy
import json
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import adapters.ecourts
import schemas
from adapters.base import CANONICAL_NS, Adapter, AdapterError, NativeDocument, record_id
from adapters.ecourts import EcourtsAdapter
from hub.conformance import canonical_form
from hub.redaction import load_policy, redact
from hub.rules import check_rules
from hub.schemas import SchemaRegistry

SAMPLES = Path(adapters.ecourts.__file__).parent / "samples"
BAD = Path(__file__).parent / "bad"
EXAMPLES = Path(schemas.__file__).parent / "v1" / "examples"
NS = {"r": CANONICAL_NS}

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))
PRODUCED = ("court-case-registered", "hearing-recorded", "court-order", "court-disposal", "appeal-result")
CONSUMED = (
    "fir-registered",
    "arrest-surrender",
    "property-seizure",
    "forensic-report",
    "final-report",
    "prosecution-scrutiny",
    "prison-admission",
    "prison-movement",
)


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry()


@pytest.fixture
def ecourts() -> EcourtsAdapter:
    return EcourtsAdapter()


def valid(registry: SchemaRegistry, record: bytes) -> etree._Element:
    """The record parsed, after asserting the hub would accept it: schema, then the hub's rules."""
    root = etree.fromstring(record)
    schema, issues = registry.validate(root)
    assert not issues, [str(issue) for issue in issues]
    issues = check_rules(root, schema)
    assert not issues, [str(issue) for issue in issues]
    return root


def decode_ok(ecourts: EcourtsAdapter, native: bytes) -> list[bytes]:
    results = ecourts.decode(native)
    refused = [str(result) for result in results if isinstance(result, AdapterError)]
    assert not refused, refused
    return [result for result in results if isinstance(result, bytes)]


def one_record(ecourts: EcourtsAdapter, record: dict[str, Any]) -> bytes | AdapterError:
    results = ecourts.decode(json.dumps({"records": [record]}, ensure_ascii=False).encode("utf-8"))
    assert len(results) == 1
    return results[0]


def refusal(ecourts: EcourtsAdapter, record: dict[str, Any]) -> AdapterError:
    result = one_record(ecourts, record)
    assert isinstance(result, AdapterError), "expected a refusal"
    return result


def sample_records(name: str) -> list[dict[str, Any]]:
    data = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    return data.get("records", [data])


def sample_record(name: str, index: int = 0) -> dict[str, Any]:
    return copy.deepcopy(sample_records(name)[index])


REGISTRATION = "faridabad-HRFB010012342024-1-registration.json"
PROCEEDINGS = "faridabad-HRFB010012342024-2-proceedings.json"
JUDGMENT = "faridabad-HRFB010012342024-3-judgment.json"
APPEAL = "faridabad-HRFB010045672025-4-appeal.json"
HISAR = "hisar-HRHS020045212023-judgment-and-hc-appeal.json"


def text(root: etree._Element, path: str) -> str | None:
    return root.findtext(path, namespaces=NS)


def redacted_by_hand(canonical: bytes) -> bytes:
    """What the hub's redaction does to a protected person, applied to every person of a record."""
    root = etree.fromstring(canonical)
    for person in root.iter(f"{{{CANONICAL_NS}}}Person"):
        if person.get("id") is None:
            continue
        for element in list(person):
            name = etree.QName(element).localname
            if name == "Name":
                element.text = "[identity withheld: child]"
                element.set("script", "Latn")
            elif name not in ("Sex", "Nationality", "Protection"):
                person.remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# ------------------------------------------------------------------------------------------- the adapter


def test_ecourts_is_an_adapter_found_through_its_entry_point() -> None:
    # Given the installed package's entry points
    # When the ecourts entry point is loaded and called as the hub does
    (entry,) = [entry for entry in entry_points(group="icjs_hub.adapters") if entry.name == "ecourts"]
    adapter = entry.load()()
    # Then it is the courts pillar's adapter, producing the five court record types and consuming what CIS imports
    assert isinstance(adapter, Adapter)
    assert (adapter.name, adapter.pillar, adapter.version) == ("ecourts", "courts", "1.0")
    assert adapter.produces == frozenset(PRODUCED)
    assert adapter.consumes == frozenset(CONSUMED)
    assert adapter.samples_dir == SAMPLES


# ------------------------------------------------------------------------------------------- good samples


def test_samples_cover_every_produced_type_with_several_records(ecourts: EcourtsAdapter) -> None:
    # Given every sample export
    # When all are decoded
    types = []
    for path in SAMPLE_FILES:
        for record in decode_ok(ecourts, path.read_bytes()):
            types.append(etree.QName(etree.fromstring(record)).localname)
    # Then every produced type occurs, most of them more than once
    assert sorted(set(types)) == sorted(
        ["CourtCaseRegistered", "HearingRecorded", "CourtOrder", "CourtDisposal", "AppealResult"]
    )
    assert len(types) >= 12


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_every_sample_decodes_to_records_the_hub_accepts(
    ecourts: EcourtsAdapter, registry: SchemaRegistry, path: Path
) -> None:
    # Given a CIS sample export
    native = path.read_bytes()
    # When it is decoded
    records = decode_ok(ecourts, native)
    # Then each record passes the schema and the hub's rules, and speaks for ecourts with the right record id
    assert records
    for record in records:
        root = valid(registry, record)
        assert text(root, "r:Header/r:SourceSystem") == "ecourts"
        assert text(root, "r:Header/r:SourcePillar") == "courts"
        assert text(root, "r:Header/r:Version") == "1"
        source_id = text(root, "r:Header/r:SourceRecordId")
        record_type = text(root, "r:Header/r:RecordType")
        assert text(root, "r:Header/r:RecordId") == record_id("ecourts", record_type or "", source_id or "")


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_decoding_is_deterministic(path: Path) -> None:
    # Given a sample export
    native = path.read_bytes()
    # When two adapters decode it
    first = EcourtsAdapter().decode(native)
    second = EcourtsAdapter().decode(bytes(native))
    # Then the bytes are identical, UTF-8 with a declaration
    assert first == second
    for record in first:
        assert isinstance(record, bytes)
        assert record.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


@pytest.mark.parametrize(
    ("name", "index", "example"),
    [
        (PROCEEDINGS, 1, "court-order"),
        (PROCEEDINGS, 2, "hearing-recorded"),
        (JUDGMENT, 0, "court-disposal"),
        (APPEAL, 0, "appeal-result"),
    ],
)
def test_messy_samples_of_the_faridabad_case_decode_to_the_schema_examples(
    ecourts: EcourtsAdapter, name: str, index: int, example: str
) -> None:
    # Given the Faridabad case as CIS exports it (dd/mm/yyyy and dd.mm.yyyy dates, 12-hour times, amounts as
    # "Rs. 5,000/-", codes in words, FIR numbers as 0412/2024, a bare record without an envelope)
    native = (SAMPLES / name).read_bytes()
    # When it is decoded
    record = decode_ok(ecourts, native)[index]
    # Then it is exactly the canonical example of its schema
    assert canonical_form(record) == canonical_form((EXAMPLES / f"{example}.xml").read_bytes())


def test_the_registration_sample_is_the_example_case_with_its_lab_and_prisoner_keys(ecourts: EcourtsAdapter) -> None:
    # Given the registration of challan CHI/1523/2024, typed with a hyphenated CNR and lower-case codes
    (record,) = decode_ok(ecourts, (SAMPLES / REGISTRATION).read_bytes())
    root = etree.fromstring(record)
    example = etree.parse(str(EXAMPLES / "court-case-registered.xml")).getroot()
    # When it is compared with the schema example
    # Then it links the lab case and the prisoner too, and is otherwise the example, id and all
    assert text(root, "r:Header/r:RecordId") == text(example, "r:Header/r:RecordId")
    assert text(root, "r:Header/r:CaseKeys/r:Cnr") == "HRFB010012342024"
    assert text(root, "r:Header/r:CaseKeys/r:LabCaseNumber") == "SFSL-MDB/2024/11873"
    prisoner = root.find("r:Header/r:CaseKeys/r:PrisonerId", NS)
    assert prisoner is not None
    assert (prisoner.text, prisoner.get("stateCode"), prisoner.get("prisonCode")) == ("UTP/1532/2024", "6", "DJFBD")
    keys = root.find("r:Header/r:CaseKeys", NS)
    for extra in ("r:LabCaseNumber", "r:PrisonerId"):
        keys.remove(keys.find(extra, NS))
    assert canonical_form(etree.tostring(root)) == canonical_form(etree.tostring(example))


# ------------------------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_every_sample_record_survives_encode_then_decode(ecourts: EcourtsAdapter, path: Path) -> None:
    # Given the canonical records decoded from a sample
    for record in decode_ok(ecourts, path.read_bytes()):
        record_type = text(etree.fromstring(record), "r:Header/r:RecordType")
        assert record_type in PRODUCED
        # When each is encoded to CIS JSON and decoded again
        native = ecourts.encode(record, record_type)
        (back,) = decode_ok(ecourts, native.content)
        # Then nothing was lost or changed
        assert canonical_form(back) == canonical_form(record)


@pytest.mark.parametrize("record_type", PRODUCED)
def test_every_produced_schema_example_survives_encode_then_decode(ecourts: EcourtsAdapter, record_type: str) -> None:
    # Given the canonical example of a type CIS produces
    canonical = (EXAMPLES / f"{record_type}.xml").read_bytes()
    # When it is encoded and the CIS export decoded
    native = ecourts.encode(canonical, record_type)
    (back,) = decode_ok(ecourts, native.content)
    # Then it is a CIS JSON export of one record that decodes to the example again
    assert (native.extension, native.media_type) == ("json", "application/json")
    document = json.loads(native.content)
    assert document["export_version"] == "1.0"
    assert len(document["records"]) == 1
    assert canonical_form(back) == canonical_form(canonical)


def test_encode_writes_dates_and_codes_as_cis_does(ecourts: EcourtsAdapter) -> None:
    # Given the canonical court-order example
    canonical = (EXAMPLES / "court-order.xml").read_bytes()
    # When it is encoded
    (record,) = json.loads(ecourts.encode(canonical, "court-order").content)["records"]
    # Then dates read dd-mm-yyyy, timestamps dd-mm-yyyy hh:mm:ss IST, codes in CIS's words, amounts as numbers
    assert record["record_type"] == "order"
    assert record["cino"] == "HRFB010012342024"
    assert record["order_serial"] == 1
    assert record["entered_on"] == "26-11-2024 17:05:31"
    assert record["order_date"] == "26-11-2024"
    assert record["order_type"] == "Bail Granted"
    assert record["in_camera"] == "N"
    assert record["bail"]["bond_amount"] == 25000
    assert record["concerns"] == [{"party_no": 1, "role": "Accused", "accused_code": "A1"}]
    assert record["custody_directions"][0]["prisoner"] == {
        "prisoner_id": "UTP/1532/2024",
        "state_code": 6,
        "prison_code": "DJFBD",
    }


def test_a_redacted_record_of_a_produced_type_still_encodes_and_round_trips(
    ecourts: EcourtsAdapter, registry: SchemaRegistry
) -> None:
    # Given the Hisar judgment, whose injured victim was 15, as the hub redacts it for the prisons pillar
    disposal = decode_ok(ecourts, (SAMPLES / HISAR).read_bytes())[0]
    redaction = redact(disposal, "court-disposal", "prisons", load_policy())
    assert redaction.withheld
    valid(registry, redaction.content)
    # When it is encoded and decoded again
    native = ecourts.encode(redaction.content, "court-disposal")
    (back,) = decode_ok(ecourts, native.content)
    # Then the placeholder travels as the name and nothing else changes
    assert "[identity withheld: child]" in native.content.decode("utf-8")
    assert canonical_form(back) == canonical_form(redaction.content)


# ------------------------------------------------------------------------------------------- consumed types


@pytest.mark.parametrize("record_type", CONSUMED)
def test_every_consumed_schema_example_encodes_as_a_cis_import(ecourts: EcourtsAdapter, record_type: str) -> None:
    # Given the canonical example of a record type CIS imports from ICJS
    canonical = (EXAMPLES / f"{record_type}.xml").read_bytes()
    root = etree.fromstring(canonical)
    # When it is encoded for CIS
    native = ecourts.encode(canonical, record_type)
    document = json.loads(native.content)
    # Then it is an ICJS import keyed as CIS matches cases: CNR, or the FIR in CIS's own field names
    assert (native.extension, native.media_type) == ("json", "application/json")
    assert document["import_type"] == record_type
    assert document["icjs"]["record_id"] == text(root, "r:Header/r:RecordId")
    assert document["icjs"]["source_record_id"] == text(root, "r:Header/r:SourceRecordId")
    cnr = text(root, "r:Header/r:CaseKeys/r:Cnr")
    assert document.get("cino") == cnr
    fir = root.find("r:Header/r:CaseKeys/r:FirKey", NS)
    if fir is not None:
        assert document["fir"]["police_st_code"] == text(fir, "r:PoliceStationCode")
        assert document["fir"]["fir_no"] == int(text(fir, "r:Serial") or 0)
        assert document["fir"]["fir_year"] == int(text(fir, "r:Year") or 0)
    assert cnr is not None or fir is not None
    assert "header" not in document["data"]
    # And every date is written dd-mm-yyyy, never as ISO
    assert not any(value.count("-") == 2 and value[:4].isdigit() for value in _strings(document["data"]))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if len(value) == 10 else []
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_a_consumed_fir_carries_its_acts_and_persons_for_cis(ecourts: EcourtsAdapter) -> None:
    # Given the canonical FIR example
    canonical = (EXAMPLES / "fir-registered.xml").read_bytes()
    # When it is encoded for CIS
    document = json.loads(ecourts.encode(canonical, "fir-registered").content)
    # Then the acts table, the FIR key and the persons are there, repeated elements as lists
    assert document["acts"] == [{"act": "BNS", "section": "303(2)"}]
    assert document["fir"] == {
        "state_code": 6,
        "dist_code": 60,
        "police_st_code": "PS0031",
        "fir_no": 412,
        "fir_year": 2024,
    }
    persons = document["data"]["persons"]["person"]
    assert isinstance(persons, list)
    assert persons[0]["name"] == "रमेश कुमार शर्मा"
    assert document["data"]["registered_at"] == "03-08-2024 11:20:00"


@pytest.mark.parametrize("record_type", CONSUMED)
def test_a_redacted_consumed_record_still_encodes(ecourts: EcourtsAdapter, record_type: str) -> None:
    # Given a consumed example with every person's identity withheld and optional identity fields removed
    canonical = redacted_by_hand((EXAMPLES / f"{record_type}.xml").read_bytes())
    # When it is encoded for CIS
    document = json.loads(ecourts.encode(canonical, record_type).content)
    # Then it encodes, carrying the placeholder in place of each name
    persons = document["data"].get("persons", {}).get("person", [])
    assert {person["name"] for person in persons} <= {"[identity withheld: child]"}
    assert all(set(person) <= {"id", "name", "sex", "nationality", "protection"} for person in persons)


@pytest.mark.parametrize("record_type", [*PRODUCED, *CONSUMED])
@pytest.mark.parametrize(
    "garbage",
    [b"", b"not xml", b"<Nope xmlns='urn:icjs:record:v1'/>", b"<FirRegistered/>", b"<a>" * 300],
    ids=["empty", "text", "wrong-root", "no-namespace", "unclosed"],
)
def test_encode_refuses_garbage(ecourts: EcourtsAdapter, record_type: str, garbage: bytes) -> None:
    # Given bytes that are not a canonical record of the type
    # When they are encoded
    # Then the adapter refuses with an AdapterError naming where
    with pytest.raises(AdapterError) as refused:
        ecourts.encode(garbage, record_type)
    assert refused.value.field or refused.value.line


def test_encode_refuses_a_record_of_another_type_and_types_cis_does_not_take(ecourts: EcourtsAdapter) -> None:
    # Given a canonical hearing record
    hearing = (EXAMPLES / "hearing-recorded.xml").read_bytes()
    # When it is encoded as an order, or a type CIS neither produces nor consumes is asked for
    # Then both are refused
    with pytest.raises(AdapterError, match="root"):
        ecourts.encode(hearing, "court-order")
    with pytest.raises(AdapterError, match="neither produces nor takes"):
        ecourts.encode((EXAMPLES / "forensic-request.xml").read_bytes(), "forensic-request")


def test_encode_refuses_a_hearing_whose_source_id_cis_could_not_have_made(ecourts: EcourtsAdapter) -> None:
    # Given the hearing example with a SourceRecordId that is not CNR/H/hearing date
    canonical = (
        (EXAMPLES / "hearing-recorded.xml")
        .read_bytes()
        .replace(b"<SourceRecordId>HRFB010012342024/H/2025-02-18", b"<SourceRecordId>HRFB010012342024/H/2025-02-19")
    )
    # When it is encoded
    # Then it is refused: CIS could not give it back as it is
    with pytest.raises(AdapterError, match="keys a hearing as HRFB010012342024/H/2025-02-18"):
        ecourts.encode(canonical, "hearing-recorded")


# ------------------------------------------------------------------------------------------- refusals


BAD_FILES = [
    ("registration-ipc-after-new-codes.json", "/records/0/acts/0/act_section", "falls under BNS, not IPC", 48),
    ("hearing-impossible-next-date.json", "/records/0/date_next_list", "'31/02/2025' is not a real date", 90),
    ("order-direction-for-unknown-party.json", "/records/0/custody_directions/0/party_no", "party 4 is not", 78),
    (
        "disposal-term-in-words.json",
        "/records/0/verdicts/0/findings/0/sentence/imprisonment/years",
        "'one' is not a number",
        89,
    ),
    ("appeal-short-lower-court-cnr.json", "/lower_court_cases/0/cino", "is not a CNR", 30),
]


def test_there_is_a_broken_file_per_produced_type() -> None:
    # Given the broken files
    # Then there is one per produced type (named by the CIS record type), and each is listed below
    assert sorted(path.name for path in BAD.glob("*.json")) == sorted(name for name, *_ in BAD_FILES)
    kinds = {name.split("-")[0] for name, *_ in BAD_FILES}
    assert kinds == {"registration", "hearing", "order", "disposal", "appeal"}


@pytest.mark.parametrize(("name", "field", "message", "line"), BAD_FILES, ids=[row[0] for row in BAD_FILES])
def test_broken_files_are_refused_naming_the_field_and_line(
    ecourts: EcourtsAdapter, name: str, field: str, message: str, line: int
) -> None:
    # Given a CIS export with one deliberate mistake
    native = (BAD / name).read_bytes()
    # When it is decoded
    results = ecourts.decode(native)
    # Then its record is refused with the JSON pointer of the bad field, the rule, and the line it is on
    assert len(results) == 1
    (refused,) = results
    assert isinstance(refused, AdapterError)
    assert refused.field == field
    assert message in refused.message
    assert refused.line == line


def test_one_bad_record_costs_no_other(ecourts: EcourtsAdapter) -> None:
    # Given an export of three hearings and orders of which the second has an impossible date
    records = sample_records(PROCEEDINGS)[:3]
    records[1]["order_date"] = "30-02-2024"
    # When it is decoded
    results = ecourts.decode(json.dumps({"records": records}, ensure_ascii=False).encode("utf-8"))
    # Then the first and third are records, the second a refusal in its place
    assert [type(result).__name__ for result in results] == ["bytes", "AdapterError", "bytes"]
    assert results[1].field == "/records/1/order_date"


@pytest.mark.parametrize(
    ("native", "field", "message"),
    [
        (b'{"records": [\n  {"record_type": "hearing",\n   "cino": }]}', "document", "not JSON"),
        ('{"records": [{"name": "S\u00f6nu"}]}'.encode("latin-1"), "document", "not UTF-8"),
        (b'{"records": [{"record_type": "hearing",\n "cino": "A",\n "cino": "B"}]}', "/records/0/cino", "twice"),
        (b"[]", "/", "no records"),
        (b'{"records": []}', "/records", "no records"),
        (b'"records"', "document", "a JSON object"),
        (b'{"export_version": "2.0", "records": [{}]}', "/export_version", "not supported"),
        (b'{"records": [{"record_type": "hearing"}], "exported_by": "x"}', "/exported_by", "unexpected field"),
        (b'{"records": [NaN]}', "document", "NaN"),
        (b"[" * 5000, "document", "nested too deeply"),
    ],
    ids=[
        "not-json",
        "latin-1",
        "duplicate-key",
        "empty-list",
        "no-records",
        "string",
        "version",
        "extra",
        "nan",
        "deep",
    ],
)
def test_a_document_that_is_no_cis_export_is_refused_whole(
    ecourts: EcourtsAdapter, native: bytes, field: str, message: str
) -> None:
    # Given bytes that are not a readable CIS export
    # When they are decoded
    # Then decode raises one AdapterError for the document, naming where
    with pytest.raises(AdapterError) as refused:
        ecourts.decode(native)
    assert refused.value.field == field
    assert message in refused.value.message


def test_a_json_syntax_error_is_reported_with_its_line(ecourts: EcourtsAdapter) -> None:
    # Given an export cut off on its third line
    native = b'{"records": [\n  {"record_type": "hearing",\n   "cino": }]}'
    # When it is decoded
    with pytest.raises(AdapterError) as refused:
        ecourts.decode(native)
    # Then the refusal says which line
    assert refused.value.line == 3


def test_a_misspelt_field_is_refused_not_lost(ecourts: EcourtsAdapter) -> None:
    # Given a registration whose operator typed reg_num for reg_no
    record = sample_record(REGISTRATION)
    record["reg_num"] = record.pop("reg_no")
    # When it is decoded
    refused = refusal(ecourts, record)
    # Then the refusal names the missing field and suggests the misspelling
    assert refused.field == "/records/0/reg_no"
    assert "'reg_num' a misspelling of 'reg_no'" in refused.message


def test_an_unknown_field_is_refused(ecourts: EcourtsAdapter) -> None:
    # Given a hearing with a field CIS records have no place for
    record = sample_record(PROCEEDINGS, 2)
    record["adjournment"]["soughtby"] = "x"
    # When it is decoded
    refused = refusal(ecourts, record)
    # Then it is refused where the field is, with the likely intended field
    assert refused.field == "/records/0/adjournment/soughtby"
    assert "did you mean 'sought_by'" in refused.message


def test_an_unknown_record_type_is_refused(ecourts: EcourtsAdapter) -> None:
    # Given a record whose record_type CIS does not export
    record = sample_record(PROCEEDINGS, 0)
    record["record_type"] = "cause_list"
    # When it is decoded
    refused = refusal(ecourts, record)
    # Then the refusal lists the record types there are
    assert refused.field == "/records/0/record_type"
    assert "case_registration, hearing, order, disposal, appeal_disposal" in refused.message


def test_an_aadhaar_number_never_leaves_cis(ecourts: EcourtsAdapter) -> None:
    # Given a party whose "other" identity number is a twelve-digit Aadhaar number
    record = sample_record(REGISTRATION)
    record["parties"][2]["id_proofs"] = [{"id_type": "Other", "id_no": "4321 8765 2109"}]
    # When it is decoded
    refused = refusal(ecourts, record)
    # Then it is refused, pointing at the number
    assert refused.field == "/records/0/parties/2/id_proofs/0/id_no"
    assert "Aadhaar" in refused.message


def test_a_registration_in_another_establishment_than_its_cnr_is_refused(ecourts: EcourtsAdapter) -> None:
    # Given a registration whose court is not the establishment its CNR was issued by
    record = sample_record(REGISTRATION)
    record["court"]["est_code"] = "HRFB02"
    # When it is decoded
    refused = refusal(ecourts, record)
    # Then the court's establishment code is named
    assert refused.field == "/records/0/court/est_code"
    assert "CNR HRFB010012342024 is of HRFB01" in refused.message


def test_a_registration_before_its_filing_is_refused(ecourts: EcourtsAdapter) -> None:
    # Given a registration dated before the case was filed
    record = sample_record(REGISTRATION)
    record["dt_regis"] = "20-10-2024"
    # When it is decoded
    refused = refusal(ecourts, record)
    # Then dt_regis is named
    assert refused.field == "/records/0/dt_regis"
    assert "before the filing date" in refused.message


def test_a_next_date_not_after_the_hearing_is_refused(ecourts: EcourtsAdapter) -> None:
    # Given a hearing whose next date is the hearing's own date
    record = sample_record(PROCEEDINGS, 2)
    record["date_next_list"] = record["hearing_date"]
    # When it is decoded
    refused = refusal(ecourts, record)
    # Then date_next_list is named
    assert refused.field == "/records/0/date_next_list"


def test_an_accused_code_used_twice_is_refused(ecourts: EcourtsAdapter) -> None:
    # Given a registration listing two accused as A1
    record = sample_record(REGISTRATION)
    record["accused"][1]["accused_code"] = "A1"
    # When it is decoded
    refused = refusal(ecourts, record)
    # Then the second one is named
    assert refused.field == "/records/0/accused/1/accused_code"
    assert "already used by entry 0" in refused.message


def test_a_finding_on_two_sections_is_refused(ecourts: EcourtsAdapter) -> None:
    # Given a finding written against "323/34 IPC": a finding is on one section
    record = sample_record(HISAR, 0)
    record["verdicts"][0]["findings"][1]["act_section"] = "323/34 IPC"
    # When it is decoded
    refused = refusal(ecourts, record)
    # Then the section text is named
    assert refused.field == "/records/0/verdicts/0/findings/1/act_section"
    assert "names 2" in refused.message


def test_a_sentence_on_an_acquittal_is_refused(ecourts: EcourtsAdapter) -> None:
    # Given an acquittal that carries a sentence
    record = sample_record(JUDGMENT)
    record["verdicts"][1]["findings"][0]["sentence"] = {"fine": {"amount": 100}}
    # When it is decoded
    refused = refusal(ecourts, record)
    # Then the sentence is named
    assert refused.field == "/records/0/verdicts/1/findings/0/sentence"


# ------------------------------------------------------------------------------------------- messy input


@pytest.mark.parametrize("written", ["18-02-2025", "18/02/2025", "18.02.2025", "2025-02-18", " 18-2-2025 "])
def test_dates_in_any_indian_or_iso_form(ecourts: EcourtsAdapter, written: str) -> None:
    # Given the hearing of 18 February 2025 with its date typed one way or another
    record = sample_record(PROCEEDINGS, 2)
    record["hearing_date"] = written
    # When it is decoded
    result = one_record(ecourts, record)
    # Then the hearing date and the hearing's key are the same
    assert isinstance(result, bytes), str(result)
    root = etree.fromstring(result)
    assert text(root, "r:HearingDate") == "2025-02-18"
    assert text(root, "r:Header/r:SourceRecordId") == "HRFB010012342024/H/2025-02-18"


@pytest.mark.parametrize(
    ("written", "created"),
    [
        ("18-02-2025 16:22:45", "2025-02-18T16:22:45+05:30"),
        ("18/02/2025 04:22:45 PM", "2025-02-18T16:22:45+05:30"),
        ("2025-02-18T16:22:45+05:30", "2025-02-18T16:22:45+05:30"),
        ("2025-02-18T16:22:45", "2025-02-18T16:22:45+05:30"),
        ("2025-02-18T10:52:45Z", "2025-02-18T10:52:45+00:00"),
    ],
)
def test_timestamps_without_an_offset_are_ist(ecourts: EcourtsAdapter, written: str, created: str) -> None:
    # Given a hearing entered at a time typed in one of CIS's forms
    record = sample_record(PROCEEDINGS, 2)
    record["entered_on"] = written
    # When it is decoded
    result = one_record(ecourts, record)
    # Then CreatedAt states its offset; a time without one is Indian Standard Time
    assert isinstance(result, bytes), str(result)
    assert text(etree.fromstring(result), "r:Header/r:CreatedAt") == created


def test_a_modified_record_is_dated_by_its_modification(ecourts: EcourtsAdapter) -> None:
    # Given a record entered, then modified
    record = sample_record(PROCEEDINGS, 2)
    record["modified_on"] = "19-02-2025 10:00"
    # When it is decoded
    result = one_record(ecourts, record)
    # Then CreatedAt is the modification, never the hub's clock
    assert isinstance(result, bytes)
    assert text(etree.fromstring(result), "r:Header/r:CreatedAt") == "2025-02-19T10:00:00+05:30"
    # And a modification before the entry is refused
    record["modified_on"] = "17-02-2025 10:00"
    assert refusal(ecourts, record).field == "/records/0/modified_on"


def test_missing_optional_fields_leave_the_record_valid(ecourts: EcourtsAdapter, registry: SchemaRegistry) -> None:
    # Given a hearing without judge, FIR, witnesses, adjournment or next date, and parties with a name only
    record = sample_record(PROCEEDINGS, 2)
    for key in ("judge", "fir", "witnesses", "adjournment", "date_next_list", "next_purpose"):
        record.pop(key)
    record["parties"] = [{"name": "सोनू"}, {"name_eng": "Mohd. Irfan", "gender": None}]
    # When it is decoded
    result = one_record(ecourts, record)
    # Then the record is valid and carries none of them; sex unknown when not given, party numbers by position
    assert isinstance(result, bytes), str(result)
    root = valid(registry, result)
    for absent in ("r:PresidingOfficer", "r:Header/r:CaseKeys/r:FirKey", "r:WitnessExamined", "r:Adjournment"):
        assert root.find(absent, NS) is None
    persons = root.findall("r:Persons/r:Person", NS)
    assert [person.get("id") for person in persons] == ["P1", "P2"]
    assert [person.find("r:Name", NS).get("script") for person in persons] == ["Deva", "Latn"]
    assert [text(person, "r:Sex") for person in persons] == ["unknown", "unknown"]


def test_null_and_blank_values_count_as_absent(ecourts: EcourtsAdapter) -> None:
    # Given a registration where CIS wrote null and "" for optional fields
    record = sample_record(REGISTRATION)
    record["type_name"] = ""
    record["date_of_cognizance"] = None
    record["parties"][0]["occupation"] = "   "
    # When it is decoded
    result = one_record(ecourts, record)
    # Then those fields are simply not in the record
    assert isinstance(result, bytes), str(result)
    root = etree.fromstring(result)
    assert root.find("r:CaseType/r:Name", NS) is None
    assert root.find("r:CognizanceDate", NS) is None
    assert root.find("r:Persons/r:Person[@id='P1']/r:Occupation", NS) is None


def test_act_and_section_may_be_separate_or_free_text(ecourts: EcourtsAdapter) -> None:
    # Given the same charge written three ways
    written = [
        {"act": "BNS", "section": "303(2)"},
        {"act": "Bharatiya Nyaya Sanhita, 2023", "section": "303 (2)"},
        {"act_section": "u/s 303(2) B.N.S."},
    ]
    charges = []
    for form in written:
        record = sample_record(REGISTRATION)
        record["acts"] = [{**form, "offence_date": "02-08-2024"}]
        # When each is decoded
        result = one_record(ecourts, record)
        assert isinstance(result, bytes), str(result)
        root = etree.fromstring(result)
        charges.append([(text(c, "r:Statute"), text(c, "r:Section")) for c in root.iterfind("r:Charges/r:Charge", NS)])
    # Then all give BNS 303(2)
    assert charges == [[("BNS", "303(2)")]] * 3


@pytest.mark.parametrize(
    ("statute", "section", "offence"),
    [
        ("IPC", "323", "01-03-2024"),
        ("BNS", "303(2)", "02-08-2024"),
        ("CRPC", "41", "01-03-2024"),
        ("BNSS", "35", "02-08-2024"),
        ("IEA", "65B", "01-03-2024"),
        ("BSA", "63", "02-08-2024"),
        ("POCSO", "4", "02-08-2024"),
        ("NDPS", "20", "02-08-2024"),
        ("ARMS", "25", "02-08-2024"),
        ("PB_EXCISE", "61(1)", "02-08-2024"),
        ("PGA", "3", "02-08-2024"),
        ("HR_GAMBLING", "3", "02-08-2024"),
        ("MVA", "185", "02-08-2024"),
        ("IT", "66D", "02-08-2024"),
        ("SCST_POA", "3(1)(r)", "02-08-2024"),
        ("DPA", "4", "02-08-2024"),
        ("JJ", "75", "02-08-2024"),
    ],
)
def test_every_statute_code_encode_writes_is_read_back(
    ecourts: EcourtsAdapter, statute: str, section: str, offence: str
) -> None:
    # Given an act entry as encode writes it: the hub's statute code and the section
    record = sample_record(REGISTRATION)
    record["acts"] = [{"act": statute, "section": section, "offence_date": offence}]
    # When it is decoded
    result = one_record(ecourts, record)
    # Then it is the same statute and section
    assert isinstance(result, bytes), str(result)
    charge = etree.fromstring(result).find("r:Charges/r:Charge", NS)
    assert (text(charge, "r:Statute"), text(charge, "r:Section")) == (statute, section)


def test_identifiers_typed_loosely_are_normalised(ecourts: EcourtsAdapter) -> None:
    # Given a registration with a hyphenated CNR, a lower-case station and case type, an FIR number with its
    # year, "06" for a state code and a voter id in small letters (as the registration sample has them)
    (record,) = decode_ok(ecourts, (SAMPLES / REGISTRATION).read_bytes())
    root = etree.fromstring(record)
    # Then they read as CIS and CCTNS issue them
    assert text(root, "r:Header/r:SourceRecordId") == "HRFB010012342024"
    assert text(root, "r:Header/r:CaseKeys/r:FirKey/r:PoliceStationCode") == "PS0031"
    assert text(root, "r:Header/r:CaseKeys/r:FirKey/r:StateCode") == "6"
    assert text(root, "r:Header/r:CaseKeys/r:FirKey/r:Serial") == "412"
    assert text(root, "r:Persons/r:Person[@id='P1']/r:Identity/r:Number") == "YKL2203419"
    # And an FIR number whose year disagrees with fir_year is refused
    loose = sample_record(REGISTRATION)
    loose["fir"]["fir_year"] = 2023
    assert refusal(ecourts, loose).field == "/records/0/fir/fir_year"


def test_an_address_may_be_one_line_of_text(ecourts: EcourtsAdapter) -> None:
    # Given the Gurugram registration, whose complainant's address CIS keeps as one line
    (registration, *_rest) = decode_ok(ecourts, (SAMPLES / "gurugram-HRGRA00078912025-snatching.json").read_bytes())
    root = etree.fromstring(registration)
    # Then it is one address line
    assert [line.text for line in root.iterfind("r:Persons/r:Person[@id='P3']/r:Address/r:Line", NS)] == [
        "H. No. 214, Block C, Sector 56, Gurugram 122011"
    ]


def test_amounts_as_typed_in_court(ecourts: EcourtsAdapter) -> None:
    # Given a bail order whose bond is typed in the several ways clerks type rupees
    for typed, expected in [("Rs. 25,000/-", "25000"), ("₹ 1,25,000", "125000"), (25000, "25000"), ("499.50", "499.5")]:
        record = sample_record(PROCEEDINGS, 1)
        record["bail"]["bond_amount"] = typed
        # When it is decoded
        result = one_record(ecourts, record)
        # Then the amount is the same number of rupees
        assert isinstance(result, bytes), str(result)
        assert text(etree.fromstring(result), "r:BailTerms/r:BondAmountInr") == expected
    # And an amount with paise beyond two decimals is refused
    record["bail"]["bond_amount"] = "100.555"
    assert refusal(ecourts, record).field == "/records/0/bail/bond_amount"


def test_a_minor_flag_becomes_protection(ecourts: EcourtsAdapter) -> None:
    # Given the Hisar judgment, whose injured victim is flagged a minor
    disposal = decode_ok(ecourts, (SAMPLES / HISAR).read_bytes())[0]
    # Then the person carries the child protection flag, and only that one
    protection = etree.fromstring(disposal).find("r:Persons/r:Person[@id='P3']/r:Protection", NS)
    assert protection is not None
    assert dict(protection.attrib) == {"child": "true"}


def test_a_single_record_document_and_a_bare_list_are_read_too(ecourts: EcourtsAdapter) -> None:
    # Given one record on its own (the appeal sample) and the same record in a bare JSON list
    bare = (SAMPLES / APPEAL).read_bytes()
    listed = json.dumps([json.loads(bare)], ensure_ascii=False).encode("utf-8")
    # When both are decoded
    # Then they give the same record
    assert decode_ok(ecourts, bare) == decode_ok(ecourts, listed)


def test_a_utf8_byte_order_mark_is_accepted(ecourts: EcourtsAdapter) -> None:
    # Given an export saved by a Windows editor with a byte order mark
    native = (SAMPLES / APPEAL).read_bytes()
    # When it is decoded with and without the mark
    # Then the records are the same
    assert decode_ok(ecourts, b"\xef\xbb\xbf" + native) == decode_ok(ecourts, native)


def test_encode_returns_a_native_document(ecourts: EcourtsAdapter) -> None:
    # Given the appeal example
    canonical = (EXAMPLES / "appeal-result.xml").read_bytes()
    # When it is encoded
    native = ecourts.encode(canonical, "appeal-result")
    # Then CIS gets UTF-8 JSON with Devanagari as it is, not escaped
    assert isinstance(native, NativeDocument)
    assert "सोनू".encode() in native.content


def test_a_name_whose_script_its_letters_do_not_show_keeps_its_script(ecourts: EcourtsAdapter) -> None:
    # Given a canonical hearing whose presiding officer's name is recorded as Devanagari though typed in Latin
    canonical = (
        (EXAMPLES / "hearing-recorded.xml")
        .read_bytes()
        .replace(b'<Name script="Latn">Neha Goyal</Name>', b'<Name script="Deva">Neha Goyal</Name>')
    )
    # When it is encoded
    native = ecourts.encode(canonical, "hearing-recorded")
    # Then CIS gets the name with its script beside it, and decoding gives the record back unchanged
    (record,) = json.loads(native.content)["records"]
    assert record["judge"]["judge_name"] == {"text": "Neha Goyal", "script": "Deva"}
    (back,) = decode_ok(ecourts, native.content)
    assert canonical_form(back) == canonical_form(canonical)
