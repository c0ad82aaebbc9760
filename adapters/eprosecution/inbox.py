"""Canonical records e-Prosecution receives -> its case inbox import (JSON).

e-Prosecution takes every record of a case it prosecutes (the FIR, the arrest memos, the final report, the court's
hearings and orders, prison admissions and movements, judgments and appeals) into one inbox, keyed by FIR and CNR,
from which it keeps the case diary and the daily under-trial register (DUTR) and raises alerts (more than two
adjournments). One import message per record:

- ``importHeader``: which record it is (ICJS record id, type, version, source);
- ``caseLink``: the case keys in e-Prosecution's own notation (``firRef`` as in scrutiny exports, ``cnrNo`` ...);
- ``diaryEntry``: the event for the case diary: its kind, date and the few facts e-Prosecution lists;
- ``charges``: the record's charges, written as in scrutiny exports;
- ``parties``: every person, written as accused are written in scrutiny exports, with ``partyId``;
- ``record``: the rest of the record, element for element, keys in camelCase.

A redacted record encodes like any other: a withheld name is passed on as the hub wrote it, and missing optional
fields are left out.
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError, parse_native_xml
from adapters.eprosecution.fields import Canon, normalise_code, write_charges, write_person
from adapters.eprosecution.scrutiny import API_VERSION, SOURCE_APP

CONSUMED = (
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
)

# (parent element, child element) pairs the v1 schemas let repeat: these become JSON arrays even when the record
# holds one (so e-Prosecution's importer always finds a list where a list can be). From the XSDs' maxOccurs.
REPEATED = frozenset(
    {
        ("Accused", "Charge"),
        ("Address", "Line"),
        ("Analysts", "Analyst"),
        ("AppealResult", "Appellant"),
        ("AppealResult", "Judge"),
        ("AppealResult", "LowerCourtCase"),
        ("AppealResult", "Outcome"),
        ("AppealResult", "Respondent"),
        ("ArrestSurrender", "RelativeInformed"),
        ("ArrestSurrender", "RiskFlag"),
        ("ArrestSurrender", "Witness"),
        ("BailTerms", "Condition"),
        ("ChargeSheet", "Accused"),
        ("Charges", "Charge"),
        ("CourtCaseRegistered", "Accused"),
        ("CourtCaseRegistered", "Victim"),
        ("CourtDisposal", "Verdict"),
        ("CourtOrder", "Concerns"),
        ("CourtOrder", "CustodyDirection"),
        ("CrimeDetails", "Victim"),
        ("Documents", "Document"),
        ("Escort", "Officer"),
        ("Exhibits", "Exhibit"),
        ("FinalReport", "AccusedNotChargeSheeted"),
        ("FinalReport", "LabResult"),
        ("FinalReport", "Witness"),
        ("Finding", "ExhibitNumber"),
        ("Findings", "Finding"),
        ("FirRegistered", "Accused"),
        ("FirRegistered", "Victim"),
        ("ForensicRequest", "Examination"),
        ("HearingRecorded", "Attendance"),
        ("HearingRecorded", "WitnessExamined"),
        ("Items", "Item"),
        ("MaterialObjects", "MaterialObject"),
        ("Outcome", "Finding"),
        ("PermanentAddress", "Line"),
        ("Person", "Alias"),
        ("Person", "Identity"),
        ("Persons", "Person"),
        ("Prisoner", "IdentificationMark"),
        ("Property", "Item"),
        ("PropertySeizure", "Witness"),
        ("PropertyStolen", "Item"),
        ("ProposedCharges", "Charge"),
        ("ProsecutionScrutiny", "Accused"),
        ("Rejected", "Objection"),
        ("ReturnedWithObjections", "Objection"),
        ("Verdict", "Compensation"),
        ("Verdict", "Finding"),
    }
)

# The canonical Person children write_person maps; any other child (IIF-III's religion, caste, permanent
# address...) is passed on element for element.
_PERSON_CHILDREN = frozenset(
    {
        "Name",
        "NameRomanised",
        "Alias",
        "Relative",
        "BirthDate",
        "AgeYears",
        "Sex",
        "Nationality",
        "Identity",
        "AadhaarToken",
        "Occupation",
        "Address",
        "Protection",
    }
)

# The case diary entry of each record type: (event type, XPaths of the event date, first found wins; then
# (diary key, XPath) pairs). Every XPath is relative to the record's root, canonical namespace prefix "r".
_DIARY: dict[str, tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "fir-registered": (
        "FIR_REGISTERED",
        ("r:RegisteredAt",),
        (("informationType", "r:InformationType"), ("occurredFrom", "r:Occurrence/r:From")),
    ),
    "crime-details": (
        "CRIME_DETAILS",
        ("r:RecordedAt",),
        (("crimeHead", "r:CrimeHead/r:MajorHead"), ("crimeSubHead", "r:CrimeHead/r:MinorHead")),
    ),
    "arrest-surrender": (
        "ARREST_SURRENDER",
        ("r:Arrest/r:ArrestedAt", "r:Surrender/r:SurrenderedAt"),
        (
            ("accusedCode", "r:AccusedCode"),
            ("arrestStatus", "r:Arrest/r:Status"),
            ("surrenderStatus", "r:Surrender/r:Status"),
        ),
    ),
    "property-seizure": (
        "PROPERTY_SEIZURE",
        ("r:SeizedAt",),
        (("propertyRegisterNo", "r:PropertyRegisterNumber"), ("nature", "r:Nature")),
    ),
    "forensic-report": (
        "FSL_REPORT",
        ("r:DispatchedAt",),
        (("fslReportNo", "r:ReportNumber"), ("labName", "r:Lab/r:Name")),
    ),
    "final-report": (
        "FINAL_REPORT",
        ("r:ReportDate",),
        (("reportNo", "r:ReportNumber"), ("reportSequence", "r:Sequence"), ("closureKind", "r:ClosureReport/r:Kind")),
    ),
    "court-case-registered": (
        "CASE_REGISTERED",
        ("r:Registration/r:Date", "r:Filing/r:Date"),
        (
            ("caseType", "r:CaseType/r:Code"),
            ("registrationNo", "r:Registration/r:Number"),
            ("registrationYear", "r:Registration/r:Year"),
            ("courtName", "r:Court/r:Name"),
            ("firstHearingDate", "r:FirstHearingDate"),
        ),
    ),
    "hearing-recorded": (
        "HEARING",
        ("r:HearingDate",),
        (
            ("courtName", "r:Court/r:Name"),
            ("purpose", "r:Purpose"),
            ("stage", "r:Stage"),
            ("adjournmentSoughtBy", "r:Adjournment/r:SoughtBy"),
            ("adjournmentCount", "r:Adjournment/r:Count"),
            ("nextHearingDate", "r:NextHearingDate"),
            ("nextPurpose", "r:NextPurpose"),
        ),
    ),
    "court-order": (
        "COURT_ORDER",
        ("r:OrderDate",),
        (("orderType", "r:OrderType"), ("courtName", "r:Court/r:Name"), ("nextHearingDate", "r:NextHearingDate")),
    ),
    "prison-admission": (
        "PRISON_ADMISSION",
        ("r:AdmittedAt",),
        (("prisonName", "r:Prison/r:Name"), ("prisonerCategory", "r:Category")),
    ),
    "prison-movement": (
        "PRISON_MOVEMENT",
        ("r:Movement/*/r:At",),
        (("movement", "local-name(r:Movement/*)"), ("prisonName", "r:Prison/r:Name")),
    ),
    "court-disposal": (
        "JUDGMENT",
        ("r:JudgmentDate",),
        (("courtName", "r:Court/r:Name"), ("totalFineInr", "r:TotalFineInr")),
    ),
    "appeal-result": (
        "APPEAL_RESULT",
        ("r:DecisionDate",),
        (("appealKind", "r:AppealKind"), ("result", "r:Result"), ("courtName", "r:AppellateCourt/r:Name")),
    ),
}
_NS = {"r": CANONICAL_NS}
# Each diary XPath compiled once, at import: root.xpath(path) compiled it again for every record.
_XPATHS = {
    path: etree.XPath(path, namespaces=_NS)
    for _, date_paths, fields in _DIARY.values()
    for path in (*date_paths, *(path for _, path in fields))
}
_ANY_CANONICAL = f"{{{CANONICAL_NS}}}*"
_LOCAL = len(CANONICAL_NS) + 2  # a canonical element's tag is "{ns}Local": its local name is tag[_LOCAL:]
ADJOURNMENT_ALERT_AFTER = 2  # e-Prosecution alerts the prosecutor at the third adjournment


def root_element(record_type: str) -> str:
    """fir-registered -> FirRegistered: the root element of a record type."""
    return "".join(part[:1].upper() + part[1:] for part in record_type.split("-"))


def encode_import(canonical: bytes, record_type: str) -> bytes:
    """A canonical record of a consumed type -> one e-Prosecution import message (JSON, UTF-8)."""
    root = parse_native_xml(canonical)
    expected = f"{{{CANONICAL_NS}}}{root_element(record_type)}"
    if root.tag != expected:
        raise AdapterError(
            f"root element is {root.tag!r}; a {record_type} record's root is {expected}",
            field=etree.QName(root).localname if isinstance(root.tag, str) else "document",
            line=root.sourceline,
        )
    record = Canon(root, f"/{root_element(record_type)}", root_element(record_type))
    header = record.required("Header")
    declared = header.required_text("RecordType")
    if declared != record_type:
        raise header.error(f"RecordType is {declared!r}, not {record_type}", "RecordType")

    message: dict[str, Any] = {
        "importHeader": _import_header(header, record_type),
        "caseLink": _case_link(header.required("CaseKeys")),
        "diaryEntry": _diary_entry(root, record_type),
    }
    charges = record.child("Charges")
    if charges is not None:
        message["charges"] = write_charges(charges)
    persons = record.child("Persons")
    if persons is not None:
        message["parties"] = [_party(person) for person in persons.children("Person")]
    message["record"] = _members(record.name, record.elements(), {}, skip=("Header", "Persons", "Charges"))
    return (json.dumps(message, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _import_header(header: Canon, record_type: str) -> dict[str, Any]:
    native: dict[str, Any] = {
        "targetApp": SOURCE_APP,
        "apiVersion": API_VERSION,
        "eventType": _DIARY[record_type][0],
        "icjsRecordId": header.required_text("RecordId"),
        "icjsRecordType": record_type,
        "recordVersion": int(header.required_text("Version")),
    }
    supersedes = header.text("Supersedes")
    if supersedes is not None:
        native["supersedesVersion"] = int(supersedes)
    native["sourceSystem"] = header.required_text("SourceSystem")
    native["sourcePillar"] = header.required_text("SourcePillar")
    native["sourceRecordId"] = header.required_text("SourceRecordId")
    native["sourceCreatedOn"] = header.required_text("CreatedAt")
    return native


def _case_link(keys: Canon) -> dict[str, Any]:
    native: dict[str, Any] = {}
    fir = keys.child("FirKey")
    if fir is not None:
        state, district, station, year, serial = (
            fir.required_text(name) for name in ("StateCode", "DistrictCode", "PoliceStationCode", "Year", "Serial")
        )
        native["firRef"] = {
            "stateLgdCode": int(state),
            "districtLgdCode": int(district),
            "psCode": station,
            "firNo": f"{serial}/{year}",
        }
        native["firKey"] = f"{state}-{district}-{station}-{year}-{serial}"
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
    return native


def _diary_entry(root: etree._Element, record_type: str) -> dict[str, Any]:
    event, date_paths, fields = _DIARY[record_type]
    entry: dict[str, Any] = {"eventType": event}
    for path in date_paths:
        found = _first(root, path)
        if found is not None:
            entry["eventDate"] = found
            break
    for key, path in fields:
        found = _first(root, path)
        if found is not None:
            entry[key] = normalise_code(found) if key == "movement" else found
    count = entry.get("adjournmentCount")
    if count is not None and count.isdigit():
        entry["adjournmentCount"] = int(count)
        entry["adjournmentAlert"] = int(count) > ADJOURNMENT_ALERT_AFTER
    return entry


def _first(root: etree._Element, path: str) -> str | None:
    found = _XPATHS[path](root)
    if isinstance(found, str):
        # local-name() of an element: CourtProduction -> COURT_PRODUCTION once normalised by the caller
        return _snake(found) or None
    for node in found if isinstance(found, list) else []:
        if isinstance(node, etree._Element):
            text = (node.text or "").strip()
            if text:
                return text
    return None


def _snake(name: str) -> str:
    return "".join(f"_{char}" if char.isupper() and index else char for index, char in enumerate(name))


def _party(person: Canon) -> dict[str, Any]:
    native: dict[str, Any] = {"partyId": person.attr("id"), **write_person(person)}
    for name, child in person.elements():
        if name not in _PERSON_CHILDREN:
            native[_camel(name)] = _generic(child)
    return native


def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]


# The generic conversion below never refuses anything, so it works on bare lxml elements and local names: no
# Canon (nor its error path) per element, and each element's children are listed once, not twice.


def _generic(element: etree._Element) -> Any:
    """An element, converted as it stands: text -> string; attributes and children -> members; lists where the
    schema lets a child repeat."""
    pairs = element.items()  # most elements have no attributes
    attributes = {_camel(name.rpartition("}")[2]): value.strip() for name, value in sorted(pairs)} if pairs else {}
    children = [(child.tag[_LOCAL:], child) for child in element.iterchildren(_ANY_CANONICAL)] if len(element) else []
    if not children:
        text = (element.text or "").strip() or None
        if not attributes:
            return text
        if text is not None:
            attributes["value"] = text
        return attributes
    return _members(element.tag[_LOCAL:], children, attributes)


def _members(
    parent: str, children: list[tuple[str, etree._Element]], native: dict[str, Any], skip: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The children of element ``parent`` (local name) as members of ``native``: a list where the schema lets the
    child repeat."""
    for name, child in children:
        if name in skip:
            continue
        key = _camel(name)
        value = _generic(child)
        previous = native.get(key)
        if (parent, name) in REPEATED and (previous is None or isinstance(previous, list)):
            native.setdefault(key, []).append(value)
        elif key in native:  # a repetition the schema does not allow, or a clash with an attribute: kept, not lost
            native[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            native[key] = value
    return native
