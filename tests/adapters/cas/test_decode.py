"""adapters/cas: CAS exports in, canonical fir-registered records out, or refusals that say what and where."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from lxml import etree

import adapters.cas
import schemas
from adapters.base import CANONICAL_NS, Adapter, AdapterError, record_id
from adapters.cas import CasAdapter

SAMPLES = Path(adapters.cas.__file__).parent / "samples"
BAD = Path(__file__).parent / "bad"
FIR_XSD = Path(schemas.__file__).parent / "v1" / "fir-registered.xsd"
NS = {"r": CANONICAL_NS}

SAMPLE_FILES = sorted(SAMPLES.glob("fir-*.xml"))


@pytest.fixture(scope="module")
def fir_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FIR_XSD)))


@pytest.fixture
def cas() -> CasAdapter:
    return CasAdapter()


def decode_ok(cas: CasAdapter, native: bytes) -> list[etree._Element]:
    results = cas.decode(native)
    refused = [str(result) for result in results if isinstance(result, AdapterError)]
    assert not refused, refused
    return [etree.fromstring(result) for result in results if isinstance(result, bytes)]


def one_refusal(cas: CasAdapter, native: bytes) -> AdapterError:
    results = cas.decode(native)
    assert len(results) == 1
    assert isinstance(results[0], AdapterError), "expected a refusal"
    return results[0]


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def line_of(native: bytes, needle: bytes) -> int:
    return native[: native.index(needle)].count(b"\n") + 1


def texts(root: etree._Element, path: str) -> list[str]:
    return [element.text for element in root.findall(path, NS)]


# ------------------------------------------------------------------------------------------- the adapter


def test_cas_is_an_adapter_found_through_its_entry_point() -> None:
    # Given the installed package's entry points
    # When the cas entry point is loaded and called as the hub does
    (entry,) = [entry for entry in entry_points(group="icjs_hub.adapters") if entry.name == "cas"]
    adapter = entry.load()()
    # Then it is a police adapter producing the six police record types and consuming what police subscribes to
    assert isinstance(adapter, Adapter)
    assert (adapter.name, adapter.pillar, adapter.version) == ("cas", "police", "1.0")
    assert adapter.produces == frozenset(
        {"fir-registered", "crime-details", "arrest-surrender", "property-seizure", "forensic-request", "final-report"}
    )
    assert adapter.consumes == frozenset(
        {
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
        }
    )


def test_encode_refuses_a_record_type_cas_does_not_take(cas: CasAdapter) -> None:
    # Given a canonical record
    canonical = (FIR_XSD.parent / "examples" / "fir-registered.xml").read_bytes()
    # When CAS is asked to take it as a type it neither produces nor consumes
    # Then it refuses, naming the record type
    with pytest.raises(AdapterError, match="CAS takes no 'no-such-type' records") as refused:
        cas.encode(canonical, "no-such-type")
    assert refused.value.field == "record_type"


# ------------------------------------------------------------------------------------------- good samples


def test_there_are_samples() -> None:
    # Given the adapter's samples folder
    # Then it holds at least three exports
    assert len(SAMPLE_FILES) >= 3


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_every_sample_decodes_to_records_the_schema_accepts(
    cas: CasAdapter, fir_schema: etree.XMLSchema, path: Path
) -> None:
    # Given a CAS sample export
    native = path.read_bytes()
    # When it is decoded
    records = decode_ok(cas, native)
    # Then each FIR is a fir-registered record valid against the schema
    assert records
    for root in records:
        assert fir_schema.validate(root), [f"{e.line}: {e.message}" for e in fir_schema.error_log]
        assert root.tag == f"{{{CANONICAL_NS}}}FirRegistered"


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_decoding_is_deterministic(path: Path) -> None:
    # Given a sample export
    native = path.read_bytes()
    # When two adapters decode it
    first = CasAdapter().decode(native)
    second = CasAdapter().decode(bytes(native))
    # Then the bytes are identical, with an XML declaration and UTF-8
    assert first == second
    for record in first:
        assert isinstance(record, bytes)
        assert record.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_record_ids_are_derived_from_the_fir_key(cas: CasAdapter, path: Path) -> None:
    # Given a sample export
    # When it is decoded
    for root in decode_ok(cas, path.read_bytes()):
        header = root.find("r:Header", NS)
        assert header is not None
        # Then the source record id is the FIR key's text form, and the record id its UUIDv5
        key = [header.findtext(f"r:CaseKeys/r:FirKey/r:{part}", namespaces=NS) for part in _FIR_KEY_PARTS]
        source_record_id = header.findtext("r:SourceRecordId", namespaces=NS)
        assert source_record_id == "-".join(str(part) for part in key)
        assert header.findtext("r:RecordId", namespaces=NS) == record_id("cas", "fir-registered", source_record_id)
        assert header.findtext("r:SourceSystem", namespaces=NS) == "cas"
        assert header.findtext("r:SourcePillar", namespaces=NS) == "police"
        assert header.findtext("r:Version", namespaces=NS) == "1"


_FIR_KEY_PARTS = ("StateCode", "DistrictCode", "PoliceStationCode", "Year", "Serial")


def test_a_bns_theft_keeps_its_key_charges_persons_and_property(cas: CasAdapter) -> None:
    # Given the Faridabad motorcycle theft of August 2024
    # When it is decoded
    (root,) = decode_ok(cas, sample("fir-faridabad-theft-2024.xml"))
    # Then the FIR key, the BNS charge chosen by the offence date, and the IST times are kept
    assert root.findtext("r:Header/r:SourceRecordId", namespaces=NS) == "6-60-PS0031-2024-412"
    assert root.findtext("r:Header/r:CreatedAt", namespaces=NS) == "2024-08-03T11:32:10+05:30"
    assert texts(root, "r:Charges/r:Charge/r:Statute") == ["BNS"]
    assert texts(root, "r:Charges/r:Charge/r:Section") == ["303(2)"]
    assert texts(root, "r:Charges/r:Charge/r:OffenceDate") == ["2024-08-02"]
    assert root.findtext("r:RegisteredAt", namespaces=NS) == "2024-08-03T11:20:00+05:30"
    # And the complainant carries both scripts, and is also the victim
    complainant = root.find("r:Persons/r:Person[@id='P1']", NS)
    assert complainant is not None
    assert complainant.find("r:Name", NS).get("script") == "Deva"
    assert complainant.findtext("r:Name", namespaces=NS) == "रमेश कुमार शर्मा"
    assert complainant.findtext("r:NameRomanised", namespaces=NS) == "Ramesh Kumar Sharma"
    assert complainant.findtext("r:Relative/r:Relation", namespaces=NS) == "father"
    assert root.find("r:Complainant", NS).get("personRef") == "P1"
    assert [victim.get("personRef") for victim in root.findall("r:Victim", NS)] == ["P1"]
    # And the stolen property's values are read from Indian notation and totalled
    assert texts(root, "r:PropertyStolen/r:Item/r:ValueInr") == ["45000", "1200"]
    assert root.findtext("r:PropertyStolen/r:TotalValueInr", namespaces=NS) == "46200"


def test_a_bns_case_with_two_accused_keeps_their_codes_and_status(cas: CasAdapter) -> None:
    # Given the Gurugram snatching: one accused known, one unknown
    # When it is decoded
    (root,) = decode_ok(cas, sample("fir-gurugram-snatching-2024.xml"))
    # Then both accused are there with their codes and status
    accused = [(a.get("code"), a.get("status")) for a in root.findall("r:Accused", NS)]
    assert accused == [("A1", "known"), ("A2", "unknown")]
    assert {
        (c.findtext("r:Statute", namespaces=NS), c.findtext("r:Section", namespaces=NS))
        for c in root.findall("r:Charges/r:Charge", NS)
    } == {("BNS", "304"), ("BNS", "3(5)")}
    # And the last modification is the record's creation time, and the aliases and ids survive
    assert root.findtext("r:Header/r:CreatedAt", namespaces=NS) == "2024-11-17T20:41:02+05:30"
    arif = root.find("r:Persons/r:Person[@id='P2']", NS)
    assert texts(arif, "r:Alias") == ["आरिफ", "Kalu"]
    assert texts(arif, "r:Identity/r:Kind") == ["driving-licence", "nafis"]
    assert root.findtext("r:Persons/r:Person[@id='P1']/r:AadhaarToken", namespaces=NS) == "tok_8Hc2Qm4ZrT7wLx9PbN3k"


def test_an_export_of_two_firs_gives_two_records_in_order(cas: CasAdapter) -> None:
    # Given a Hisar export holding two FIRs of 2023
    # When it is decoded
    first, second = decode_ok(cas, sample("fir-hisar-2023-two-firs.xml"))
    # Then each is its own record, the IPC one charged under the IPC and the excise one as section 61(1)
    assert first.findtext("r:Header/r:SourceRecordId", namespaces=NS) == "6-63-PS0104-2023-278"
    assert second.findtext("r:Header/r:SourceRecordId", namespaces=NS) == "6-63-PS0101-2023-351"
    assert texts(first, "r:Charges/r:Charge/r:Statute") == ["IPC", "IPC", "IPC"]
    assert texts(first, "r:Charges/r:Charge/r:Section") == ["323", "506", "34"]
    assert texts(second, "r:Charges/r:Charge/r:Statute") == ["PB_EXCISE"]
    assert texts(second, "r:Charges/r:Charge/r:Section") == ["61(1)"]
    # And accused codes default to their order
    assert [a.get("code") for a in first.findall("r:Accused", NS)] == ["A1", "A2"]


def test_a_victim_under_eighteen_on_the_offence_date_is_flagged_a_child(cas: CasAdapter) -> None:
    # Given the Hisar assault, whose second victim was born on 02/09/2007 and hurt on 15/06/2023
    # When it is decoded
    first, _ = decode_ok(cas, sample("fir-hisar-2023-two-firs.xml"))
    # Then that victim carries the child protection flag, and the adults do not
    flags = {p.get("id"): p.find("r:Protection", NS) for p in first.findall("r:Persons/r:Person", NS)}
    assert flags["P4"] is not None and flags["P4"].get("child") == "true"
    assert flags["P1"] is None and flags["P2"] is None


# ------------------------------------------------------------------------------------------- bad files


def test_an_unknown_section_is_refused_naming_field_rule_and_line(cas: CasAdapter) -> None:
    # Given an FIR under "u/s 999 IPC"
    native = (BAD / "unknown-section.xml").read_bytes()
    # When it is decoded
    refusal = one_refusal(cas, native)
    # Then the refusal names the native field, the rule and the line
    assert refusal.field == "FIR_DETAILS[1]/ACT_SEC"
    assert refusal.line == line_of(native, b"<ACT_SEC>")
    assert str(refusal) == (
        f"FIR_DETAILS[1]/ACT_SEC: \"u/s 999 IPC\": '999' is not a known IPC section (IPC has sections 1 to 511) "
        f"(line {refusal.line})"
    )


def test_an_impossible_date_is_refused_naming_field_rule_and_line(cas: CasAdapter) -> None:
    # Given an FIR whose occurrence is dated 31/02/2024
    native = (BAD / "impossible-date.xml").read_bytes()
    # When it is decoded
    refusal = one_refusal(cas, native)
    # Then the refusal names the field and says the date is not real
    assert refusal.field == "FIR_DETAILS[1]/OCC_FROM_DT"
    assert refusal.line == line_of(native, b"<OCC_FROM_DT>")
    assert "'31/02/2024 22:00' is not a real date" in str(refusal)
    assert "day is out of range for month" in str(refusal)


def test_a_doctype_is_refused_before_any_entity_is_read(cas: CasAdapter) -> None:
    # Given an export declaring an external entity (XXE)
    native = (BAD / "doctype.xml").read_bytes()
    # When it is decoded
    # Then the whole document is refused, saying why and where, and nothing of the file leaks
    with pytest.raises(AdapterError) as refused:
        cas.decode(native)
    assert "DOCTYPE and entity declarations are not allowed" in str(refused.value)
    assert refused.value.line == 2
    assert "root:" not in str(refused.value)


def test_one_bad_fir_costs_no_other_fir(cas: CasAdapter, fir_schema: etree.XMLSchema) -> None:
    # Given the two-FIR Hisar export whose second FIR is charged under the BNS for a 2023 offence
    native = sample("fir-hisar-2023-two-firs.xml").replace(
        b"<ACT_SEC>61/1/14 Excise Act</ACT_SEC>", b"<ACT_SEC>61/1/14 Excise Act &amp; 303(2) BNS</ACT_SEC>"
    )
    # When it is decoded
    first, second = cas.decode(native)
    # Then the first FIR is a valid record and the second is refused in its place, naming its path
    assert isinstance(first, bytes)
    assert fir_schema.validate(etree.fromstring(first))
    assert isinstance(second, AdapterError)
    assert second.field == "FIR_DETAILS[2]/ACT_SEC"
    assert "offence on 2023-06-16 falls under IPC, not BNS (codes changed 2024-07-01)" in str(second)


@pytest.mark.parametrize(
    ("old", "new", "field", "rule"),
    [
        (b"<REG_DT>03/08/2024 11:20</REG_DT>", b"", "FIR_DETAILS[1]/REG_DT", "required field is missing"),
        (
            b"<ENTRY_DT>",
            b"<REG_DATE>03/08/2024</REG_DATE><ENTRY_DT>",
            "FIR_DETAILS[1]/REG_DATE",
            "unexpected element",
        ),
        (
            b"<OCC_TO_DT>03/08/2024 06:30</OCC_TO_DT>",
            b"<OCC_TO_DT>02/08/2024 22:00</OCC_TO_DT>",
            "FIR_DETAILS[1]/OCC_TO_DT",
            "occurrence ends at 02/08/2024 22:00, before it begins at 02/08/2024 23:00",
        ),
        (
            b"<OCC_FROM_DT>02/08/2024 23:00</OCC_FROM_DT>\n    <OCC_TO_DT>03/08/2024 06:30</OCC_TO_DT>",
            b"<OCC_FROM_DT>03/08/2024 11:25</OCC_FROM_DT>",
            "FIR_DETAILS[1]/REG_DT",
            "registered at 03/08/2024 11:20, before the occurrence began at 03/08/2024 11:25",
        ),
        (
            b"<INFO_RECV_DT>03/08/2024 10:45</INFO_RECV_DT>",
            b"<INFO_RECV_DT>03/08/2024 11:45</INFO_RECV_DT>",
            "FIR_DETAILS[1]/REG_DT",
            "before the information was received",
        ),
        (
            b"<ACT_SEC>u/s 303(2) BNS</ACT_SEC>",
            b"<ACT_SEC>379 IPC</ACT_SEC>",
            "FIR_DETAILS[1]/ACT_SEC",
            '"379 IPC": offence on 2024-08-02 falls under BNS, not IPC (codes changed 2024-07-01)',
        ),
        (b"<FIR_NO>0412/2024</FIR_NO>", b"<FIR_NO>412</FIR_NO>", "FIR_DETAILS[1]/FIR_NO", "expected serial/year"),
        (b"<FIR_NO>0412/2024</FIR_NO>", b"<FIR_NO>412/2023</FIR_NO>", "FIR_DETAILS[1]/FIR_NO", "serials restart"),
        (b"<DIST_CD>60</DIST_CD>", b"<DIST_CD>sixty</DIST_CD>", "FIR_DETAILS[1]/DIST_CD", "'sixty' is not a number"),
        (
            b"<VOTER_ID>XJK0412356</VOTER_ID>",
            b"<VOTER_ID>2345 6789 0123</VOTER_ID>",
            "FIR_DETAILS[1]/COMPLAINANT/VOTER_ID",
            "looks like an Aadhaar number",
        ),
        (
            b"<VOTER_ID>XJK0412356</VOTER_ID>",
            b"<AADHAAR_TOKEN>234567890123</AADHAAR_TOKEN>",
            "FIR_DETAILS[1]/COMPLAINANT/AADHAAR_TOKEN",
            "holds an Aadhaar number",
        ),
        (
            b"<GENDER>M</GENDER>",
            b"<GENDER>X</GENDER>",
            "FIR_DETAILS[1]/COMPLAINANT/GENDER",
            "'X' is not a gender",
        ),
        (
            b"<ACCUSED_CD>A1</ACCUSED_CD>",
            b"<ACCUSED_CD>first</ACCUSED_CD>",
            "FIR_DETAILS[1]/ACCUSED_LIST/ACCUSED/ACCUSED_CD",
            "'FIRST' is not an accused code",
        ),
        (
            b"<PROP_VALUE>1,200</PROP_VALUE>",
            b"<PROP_VALUE>twelve hundred</PROP_VALUE>",
            "FIR_DETAILS[1]/PROPERTY_STOLEN/PROP_ITEM[2]/PROP_VALUE",
            "is not an amount in rupees",
        ),
        (
            b"<COURT_DISPATCH_DT>03/08/2024 16:05</COURT_DISPATCH_DT>",
            b"<COURT_DISPATCH_DT>03/08/2024 09:05</COURT_DISPATCH_DT>",
            "FIR_DETAILS[1]/COURT_DISPATCH_DT",
            "before the FIR was registered",
        ),
    ],
)
def test_a_bad_field_is_refused_naming_it_and_the_rule(
    cas: CasAdapter, old: bytes, new: bytes, field: str, rule: str
) -> None:
    # Given the good Faridabad export with one field made bad
    good = sample("fir-faridabad-theft-2024.xml")
    assert old in good
    native = good.replace(old, new, 1)
    # When it is decoded
    refusal = one_refusal(cas, native)
    # Then the refusal names that native field and the rule it broke, with a line
    assert refusal.field == field
    assert rule in str(refusal)
    assert refusal.line is not None


@pytest.mark.parametrize(
    ("native", "rule"),
    [
        (b"<FIRS><FIR_DETAILS/></FIRS>", "a CAS export's root is CAS_EXPORT"),
        (b"<CAS_EXPORT/>", "the export holds no records"),
        (b'<CAS_EXPORT VERSION="2.0"><FIR_DETAILS/></CAS_EXPORT>', "export format version '2.0' is not supported"),
        (b"<CAS_EXPORT><FIR_DETAILS>", "not well-formed XML"),
        (b"", "empty document"),
    ],
)
def test_a_document_that_is_not_a_cas_export_is_refused_whole(cas: CasAdapter, native: bytes, rule: str) -> None:
    # Given bytes that are not a CAS export
    # When they are decoded
    # Then the whole document is refused, saying why
    with pytest.raises(AdapterError, match=rule):
        cas.decode(native)


def test_the_readme_example_decodes_to_a_valid_record(cas: CasAdapter, fir_schema: etree.XMLSchema) -> None:
    # Given the example export in the adapter's README
    readme = (Path(adapters.cas.__file__).parent / "README.md").read_text(encoding="utf-8")
    native = readme.split("```xml\n", 1)[1].split("```", 1)[0].encode()
    # When it is decoded
    (root,) = decode_ok(cas, native)
    # Then the documented format is the one the adapter reads
    assert fir_schema.validate(root), [e.message for e in fir_schema.error_log]
