"""TraKea's report dispatch export <-> canonical forensic-report records.

A report is a REPORT row followed by its EXHIBIT, ANALYST and FINDING rows (ROW_TYPE says which); all share one
header, and each row type fills only its own columns.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree

from adapters.base import AdapterError
from adapters.trakea.codes import DIVISION, OUTCOME, SEAL
from adapters.trakea.csvio import Row, Table, write_table
from adapters.trakea.fields import (
    CERT_SERIAL,
    CODE,
    CODE_LIST,
    DATETIME,
    LINE,
    NAME,
    QR,
    SHA256,
    TEXT,
    XML_ID,
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

RECORD_TYPE = "forensic-report"
ROOT = "ForensicReport"
ID_COLUMN = "REPORT_ID"
TYPE_COLUMN = "ROW_TYPE"

BEFORE_PARTS = (
    Col("LAB_CD", "Lab/LabCode", CODE, Need.ALWAYS),
    Col("LAB_NAME", "Lab/Name", LINE, Need.ALWAYS),
    Col("REPORT_NO", "ReportNumber", CODE, Need.ALWAYS),
)
AFTER_PARTS = (
    Col("REMARKS", "Remarks", TEXT),
    Col("SIGNER_NAME", "ESignature/Signer/Name", NAME, Need.ALWAYS),
    Col("SIGNER_NAME_ENG", "ESignature/Signer/NameRomanised", LINE),
    Col("SIGNER_DESIG", "ESignature/Signer/Designation", LINE, Need.ALWAYS),
    Col("CERT_SERIAL", "ESignature/CertificateSerial", CERT_SERIAL, Need.ALWAYS),
    Col("CERT_ISSUER", "ESignature/CertificateIssuer", LINE),
    Col("SIGNED_DT", "ESignature/SignedAt", DATETIME, Need.ALWAYS),
    Col("SIGNED_DOC_SHA256", "ESignature/SignedDocumentSha256", SHA256),
    Col("DISPATCH_DT", "DispatchedAt", DATETIME, Need.ALWAYS),
)
EXHIBIT = (
    Col("EXHIBIT_NO", "ExhibitNumber", CODE, Need.ALWAYS),
    Col("QR_CODE", "QrCode", QR, Need.ALWAYS),
    Col("EXHIBIT_DESC", "Description", TEXT, Need.ALWAYS),
    Col("SEAL_STATUS", "SealCondition", SEAL),
)
ANALYST = (
    Col("ANALYST_ID", "@id", XML_ID, Need.ALWAYS),
    Col("NAME", "Name", NAME, Need.ALWAYS),
    Col("NAME_ENG", "NameRomanised", LINE),
    Col("DESIG", "Designation", LINE, Need.ALWAYS),
    Col("DIVISION", "Division", DIVISION, Need.ALWAYS),
)
FINDING = (
    Col("ANALYST_ID", "@analystRef", XML_ID, Need.ALWAYS),
    Col("EXHIBIT_NO", "ExhibitNumber", CODE_LIST, Need.ALWAYS),
    Col("DIVISION", "Division", DIVISION, Need.ALWAYS),
    Col("METHOD", "Method", LINE),
    Col("RESULT", "Result", TEXT, Need.ALWAYS),
    Col("CONCLUSION", "Conclusion", TEXT, Need.ALWAYS),
    Col("OUTCOME", "Outcome", OUTCOME, Need.ALWAYS),
)

# Row types as TraKea writes them (first) and as operators abbreviate them.
ROW_TYPES = {"REPORT": ("RPT", "R"), "EXHIBIT": ("EXH", "E"), "ANALYST": ("ANL", "A"), "FINDING": ("FND", "F")}
_ROW_TYPE_LOOKUP = {spelling: name for name, spellings in ROW_TYPES.items() for spelling in (name, *spellings)}

REPORT_COLUMNS = (ID_COLUMN, TYPE_COLUMN, *KEY_COLUMNS, *columns_of(BEFORE_PARTS, AFTER_PARTS), *TIME_COLUMNS)
COLUMNS = (
    ID_COLUMN,
    TYPE_COLUMN,
    *KEY_COLUMNS,
    *columns_of(BEFORE_PARTS, EXHIBIT, ANALYST, FINDING, AFTER_PARTS),
    *TIME_COLUMNS,
)
REQUIRED_COLUMNS = (
    ID_COLUMN,
    TYPE_COLUMN,
    *REQUIRED,
    *required_of(BEFORE_PARTS, EXHIBIT, ANALYST, FINDING, AFTER_PARTS),
)
# One report's rows (with their row types), or the refusal of the rows that could not be one.
_Group = tuple[list[tuple[str, Row]], AdapterError | None]

_USES = {
    "REPORT": frozenset(REPORT_COLUMNS),
    "EXHIBIT": frozenset((ID_COLUMN, TYPE_COLUMN, *columns_of(EXHIBIT))),
    "ANALYST": frozenset((ID_COLUMN, TYPE_COLUMN, *columns_of(ANALYST))),
    "FINDING": frozenset((ID_COLUMN, TYPE_COLUMN, *columns_of(FINDING))),
}


def decode_reports(table: Table) -> list[bytes | AdapterError]:
    check_header(table, known=COLUMNS, required=REQUIRED_COLUMNS, what="a TraKea report export")
    results: list[bytes | AdapterError] = []
    for rows, problem in _reports(table):
        try:
            if problem is not None:
                raise problem
            results.append(decode_report(rows))
        except AdapterError as exc:
            results.append(exc)
    if not results:
        raise AdapterError("the export has a header but no rows", field="row 2", line=table.header_line + 1)
    return results


def _row_type(row: Row) -> str:
    value = row.value(TYPE_COLUMN)
    if value is None:
        raise row.error("required: REPORT, EXHIBIT, ANALYST or FINDING", TYPE_COLUMN)
    found = _ROW_TYPE_LOOKUP.get(re.sub(r"\s", "", value.upper()))
    if found is None:
        raise row.error(f"{value!r} is not a row type (REPORT, EXHIBIT, ANALYST or FINDING)", TYPE_COLUMN)
    return found


def _reports(table: Table) -> list[_Group]:
    """Each REPORT row with the rows after it; rows that belong to no report, or a bad row type, are refused."""
    groups: list[_Group] = []
    report_rows: dict[str, Row] = {}
    orphan = False
    for row in table.rows:
        try:
            kind = _row_type(row)
        except AdapterError as exc:
            _fail_current(groups, orphan, exc)  # the report this row was part of fails with it
            continue
        if kind != "REPORT":
            if groups and not orphan:
                groups[-1][0].append((kind, row))
            elif not orphan:
                orphan = True
                message = f"a {kind} row before any REPORT row; each report begins with its REPORT row"
                groups.append(([], row.error(message, TYPE_COLUMN)))
            continue
        orphan = False
        problem: AdapterError | None = None
        try:
            report = row.same(ID_COLUMN)
        except AdapterError as exc:
            report, problem = None, exc
        if report is not None and report in report_rows:
            problem = row.error(
                f"report {report!r} began in row {report_rows[report].number}; a report's rows must be consecutive",
                ID_COLUMN,
            )
        elif report is not None:
            report_rows[report] = row
        groups.append(([(kind, row)], problem))
    return groups


def _fail_current(groups: list[_Group], orphan: bool, exc: AdapterError) -> None:
    if orphan:
        return  # already refused: rows before any REPORT row
    if not groups:
        groups.append(([], exc))
    elif groups[-1][1] is None:
        groups[-1] = (groups[-1][0], exc)


def decode_report(rows: list[tuple[str, Row]]) -> bytes:
    (_, first), children = rows[0], rows[1:]
    for kind, row in rows:
        row.check_stray()
        for column in row.cells:
            if column not in _USES[kind] and row.value(column) is not None:
                raise row.error(f"{kind} rows do not use this column; leave it empty", column)
    for _, row in children:
        value = row.same(ID_COLUMN)
        if value is not None and value != first.same(ID_COLUMN):
            raise row.error(
                f"{value!r} is not the report of row {first.number}; each report begins with its own REPORT row",
                ID_COLUMN,
            )
    root = new_root(ROOT)
    read_header(root, first, record_type=RECORD_TYPE, id_column=ID_COLUMN)
    read_cols(root, BEFORE_PARTS, first)
    by_kind: dict[str, list[Row]] = {"EXHIBIT": [], "ANALYST": [], "FINDING": []}
    for kind, row in children:
        by_kind[kind].append(row)
    for kind in by_kind:
        if not by_kind[kind]:
            raise first.error(f"a report needs at least one {kind} row after its REPORT row", TYPE_COLUMN)

    exhibit_rows: dict[str, Row] = {}
    qr_rows: dict[str, Row] = {}
    exhibits = add(root, "Exhibits")
    for row in by_kind["EXHIBIT"]:
        exhibit = add(exhibits, "Exhibit")
        read_cols(exhibit, EXHIBIT, row)
        _once(exhibit_rows, text(exhibit, "ExhibitNumber"), row, "EXHIBIT_NO", "exhibit number")
        _once(qr_rows, text(exhibit, "QrCode"), row, "QR_CODE", "QR code")
    analyst_rows: dict[str, Row] = {}
    analysts = add(root, "Analysts")
    for row in by_kind["ANALYST"]:
        analyst = add(analysts, "Analyst")
        read_cols(analyst, ANALYST, row)
        _once(analyst_rows, analyst.get("id", ""), row, "ANALYST_ID", "analyst id")
    findings = add(root, "Findings")
    for row in by_kind["FINDING"]:
        finding = add(findings, "Finding")
        read_cols(finding, FINDING, row)
        if finding.get("analystRef") not in analyst_rows:
            raise row.error(f"{finding.get('analystRef')!r} is not the ANALYST_ID of an ANALYST row", "ANALYST_ID")
        for number in finding.iterchildren(q("ExhibitNumber")):
            if number.text not in exhibit_rows:
                raise row.error(f"exhibit {number.text!r} is not the EXHIBIT_NO of an EXHIBIT row", "EXHIBIT_NO")
    read_cols(root, AFTER_PARTS, first)
    signed = datetime.fromisoformat(text(root, "ESignature/SignedAt"))
    if datetime.fromisoformat(text(root, "DispatchedAt")) < signed:
        raise first.error("dispatched before the report was signed (SIGNED_DT)", "DISPATCH_DT")
    return serialise(root)


def _once(seen: dict[str, Row], key: str, row: Row, column: str, what: str) -> None:
    if key in seen:
        raise row.error(f"the same {what} as row {seen[key].number} of this report", column)
    seen[key] = row


def encode_report(canonical: bytes) -> bytes:
    root = parse_canonical(canonical, ROOT)
    report = write_header(root, id_column=ID_COLUMN)
    report.update(write_cols(root, BEFORE_PARTS + AFTER_PARTS, ROOT))
    report[TYPE_COLUMN] = "REPORT"
    rows = [report]
    for kind, container, part, cols in (
        ("EXHIBIT", "Exhibits", "Exhibit", EXHIBIT),
        ("ANALYST", "Analysts", "Analyst", ANALYST),
        ("FINDING", "Findings", "Finding", FINDING),
    ):
        elements = _parts(root, container, part)
        if not elements:
            raise AdapterError(f"a report needs at least one {part}", field=f"{ROOT}/{container}/{part}")
        for number, element in enumerate(elements, start=1):
            cells = write_cols(element, cols, f"{ROOT}/{container}/{part}[{number}]")
            rows.append({ID_COLUMN: report[ID_COLUMN], TYPE_COLUMN: kind, **cells})
    return write_table(COLUMNS, rows)


def _parts(root: etree._Element, container: str, part: str) -> list[etree._Element]:
    return root.findall(f"{q(container)}/{q(part)}")
