"""adapters/trakea: TraKea receipt and report exports in, canonical forensic records out; police records out as
TraKea's case intake CSV; refusals that say which row and column."""

from __future__ import annotations

import csv
import io
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from lxml import etree

import adapters.trakea
import schemas
from adapters.base import CANONICAL_NS, Adapter, AdapterError, NativeDocument, record_id
from adapters.trakea import TrakeaAdapter
from hub.conformance import canonical_form
from hub.rules import check_rules
from hub.schemas import SchemaRegistry

SAMPLES = Path(adapters.trakea.__file__).parent / "samples"
BAD = Path(__file__).parent / "bad"
EXAMPLES = Path(schemas.__file__).parent / "v1" / "examples"
NS = {"r": CANONICAL_NS}

SAMPLE_FILES = sorted(SAMPLES.glob("*.csv"))
RECEIPT = SAMPLES / "receipt-faridabad-412-2024.csv"
REPORT = SAMPLES / "report-faridabad-412-2024.csv"
RECEIPTS = SAMPLES / "receipts-gurugram-2024-hisar-2023.csv"
REPORTS = SAMPLES / "reports-faridabad-gurugram-2024-hisar-2023.csv"
CONSUMED = ("crime-details", "property-seizure", "forensic-request")


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry()


@pytest.fixture
def trakea() -> TrakeaAdapter:
    return TrakeaAdapter()


# ------------------------------------------------------------------------------------------------ helpers


def decode_ok(trakea: TrakeaAdapter, native: bytes) -> list[bytes]:
    results = trakea.decode(native)
    refused = [str(result) for result in results if isinstance(result, AdapterError)]
    assert not refused, refused
    return [result for result in results if isinstance(result, bytes)]


def one_refusal(trakea: TrakeaAdapter, native: bytes) -> AdapterError:
    results = trakea.decode(native)
    assert len(results) == 1, results
    assert isinstance(results[0], AdapterError), "expected a refusal"
    return results[0]


def assert_valid(registry: SchemaRegistry, canonical: bytes) -> etree._Element:
    root = etree.fromstring(canonical)
    schema, issues = registry.validate(root)
    assert not issues, [str(issue) for issue in issues]
    assert not check_rules(root, schema), [str(issue) for issue in check_rules(root, schema)]
    return root


def read_csv(native: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(native.decode("utf-8-sig"), newline="")))


def write_csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> bytes:
    columns = columns or list(rows[0])
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def edited(path: Path, row: int, **cells: str) -> bytes:
    """The sample with some cells of one data row (0 = the first after the header) changed."""
    rows = read_csv(path.read_bytes())
    rows[row].update(cells)
    return write_csv(rows)


def text(root: etree._Element, path: str) -> str | None:
    found = root.find(path, NS)
    return None if found is None else found.text


# ------------------------------------------------------------------------------------------------ the adapter


def test_trakea_is_an_adapter_found_through_its_entry_point() -> None:
    # Given the installed package's entry points
    # When the trakea entry point is loaded and called as the hub does
    (entry,) = [entry for entry in entry_points(group="icjs_hub.adapters") if entry.name == "trakea"]
    adapter = entry.load()()
    # Then it is the forensics adapter producing receipts and reports and taking the police's records for the lab
    assert isinstance(adapter, Adapter)
    assert (adapter.name, adapter.pillar, adapter.version) == ("trakea", "forensics", "1.0")
    assert adapter.produces == frozenset({"forensic-receipt", "forensic-report"})
    assert adapter.consumes == frozenset(CONSUMED)
    assert adapter.samples_dir == SAMPLES


# ------------------------------------------------------------------------------------------------ good samples


def test_the_samples_cover_both_record_types_and_more_than_one_case(trakea: TrakeaAdapter) -> None:
    # Given every sample export
    records = [etree.fromstring(r) for path in SAMPLE_FILES for r in decode_ok(trakea, path.read_bytes())]
    # When their record types and lab cases are collected
    types = {text(root, "r:Header/r:RecordType") for root in records}
    cases = {text(root, "r:Header/r:CaseKeys/r:LabCaseNumber") for root in records}
    # Then both produced types appear, in the schema examples' case and in others
    assert types == {"forensic-receipt", "forensic-report"}
    assert "SFSL-MDB/2024/11873" in cases
    assert len(cases) >= 3


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_every_sample_decodes_to_records_the_hub_accepts(
    trakea: TrakeaAdapter, registry: SchemaRegistry, path: Path
) -> None:
    # Given a TraKea sample export
    native = path.read_bytes()
    # When it is decoded
    records = decode_ok(trakea, native)
    # Then every record passes the schema and the hub's rules and speaks for trakea
    assert records
    for canonical in records:
        root = assert_valid(registry, canonical)
        assert text(root, "r:Header/r:SourceSystem") == "trakea"
        assert text(root, "r:Header/r:SourcePillar") == "forensics"
        assert text(root, "r:Header/r:Version") == "1"


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_decoding_is_deterministic(path: Path) -> None:
    # Given a sample export
    native = path.read_bytes()
    # When two adapters decode it
    first = TrakeaAdapter().decode(native)
    second = TrakeaAdapter().decode(bytes(native))
    # Then the bytes are identical UTF-8 XML
    assert first == second
    assert all(isinstance(record, bytes) and record.startswith(b"<?xml") for record in first)


@pytest.mark.parametrize(
    ("sample", "example"),
    [(RECEIPT, "forensic-receipt.xml"), (REPORT, "forensic-report.xml")],
    ids=["receipt", "report"],
)
def test_the_faridabad_samples_are_the_schema_examples(trakea: TrakeaAdapter, sample: Path, example: str) -> None:
    # Given the Faridabad receipt and report as TraKea exports them
    native = sample.read_bytes()
    # When they are decoded
    (canonical,) = decode_ok(trakea, native)
    # Then each is exactly the schema's example record
    assert canonical_form(canonical) == canonical_form((EXAMPLES / example).read_bytes())


def test_the_record_id_is_that_of_trakeas_key(trakea: TrakeaAdapter) -> None:
    # Given the Gurugram and Hisar receipts
    records = [etree.fromstring(r) for r in decode_ok(trakea, RECEIPTS.read_bytes())]
    # When their headers are read
    ids = [(text(root, "r:Header/r:SourceRecordId"), text(root, "r:Header/r:RecordId")) for root in records]
    # Then the record id is derived from the receipt id, as the hub demands
    assert [source for source, _ in ids] == ["RFSL-GGN/2024/4417/R1", "RFSL-HSR/2023/2087/R1"]
    for source, given in ids:
        assert given == record_id("trakea", "forensic-receipt", source)


def test_the_supplementary_report_carries_the_court_and_prisoner_keys(trakea: TrakeaAdapter) -> None:
    # Given the export holding the Faridabad supplementary report (CNR typed with hyphens)
    first = etree.fromstring(decode_ok(trakea, REPORTS.read_bytes())[0])
    # When its case keys are read
    keys = first.find("r:Header/r:CaseKeys", NS)
    assert keys is not None
    prisoner = keys.find("r:PrisonerId", NS)
    # Then the CNR is normalised and the prisoner id scoped to District Jail Faridabad
    assert text(keys, "r:Cnr") == "HRFB010012342024"
    assert prisoner is not None
    assert (prisoner.text, prisoner.get("stateCode"), prisoner.get("prisonCode")) == ("UTP/1532/2024", "6", "DJFBD")


# ------------------------------------------------------------------------------------------------ messy input


def test_continuation_rows_may_repeat_the_receipt_or_leave_it_empty(trakea: TrakeaAdapter) -> None:
    # Given the Faridabad receipt with its first row's columns repeated in full on every row
    rows = read_csv(RECEIPT.read_bytes())
    record_columns = [c for c in rows[0] if c not in ("EXHIBIT_NO", "MALKHANA_NO", "MEMO_SR_NO", "EXHIBIT_DESC")]
    record_columns = [c for c in record_columns if c not in ("PACKING", "SEAL_STATUS", "SEAL_REMARKS", "QR_CODE")]
    record_columns = [c for c in record_columns if c != "DIVISION"]
    full = [row | {c: rows[0][c] for c in record_columns} for row in rows]
    # When both forms are decoded
    (repeated,) = decode_ok(trakea, write_csv(full))
    (blank,) = decode_ok(trakea, RECEIPT.read_bytes())
    # Then they are the same receipt, with all three exhibits
    assert repeated == blank
    assert len(etree.fromstring(blank).findall("r:Exhibits/r:Exhibit", NS)) == 3


@pytest.mark.parametrize(
    "written",
    [
        "09/08/2024 12:40",
        "09-08-2024 12:40",
        "09.08.2024 12:40:00",
        "9/8/2024 12:40 PM",
        "2024-08-09T12:40:00+05:30",
        "2024-08-09T07:10:00Z",
        "2024-08-09 12:40",
    ],
)
def test_receipt_times_are_read_in_every_way_labs_write_them(trakea: TrakeaAdapter, written: str) -> None:
    # Given the Faridabad receipt with its receipt time written another way
    native = edited(RECEIPT, 0, RECV_DT=written)
    # When it is decoded
    (canonical,) = decode_ok(trakea, native)
    received = text(etree.fromstring(canonical), "r:ReceivedAt")
    # Then the time is the same instant, IST unless an offset was given
    assert received in ("2024-08-09T12:40:00+05:30", "2024-08-09T07:10:00+00:00")


@pytest.mark.parametrize(
    ("column", "written", "path", "expected"),
    [
        ("PRIORITY", "सामान्य", "r:Priority", "normal"),
        ("PRIORITY", "most urgent", "r:Priority", "most-urgent"),
        ("PRIORITY", "U", "r:Priority", "urgent"),
        ("DIVISION", "Biology & Serology", "r:Exhibits/r:Exhibit/r:AssignedDivision", "biology-serology"),
        ("DIVISION", "questioned-documents", "r:Exhibits/r:Exhibit/r:AssignedDivision", "questioned-documents"),
        ("SEAL_STATUS", "ok", "r:Exhibits/r:Exhibit/r:SealCondition", "intact"),
        ("MEMO_SR_NO", "001", "r:Exhibits/r:Exhibit/r:SeizureMemo/r:Serial", "1"),
        ("FIR_PS_CD", "ps0031", "r:Header/r:CaseKeys/r:FirKey/r:PoliceStationCode", "PS0031"),
        ("FIR_NO", "0412 / 2024", "r:Header/r:CaseKeys/r:FirKey/r:Serial", "412"),
        ("DUE_DT", "2024-09-30", "r:DueBy", "2024-09-30"),
        ("LAB_NAME", "  Forensic   Science Laboratory  ", "r:Lab/r:Name", "Forensic Science Laboratory"),
    ],
)
def test_codes_and_numbers_are_read_as_operators_type_them(
    trakea: TrakeaAdapter, column: str, written: str, path: str, expected: str
) -> None:
    # Given the Faridabad receipt with one cell typed differently
    native = edited(RECEIPT, 0, **{column: written})
    # When it is decoded
    (canonical,) = decode_ok(trakea, native)
    # Then the canonical value is the same code
    assert text(etree.fromstring(canonical), path) == expected


def test_optional_columns_may_be_missing_from_the_file(trakea: TrakeaAdapter, registry: SchemaRegistry) -> None:
    # Given an older receipt export without any optional column
    optional = {"CNR", "PRISONER_ID", "PRISON_STATE_CD", "PRISON_CD", "RECV_BY_NAME", "RECV_BY_NAME_ENG"}
    optional |= {"RECV_BY_DESIG", "FWD_LETTER_NO", "FWD_LETTER_DT", "DUE_DT", "REMARKS", "MODIFIED_DT", "PACKING"}
    rows = read_csv(RECEIPT.read_bytes())
    rows[2]["SEAL_STATUS"] = "Intact"
    native = write_csv(rows, [column for column in rows[0] if column not in optional | {"SEAL_REMARKS"}])
    # When it is decoded
    (canonical,) = decode_ok(trakea, native)
    root = assert_valid(registry, canonical)
    # Then the record is valid and leaves the optional parts out
    for absent in ("r:ReceivedBy", "r:ForwardingLetter", "r:DueBy", "r:Remarks", "r:Exhibits/r:Exhibit/r:Packaging"):
        assert root.find(absent, NS) is None


def test_a_byte_order_mark_and_lf_line_ends_are_accepted(trakea: TrakeaAdapter) -> None:
    # Given the receipt as Excel saves it (BOM) with LF line ends
    native = b"\xef\xbb\xbf" + RECEIPT.read_bytes().replace(b"\r\n", b"\n")
    # When it is decoded
    # Then it is the same receipt
    assert decode_ok(trakea, native) == decode_ok(trakea, RECEIPT.read_bytes())


def test_modified_time_is_the_records_creation_time(trakea: TrakeaAdapter) -> None:
    # Given the receipt modified in TraKea after it was entered
    native = edited(RECEIPT, 0, MODIFIED_DT="10/08/2024 09:15")
    # When it is decoded
    (canonical,) = decode_ok(trakea, native)
    # Then CreatedAt is TraKea's modification time, never the hub's clock
    assert text(etree.fromstring(canonical), "r:Header/r:CreatedAt") == "2024-08-10T09:15:00+05:30"


def test_report_rows_may_come_in_any_order_and_use_short_row_types(trakea: TrakeaAdapter) -> None:
    # Given the Faridabad report with its findings first, abbreviated row types and no REPORT_ID after the first row
    rows = read_csv(REPORT.read_bytes())
    short = {"EXHIBIT": "exh", "ANALYST": "A", "FINDING": "fnd"}
    children = [row | {"ROW_TYPE": short[row["ROW_TYPE"]], "REPORT_ID": ""} for row in rows[1:]]
    children.sort(key=lambda row: ["fnd", "A", "exh"].index(row["ROW_TYPE"]))  # stable: order within a kind kept
    native = write_csv([rows[0], *children])
    # When it is decoded
    (canonical,) = decode_ok(trakea, native)
    # Then it is the schema example all the same
    assert canonical_form(canonical) == canonical_form((EXAMPLES / "forensic-report.xml").read_bytes())


# ------------------------------------------------------------------------------------------------ round trips


def produced_records() -> list[tuple[str, bytes]]:
    adapter = TrakeaAdapter()
    cases = []
    for path in SAMPLE_FILES:
        for number, canonical in enumerate(adapter.decode(path.read_bytes()), start=1):
            assert isinstance(canonical, bytes)
            cases.append((f"{path.name}#{number}", canonical))
    cases += [
        (f"example {name}", (EXAMPLES / f"{name}.xml").read_bytes()) for name in ("forensic-receipt", "forensic-report")
    ]
    return cases


@pytest.mark.parametrize(("label", "canonical"), produced_records(), ids=[label for label, _ in produced_records()])
def test_canonical_to_trakea_and_back_is_lossless(trakea: TrakeaAdapter, label: str, canonical: bytes) -> None:
    # Given a canonical receipt or report
    record_type = etree.fromstring(canonical).findtext("r:Header/r:RecordType", namespaces=NS)
    # When it is encoded as TraKea's export and decoded again
    native = trakea.encode(canonical, record_type)
    back = trakea.decode(native.content)
    # Then the same record comes back, from a CSV
    assert (native.extension, native.media_type) == ("csv", "text/csv; charset=utf-8")
    assert len(back) == 1 and isinstance(back[0], bytes), back
    assert canonical_form(back[0]) == canonical_form(canonical)


def test_a_time_in_another_offset_survives_the_round_trip(trakea: TrakeaAdapter) -> None:
    # Given the example receipt with its receipt time in UTC
    canonical = (
        (EXAMPLES / "forensic-receipt.xml")
        .read_bytes()
        .replace(b"<ReceivedAt>2024-08-09T12:40:00+05:30", b"<ReceivedAt>2024-08-09T07:10:00+00:00")
    )
    # When it goes to TraKea and back
    native = trakea.encode(canonical, "forensic-receipt")
    (back,) = decode_ok(trakea, native.content)
    # Then TraKea was given ISO 8601 and the instant and offset are kept
    assert read_csv(native.content)[0]["RECV_DT"] == "2024-08-09T07:10:00+00:00"
    assert text(etree.fromstring(back), "r:ReceivedAt") == "2024-08-09T07:10:00+00:00"


# ------------------------------------------------------------------------------------------------ consumed types


@pytest.mark.parametrize("record_type", CONSUMED)
def test_police_records_become_trakea_intake_csv(trakea: TrakeaAdapter, record_type: str) -> None:
    # Given the schema example of a record the lab receives from the police
    canonical = (EXAMPLES / f"{record_type}.xml").read_bytes()
    # When it is encoded for TraKea
    native = trakea.encode(canonical, record_type)
    rows = read_csv(native.content)
    # Then it is intake CSV naming the template, the FIR and the record, one row per line item
    assert isinstance(native, NativeDocument) and native.extension == "csv"
    expected = {"crime-details": "CRIME_DETAILS", "property-seizure": "SEIZURE_MEMO", "forensic-request": "FSL_REQUEST"}
    assert {row["RECORD_TYPE"] for row in rows} == {expected[record_type]}
    assert {(row["FIR_PS_CD"], row["FIR_NO"]) for row in rows} == {("PS0031", "412/2024")}
    assert {row["ICJS_RECORD_ID"] for row in rows} == {
        etree.fromstring(canonical).findtext("r:Header/r:RecordId", namespaces=NS)
    }
    assert len(rows) == {"crime-details": 2, "property-seizure": 3, "forensic-request": 3}[record_type]


def test_a_forensic_request_lists_each_exhibit_with_its_question(trakea: TrakeaAdapter) -> None:
    # Given the example forensic request
    canonical = (EXAMPLES / "forensic-request.xml").read_bytes()
    # When it is encoded for TraKea
    rows = read_csv(trakea.encode(canonical, "forensic-request").content)
    # Then each exhibit comes with its malkhana entry, division code and question, and the charges as written
    assert [(r["EXHIBIT_NO"], r["MALKHANA_NO"], r["MEMO_SR_NO"], r["DIVISION"]) for r in rows] == [
        ("1", "187/2024", "1", "PHY"),
        ("2", "187/2024", "2", "PHY"),
        ("3", "191/2024", "1", "CYB"),
    ]
    assert rows[2]["QUESTION"].startswith("Extract the footage")
    assert (rows[0]["SECTIONS"], rows[0]["OFFENCE_DT"], rows[0]["PRIORITY"]) == ("303(2) BNS", "02/08/2024", "NORMAL")
    assert rows[0]["LETTER_DT"] == "08/08/2024 17:00"


def test_a_seizure_memo_writes_charges_persons_and_items(trakea: TrakeaAdapter) -> None:
    # Given the example seizure memo (two charges with different offence dates)
    canonical = (EXAMPLES / "property-seizure.xml").read_bytes()
    # When it is encoded for TraKea
    rows = read_csv(trakea.encode(canonical, "property-seizure").content)
    # Then the charges read as on an FIR, from the earliest offence date, and every item is a row
    assert (rows[0]["SECTIONS"], rows[0]["OFFENCE_DT"]) == ("303(2), 317(2) BNS", "02/08/2024")
    assert (rows[0]["SEIZED_FROM"], rows[0]["PROF_RECEIVER"]) == ("मोहम्मद इरफ़ान (Mohd. Irfan)", "Y")
    assert [(r["MEMO_SR_NO"], r["SEALED"]) for r in rows] == [("1", "Y"), ("2", "Y"), ("3", "N")]
    assert rows[2]["VALUE_INR"] == "45000"


def redacted(record_type: str) -> bytes:
    """The example as the hub delivers it with every person's identity withheld."""
    root = etree.fromstring((EXAMPLES / f"{record_type}.xml").read_bytes())
    for person in root.iterfind(".//r:Persons/r:Person", NS):
        name = person.find("r:Name", NS)
        assert name is not None
        name.text = "[identity withheld: sexual-offence-victim]"
        for field in ("NameRomanised", "Alias", "Relative", "BirthDate", "AgeYears", "Occupation", "Address"):
            for element in person.findall(f"r:{field}", NS):
                person.remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("record_type", ["crime-details", "property-seizure"])
def test_redacted_records_still_encode_without_the_identity(trakea: TrakeaAdapter, record_type: str) -> None:
    # Given a record whose persons were redacted by the hub before delivery to forensics
    canonical = redacted(record_type)
    # When it is encoded for TraKea
    content = trakea.encode(canonical, record_type).content.decode()
    # Then it encodes, shows the placeholder and carries none of the withheld names
    assert "[identity withheld: sexual-offence-victim]" in content
    for withheld in ("Ramesh", "रमेश", "Irfan (", "Deepak", "Abdul Rashid", "1979"):
        assert withheld not in content


def test_a_request_with_few_optional_parts_still_encodes(trakea: TrakeaAdapter) -> None:
    # Given a forensic request without charges, brief facts, carrier, seal impressions or questions for exhibit 3
    root = etree.fromstring((EXAMPLES / "forensic-request.xml").read_bytes())
    for path in ("r:Charges", "r:BriefFacts", "r:Carrier", "r:Examination[@exhibit='3']"):
        for element in root.findall(path, NS):
            root.remove(element)
    for impression in root.findall("r:Exhibits/r:Exhibit/r:SealImpression", NS):
        impression.getparent().remove(impression)
    # When it is encoded for TraKea
    rows = read_csv(trakea.encode(etree.tostring(root), "forensic-request").content)
    # Then the missing columns are empty and exhibit 3 still has its row
    assert [row["EXHIBIT_NO"] for row in rows] == ["1", "2", "3"]
    assert (rows[0]["SECTIONS"], rows[0]["CARRIER_NAME"], rows[2]["DIVISION"], rows[2]["QUESTION"]) == ("", "", "", "")


# ------------------------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("name", "field", "line", "words"),
    [
        ("receipt-impossible-date.csv", "row 2, column RECV_DT", 2, "not a real date"),
        ("receipt-broken-seal-without-remarks.csv", "row 4, column SEAL_REMARKS", 4, "broken seal"),
        ("report-unknown-analyst.csv", "row 9, column ANALYST_ID", 9, "'AN3' is not the ANALYST_ID"),
        ("report-unknown-exhibit.csv", "row 8, column EXHIBIT_NO", 8, "exhibit '4'"),
    ],
)
def test_broken_files_are_refused_naming_row_and_column(
    trakea: TrakeaAdapter, name: str, field: str, line: int, words: str
) -> None:
    # Given a deliberately broken TraKea export
    native = (BAD / name).read_bytes()
    # When it is decoded
    refusal = one_refusal(trakea, native)
    # Then its one record is refused, naming the row, the column and the line
    assert (refusal.field, refusal.line) == (field, line)
    assert words in refusal.message


def test_a_bad_receipt_costs_no_other_receipt(trakea: TrakeaAdapter) -> None:
    # Given two receipts in one export, the second with a division TraKea does not have
    rows = read_csv(RECEIPTS.read_bytes())
    rows[4]["DIVISION"] = "Astrology"
    # When the export is decoded
    results = trakea.decode(write_csv(rows))
    # Then the first receipt is decoded and the second refused at its cell
    assert isinstance(results[0], bytes)
    assert isinstance(results[1], AdapterError)
    assert results[1].field == "row 6, column DIVISION"
    assert "'Astrology' is not a division" in results[1].message


def test_a_later_row_contradicting_the_receipt_is_refused(trakea: TrakeaAdapter) -> None:
    # Given the receipt's second row giving another priority than its first
    native = edited(RECEIPT, 1, PRIORITY="U")
    # When it is decoded
    refusal = one_refusal(trakea, native)
    # Then the contradiction is named where it is
    assert refusal.field == "row 3, column PRIORITY"
    assert "differs from 'N' in row 2" in refusal.message


@pytest.mark.parametrize(
    ("row", "cells", "field", "words"),
    [
        (2, {"QR_CODE": "TRK24-HR-11873-001"}, "row 4, column QR_CODE", "same QR code as row 2"),
        (2, {"EXHIBIT_NO": "2"}, "row 4, column EXHIBIT_NO", "same exhibit number as row 3"),
        (2, {"MALKHANA_NO": "187/2024", "MEMO_SR_NO": "2"}, "row 4, column MEMO_SR_NO", "same seizure memo entry"),
        (0, {"FWD_LETTER_DT": "10/08/2024"}, "row 2, column FWD_LETTER_DT", "after the exhibits were received"),
        (0, {"DUE_DT": "01/08/2024"}, "row 2, column DUE_DT", "before the exhibits were received"),
        (0, {"MODIFIED_DT": "09/08/2024 13:00"}, "row 2, column MODIFIED_DT", "before the record was entered"),
        (0, {"RECV_BY_DESIG": ""}, "row 2, column RECV_BY_DESIG", "required"),
        (0, {"FIR_NO": "412-2024"}, "row 2, column FIR_NO", "not an FIR number"),
        (0, {"CNR": "HRFB0100123"}, "row 2, column CNR", "not a CNR"),
        (0, {"PRISONER_ID": "UTP/1532/2024"}, "row 2, column PRISON_STATE_CD", "required"),
        (0, {"PRIORITY": "whenever"}, "row 2, column PRIORITY", "not a priority"),
        (0, {"LAB_CD": ""}, "row 2, column LAB_CD", "required"),
        (0, {"REMARKS": "bell\x07"}, "row 2, column REMARKS", "control character"),
    ],
)
def test_bad_receipt_cells_are_refused_where_they_are(
    trakea: TrakeaAdapter, row: int, cells: dict[str, str], field: str, words: str
) -> None:
    # Given the Faridabad receipt with a bad cell
    native = edited(RECEIPT, row, **cells)
    # When it is decoded
    refusal = one_refusal(trakea, native)
    # Then the refusal names that row and column
    assert refusal.field == field
    assert words in refusal.message


@pytest.mark.parametrize(
    ("row", "cells", "field", "words"),
    [
        (1, {"METHOD": "by eye"}, "row 3, column METHOD", "EXHIBIT rows do not use this column"),
        (5, {"ANALYST_ID": "AN1"}, "row 7, column ANALYST_ID", "same analyst id as row 6"),
        (1, {"REPORT_ID": "SFSL-MDB/2024/11873/RPT9"}, "row 3, column REPORT_ID", "not the report of row 2"),
        (0, {"DISPATCH_DT": "20/09/2024 16:00"}, "row 2, column DISPATCH_DT", "dispatched before"),
        (0, {"SIGNED_DOC_SHA256": "abc"}, "row 2, column SIGNED_DOC_SHA256", "not a SHA-256"),
        (0, {"CERT_SERIAL": "XYZ"}, "row 2, column CERT_SERIAL", "not a certificate serial"),
        (6, {"OUTCOME": "maybe"}, "row 8, column OUTCOME", "not a finding outcome"),
        (6, {"EXHIBIT_NO": "1,,2"}, "row 8, column EXHIBIT_NO", "empty entry"),
        (4, {"ANALYST_ID": "1AN"}, "row 6, column ANALYST_ID", "not a id"),
        (1, {"ROW_TYPE": "PHOTO"}, "row 3, column ROW_TYPE", "not a row type"),
    ],
)
def test_bad_report_cells_are_refused_where_they_are(
    trakea: TrakeaAdapter, row: int, cells: dict[str, str], field: str, words: str
) -> None:
    # Given the Faridabad report with a bad cell
    native = edited(REPORT, row, **cells)
    # When it is decoded
    refusal = one_refusal(trakea, native)
    # Then the refusal names that row and column
    assert refusal.field == field
    assert words in refusal.message


def test_a_receipt_without_its_id_is_refused(trakea: TrakeaAdapter) -> None:
    # Given the Faridabad receipt whose first row lost its RECEIPT_ID
    native = edited(RECEIPT, 0, RECEIPT_ID="")
    # When it is decoded
    results = trakea.decode(native)
    # Then the rows without an id are refused for it
    assert isinstance(results[0], AdapterError)
    assert (results[0].field, results[0].message) == (
        "row 2, column RECEIPT_ID",
        "required, but empty or not in the file",
    )


def test_a_report_without_findings_is_refused(trakea: TrakeaAdapter) -> None:
    # Given the Faridabad report without its FINDING rows
    rows = [row for row in read_csv(REPORT.read_bytes()) if row["ROW_TYPE"] != "FINDING"]
    # When it is decoded
    refusal = one_refusal(trakea, write_csv(rows))
    # Then the REPORT row is named
    assert refusal.field == "row 2, column ROW_TYPE"
    assert "at least one FINDING row" in refusal.message


def test_rows_before_any_report_row_are_refused_alone(trakea: TrakeaAdapter) -> None:
    # Given an exhibit row placed before the report it belongs to
    rows = read_csv(REPORT.read_bytes())
    native = write_csv([rows[1], *rows])
    # When the export is decoded
    results = trakea.decode(native)
    # Then the stray row is refused and the report still decodes
    assert isinstance(results[0], AdapterError) and results[0].field == "row 2, column ROW_TYPE"
    assert isinstance(results[1], bytes)


@pytest.mark.parametrize(
    ("native", "field", "words"),
    [
        (b"", "row 1", "header row"),
        (b"\xff\xfeR\x00E\x00", "document", "not UTF-8"),
        (b"FIR_NO,NAME\r\n1/2024,x\r\n", "row 1", "not a TraKea export"),
        (b"RECEIPT_ID,RECV_DATE\r\n", "row 1, column RECV_DATE", "no such column"),
        (b"RECEIPT_ID,RECEIPT_ID\r\n", "row 1, column RECEIPT_ID", "appears twice"),
        (b"REPORT_ID,ROW_TYPE\r\n", "row 1, column LAB_CASE_NO", "needs this column"),
        (b'RECEIPT_ID\r\n"open', "row 2", "not a well-formed CSV row"),
    ],
)
def test_what_is_not_a_trakea_export_is_refused_whole(
    trakea: TrakeaAdapter, native: bytes, field: str, words: str
) -> None:
    # Given bytes that are not a usable TraKea export
    # When they are decoded
    with pytest.raises(AdapterError) as caught:
        trakea.decode(native)
    # Then the whole document is refused, naming where
    assert caught.value.field == field
    assert words in caught.value.message


def test_a_header_without_rows_is_refused(trakea: TrakeaAdapter) -> None:
    # Given a receipt export's header and nothing else
    header = RECEIPT.read_bytes().split(b"\r\n")[0] + b"\r\n"
    # When it is decoded
    with pytest.raises(AdapterError, match="no rows") as caught:
        trakea.decode(header)
    # Then row 2 is named as missing
    assert caught.value.field == "row 2"


def test_a_value_beyond_the_header_is_refused(trakea: TrakeaAdapter) -> None:
    # Given a receipt row with one cell more than the header has columns
    lines = RECEIPT.read_bytes().split(b"\r\n")
    lines[1] += b",stray"
    # When it is decoded
    refusal = one_refusal(trakea, b"\r\n".join(lines))
    # Then the position of the stray cell is named
    assert refusal.field == "row 2, column 33"


@pytest.mark.parametrize("record_type", ["forensic-receipt", "forensic-report", *CONSUMED])
@pytest.mark.parametrize(
    "garbage", [b"", b"not xml", b"<Nope xmlns='urn:icjs:record:v1'/>", b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>"]
)
def test_encode_refuses_garbage(trakea: TrakeaAdapter, record_type: str, garbage: bytes) -> None:
    # Given something that is not a canonical record of the type
    # When it is encoded
    # Then it is refused with a clean AdapterError
    with pytest.raises(AdapterError):
        trakea.encode(garbage, record_type)


def test_encode_refuses_another_record_type(trakea: TrakeaAdapter) -> None:
    # Given a receipt passed off as a report, and a record type TraKea does not take
    receipt = (EXAMPLES / "forensic-receipt.xml").read_bytes()
    # When they are encoded
    # Then both are refused, naming what was expected
    with pytest.raises(AdapterError, match="expected a canonical ForensicReport"):
        trakea.encode(receipt, "forensic-report")
    with pytest.raises(AdapterError, match="trakea does not take 'court-order'"):
        trakea.encode((EXAMPLES / "court-order.xml").read_bytes(), "court-order")


def test_encode_refuses_a_receipt_missing_what_trakea_needs(trakea: TrakeaAdapter) -> None:
    # Given a receipt without its receipt time
    root = etree.fromstring((EXAMPLES / "forensic-receipt.xml").read_bytes())
    received = root.find("r:ReceivedAt", NS)
    assert received is not None
    root.remove(received)
    # When it is encoded
    with pytest.raises(AdapterError) as caught:
        trakea.encode(etree.tostring(root), "forensic-receipt")
    # Then the canonical path is named
    assert caught.value.field == "ForensicReceipt/ReceivedAt"
