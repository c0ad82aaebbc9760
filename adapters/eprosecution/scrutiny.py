"""e-Prosecution scrutiny exports <-> canonical prosecution-scrutiny records.

``decode_export`` reads a ``scrutinyRecords`` export into one canonical record (or the AdapterError refusing it) per
scrutiny; ``encode_scrutiny`` writes one canonical record back as a one-scrutiny export that decodes to the same
record. The canonical tree is built in the schema's order as the native fields are read. Nothing here reads the
clock: CreatedAt is e-Prosecution's own lastModifiedOn, or createdOn.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError, parse_native_xml, record_id
from adapters.eprosecution.fields import (
    DATE,
    IO_LEAVES,
    OFFICE_LEAVES,
    PERSON_KEYS,
    PROSECUTOR_LEAVES,
    STATE,
    UUID,
    Canon,
    Conv,
    Leaf,
    add,
    add_optional,
    check_party_id,
    code_conv,
    enum_conv,
    leaf_keys,
    q,
    read_charges,
    read_leaves,
    read_person,
    shown,
    text_conv,
    write_charges,
    write_leaves,
    write_person,
)
from adapters.eprosecution.jsontext import JsonArray, JsonObject, Obj, Source, decode_text, parse_json
from adapters.notation import IST

SOURCE_SYSTEM = "eprosecution"
SOURCE_PILLAR = "prosecution"
RECORD_TYPE = "prosecution-scrutiny"
SOURCE_APP = "ePROSECUTION"
API_VERSIONS = ("2.0", "2.1")
API_VERSION = "2.1"  # what encode writes
MAX_RECORDS = 2000

_ROOT_KEYS = ("exportHeader", "scrutinyRecords")
_EXPORT_HEADER_KEYS = ("sourceApp", "apiVersion", "stateCode", "officeCode", "generatedAt", "recordCount")
_SCRUTINY_KEYS = (
    "scrutinyId",
    "firRef",
    "cnrNo",
    "fslDocketNo",
    "prisonerRef",
    "finalReport",
    "office",
    "prosecutor",
    "receivedOn",
    "decidedOn",
    "charges",
    "accused",
    "decision",
    "legalOpinion",
    "createdOn",
    "lastModifiedOn",
)
_FIR_KEYS = ("stateLgdCode", "districtLgdCode", "psCode", "firNo")
_PRISONER_KEYS = ("prisonerNo", "stateLgdCode", "prisonCode")
_DECISION_KEYS = ("status", "remarks", "rejectionReason", "objections", "resubmitBy")

_SCRUTINY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.:\-]{0,63}$")
_PS_CODE = re.compile(r"^[A-Z0-9]{1,12}$")
_FIR_NO = re.compile(r"^(?P<serial>[0-9]{1,6})\s*[/\-]\s*(?P<year>[0-9]{4})$")
_CNR = re.compile(r"^[A-Z]{4}[A-Z0-9]{2}[0-9]{10}$")
_ACCUSED_CODE = re.compile(r"^[A-Z][0-9]{1,2}$")
_TEXT_LIMIT = 4000
_OPINION_LIMIT = 20000

REPORT_KIND = enum_conv(
    "a final report type",
    {"CS": "charge-sheet", "CHALLAN": "charge-sheet", "CHARGESHEET": "charge-sheet", "UNTRACE": "untraced"}
    | {"UNTRACE_REPORT": "untraced", "CANCELLATION": "false", "CANCELLATION_REPORT": "false", "NC": "non-cognizable"}
    | {"CIVIL": "civil-nature", "CIVIL_DISPUTE": "civil-nature"},
    {
        "charge-sheet": "CHARGE_SHEET",
        "untraced": "UNTRACED",
        "undetected": "UNDETECTED",
        "false": "FALSE",
        "mistake-of-fact": "MISTAKE_OF_FACT",
        "mistake-of-law": "MISTAKE_OF_LAW",
        "non-cognizable": "NON_COGNIZABLE",
        "civil-nature": "CIVIL_NATURE",
    },
)
_SEQUENCE = enum_conv(
    "a report sequence (ORIGINAL, SUPPLEMENTARY)",
    {"O": "original", "S": "supplementary", "SUPPL": "supplementary", "SUPPLEMENTARY_REPORT": "supplementary"},
    {"original": "ORIGINAL", "supplementary": "SUPPLEMENTARY"},
)
# A report is the original one unless e-Prosecution says it is supplementary.
SEQUENCE = Conv(read=lambda obj, key, required: _SEQUENCE.read(obj, key, False) or "original", write=_SEQUENCE.write)
DECISION = enum_conv(
    "a scrutiny decision (APPROVED, RETURNED, REJECTED)",
    {"APPROVE": "approved", "ACCEPTED": "approved", "FIT_FOR_FILING": "approved", "RETURN": "returned"}
    | {"RETURNED_WITH_OBJECTIONS": "returned", "OBJECTION": "returned", "OBJECTIONS": "returned"}
    | {"REJECT": "rejected"},
    {"approved": "APPROVED", "returned": "RETURNED", "rejected": "REJECTED"},
)
OBJECTION_CATEGORY = enum_conv(
    "an objection category",
    {"DOC_MISSING": "missing-document", "DOCUMENT": "missing-document", "SEC_65B": "electronic-evidence-certificate"}
    | {"BSA_63": "electronic-evidence-certificate", "FSL_REPORT": "forensic-report", "FSL": "forensic-report"}
    | {"WITNESS": "witness-statement", "SECTIONS": "charges", "PROPERTY": "property-and-seizure"},
    {
        "missing-document": "DOCUMENT_MISSING",
        "electronic-evidence-certificate": "ELECTRONIC_EVIDENCE_CERTIFICATE",
        "forensic-report": "FSL_REPORT_AWAITED",
        "witness-statement": "WITNESS_STATEMENT",
        "charges": "CHARGES",
        "sanction": "SANCTION",
        "procedure": "PROCEDURE",
        "accused-particulars": "ACCUSED_PARTICULARS",
        "property-and-seizure": "PROPERTY_SEIZURE",
        "limitation": "LIMITATION",
        "other": "OTHER",
    },
)

REPORT_LEAVES: tuple[Leaf, ...] = (
    Leaf("reportNo", "ReportNumber", code_conv("a report number"), required=True),
    Leaf("reportType", "Kind", REPORT_KIND, required=True),
    Leaf("reportSequence", "Sequence", SEQUENCE, required=True),
    Leaf("reportDate", "ReportDate", DATE, required=True),
    Leaf("icjsRecordId", "FinalReportRecordId", UUID),
)
_LAB_CASE = code_conv("a lab case (docket) number")
_PRISONER = code_conv("a prisoner number")
_PRISON = code_conv("a prison code")
_LONG_TEXT = text_conv(_TEXT_LIMIT, single_line=False)


# ============================================================================================== decode


def decode_export(native: bytes) -> list[bytes | AdapterError]:
    """Every scrutiny of an export, in order: canonical XML bytes, or the AdapterError that refused it."""
    text = decode_text(native)
    value = parse_json(text)
    if not isinstance(value, JsonObject):
        raise AdapterError(
            'the document is not a JSON object; an e-Prosecution export is {"exportHeader": ..., '
            '"scrutinyRecords": [...]}',
            field="/",
            line=1,
        )
    source = Source(text)
    root = Obj(value, "", source)
    root.only(*_ROOT_KEYS)
    _export_header(root)
    items = root.items("scrutinyRecords", required=True)
    if len(items) > MAX_RECORDS:
        raise root.error(
            f"holds {len(items)} scrutinies; an export holds at most {MAX_RECORDS} (one office's day is far fewer)",
            "scrutinyRecords",
        )
    results: list[bytes | AdapterError] = []
    for item, pointer, line in items:
        try:
            if not isinstance(item, JsonObject):
                raise AdapterError("expected a scrutiny object", field=pointer, line=line)
            results.append(decode_scrutiny(Obj(item, pointer, source)))
        except AdapterError as exc:
            results.append(exc)
        except (ValueError, TypeError, KeyError, OverflowError, RecursionError) as exc:  # a gap in the checks above
            results.append(AdapterError(f"cannot be read: {exc}", field=pointer, line=line))
    return results


def _export_header(root: Obj) -> None:
    header = root.obj("exportHeader")
    if header is None:
        return
    header.only(*_EXPORT_HEADER_KEYS)
    app = header.text("sourceApp", limit=40)
    if app is not None and app.upper() != SOURCE_APP.upper():
        raise header.error(f"{app!r}: this is not an e-Prosecution export ({SOURCE_APP})", "sourceApp")
    version = header.text("apiVersion", limit=10)
    if version is not None and version not in API_VERSIONS:
        raise header.error(
            f"export format version {version!r} is not supported (supported: {', '.join(API_VERSIONS)})",
            "apiVersion",
        )
    header.datetime("generatedAt")
    count = header.integer("recordCount", low=0, high=100000)
    records = root.value.get("scrutinyRecords")
    if count is not None and isinstance(records, JsonArray) and count != len(records):
        raise header.error(f"says {count} records, the export holds {len(records)}", "recordCount")


def decode_scrutiny(rec: Obj) -> bytes:
    """One scrutiny object -> canonical prosecution-scrutiny XML (UTF-8, with declaration). Raises AdapterError."""
    rec.only(*_SCRUTINY_KEYS)
    scrutiny_id = rec.required_text("scrutinyId", limit=64)
    if not _SCRUTINY_ID.match(scrutiny_id):
        raise rec.error(f"{scrutiny_id!r} is not a scrutiny id (letters, digits and / _ . : -)", "scrutinyId")
    report = rec.required_obj("finalReport")
    report.only(*leaf_keys(REPORT_LEAVES), "io")
    report_date = report.date("reportDate", required=True)
    assert report_date is not None
    received = _required_when(rec, "receivedOn")
    if received.astimezone(IST).date() < report_date:
        raise rec.error(
            f"received on {shown(received)}, before the report was signed on {shown(report_date)} "
            "(finalReport/reportDate)",
            "receivedOn",
        )
    decided = _required_when(rec, "decidedOn")
    if decided < received:
        raise rec.error(
            f"decided on {shown(decided)}, before the report was received on {shown(received)}", "decidedOn"
        )
    created = _required_when(rec, "createdOn")
    modified = rec.datetime("lastModifiedOn")
    if modified is not None and modified < created:
        raise rec.error(f"modified on {shown(modified)}, before it was created on {shown(created)}", "lastModifiedOn")

    root = etree.Element(q("ProsecutionScrutiny"), nsmap={None: CANONICAL_NS})
    _header(root, rec, scrutiny_id, modified or created)

    element = add(root, "Report")
    read_leaves(element, report, REPORT_LEAVES)
    io = report.obj("io")
    if io is not None:
        io.only(*leaf_keys(IO_LEAVES))
        read_leaves(add(element, "InvestigatingOfficer"), io, IO_LEAVES)
    office = rec.required_obj("office")
    office.only(*leaf_keys(OFFICE_LEAVES), "officeCode")  # officeCode: e-Prosecution's own, not carried
    read_leaves(add(root, "ProsecutionOffice"), office, OFFICE_LEAVES)
    prosecutor = rec.required_obj("prosecutor")
    prosecutor.only(*leaf_keys(PROSECUTOR_LEAVES))
    read_leaves(add(root, "Prosecutor"), prosecutor, PROSECUTOR_LEAVES)
    add(root, "ReceivedAt", received.isoformat())
    add(root, "DecidedAt", decided.isoformat())
    read_charges(add(root, "Charges"), rec, "charges", latest=report_date)
    _accused(root, rec, report_date)
    _decision(add(root, "Decision"), rec.required_obj("decision"), decided, report_date)
    add(root, "LegalOpinion", rec.required_text("legalOpinion", limit=_OPINION_LIMIT, single_line=False))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _header(root: etree._Element, rec: Obj, scrutiny_id: str, created: datetime) -> None:
    header = add(root, "Header")
    add(header, "RecordId", record_id(SOURCE_SYSTEM, RECORD_TYPE, scrutiny_id))
    add(header, "RecordType", RECORD_TYPE)
    add(header, "Version", "1")
    add(header, "SourceSystem", SOURCE_SYSTEM)
    add(header, "SourcePillar", SOURCE_PILLAR)
    add(header, "SourceRecordId", scrutiny_id)
    add(header, "CreatedAt", created.isoformat())
    keys = add(header, "CaseKeys")

    fir = rec.required_obj("firRef")
    fir.only(*_FIR_KEYS)
    key = add(keys, "FirKey")
    add(key, "StateCode", STATE.read(fir, "stateLgdCode", True))
    district = fir.integer("districtLgdCode", low=1, high=9999, required=True)
    add(key, "DistrictCode", str(district))
    station = fir.required_text("psCode", limit=12).upper()
    if not _PS_CODE.match(station):
        raise fir.error(f"{station!r} is not a police station code (1 to 12 letters or digits)", "psCode")
    add(key, "PoliceStationCode", station)
    number = fir.required_text("firNo", limit=20)
    match = _FIR_NO.match(number)
    if match is None:
        raise fir.error(f"{number!r} is not an FIR number: expected serial/year, e.g. 0412/2024", "firNo")
    serial, year = int(match["serial"]), int(match["year"])
    if not 1 <= serial <= 999999 or not 1950 <= year <= 2100:
        raise fir.error(f"{number!r}: serial must be 1 to 999999 and year 1950 to 2100", "firNo")
    add(key, "Year", str(year))
    add(key, "Serial", str(serial))

    cnr = rec.text("cnrNo", limit=16 + 8)
    if cnr is not None:
        cnr = cnr.replace("-", "").replace(" ", "").upper()
        if not _CNR.match(cnr):
            raise rec.error(f"{cnr!r} is not a CNR (16 characters, e.g. HRFB010012342024)", "cnrNo")
        add(keys, "Cnr", cnr)
    add_optional(keys, "LabCaseNumber", _LAB_CASE.read(rec, "fslDocketNo", False))
    prisoner = rec.obj("prisonerRef")
    if prisoner is not None:
        prisoner.only(*_PRISONER_KEYS)
        number = _PRISONER.read(prisoner, "prisonerNo", True)
        state = STATE.read(prisoner, "stateLgdCode", True)
        prison = _PRISON.read(prisoner, "prisonCode", True)
        assert state is not None and prison is not None
        add(keys, "PrisonerId", number, stateCode=state, prisonCode=prison)


def _accused(root: etree._Element, rec: Obj, report_date: date) -> None:
    persons = etree.Element(q("Persons"))
    refs: list[tuple[str, str]] = []
    for number, accused in enumerate(rec.objects("accused"), start=1):
        accused.only("accusedCode", "partyId", *PERSON_KEYS)
        code = (accused.text("accusedCode", limit=64) or f"A{number}").upper()
        if not _ACCUSED_CODE.match(code):
            raise accused.error(f"{code!r} is not an accused code (A1..A99, B1..)", "accusedCode")
        if any(code == other for _, other in refs):
            raise accused.error(f"accused code {code} is given twice in this scrutiny", "accusedCode")
        party = check_party_id(accused, "partyId", accused.text("partyId", limit=64) or f"P{number}")
        if any(party == other for other, _ in refs):
            raise accused.error(f"party id {party} is given twice in this scrutiny", "partyId")
        read_person(persons, accused, party, report_date)
        refs.append((party, code))
    if refs:
        root.append(persons)
    for party, code in refs:
        add(root, "Accused", personRef=party, code=code)


def _decision(element: etree._Element, decision: Obj, decided: datetime, report_date: date) -> None:
    decision.only(*_DECISION_KEYS)
    status = DECISION.read(decision, "status", True)
    allowed = {
        "approved": ("status", "remarks"),
        "returned": ("status", "objections", "resubmitBy"),
        "rejected": ("status", "rejectionReason", "objections"),
    }[status or ""]
    for key in _DECISION_KEYS:
        if key not in allowed and decision.has(key):
            raise decision.error(f"does not go with the decision {DECISION.write(status or '')}", key)
    if status == "approved":
        approved = add(element, "Approved")
        add_optional(approved, "Remarks", _LONG_TEXT.read(decision, "remarks", False))
        return
    if status == "rejected":
        rejected = add(element, "Rejected")
        add(rejected, "Reason", _LONG_TEXT.read(decision, "rejectionReason", True))
        _objections(rejected, decision, report_date, required=False)
        return
    returned = add(element, "ReturnedWithObjections")
    _objections(returned, decision, report_date, required=True)
    resubmit = decision.date("resubmitBy")
    if resubmit is not None:
        if resubmit < decided.astimezone(IST).date():
            raise decision.error(
                f"resubmission due {shown(resubmit)}, before the decision of {shown(decided)}", "resubmitBy"
            )
        add(returned, "ResubmitBy", resubmit.isoformat())


def _objections(parent: etree._Element, decision: Obj, report_date: date, *, required: bool) -> None:
    for objection in decision.objects("objections", required=required):
        objection.only("category", "text", "proposedCharges")
        element = add(parent, "Objection")
        add(element, "Category", OBJECTION_CATEGORY.read(objection, "category", True))
        add(element, "Text", _LONG_TEXT.read(objection, "text", True))
        if objection.items("proposedCharges"):
            read_charges(add(element, "ProposedCharges"), objection, "proposedCharges", latest=report_date)


def _required_when(obj: Obj, key: str) -> datetime:
    moment = obj.datetime(key, required=True)
    assert moment is not None
    return moment


# ============================================================================================== encode


def encode_scrutiny(canonical: bytes) -> bytes:
    """A canonical prosecution-scrutiny -> a one-record e-Prosecution export (JSON, UTF-8) that decodes back to it."""
    root = parse_native_xml(canonical)
    expected = q("ProsecutionScrutiny")
    if root.tag != expected:
        raise AdapterError(
            f"root element is {root.tag!r}; a prosecution-scrutiny record's root is {expected}",
            field=etree.QName(root).localname if isinstance(root.tag, str) else "document",
            line=root.sourceline,
        )
    record = Canon(root, "/ProsecutionScrutiny")
    header = record.required("Header")
    declared = header.required_text("RecordType")
    if declared != RECORD_TYPE:
        raise header.error(f"RecordType is {declared!r}, not {RECORD_TYPE}", "RecordType")
    keys = header.required("CaseKeys")
    fir = keys.required("FirKey")

    native: dict[str, Any] = {"scrutinyId": header.required_text("SourceRecordId")}
    native["firRef"] = {
        "stateLgdCode": int(fir.required_text("StateCode")),
        "districtLgdCode": int(fir.required_text("DistrictCode")),
        "psCode": fir.required_text("PoliceStationCode"),
        "firNo": f"{fir.required_text('Serial')}/{fir.required_text('Year')}",
    }
    for element, key in (("Cnr", "cnrNo"), ("LabCaseNumber", "fslDocketNo")):
        value = keys.text(element)
        if value is not None:
            native[key] = value
    prisoner = keys.child("PrisonerId")
    if prisoner is not None:
        native["prisonerRef"] = {
            "prisonerNo": prisoner.own(),
            "stateLgdCode": int(prisoner.attr("stateCode") or ""),
            "prisonCode": prisoner.attr("prisonCode"),
        }

    report = record.required("Report")
    native["finalReport"] = write_leaves(report, REPORT_LEAVES)
    io = report.child("InvestigatingOfficer")
    if io is not None:
        native["finalReport"]["io"] = write_leaves(io, IO_LEAVES)
    native["office"] = write_leaves(record.required("ProsecutionOffice"), OFFICE_LEAVES)
    native["prosecutor"] = write_leaves(record.required("Prosecutor"), PROSECUTOR_LEAVES)
    native["receivedOn"] = record.required_text("ReceivedAt")
    native["decidedOn"] = record.required_text("DecidedAt")
    native["charges"] = write_charges(record.required("Charges"))
    accused = _write_accused(record)
    if accused:
        native["accused"] = accused
    native["decision"] = _write_decision(record.required("Decision"))
    native["legalOpinion"] = record.required_text("LegalOpinion")
    native["createdOn"] = header.required_text("CreatedAt")
    export = {
        "exportHeader": {"sourceApp": SOURCE_APP, "apiVersion": API_VERSION, "recordCount": 1},
        "scrutinyRecords": [native],
    }
    return (json.dumps(export, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _write_accused(record: Canon) -> list[dict[str, Any]]:
    persons_element = record.child("Persons")
    persons = {person.attr("id"): person for person in persons_element.children("Person")} if persons_element else {}
    entries = []
    used = set()
    for accused in record.children("Accused"):
        party = accused.attr("personRef")
        if party not in persons:
            raise accused.error(f"personRef {party!r} names no Person of the record")
        used.add(party)
        entries.append({"accusedCode": accused.attr("code"), "partyId": party, **write_person(persons[party])})
    for party, person in persons.items():
        if party not in used:
            raise person.error("e-Prosecution records the persons of a scrutiny as accused; this Person is no Accused")
    return entries


def _write_decision(decision: Canon) -> dict[str, Any]:
    approved = decision.child("Approved")
    if approved is not None:
        native: dict[str, Any] = {"status": "APPROVED"}
        remarks = approved.text("Remarks")
        if remarks is not None:
            native["remarks"] = remarks
        return native
    returned = decision.child("ReturnedWithObjections")
    if returned is not None:
        native = {"status": "RETURNED", "objections": [_write_objection(o) for o in returned.children("Objection")]}
        resubmit = returned.text("ResubmitBy")
        if resubmit is not None:
            native["resubmitBy"] = resubmit
        return native
    rejected = decision.child("Rejected")
    if rejected is not None:
        native = {"status": "REJECTED", "rejectionReason": rejected.required_text("Reason")}
        objections = [_write_objection(o) for o in rejected.children("Objection")]
        if objections:
            native["objections"] = objections
        return native
    raise decision.error("holds none of Approved, ReturnedWithObjections, Rejected")


def _write_objection(objection: Canon) -> dict[str, Any]:
    native: dict[str, Any] = {
        "category": OBJECTION_CATEGORY.write(objection.required_text("Category")),
        "text": objection.required_text("Text"),
    }
    proposed = objection.child("ProposedCharges")
    if proposed is not None:
        native["proposedCharges"] = write_charges(proposed)
    return native
