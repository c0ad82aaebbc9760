"""The record header both TraKea exports carry on their record's first row: TraKea's key of the record, the
lab case and FIR it belongs to, and TraKea's own entry and modification times (never the hub's clock)."""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree

from adapters.base import AdapterError, record_id
from adapters.trakea.csvio import Row
from adapters.trakea.fields import CODE, DATETIME, Where, add, integer, q

SOURCE_SYSTEM = "trakea"
SOURCE_PILLAR = "forensics"

# The columns of the header, in the order the exports write them (after the record's id column).
KEY_COLUMNS = (
    "LAB_CASE_NO",
    "FIR_STATE_CD",
    "FIR_DIST_CD",
    "FIR_PS_CD",
    "FIR_NO",
    "CNR",
    "PRISONER_ID",
    "PRISON_STATE_CD",
    "PRISON_CD",
)
TIME_COLUMNS = ("ENTRY_DT", "MODIFIED_DT")
REQUIRED = ("LAB_CASE_NO", "FIR_STATE_CD", "FIR_DIST_CD", "FIR_PS_CD", "FIR_NO", "ENTRY_DT")

_FIR_NO = re.compile(r"(?P<serial>\d{1,6})\s*/\s*(?P<year>\d{4})")
_PS_CODE = re.compile(r"[A-Z0-9]{1,12}")
_CNR = re.compile(r"[A-Z]{4}[A-Z0-9]{2}\d{10}")


def _where(row: Row, column: str) -> Where:
    return Where(row.field(column), row.line)


def _required(row: Row, column: str) -> str:
    value = row.value(column)
    if value is None:
        raise row.error("required, but empty or not in the file", column)
    return value


def _code(row: Row, column: str, *, required: bool = False) -> str | None:
    value = _required(row, column) if required else row.value(column)
    return None if value is None else CODE.read(value, _where(row, column))[0]


def _number(row: Row, column: str, high: int) -> str:
    return str(integer(_required(row, column), _where(row, column), low=1, high=high))


def read_header(root: etree._Element, row: Row, *, record_type: str, id_column: str) -> str:
    """Add the canonical Header to ``root`` from the record's first row; returns the source record id."""
    source_record_id = _code(row, id_column, required=True)
    assert source_record_id is not None
    entered = DATETIME.read(_required(row, "ENTRY_DT"), _where(row, "ENTRY_DT"))[0]
    created = entered
    modified_text = row.value("MODIFIED_DT")
    if modified_text is not None:
        created = DATETIME.read(modified_text, _where(row, "MODIFIED_DT"))[0]
        if _instant(created) < _instant(entered):
            raise row.error(f"{modified_text!r} is before the record was entered (ENTRY_DT)", "MODIFIED_DT")

    state = _number(row, "FIR_STATE_CD", 99)
    district = _number(row, "FIR_DIST_CD", 9999)
    station = _required(row, "FIR_PS_CD").upper()
    if not _PS_CODE.fullmatch(station):
        raise row.error(f"{station!r} is not a police station code (1 to 12 letters or digits)", "FIR_PS_CD")
    fir_no = _required(row, "FIR_NO")
    match = _FIR_NO.fullmatch(fir_no)
    if match is None:
        raise row.error(f"{fir_no!r} is not an FIR number: expected serial/year, e.g. 412/2024", "FIR_NO")
    serial, year = int(match["serial"]), int(match["year"])
    if serial < 1 or not 1950 <= year <= 2100:
        raise row.error(f"{fir_no!r}: the serial must be 1 to 999999 and the year 1950 to 2100", "FIR_NO")
    cnr = row.value("CNR")
    if cnr is not None:
        cnr = re.sub(r"[\s\-]", "", cnr).upper()
        if not _CNR.fullmatch(cnr):
            raise row.error(f"{row.value('CNR')!r} is not a CNR (16 characters, e.g. HRFB010012342024)", "CNR")
    lab_case = _code(row, "LAB_CASE_NO", required=True)
    prisoner = [row.value(column) for column in ("PRISONER_ID", "PRISON_STATE_CD", "PRISON_CD")]
    if any(prisoner):
        for column in ("PRISONER_ID", "PRISON_STATE_CD", "PRISON_CD"):
            _required(row, column)

    header = add(root, "Header")
    add(header, "RecordId", record_id(SOURCE_SYSTEM, record_type, source_record_id))
    add(header, "RecordType", record_type)
    add(header, "Version", "1")
    add(header, "SourceSystem", SOURCE_SYSTEM)
    add(header, "SourcePillar", SOURCE_PILLAR)
    add(header, "SourceRecordId", source_record_id)
    add(header, "CreatedAt", created)
    keys = add(header, "CaseKeys")
    fir_key = add(keys, "FirKey")
    for name, value in (
        ("StateCode", state),
        ("DistrictCode", district),
        ("PoliceStationCode", station),
        ("Year", str(year)),
        ("Serial", str(serial)),
    ):
        add(fir_key, name, value)
    if cnr is not None:
        add(keys, "Cnr", cnr)
    add(keys, "LabCaseNumber", lab_case)
    if any(prisoner):
        add(
            keys,
            "PrisonerId",
            _code(row, "PRISONER_ID"),
            stateCode=_number(row, "PRISON_STATE_CD", 99),
            prisonCode=_code(row, "PRISON_CD") or "",
        )
    return source_record_id


def _instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def write_header(root: etree._Element, *, id_column: str) -> dict[str, str]:
    """The header's cells, from a canonical record's Header. Raises AdapterError naming what is missing."""
    name = etree.QName(root).localname
    header = _need(root, "Header", name)
    keys = _need(header, "CaseKeys", f"{name}/Header")
    fir_key = _need(keys, "FirKey", f"{name}/Header/CaseKeys")
    fir_path = f"{name}/Header/CaseKeys/FirKey"
    created_path = f"{name}/Header/CreatedAt"
    cells = {
        id_column: _need_text(header, "SourceRecordId", f"{name}/Header"),
        "LAB_CASE_NO": _need_text(keys, "LabCaseNumber", f"{name}/Header/CaseKeys"),
        "FIR_STATE_CD": _need_text(fir_key, "StateCode", fir_path),
        "FIR_DIST_CD": _need_text(fir_key, "DistrictCode", fir_path),
        "FIR_PS_CD": _need_text(fir_key, "PoliceStationCode", fir_path),
        "FIR_NO": f"{_need_text(fir_key, 'Serial', fir_path)}/{_need_text(fir_key, 'Year', fir_path)}",
        "ENTRY_DT": DATETIME.write([_need_text(header, "CreatedAt", f"{name}/Header")], Where(created_path, None)),
    }
    cnr = keys.find(q("Cnr"))
    if cnr is not None and (cnr.text or "").strip():
        cells["CNR"] = (cnr.text or "").strip()
    prisoner = keys.find(q("PrisonerId"))
    if prisoner is not None:
        cells["PRISONER_ID"] = (prisoner.text or "").strip()
        cells["PRISON_STATE_CD"] = prisoner.get("stateCode", "")
        cells["PRISON_CD"] = prisoner.get("prisonCode", "")
    return cells


def _need(parent: etree._Element, name: str, path: str) -> etree._Element:
    found = parent.find(q(name))
    if found is None:
        raise AdapterError("required element is missing from the canonical record", field=f"{path}/{name}")
    return found


def _need_text(parent: etree._Element, name: str, path: str) -> str:
    text = (_need(parent, name, path).text or "").strip()
    if not text:
        raise AdapterError("required element is empty in the canonical record", field=f"{path}/{name}")
    return text
