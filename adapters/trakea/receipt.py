"""TraKea's sample receipt export <-> canonical forensic-receipt records.

One row per exhibit received; the receipt's own columns are repeated on each of its rows (or left empty after its
first row). Consecutive rows with the same RECEIPT_ID (or an empty one) are one receipt.
"""

from __future__ import annotations

from datetime import date, datetime

from adapters.base import AdapterError
from adapters.notation import IST
from adapters.trakea.codes import DIVISION, PRIORITY, SEAL
from adapters.trakea.csvio import Row, Table, write_table
from adapters.trakea.fields import (
    CODE,
    DATE,
    DATETIME,
    LINE,
    NAME,
    QR,
    SERIAL,
    TEXT,
    Col,
    Need,
    add,
    q,
    read_cols,
    text,
    write_cols,
)
from adapters.trakea.header import KEY_COLUMNS, REQUIRED, TIME_COLUMNS, read_header, write_header
from adapters.trakea.layout import check_header, columns_of, new_root, parse_canonical, required_of, serialise

RECORD_TYPE = "forensic-receipt"
ROOT = "ForensicReceipt"
ID_COLUMN = "RECEIPT_ID"

BEFORE_EXHIBITS = (
    Col("LAB_CD", "Lab/LabCode", CODE, Need.ALWAYS),
    Col("LAB_NAME", "Lab/Name", LINE, Need.ALWAYS),
    Col("RECV_DT", "ReceivedAt", DATETIME, Need.ALWAYS),
    Col("RECV_BY_NAME", "ReceivedBy/Name", NAME, Need.WITH_GROUP),
    Col("RECV_BY_NAME_ENG", "ReceivedBy/NameRomanised", LINE),
    Col("RECV_BY_DESIG", "ReceivedBy/Designation", LINE, Need.WITH_GROUP),
    Col("FWD_LETTER_NO", "ForwardingLetter/Number", CODE, Need.WITH_GROUP),
    Col("FWD_LETTER_DT", "ForwardingLetter/Date", DATE, Need.WITH_GROUP),
    Col("PRIORITY", "Priority", PRIORITY, Need.ALWAYS),
    Col("DUE_DT", "DueBy", DATE),
)
AFTER_EXHIBITS = (Col("REMARKS", "Remarks", TEXT),)
EXHIBIT = (
    Col("EXHIBIT_NO", "ExhibitNumber", CODE, Need.ALWAYS),
    Col("MALKHANA_NO", "SeizureMemo/PropertyRegisterNumber", CODE, Need.ALWAYS),
    Col("MEMO_SR_NO", "SeizureMemo/Serial", SERIAL, Need.ALWAYS),
    Col("EXHIBIT_DESC", "Description", TEXT, Need.ALWAYS),
    Col("PACKING", "Packaging", LINE),
    Col("SEAL_STATUS", "SealCondition", SEAL, Need.ALWAYS),
    Col("SEAL_REMARKS", "SealRemarks", TEXT),
    Col("QR_CODE", "QrCode", QR, Need.ALWAYS),
    Col("DIVISION", "AssignedDivision", DIVISION, Need.ALWAYS),
)

RECORD_COLUMNS = (ID_COLUMN, *KEY_COLUMNS, *columns_of(BEFORE_EXHIBITS, AFTER_EXHIBITS), *TIME_COLUMNS)
COLUMNS = (*RECORD_COLUMNS, *columns_of(EXHIBIT))
REQUIRED_COLUMNS = (ID_COLUMN, *REQUIRED, *required_of(BEFORE_EXHIBITS, AFTER_EXHIBITS, EXHIBIT))


def decode_receipts(table: Table) -> list[bytes | AdapterError]:
    check_header(table, known=COLUMNS, required=REQUIRED_COLUMNS, what="a TraKea receipt export")
    results: list[bytes | AdapterError] = []
    for rows, problem in _receipts(table.rows):
        try:
            if problem is not None:
                raise problem
            results.append(decode_receipt(rows))
        except AdapterError as exc:
            results.append(exc)
    if not results:
        raise AdapterError("the export has a header but no rows", field="row 2", line=table.header_line + 1)
    return results


def _receipts(rows: tuple[Row, ...]) -> list[tuple[list[Row], AdapterError | None]]:
    """Consecutive rows of one RECEIPT_ID (an empty one continues the receipt above)."""
    groups: list[tuple[list[Row], AdapterError | None]] = []
    first_rows: dict[str, Row] = {}
    current: str | None = None
    for row in rows:
        try:
            receipt = row.same(ID_COLUMN)
        except AdapterError as exc:
            groups.append(([row], exc))
            current = None
            continue
        if groups and (receipt is None or receipt == current):
            groups[-1][0].append(row)  # the receipt above continues
            continue
        problem = None
        if receipt is not None and receipt in first_rows:
            problem = row.error(
                f"receipt {receipt!r} began in row {first_rows[receipt].number}; a receipt's rows must be consecutive",
                ID_COLUMN,
            )
        elif receipt is not None:
            first_rows[receipt] = row
        groups.append(([row], problem))
        current = receipt
    return groups


def repeated_consistently(rows: list[Row], columns: tuple[str, ...], what: str) -> None:
    """Later rows of a record repeat its first row's values, or leave them empty."""
    first = rows[0]
    for row in rows[1:]:
        for column in columns:
            value = row.same(column)
            if value is not None and value != first.same(column):
                shown = first.same(column)
                raise row.error(
                    f"{value!r} differs from {'an empty cell' if shown is None else repr(shown)} in row "
                    f"{first.number}, the {what}'s first row; repeat its value or leave the cell empty",
                    column,
                )


def decode_receipt(rows: list[Row]) -> bytes:
    first = rows[0]
    for row in rows:
        row.check_stray()
    repeated_consistently(rows, RECORD_COLUMNS, "receipt")
    root = new_root(ROOT)
    read_header(root, first, record_type=RECORD_TYPE, id_column=ID_COLUMN)
    read_cols(root, BEFORE_EXHIBITS, first)
    exhibits = add(root, "Exhibits")
    seen: dict[tuple[str, str], Row] = {}
    for row in rows:
        exhibit = add(exhibits, "Exhibit")
        read_cols(exhibit, EXHIBIT, row)
        memo = f"{text(exhibit, 'SeizureMemo/PropertyRegisterNumber')} #{text(exhibit, 'SeizureMemo/Serial')}"
        for key, column in (
            (("exhibit number", text(exhibit, "ExhibitNumber")), "EXHIBIT_NO"),
            (("QR code", text(exhibit, "QrCode")), "QR_CODE"),
            (("seizure memo entry (MALKHANA_NO and MEMO_SR_NO)", memo), "MEMO_SR_NO"),
        ):
            if key in seen:
                raise row.error(f"the same {key[0]} as row {seen[key].number} of this receipt", column)
            seen[key] = row
        if text(exhibit, "SealCondition") == "broken" and exhibit.find(q("SealRemarks")) is None:
            raise row.error("a broken seal needs SEAL_REMARKS: what was wrong and what the lab did", "SEAL_REMARKS")
    read_cols(root, AFTER_EXHIBITS, first)
    received = datetime.fromisoformat(text(root, "ReceivedAt")).astimezone(IST).date()
    letter = root.find(f"{q('ForwardingLetter')}/{q('Date')}")
    if letter is not None and date.fromisoformat(letter.text or "") > received:
        raise first.error(
            f"the forwarding letter is dated after the exhibits were received on {received:%d/%m/%Y}", "FWD_LETTER_DT"
        )
    due = root.find(q("DueBy"))
    if due is not None and date.fromisoformat(due.text or "") < received:
        raise first.error(f"the report is due before the exhibits were received on {received:%d/%m/%Y}", "DUE_DT")
    return serialise(root)


def encode_receipt(canonical: bytes) -> bytes:
    root = parse_canonical(canonical, ROOT)
    record = write_header(root, id_column=ID_COLUMN)
    record.update(write_cols(root, BEFORE_EXHIBITS + AFTER_EXHIBITS, ROOT))
    exhibits = root.findall(f"{q('Exhibits')}/{q('Exhibit')}")
    if not exhibits:
        raise AdapterError("a receipt needs at least one exhibit", field=f"{ROOT}/Exhibits/Exhibit")
    rows = [
        record | write_cols(exhibit, EXHIBIT, f"{ROOT}/Exhibits/Exhibit[{number}]")
        for number, exhibit in enumerate(exhibits, start=1)
    ]
    return write_table(COLUMNS, rows)
