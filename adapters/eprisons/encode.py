"""Canonical records -> e-Prisons JSON.

For its own record types e-Prisons takes back an export (records.encode_admission / encode_movement), which
decodes to the same record. For the other pillars' records it takes an inbound message: an envelope naming the
ICJS record and the case, and the part of the record a prison acts on (who is coming, on which warrant, when to
produce them, when to release them, what sentence to carry out). Victims, complainants and witnesses are not
sent: a prison has no use for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from adapters.base import AdapterError
from adapters.eprisons import mapping as m
from adapters.eprisons import values as v
from adapters.eprisons.canonical import Canon, read_canonical
from adapters.eprisons.jsondoc import dumps
from adapters.eprisons.records import ADMISSION, API_VERSION, MOVEMENT, encode_admission, encode_movement

PRODUCES = frozenset({ADMISSION, MOVEMENT})
CONSUMES = frozenset(
    {"arrest-surrender", "court-case-registered", "hearing-recorded", "court-order", "court-disposal", "appeal-result"}
)


def encode_record(canonical: bytes, record_type: str) -> bytes:
    entry = _ENCODERS.get(record_type)
    if entry is None:
        raise AdapterError(
            f"e-Prisons takes no {record_type!r} records (it takes: {', '.join(sorted(_ENCODERS))})",
            field="record_type",
        )
    root_name, encoder = entry
    return encoder(read_canonical(canonical, root_name))


# ------------------------------------------------------------------------------------------------- helpers


def _message(root: Canon, message_type: str) -> dict[str, Any]:
    header = root.required("Header")
    icjs: dict[str, Any] = {
        "record_id": header.required_text("RecordId"),
        "record_type": header.required_text("RecordType"),
        "version": v.native_number(header.required_text("Version")),
    }
    if header.text("Supersedes") is not None:
        icjs["supersedes"] = v.native_number(header.required_text("Supersedes"))
    icjs["source_system"] = header.required_text("SourceSystem")
    icjs["source_pillar"] = header.required_text("SourcePillar")
    icjs["source_record_id"] = header.required_text("SourceRecordId")
    icjs["created_at"] = v.native_datetime(header.required_text("CreatedAt"))
    return {
        "api_version": API_VERSION,
        "message_type": message_type,
        "icjs": icjs,
        "case": m.case_out(header.required("CaseKeys")),
    }


def _dump(message: dict[str, Any]) -> bytes:
    return dumps(message).encode("utf-8") + b"\n"


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != [] and value != {}:
        out[key] = value


def _text(canon: Canon, name: str) -> str | None:
    return canon.text(name)


def _date(canon: Canon, name: str) -> str | None:
    value = canon.text(name)
    return None if value is None else v.native_date(value)


def _datetime(canon: Canon, name: str) -> str | None:
    value = canon.text(name)
    return None if value is None else v.native_datetime(value)


def _token(canon: Canon, name: str) -> str | None:
    value = canon.text(name)
    return None if value is None else v.native_code(value)


def _flag(canon: Canon, name: str) -> str | None:
    value = canon.text(name)
    return None if value is None else ("Y" if value in ("true", "1") else "N")


def _number(canon: Canon, name: str) -> int | str | None:
    value = canon.text(name)
    return None if value is None else v.native_number(value)


def _sub(canon: Canon, name: str, write: Callable[[Canon], Any]) -> Any:
    found = canon.child(name)
    return None if found is None else write(found)


class _Persons:
    """The record's persons by id, written out where a role refers to them."""

    def __init__(self, root: Canon) -> None:
        persons = root.child("Persons")
        self.by_id = {} if persons is None else {p.required_attr("id"): p for p in persons.children("Person")}

    def of(self, role: Canon, attribute: str = "personRef") -> dict[str, Any]:
        ref = role.required_attr(attribute)
        person = self.by_id.get(ref)
        if person is None:
            raise role.error(f"refers to person {ref!r}, whom the record does not define", f"@{attribute}")
        return m.person_out(person)


_TERM = re.compile(r"P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)D)?")


def _term(canon: Canon) -> dict[str, int]:
    """An ISO 8601 term ('P1Y', 'P3M22D') -> {"years": 1} / {"months": 3, "days": 22}, as e-Prisons counts it."""
    value = canon.value()
    match = _TERM.fullmatch(value)
    if match is None or not any(match.groups()):
        raise canon.error(f"{value!r} is not a term (years, months, days: P1Y6M)")
    return {unit: int(n) for unit, n in zip(("years", "months", "days"), match.groups(), strict=True) if n}


def _imprisonment(canon: Canon) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": v.native_code(canon.required_text("Kind"))}
    _put(out, "term", _sub(canon, "Term", _term))
    return out


def _fine(canon: Canon) -> dict[str, Any]:
    out: dict[str, Any] = {"amount": canon.required_text("AmountInr")}
    _put(out, "in_default", _sub(canon, "InDefault", _imprisonment))
    return out


def _sentence(canon: Canon) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if canon.child("Death") is not None:
        out["death"] = "Y"
    _put(out, "imprisonment", _sub(canon, "Imprisonment", _imprisonment))
    _put(out, "fine", _sub(canon, "Fine", _fine))
    _put(out, "community_service", _text(canon, "CommunityService"))
    probation = canon.child("Probation")
    if probation is not None:
        out["probation"] = {"term": _term(probation.required("Term"))}
        _put(out["probation"], "bond_amount", _text(probation, "BondAmountInr"))
    if canon.child("Admonition") is not None:
        out["admonition"] = "Y"
    _put(out, "undergone_only", _flag(canon, "UndergoneOnly"))
    return out


def _offence(charge: Canon) -> dict[str, str]:
    return m.offences_out([charge])[0]


def _case_number(canon: Canon) -> dict[str, Any]:
    return {
        "case_type": canon.required_text("CaseType"),
        "number": v.native_number(canon.required_text("Number")),
        "year": v.native_number(canon.required_text("Year")),
    }


def _numbered(canon: Canon) -> dict[str, Any]:
    out: dict[str, Any] = {"number": _number(canon, "Number"), "year": _number(canon, "Year")}
    _put(out, "date", _date(canon, "Date"))
    return out


def _party(canon: Canon, persons: _Persons) -> dict[str, Any]:
    state = canon.child("State")
    if state is not None:
        return {"state": {"state_code": _number(state, "StateCode"), "name": _text(state, "Name")}}
    person = canon.required("Person")
    out: dict[str, Any] = {"role": v.native_code(person.required_attr("role"))}
    _put(out, "accused_code", person.attr("accusedCode"))
    out["person"] = persons.of(person)
    return out


# ------------------------------------------------------------------------------------------------- the messages


def _arrest(root: Canon) -> bytes:
    """arrest-surrender (IIF-III) -> ARREST_INTIMATION: who is coming, on what charge, in what state and risk."""
    out = _message(root, "ARREST_INTIMATION")
    out["accused_code"] = root.required_text("AccusedCode")
    arrest, surrender = root.child("Arrest"), root.child("Surrender")
    if arrest is not None:
        block: dict[str, Any] = {"arrested_at": v.native_datetime(arrest.required_text("ArrestedAt"))}
        _put(block, "gd_no", _text(arrest, "GdEntryNumber"))
        place = arrest.child("Place")
        if place is not None:
            _put(block, "place", {"description": _text(place, "Description")})
            _put(block["place"], "address", _sub(place, "Address", m.address_out))
        block["status"] = v.native_code(arrest.required_text("Status"))
        _put(block, "produced_before", _sub(arrest, "ProducedBefore", m.court_out))
        _put(block, "produced_at", _datetime(arrest, "ProducedAt"))
        out["arrest"] = block
    elif surrender is not None:
        block = {"surrendered_at": v.native_datetime(surrender.required_text("SurrenderedAt"))}
        _put(block, "court", _sub(surrender, "Court", m.court_out))
        _put(block, "gd_no", _text(surrender, "GdEntryNumber"))
        block["status"] = v.native_code(surrender.required_text("Status"))
        out["surrender"] = block
    else:
        raise root.error("required element is missing (Arrest or Surrender)", "Arrest")
    charges = root.child("Charges")
    _put(out, "offences", None if charges is None else m.offences_out(charges.children("Charge")))
    _put(out, "grounds_of_arrest", _text(root, "GroundsOfArrest"))
    out["arrestee"] = _Persons(root).of(root.required("Arrestee"))
    _put(out, "injuries", _text(root, "Injuries"))
    exam = root.child("MedicalExamination")
    if exam is not None:
        medical: dict[str, Any] = {}
        _put(medical, "examined_at", _datetime(exam, "ExaminedAt"))
        for tag, key in (("Facility", "facility"), ("MedicalOfficer", "medical_officer"), ("Findings", "findings")):
            _put(medical, key, _text(exam, tag))
        out["medical_examination"] = medical
    _put(out, "fingerprints_taken", _flag(root, "FingerprintsTaken"))
    _put(out, "risk_flags", [v.native_code(flag.value()) for flag in root.children("RiskFlag")])
    _put(out, "risk_notes", _text(root, "RiskNotes"))
    _put(out, "arresting_officer", _sub(root, "Officer", m.officer_out))
    return _dump(out)


def _case_registered(root: Canon) -> bytes:
    """court-case-registered -> CASE_REGISTERED: the CNR and court an undertrial's FIR now goes by."""
    out = _message(root, "CASE_REGISTERED")
    case_type = root.child("CaseType")
    if case_type is not None:
        out["case_type"] = {"code": _text(case_type, "Code")}
        _put(out["case_type"], "name", _text(case_type, "Name"))
    _put(out, "filing", _sub(root, "Filing", _numbered))
    _put(out, "registration", _sub(root, "Registration", _numbered))
    out["court"] = m.court_out(root.required("Court"))
    _put(out, "presiding_officer", _sub(root, "PresidingOfficer", m.presiding_officer_out))
    sheet = root.child("ChargeSheet")
    if sheet is not None:
        out["charge_sheet"] = {"number": _text(sheet, "Number")}
        _put(out["charge_sheet"], "date", _date(sheet, "Date"))
        _put(out["charge_sheet"], "kind", _token(sheet, "Kind"))
    _put(out, "cognizance_date", _date(root, "CognizanceDate"))
    charges = root.child("Charges")
    _put(out, "offences", None if charges is None else m.offences_out(charges.children("Charge")))
    persons = _Persons(root)
    accused = []
    for role in root.children("Accused"):
        entry: dict[str, Any] = {}
        _put(entry, "accused_code", role.attr("code"))
        _put(
            entry,
            "custody_status",
            None if role.attr("custodyStatus") is None else v.native_code(role.attr("custodyStatus") or ""),
        )
        entry["person"] = persons.of(role)
        accused.append(entry)
    _put(out, "accused", accused)
    _put(out, "prosecutor", _text(root, "Prosecutor"))
    _put(out, "first_hearing_date", _date(root, "FirstHearingDate"))
    return _dump(out)


def _hearing(root: Canon) -> bytes:
    """hearing-recorded -> HEARING: who was produced, and the next date to produce them."""
    out = _message(root, "HEARING")
    out["hearing_date"] = v.native_date(root.required_text("HearingDate"))
    out["court"] = m.court_out(root.required("Court"))
    _put(out, "presiding_officer", _sub(root, "PresidingOfficer", m.presiding_officer_out))
    _put(out, "purpose", _text(root, "Purpose"))
    _put(out, "stage", _token(root, "Stage"))
    persons = _Persons(root)
    attendance = []
    for role in root.children("Attendance"):
        entry: dict[str, Any] = {}
        _put(entry, "accused_code", role.attr("code"))
        _put(entry, "status", None if role.attr("status") is None else v.native_code(role.attr("status") or ""))
        entry["person"] = persons.of(role)
        attendance.append(entry)
    _put(out, "attendance", attendance)
    adjournment = root.child("Adjournment")
    if adjournment is not None:
        block: dict[str, Any] = {}
        _put(block, "sought_by", _token(adjournment, "SoughtBy"))
        _put(block, "reason", _token(adjournment, "Reason"))
        _put(block, "details", _text(adjournment, "Details"))
        _put(block, "count", _number(adjournment, "Count"))
        out["adjournment"] = block
    _put(out, "next_hearing_date", _date(root, "NextHearingDate"))
    _put(out, "next_purpose", _text(root, "NextPurpose"))
    return _dump(out)


def _court_order(root: Canon) -> bytes:
    """court-order -> COURT_ORDER: remands, production warrants, bail and release, transfers."""
    out = _message(root, "COURT_ORDER")
    out["order_date"] = v.native_date(root.required_text("OrderDate"))
    _put(out, "order_no", _number(root, "OrderNumber"))
    out["court"] = m.court_out(root.required("Court"))
    _put(out, "presiding_officer", _sub(root, "PresidingOfficer", m.presiding_officer_out))
    out["order_type"] = v.native_code(root.required_text("OrderType"))
    in_camera = root.required_text("InCamera") in ("true", "1")
    out["in_camera"] = "Y" if in_camera else "N"
    if in_camera:
        out["summary_withheld"] = "in-camera proceedings (BNSS 366): the order's text is not sent"
    else:
        out["summary"] = root.required_text("Summary")
    persons = _Persons(root)
    concerned = []
    for role in root.children("Concerns"):
        entry: dict[str, Any] = {"role": v.native_code(role.required_attr("role"))}
        _put(entry, "accused_code", role.attr("accusedCode"))
        entry["person"] = persons.of(role)
        concerned.append(entry)
    _put(out, "persons_concerned", concerned)
    bail = root.child("BailTerms")
    if bail is not None:
        block: dict[str, Any] = {"bond_amount": bail.required_text("BondAmountInr")}
        _put(block, "surety_count", _number(bail, "SuretyCount"))
        _put(block, "surety_amount", _text(bail, "SuretyAmountInr"))
        _put(block, "conditions", [condition.value() for condition in bail.children("Condition")])
        out["bail_terms"] = block
    process = root.child("Process")
    if process is not None:
        out["process"] = {
            "addressed_to": _text(process, "AddressedTo"),
            "returnable_on": _date(process, "ReturnableOn"),
        }
    directions = []
    for direction in root.children("CustodyDirection"):
        entry = {"person": persons.of(direction), "kind": v.native_code(direction.required_text("Kind"))}
        _put(entry, "prison", _sub(direction, "Prison", m.prison_out))
        _put(entry, "prisoner", _sub(direction, "PrisonerId", m.prisoner_id_out))
        for tag, key in (("From", "from"), ("Until", "until"), ("ProduceOn", "produce_on")):
            _put(entry, key, _date(direction, tag))
        _put(entry, "production_mode", _token(direction, "ProductionMode"))
        _put(entry, "if_not_required_in_other_case", _flag(direction, "IfNotRequiredInOtherCase"))
        directions.append(entry)
    _put(out, "custody_directions", directions)
    transfer = root.child("Transfer")
    if transfer is not None:
        out["transfer"] = {"to_court": m.court_out(transfer.required("ToCourt"))}
        _put(out["transfer"], "reason", _text(transfer, "Reason"))
    _put(out, "next_hearing_date", _date(root, "NextHearingDate"))
    return _dump(out)


def _disposal(root: Canon) -> bytes:
    """court-disposal (IIF-VI) -> JUDGMENT: per accused, the verdict and the sentence the prison carries out."""
    out = _message(root, "JUDGMENT")
    sheet = root.child("ChargeSheet")
    if sheet is not None:
        out["charge_sheet"] = {"number": _text(sheet, "Number"), "date": _date(sheet, "Date")}
    out["case_no"] = _case_number(root.required("CaseNumber"))
    out["court"] = m.court_out(root.required("Court"))
    _put(out, "presiding_officer", _sub(root, "PresidingOfficer", m.presiding_officer_out))
    out["judgment_date"] = v.native_date(root.required_text("JudgmentDate"))
    persons = _Persons(root)
    verdicts = []
    for verdict in root.children("Verdict"):
        entry: dict[str, Any] = {"accused_code": verdict.required_attr("code"), "person": persons.of(verdict)}
        findings = []
        for finding in verdict.children("Finding"):
            item: dict[str, Any] = dict(_offence(finding.required("Charge")))
            item["result"] = v.native_code(finding.required_text("Result"))
            under = finding.child("ConvictedUnder")
            if under is not None:
                item["convicted_under"] = _offence(under.required("Charge"))
            _put(item, "sentence", _sub(finding, "Sentence", _sentence))
            findings.append(item)
        entry["findings"] = findings
        _put(entry, "sentences_concurrent", _flag(verdict, "SentencesConcurrent"))
        _put(entry, "set_off_days", _number(verdict, "SetOffDays"))
        _put(entry, "sentence_suspended_until", _date(verdict, "SentenceSuspendedUntil"))
        _put(entry, "committed_to", _sub(verdict, "CommittedTo", m.prison_out))
        verdicts.append(entry)
    out["verdicts"] = verdicts
    _put(out, "total_fine", _text(root, "TotalFineInr"))
    _put(out, "summary", _text(root, "Summary"))
    return _dump(out)


def _appeal(root: Canon) -> bytes:
    """appeal-result (IIF-VII) -> APPEAL_RESULT: the modified sentence and what becomes of the appellant's custody."""
    out = _message(root, "APPEAL_RESULT")
    out["appeal_no"] = _case_number(root.required("AppealNumber"))
    _put(out, "filing_date", _date(root, "FilingDate"))
    out["appellate_court"] = m.court_out(root.required("AppellateCourt"))
    _put(out, "court_level", _token(root, "CourtLevel"))
    _put(out, "judge", _sub(root, "Judge", m.presiding_officer_out))
    _put(out, "appeal_kind", _token(root, "AppealKind"))
    lower = root.child("LowerCourtCase")
    if lower is not None:
        block: dict[str, Any] = {}
        _put(block, "cnr", _text(lower, "Cnr"))
        _put(block, "case_no", _sub(lower, "CaseNumber", _case_number))
        _put(block, "court", _sub(lower, "Court", m.court_out))
        _put(block, "judgment_date", _date(lower, "JudgmentDate"))
        out["lower_court_case"] = block
    persons = _Persons(root)
    out["appellants"] = [_party(party, persons) for party in root.children("Appellant")]
    out["respondents"] = [_party(party, persons) for party in root.children("Respondent")]
    out["decision_date"] = v.native_date(root.required_text("DecisionDate"))
    out["result"] = v.native_code(root.required_text("Result"))
    outcomes = []
    for outcome in root.children("Outcome"):
        entry: dict[str, Any] = {"accused_code": outcome.required_attr("code"), "person": persons.of(outcome)}
        findings = []
        for finding in outcome.children("Finding"):
            item: dict[str, Any] = dict(_offence(finding.required("Charge")))
            item["result"] = v.native_code(finding.required_text("Result"))
            _put(item, "modified_sentence", _sub(finding, "ModifiedSentence", _sentence))
            findings.append(item)
        entry["findings"] = findings
        _put(entry, "custody_direction", _text(outcome, "CustodyDirection"))
        outcomes.append(entry)
    _put(out, "outcomes", outcomes)
    _put(out, "remanded_to", _sub(root, "RemandedTo", m.court_out))
    _put(out, "summary", _text(root, "Summary"))
    return _dump(out)


_ENCODERS: dict[str, tuple[str, Callable[[Canon], bytes]]] = {
    ADMISSION: ("PrisonAdmission", encode_admission),
    MOVEMENT: ("PrisonMovement", encode_movement),
    "arrest-surrender": ("ArrestSurrender", _arrest),
    "court-case-registered": ("CourtCaseRegistered", _case_registered),
    "hearing-recorded": ("HearingRecorded", _hearing),
    "court-order": ("CourtOrder", _court_order),
    "court-disposal": ("CourtDisposal", _disposal),
    "appeal-result": ("AppealResult", _appeal),
}
assert set(_ENCODERS) == PRODUCES | CONSUMES
