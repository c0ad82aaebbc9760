"""adapters/eprisons: e-Prisons JSON exports in, prison-admission and prison-movement records out; canonical
records of six types out again as e-Prisons JSON; refusals that say which member, on which line."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import adapters.eprisons
import schemas
from adapters.base import CANONICAL_NS, Adapter, AdapterError, NativeDocument, record_id
from adapters.eprisons import EprisonsAdapter
from hub.conformance import canonical_form
from hub.redaction import load_policy, redact
from hub.rules import check_rules
from hub.schemas import SchemaRegistry

SAMPLES = Path(adapters.eprisons.__file__).parent / "samples"
BAD = Path(__file__).parent / "bad"
EXAMPLES = Path(schemas.__file__).parent / "v1" / "examples"
NS = {"r": CANONICAL_NS}
SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))
CONSUMED = (
    "arrest-surrender",
    "court-case-registered",
    "hearing-recorded",
    "court-order",
    "court-disposal",
    "appeal-result",
)


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry()


@pytest.fixture
def eprisons() -> EprisonsAdapter:
    return EprisonsAdapter()


def assert_valid(registry: SchemaRegistry, record: bytes) -> etree._Element:
    root = etree.fromstring(record)
    schema, issues = registry.validate(root)
    issues = issues or check_rules(root, schema)
    assert not issues, [str(issue) for issue in issues]
    return root


def records_of(adapter: EprisonsAdapter, native: bytes) -> list[bytes]:
    results = adapter.decode(native)
    refused = [str(result) for result in results if isinstance(result, AdapterError)]
    assert not refused, refused
    return [result for result in results if isinstance(result, bytes)]


def one_record(adapter: EprisonsAdapter, document: dict[str, Any]) -> etree._Element:
    (record,) = records_of(adapter, dump(document))
    return etree.fromstring(record)


def one_refusal(adapter: EprisonsAdapter, document: dict[str, Any] | bytes) -> AdapterError:
    results = adapter.decode(document if isinstance(document, bytes) else dump(document))
    assert len(results) == 1
    assert isinstance(results[0], AdapterError), "expected a refusal"
    return results[0]


def dump(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def sample(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / name).read_bytes())


def line_of(native: bytes, needle: bytes) -> int:
    return native[: native.index(needle)].count(b"\n") + 1


def text(root: etree._Element, path: str) -> str | None:
    return root.findtext(path, namespaces=NS)


@pytest.fixture
def admission_doc() -> dict[str, Any]:
    """The Faridabad admission sample, to vary one member at a time."""
    return sample("admission-faridabad-sonu-2024.json")


@pytest.fixture
def movement_doc() -> dict[str, Any]:
    """The Faridabad movements sample cut to its first movement (the court production)."""
    document = sample("movements-faridabad-sonu-2024.json")
    document["movements"] = document["movements"][:1]
    return document


def admission(document: dict[str, Any]) -> dict[str, Any]:
    return document["admissions"][0]


def movement(document: dict[str, Any]) -> dict[str, Any]:
    return document["movements"][0]


# ------------------------------------------------------------------------------------------- the adapter


def test_eprisons_is_an_adapter_found_through_its_entry_point() -> None:
    # Given the installed package's entry points
    # When the eprisons entry point is loaded and called as the hub does
    (entry,) = [entry for entry in entry_points(group="icjs_hub.adapters") if entry.name == "eprisons"]
    adapter = entry.load()()
    # Then it is the prisons pillar's adapter, producing admissions and movements and consuming six court and
    # police record types
    assert isinstance(adapter, Adapter)
    assert (adapter.name, adapter.pillar, adapter.version) == ("eprisons", "prisons", "1.0")
    assert adapter.produces == frozenset({"prison-admission", "prison-movement"})
    assert adapter.consumes == frozenset(CONSUMED)
    assert adapter.samples_dir == SAMPLES


# ------------------------------------------------------------------------------------------- good samples


def test_the_samples_cover_both_produced_types_in_three_cases_or_more(eprisons: EprisonsAdapter) -> None:
    # Given the adapter's sample exports
    # When they are all decoded
    records = [etree.fromstring(r) for path in SAMPLE_FILES for r in records_of(eprisons, path.read_bytes())]
    # Then they hold admissions and movements, from at least three prisons, Devanagari names among them
    types = {text(root, "r:Header/r:RecordType") for root in records}
    assert types == {"prison-admission", "prison-movement"}
    assert len({text(root, "r:Prison/r:PrisonCode") for root in records}) >= 3
    assert any(name.get("script") == "Deva" for root in records for name in root.iterfind(".//r:Name", NS))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_every_sample_decodes_to_records_the_hub_accepts(
    eprisons: EprisonsAdapter, registry: SchemaRegistry, path: Path
) -> None:
    # Given an e-Prisons sample export
    native = path.read_bytes()
    # When it is decoded
    records = records_of(eprisons, native)
    # Then every record passes the schema and the hub's rules, says it comes from eprisons, and its id is the
    # deterministic id of its source record
    assert records
    for record in records:
        root = assert_valid(registry, record)
        assert text(root, "r:Header/r:SourceSystem") == "eprisons"
        assert text(root, "r:Header/r:SourcePillar") == "prisons"
        assert text(root, "r:Header/r:RecordId") == record_id(
            "eprisons", text(root, "r:Header/r:RecordType") or "", text(root, "r:Header/r:SourceRecordId") or ""
        )


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_decoding_is_deterministic(path: Path) -> None:
    # Given a sample export
    native = path.read_bytes()
    # When two adapters decode it
    first, second = EprisonsAdapter().decode(native), EprisonsAdapter().decode(bytes(native))
    # Then the bytes are identical UTF-8 XML
    assert first == second
    assert all(isinstance(r, bytes) and r.startswith(b"<?xml version='1.0' encoding='UTF-8'?>") for r in first)


@pytest.mark.parametrize(
    ("sample_name", "example"),
    [
        ("admission-faridabad-sonu-2024.json", "prison-admission.xml"),
        ("movements-faridabad-sonu-2024.json", "prison-movement.xml"),
    ],
)
def test_the_faridabad_samples_are_the_schema_examples(
    eprisons: EprisonsAdapter, sample_name: str, example: str
) -> None:
    # Given the sample export of Sonu's admission, or of his movements, at District Jail Faridabad
    native = (SAMPLES / sample_name).read_bytes()
    # When it is decoded
    first = records_of(eprisons, native)[0]
    # Then its first record is, to the byte after canonicalisation, the schema's example of the type
    assert canonical_form(first) == canonical_form((EXAMPLES / example).read_bytes())


# ------------------------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_every_sample_record_survives_encode_and_decode(eprisons: EprisonsAdapter, path: Path) -> None:
    # Given the canonical records decoded from a sample
    for record in records_of(eprisons, path.read_bytes()):
        record_type = text(etree.fromstring(record), "r:Header/r:RecordType") or ""
        # When each is encoded to e-Prisons JSON and that is decoded again
        native = eprisons.encode(record, record_type)
        again = records_of(eprisons, native.content)
        # Then the result is one record, the same as the first
        assert (native.extension, native.media_type) == ("json", "application/json")
        assert len(again) == 1
        assert canonical_form(again[0]) == canonical_form(record)


def test_an_encoded_admission_reads_like_e_prisons_own_export(eprisons: EprisonsAdapter) -> None:
    # Given the schema's example admission
    canonical = (EXAMPLES / "prison-admission.xml").read_bytes()
    # When it is encoded
    export = json.loads(eprisons.encode(canonical, "prison-admission").content)
    # Then it is an export of District Jail Faridabad in e-Prisons' own dates, codes and FIR numbers
    (record,) = export["admissions"]
    assert export["prison"] == {"state_code": 6, "prison_code": "DJFBD", "name": "District Jail, Faridabad (Neemka)"}
    assert (record["admitted_at"], record["entry_dt"]) == ("06-08-2024 18:55", "06-08-2024 19:48:31")
    assert (record["prisoner_type"], record["warrant"]["type"]) == ("UTP", "JC_REMAND")
    assert record["warrant"]["fir"] == {"state_code": 6, "district_code": 60, "ps_code": "PS0031", "fir_no": "412/2024"}
    assert record["warrant"]["offences"] == [{"sections": "303(2) BNS", "offence_date": "02-08-2024"}]
    prisoner = record["prisoner"]
    assert (prisoner["dob"], prisoner["gender"], prisoner["relative"]["relation"]) == ("11-02-2000", "M", "FATHER")
    assert prisoner["id_proofs"][1] == {"type": "NAFIS", "number": "0624018837"}
    assert (record["biometrics_captured"], record["medical"]["condition"]) == ("Y", "FIT")


MOVEMENT_KINDS: dict[str, dict[str, Any]] = {
    "Transfer": {
        "movement_type": "TRANSFER",
        "to": {"type": "PRISON", "state_code": 6, "prison_code": "CJAMB", "name": "Central Jail, Ambala"},
        "escort": {"officers": [{"name": "Sube Singh", "designation": "Head Warder"}], "vehicle_no": "HR01PA0077"},
        "authority": {
            "type": "EXECUTIVE",
            "issued_by": "DG Prisons, Haryana",
            "order_no": "TR/55/2025",
            "order_date": "02-04-2025",
        },
        "new_prisoner_id": {"state_code": 6, "prison_code": "CJAMB", "prisoner_id": "UTP/0921/2025"},
    },
    "Furlough": {
        "movement_type": "FURLOUGH",
        "priority": "ROUTINE",
        "authority": {
            "issued_by": "Superintendent, Central Jail Hisar",
            "order_no": "FUR/12/2025",
            "order_date": "01/04/2025",
        },
        "due_back_on": "24/04/2025",
    },
    "Death": {
        "movement_type": "DEATH",
        "priority": "REAL_TIME",
        "place": {"type": "HOSPITAL", "name": "PGIMS Rohtak"},
        "cause": "Cardiac arrest, as certified; post-mortem by a board of doctors awaited.",
        "inquiry_ref": "Magisterial inquiry under BNSS 196, SDM Hisar",
    },
    "ReleaseOnCompletion": {
        "movement_type": "RELEASE_ON_COMPLETION",
        "sentence_completed_on": "03-04-2025",
        "authority": {
            "court": {"est_code": "HRHS03", "name": "Court of Judicial Magistrate First Class, Hansi"},
            "order_date": "03-04-2025",
        },
    },
    "HospitalVisit": {
        "movement_type": "HOSPITAL",
        "to": {"type": "HOSPITAL", "name": "Civil Hospital, Hisar"},
    },
    "Escape": {
        "movement_type": "ESCAPE",
        "circumstances": "Scaled the east wall during the evening count.",
    },
}


@pytest.mark.parametrize("kind", sorted(MOVEMENT_KINDS))
def test_every_kind_of_movement_decodes_validly_and_round_trips(
    eprisons: EprisonsAdapter, registry: SchemaRegistry, kind: str
) -> None:
    # Given a movement of this kind at Central Jail Hisar, with only what the kind needs
    document = {
        "api_version": "1.0",
        "prison": {"state_code": 6, "prison_code": "CJHSR", "name": "Central Jail, Hisar"},
        "movements": [
            {
                "movement_no": f"CJHSR/MOV/2025/{kind}",
                "prisoner_id": "C-2025-0311",
                "cnr": "HRHS030021782023",
                "prisoner": {"name": "सतबीर", "gender": "M"},
                "movement_at": "03-04-2025 10:00",
                "entry_dt": "03-04-2025 10:05",
                **MOVEMENT_KINDS[kind],
            }
        ],
    }
    # When it is decoded, encoded and decoded again
    (record,) = records_of(eprisons, dump(document))
    root = assert_valid(registry, record)
    (again,) = records_of(eprisons, eprisons.encode(record, "prison-movement").content)
    # Then the record holds a movement of that kind, leaving from the reporting prison unless the native said
    # otherwise, and the round trip changed nothing
    assert root.find(f"r:Movement/r:{kind}", NS) is not None
    if kind not in ("Death",):
        assert text(root, f"r:Movement/r:{kind}/r:From/r:Prison/r:PrisonCode") == "CJHSR"
    assert canonical_form(again) == canonical_form(record)


def test_charges_of_several_acts_and_dates_round_trip(eprisons: EprisonsAdapter, admission_doc: dict) -> None:
    # Given an admission whose warrant names sections of two acts, committed on two dates, one written twice
    admission(admission_doc)["warrant"]["offences"] = [
        {"sections": "303(2), 317(2) BNS & 25(1)(b) Arms Act", "offence_date": "02-08-2024"},
        {"sections": "U/S 3(5) BNS", "offence_date": "04-08-2024"},
        {"sections": "303(2) B.N.S.", "offence_date": "02/08/2024"},
    ]
    admission(admission_doc)["warrant"]["order_date"] = "06-08-2024"
    # When it is decoded, encoded and decoded again
    (record,) = records_of(eprisons, dump(admission_doc))
    native = eprisons.encode(record, "prison-admission")
    (again,) = records_of(eprisons, native.content)
    # Then the charges come back once each, in order, with their dates, written as e-Prisons writes them
    root = etree.fromstring(again)
    charges = [
        (text(c, "r:Statute"), text(c, "r:Section"), text(c, "r:OffenceDate")) for c in root.iterfind(".//r:Charge", NS)
    ]
    assert charges == [
        ("BNS", "303(2)", "2024-08-02"),
        ("BNS", "317(2)", "2024-08-02"),
        ("ARMS", "25(1)(b)", "2024-08-02"),
        ("BNS", "3(5)", "2024-08-04"),
    ]
    offences = json.loads(native.content)["admissions"][0]["warrant"]["offences"]
    assert offences[0] == {"sections": "303(2), 317(2) BNS; 25(1)(b) ARMS", "offence_date": "02-08-2024"}


# ------------------------------------------------------------------------------------------- consumed types


@pytest.mark.parametrize("record_type", CONSUMED)
def test_every_consumed_type_encodes_its_schema_example(eprisons: EprisonsAdapter, record_type: str) -> None:
    # Given the schema's example of a record type the prisons pillar receives
    canonical = (EXAMPLES / f"{record_type}.xml").read_bytes()
    # When e-Prisons is sent it
    native = eprisons.encode(canonical, record_type)
    # Then it gets a JSON message naming the ICJS record and the case: Sonu's FIR 412/2024, PS Sector 31
    assert isinstance(native, NativeDocument)
    assert (native.extension, native.media_type) == ("json", "application/json")
    message = json.loads(native.content)
    assert message["api_version"] == "1.0"
    assert message["icjs"]["record_type"] == record_type
    assert message["icjs"]["record_id"] == text(etree.fromstring(canonical), "r:Header/r:RecordId")
    assert message["case"]["fir"] == {"state_code": 6, "district_code": 60, "ps_code": "PS0031", "fir_no": "412/2024"}
    assert "सोनू" in native.content.decode("utf-8")


def test_a_court_order_tells_the_prison_whom_to_release(eprisons: EprisonsAdapter) -> None:
    # Given the example bail order for A1, held at District Jail Faridabad
    canonical = (EXAMPLES / "court-order.xml").read_bytes()
    # When it is encoded for e-Prisons
    message = json.loads(eprisons.encode(canonical, "court-order").content)
    # Then the custody direction names the prisoner, the prison and the date, in e-Prisons' codes and dates
    (direction,) = message["custody_directions"]
    assert message["order_type"] == "BAIL_GRANTED"
    assert direction["kind"] == "RELEASE"
    assert direction["prisoner"] == {"state_code": 6, "prison_code": "DJFBD", "prisoner_id": "UTP/1532/2024"}
    assert direction["from"] == "26-11-2024"
    assert direction["person"]["name_en"] == "Sonu"
    assert message["bail_terms"]["surety_count"] == 1


def test_a_judgment_carries_the_sentence_as_a_prison_counts_it(eprisons: EprisonsAdapter) -> None:
    # Given the example judgment convicting A1 and acquitting A2
    canonical = (EXAMPLES / "court-disposal.xml").read_bytes()
    # When it is encoded for e-Prisons
    message = json.loads(eprisons.encode(canonical, "court-disposal").content)
    # Then A1's sentence is one year's rigorous imprisonment, a fine with a month in default, set-off and suspension
    first, second = message["verdicts"]
    (finding,) = first["findings"]
    assert finding["sections"] == "303(2) BNS"
    assert finding["sentence"]["imprisonment"] == {"kind": "RIGOROUS", "term": {"years": 1}}
    assert finding["sentence"]["fine"] == {"amount": "5000", "in_default": {"kind": "SIMPLE", "term": {"months": 1}}}
    assert (first["set_off_days"], first["sentence_suspended_until"]) == (114, "14-08-2025")
    assert second["findings"][0]["result"] == "ACQUITTED"


def test_a_hearing_gives_the_next_date_of_production(eprisons: EprisonsAdapter) -> None:
    # Given the example hearing
    canonical = (EXAMPLES / "hearing-recorded.xml").read_bytes()
    # When it is encoded for e-Prisons
    message = json.loads(eprisons.encode(canonical, "hearing-recorded").content)
    # Then the next date and the attendance of each accused are there, but not the witness who was examined
    assert message["next_hearing_date"] == "11-03-2025"
    assert [(a["accused_code"], a["status"]) for a in message["attendance"]] == [("A1", "PRESENT"), ("A2", "PRESENT")]
    assert "Ramesh" not in json.dumps(message, ensure_ascii=False)


def test_an_in_camera_order_is_sent_without_its_text(eprisons: EprisonsAdapter) -> None:
    # Given the example order, held in camera
    root = etree.fromstring((EXAMPLES / "court-order.xml").read_bytes())
    root.find("r:InCamera", NS).text = "true"
    # When it is encoded for e-Prisons
    message = json.loads(eprisons.encode(etree.tostring(root), "court-order").content)
    # Then the custody direction travels, the order's text does not
    assert "summary" not in message
    assert "in-camera" in message["summary_withheld"]
    assert message["custody_directions"][0]["kind"] == "RELEASE"


@pytest.mark.parametrize("record_type", [*CONSUMED, "prison-admission", "prison-movement"])
def test_encode_works_on_records_redacted_for_prisons(eprisons: EprisonsAdapter, record_type: str) -> None:
    # Given an example record whose persons are all children, redacted as the hub delivers it to prisons
    root = etree.fromstring((EXAMPLES / f"{record_type}.xml").read_bytes())
    for person in root.iterfind(".//r:Persons/r:Person", NS):
        protection = person.find("r:Protection", NS)
        if protection is None:
            protection = etree.SubElement(person, f"{{{CANONICAL_NS}}}Protection")
        protection.set("child", "true")
    redacted = redact(etree.tostring(root), record_type, "prisons", load_policy())
    assert redacted.withheld
    # When it is encoded
    native = eprisons.encode(redacted.content, record_type)
    # Then e-Prisons gets the placeholder for the name and nothing of what was withheld
    content = native.content.decode("utf-8")
    assert "[identity withheld: child]" in content
    assert "सोनू" not in content and "YKL2203419" not in content


@pytest.mark.parametrize(
    ("canonical", "record_type", "field"),
    [
        (b"not xml", "court-order", "document"),
        (b"<CourtOrder xmlns='urn:icjs:record:v1'/>", "court-order", "CourtOrder/Header"),
        (b"<Nope xmlns='urn:icjs:record:v1'/>", "prison-admission", "Nope"),
        (b"<CourtOrder/>", "court-order", "CourtOrder"),
    ],
)
def test_encode_refuses_garbage_naming_where(
    eprisons: EprisonsAdapter, canonical: bytes, record_type: str, field: str
) -> None:
    # Given canonical input that is not a record of the type named
    # When it is encoded
    with pytest.raises(AdapterError) as refused:
        eprisons.encode(canonical, record_type)
    # Then the refusal names where it went wrong
    assert refused.value.field == field


def test_encode_refuses_a_type_e_prisons_does_not_take(eprisons: EprisonsAdapter) -> None:
    # Given an FIR, which the prisons pillar does not subscribe to
    canonical = (EXAMPLES / "fir-registered.xml").read_bytes()
    # When e-Prisons is asked to take it
    # Then it refuses, listing what it takes
    with pytest.raises(AdapterError, match="e-Prisons takes no 'fir-registered' records") as refused:
        eprisons.encode(canonical, "fir-registered")
    assert refused.value.field == "record_type"


def test_encode_refuses_an_admission_whose_header_names_another_fir(eprisons: EprisonsAdapter) -> None:
    # Given the example admission with a header FIR the warrant does not name
    root = etree.fromstring((EXAMPLES / "prison-admission.xml").read_bytes())
    root.find("r:Header/r:CaseKeys/r:FirKey/r:Serial", NS).text = "413"
    # When it is encoded
    # Then it is refused: e-Prisons could not carry the difference back
    with pytest.raises(AdapterError, match="FIR its warrant names") as refused:
        eprisons.encode(etree.tostring(root), "prison-admission")
    assert refused.value.field == "PrisonAdmission/Header/CaseKeys/FirKey"


# ------------------------------------------------------------------------------------------- broken files

BAD_FILES = {
    "admission-ipc-after-new-codes.json": (
        "/admissions/0/warrant/offences/0/sections",
        b'"u/s 379 IPC"',
        "BNS, not IPC",
    ),
    "admission-impossible-date.json": ("/admissions/0/admitted_at", b'"31-11-2024 17:40"', "not a real date"),
    "movement-missing-cnr.json": ("/movements/0/cnr", b'{\n      "movement_no"', "required field is missing"),
    "movement-field-of-another-kind.json": (
        "/movements/0/due_back_on",
        b'"due_back_on"',
        "does not belong to a RETURN",
    ),
}


def test_there_is_a_broken_file_for_each_produced_type() -> None:
    # Given the broken files
    names = sorted(path.name for path in BAD.iterdir())
    # Then they are the ones tested below, covering admissions and movements
    assert names == sorted(BAD_FILES)
    assert {name.split("-")[0] for name in names} == {"admission", "movement"}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_broken_files_are_refused_naming_member_and_line(eprisons: EprisonsAdapter, name: str) -> None:
    # Given a deliberately broken export
    native = (BAD / name).read_bytes()
    field, needle, reason = BAD_FILES[name]
    # When it is decoded
    refusal = one_refusal(eprisons, native)
    # Then its one record is refused, naming the member as a JSON pointer, the line to find it on, and why
    assert refusal.field == field
    assert refusal.line == line_of(native, needle)
    assert reason in refusal.message


# ------------------------------------------------------------------------------------------- messy input


@pytest.mark.parametrize(
    "written",
    [
        "06-08-2024 18:55",
        "06/08/2024 18:55",
        "06.08.2024 18:55:00",
        "6/8/2024 06:55 PM",
        "2024-08-06T18:55:00+05:30",
        "2024-08-06T18:55",
        "2024-08-06T13:25:00Z",
    ],
)
def test_admission_times_are_read_in_every_way_they_are_written(
    eprisons: EprisonsAdapter, admission_doc: dict, written: str
) -> None:
    # Given the admission time written in one of the ways prison staff and systems write it
    admission(admission_doc)["admitted_at"] = written
    # When it is decoded
    root = one_record(eprisons, admission_doc)
    # Then it is the same moment, 18:55 IST on 6 August 2024, with its offset
    admitted = datetime.fromisoformat(text(root, "r:AdmittedAt") or "")
    assert admitted.utcoffset() is not None
    assert admitted == datetime.fromisoformat("2024-08-06T18:55:00+05:30")


def test_an_admission_with_only_what_is_required_is_a_valid_record(
    eprisons: EprisonsAdapter, registry: SchemaRegistry, admission_doc: dict
) -> None:
    # Given an admission without escort, admitting officer, remarks, medical officer, measurements, identification
    # marks, biometrics flag or warrant number, and a prisoner known by an English name only
    record = admission(admission_doc)
    for key in ("escort", "admitted_by", "remarks", "biometrics_captured"):
        del record[key]
    for key in ("warrant_no", "remand_upto", "offences"):
        del record["warrant"][key]
    record["medical"] = {"examined_at": "06-08-2024 19:20", "condition": "fit"}
    record["prisoner"] = {"name_en": "Sonu"}
    # When it is decoded
    root = assert_valid(registry, records_of(eprisons, dump(admission_doc))[0])
    # Then the record is valid: biometrics not captured, sex unknown, the English name as the name
    assert text(root, "r:BiometricsCaptured") == "false"
    assert text(root, "r:Persons/r:Person/r:Sex") == "unknown"
    assert root.find("r:Persons/r:Person/r:Name", NS).get("script") == "Latn"
    assert root.find("r:Prisoner/r:IdentificationMark", NS) is None


def test_codes_numbers_and_keys_are_read_however_they_are_typed(eprisons: EprisonsAdapter, admission_doc: dict) -> None:
    # Given codes in other spellings and scripts, numbers as text, the FIR key as text and a CNR with hyphens
    record = admission(admission_doc)
    record["prisoner_type"] = "undertrial"
    record["warrant"]["type"] = "Judicial Custody"
    record["warrant"]["fir"] = "6-60-ps0031-2024-412"
    record["warrant"]["cnr"] = "hrfb01-001234-2024"
    record["prisoner"]["gender"] = "पुरुष"
    record["prisoner"]["relative"]["relation"] = "पिता"
    record["prisoner"]["address"]["district_code"] = "60"
    record["medical"]["weight_kg"] = "58.04 kg"
    record["medical"]["condition"] = "Needs Hospitalisation"
    # When it is decoded
    root = one_record(eprisons, admission_doc)
    # Then every value is the canonical one, and the CNR joins the FIR as a case key
    assert text(root, "r:Category") == "undertrial"
    assert text(root, "r:CommitmentOrder/r:Kind") == "judicial-custody-remand"
    assert text(root, "r:CommitmentOrder/r:FirKey/r:PoliceStationCode") == "PS0031"
    assert text(root, "r:Header/r:CaseKeys/r:Cnr") == "HRFB010012342024"
    assert text(root, "r:Persons/r:Person/r:Sex") == "male"
    assert text(root, "r:Persons/r:Person/r:Relative/r:Relation") == "father"
    assert text(root, "r:Persons/r:Person/r:Address/r:DistrictCode") == "60"
    assert text(root, "r:Health/r:WeightKg") == "58.0"
    assert text(root, "r:Health/r:Condition") == "needs-hospitalisation"


def test_created_at_is_the_last_modification_in_e_prisons(eprisons: EprisonsAdapter, admission_doc: dict) -> None:
    # Given an admission modified after it was entered
    admission(admission_doc)["modified_dt"] = "07-08-2024 10:02:11"
    # When it is decoded
    root = one_record(eprisons, admission_doc)
    # Then CreatedAt is e-Prisons' modification time, never the hub's clock
    assert text(root, "r:Header/r:CreatedAt") == "2024-08-07T10:02:11+05:30"


def test_a_movement_authority_names_the_movements_case_by_default(
    eprisons: EprisonsAdapter, movement_doc: dict
) -> None:
    # Given a production whose warrant is written without its CNR, and one naming another case's CNR
    # When each is decoded
    default = one_record(eprisons, movement_doc)
    movement(movement_doc)["authority"]["cnr"] = "HRFB010099992024"
    other = one_record(eprisons, movement_doc)
    # Then the first names the movement's CNR, the second the one written
    path = "r:Movement/r:CourtProduction/r:Authority/r:CourtOrder/r:Cnr"
    assert (text(default, path), text(other, path)) == ("HRFB010012342024", "HRFB010099992024")


# ------------------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (lambda r: r.update(admited_at="06-08-2024"), "/admissions/0/admited_at", "unexpected field 'admited_at'"),
        (lambda r: r["warrant"].pop("fir"), "/admissions/0/warrant/fir", "give fir, cnr or both"),
        (lambda r: r.update(admitted_at="05-08-2024 23:00"), "/admissions/0/admitted_at", "before the warrant"),
        (lambda r: r["warrant"].update(remand_upto="01-08-2024"), "/admissions/0/warrant/remand_upto", "before"),
        (
            lambda r: r["warrant"].update(offences=[{"sections": "303(2) BNS", "offence_date": "28-06-2024"}]),
            "/admissions/0/warrant/offences/0/sections",
            "falls under IPC, not BNS",
        ),
        (
            lambda r: r["prisoner"]["id_proofs"].append({"type": "Aadhaar", "number": "XXXX"}),
            "/admissions/0/prisoner/id_proofs/2/type",
            "aadhaar_token",
        ),
        (
            lambda r: r["prisoner"]["id_proofs"].append({"type": "OTHER", "number": "2345 6789 0123"}),
            "/admissions/0/prisoner/id_proofs/2/number",
            "Aadhaar",
        ),
        (lambda r: r["prisoner"].update(alias=["a", "b", "c"]), "/admissions/0/prisoner/alias/2", "at most two"),
        (lambda r: r["prisoner"].update(dob="11-02-2025"), "/admissions/0/prisoner/dob", "after the event"),
        (lambda r: r["prisoner"].update(name="सोनू\u0000"), "/admissions/0/prisoner/name", "U+0000"),
        (lambda r: r["prisoner"].update(name_en="सोनू कला"), "/admissions/0/prisoner/name_en", "not in Latin"),
        (lambda r: r["medical"].update(height_cm="5 ft 8 in"), "/admissions/0/medical/height_cm", "not a number"),
        (lambda r: r["medical"].update(condition="OK-ish"), "/admissions/0/medical/condition", "not a condition"),
        (lambda r: r.update(modified_dt="01-08-2024"), "/admissions/0/modified_dt", "before the record was entered"),
        (lambda r: r["warrant"]["court"].update(est_code="FBD"), "/admissions/0/warrant/court/est_code", "HRFB01"),
        (lambda r: r["warrant"].update(cnr="HRFB0100123"), "/admissions/0/warrant/cnr", "is not a CNR"),
        (lambda r: r["escort"].update(designation="SI"), "/admissions/0/escort/designation", "not both"),
        (lambda r: r.update(prisoner_type=7), "/admissions/0/prisoner_type", "expected a code, found a number"),
    ],
)
def test_a_bad_admission_is_refused_naming_the_member(
    eprisons: EprisonsAdapter, admission_doc: dict, change: Any, field: str, reason: str
) -> None:
    # Given the sample admission with one member wrong
    change(admission(admission_doc))
    # When it is decoded
    refusal = one_refusal(eprisons, admission_doc)
    # Then the refusal names that member as a JSON pointer, with a line, and says why
    assert refusal.field == field
    assert refusal.line is not None
    assert reason in refusal.message


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (lambda r: r.update(movement_type="VACATION"), "/movements/0/movement_type", "not a movement type"),
        (lambda r: r.pop("to"), "/movements/0/to", "required field is missing"),
        (lambda r: r.update(expected_return_at="12-11-2024 08:00"), "/movements/0/expected_return_at", "before"),
        (lambda r: r["escort"].update(officers=[]), "/movements/0/escort/officers", "at least one"),
        (lambda r: r["to"].update(type="PALACE"), "/movements/0/to/type", "not a place type"),
        (lambda r: r.update(priority="SOMEDAY"), "/movements/0/priority", "not a priority"),
    ],
)
def test_a_bad_movement_is_refused_naming_the_member(
    eprisons: EprisonsAdapter, movement_doc: dict, change: Any, field: str, reason: str
) -> None:
    # Given the sample court production with one member wrong
    change(movement(movement_doc))
    # When it is decoded
    refusal = one_refusal(eprisons, movement_doc)
    # Then the refusal names that member, and says why
    assert refusal.field == field
    assert reason in refusal.message


def test_an_escape_is_always_real_time(eprisons: EprisonsAdapter, movement_doc: dict) -> None:
    # Given an escape reported with a routine priority, and one with none
    escape = {
        key: value
        for key, value in movement(movement_doc).items()
        if key not in ("to", "authority", "expected_return_at")
    }
    escape.update(movement_type="ESCAPE", circumstances="Slipped the escort at the court gate.", priority="ROUTINE")
    routine = copy.deepcopy(movement_doc)
    routine["movements"] = [escape]
    unstated = copy.deepcopy(routine)
    del unstated["movements"][0]["priority"]
    # When each is decoded
    refusal = one_refusal(eprisons, routine)
    root = one_record(eprisons, unstated)
    # Then the routine one is refused, and the other is marked real-time
    assert (refusal.field, "REAL_TIME" in refusal.message) == ("/movements/0/priority", True)
    assert root.find("r:Movement/r:Escape", NS).get("priority") == "real-time"


def test_a_release_on_bail_needs_a_courts_order(eprisons: EprisonsAdapter, movement_doc: dict) -> None:
    # Given a release on bail on an executive order
    record = movement(movement_doc)
    for key in ("to", "escort", "expected_return_at"):
        del record[key]
    record.update(
        movement_type="BAIL",
        authority={"type": "EXECUTIVE", "issued_by": "Superintendent", "order_no": "X/1", "order_date": "12-11-2024"},
    )
    # When it is decoded
    refusal = one_refusal(eprisons, movement_doc)
    # Then it is refused at the authority's type
    assert refusal.field == "/movements/0/authority/type"


def test_a_bad_record_costs_no_other_record(eprisons: EprisonsAdapter) -> None:
    # Given the Faridabad movements with the second one's time impossible
    document = sample("movements-faridabad-sonu-2024.json")
    document["movements"][1]["movement_at"] = "31/02/2024 17:35"
    # When the export is decoded
    results = eprisons.decode(dump(document))
    # Then the first and third are records, and the second is refused in its place
    assert [type(result).__name__ for result in results] == ["bytes", "AdapterError", "bytes"]
    assert results[1].field == "/movements/1/movement_at"  # type: ignore[union-attr]


def test_a_repeated_key_is_refused_not_silently_overwritten(eprisons: EprisonsAdapter) -> None:
    # Given an admission where prisoner_type is given twice with different values
    native = (SAMPLES / "admission-faridabad-sonu-2024.json").read_bytes()
    native = native.replace(b'"prisoner_type": "UTP",', b'"prisoner_type": "UTP", "prisoner_type": "CONVICT",')
    # When it is decoded
    refusal = one_refusal(eprisons, native)
    # Then the repetition is refused at that key's line
    assert refusal.field == "/admissions/0/prisoner_type"
    assert refusal.line == line_of(native, b'"prisoner_type"')


@pytest.mark.parametrize(
    ("native", "field", "reason"),
    [
        (b"", "document", "empty"),
        (b'{"api_version": "1.0",\n "prison": ', "document", "not JSON"),
        ('{"api_version": "1.0"}'.encode("utf-16"), "document", "not UTF-8"),
        (b"[1, 2]", "document", "JSON object"),
        (b'{"api_version": "2.0"}', "/api_version", "not supported"),
        (b'{"api_version": 1.0}', "/api_version", "found a number"),
        (b'{"prison": {}}', "/api_version", "not an e-Prisons export"),
        (b'{"api_version": "1.0", "prison": {"state_code": 6, "prison_code": "X", "name": "Y"}}', "/admissions", "no"),
        (
            b'{"api_version": "1.0", "prison": {"state_code": 600, "prison_code": "X", "name": "Y"}}',
            "/prison/state_code",
            "1 to 99",
        ),
        (b"[" * 100000, "document", "nested too deeply"),
        (b'{"api_version": NaN}', "document", "not JSON"),
        (b'{"n": 1' + b"0" * 5000 + b"}", "document", "not JSON"),
    ],
)
def test_a_document_that_is_no_export_is_refused_whole(
    eprisons: EprisonsAdapter, native: bytes, field: str, reason: str
) -> None:
    # Given bytes that are not an e-Prisons export
    # When they are decoded
    with pytest.raises(AdapterError) as refused:
        eprisons.decode(native)
    # Then the whole document is refused, naming where, and nothing else is raised
    assert refused.value.field == field
    assert reason in refused.value.message


def test_a_json_syntax_error_is_refused_with_its_line(eprisons: EprisonsAdapter) -> None:
    # Given a sample with a comma missing on one line
    native = (SAMPLES / "hisar-central-jail-2023.json").read_bytes().replace(b'"CJHSR/ADM/2025/01388",', b'"CJHSR/ADM"')
    # When it is decoded
    with pytest.raises(AdapterError) as refused:
        eprisons.decode(native)
    # Then the refusal gives the line the parser stopped on
    assert refused.value.field == "document"
    assert refused.value.line == line_of(native, b'"CJHSR/ADM"') + 1
