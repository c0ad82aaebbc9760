"""e-Prisons admissions and movements <-> canonical prison-admission and prison-movement records.

Decoding builds the canonical tree in the schema's order as the native members are read. Nothing reads the
clock: CreatedAt is e-Prisons' own entry_dt (or modified_dt).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lxml import etree

from adapters.base import AdapterError, record_id
from adapters.eprisons import mapping as m
from adapters.eprisons import values as v
from adapters.eprisons.canonical import Canon, add, add_optional, new_root, serialise
from adapters.eprisons.jsondoc import Node, dumps
from adapters.notation import IST

SOURCE_SYSTEM = "eprisons"
SOURCE_PILLAR = "prisons"
ADMISSION = "prison-admission"
MOVEMENT = "prison-movement"
API_VERSION = "1.0"


@dataclass(frozen=True)
class Prison:
    """The prison whose export this is; its prisoner ids are scoped to (state, code)."""

    state: str
    code: str
    name: str

    @classmethod
    def read(cls, node: Node) -> Prison:
        node.only(*m.keys_of(m.PRISON))
        scratch = etree.Element("scratch")
        m.fields_in(scratch, node, m.PRISON)
        state, code, name = (child.text or "" for child in scratch)
        return cls(state, code, name)

    def add(self, parent: etree._Element, tag: str = "Prison") -> None:
        prison = add(parent, tag)
        add(prison, "StateCode", self.state)
        add(prison, "PrisonCode", self.code)
        add(prison, "Name", self.name)


def _created(node: Node) -> datetime:
    entered = v.when(node, "entry_dt", required=True)
    assert entered is not None
    modified = v.when(node, "modified_dt")
    if modified is not None and modified < entered:
        raise node.error(
            f"modified at {v.shown(modified)}, before the record was entered at {v.shown(entered)} (entry_dt)",
            "modified_dt",
        )
    return modified or entered


def _header(
    root: etree._Element,
    record_type: str,
    node: Node,
    id_key: str,
    prison: Prison,
    *,
    fir: m.FirKey | None,
    cnr: str | None,
) -> None:
    source_record_id = v.code(node, id_key, required=True)
    prisoner_id = v.code(node, "prisoner_id", required=True)
    assert source_record_id is not None and prisoner_id is not None
    created = _created(node)
    header = add(root, "Header")
    add(header, "RecordId", record_id(SOURCE_SYSTEM, record_type, source_record_id))
    add(header, "RecordType", record_type)
    add(header, "Version", "1")
    add(header, "SourceSystem", SOURCE_SYSTEM)
    add(header, "SourcePillar", SOURCE_PILLAR)
    add(header, "SourceRecordId", source_record_id)
    add(header, "CreatedAt", created.isoformat())
    keys = add(header, "CaseKeys")
    if fir is not None:
        m.fir_key_add(keys, fir)
    add_optional(keys, "Cnr", cnr)
    add(keys, "PrisonerId", prisoner_id, stateCode=prison.state, prisonCode=prison.code)


def _header_out(root: Canon, id_key: str) -> tuple[dict[str, Any], Canon]:
    header = root.required("Header")
    keys = header.required("CaseKeys")
    if keys.child("LabCaseNumber") is not None:
        raise keys.error("e-Prisons records carry no lab case number", "LabCaseNumber")
    out = {
        id_key: header.required_text("SourceRecordId"),
        "prisoner_id": keys.required("PrisonerId").value(),
    }
    return out, keys


def _document(prison: Canon, key: str, record: dict[str, Any]) -> bytes:
    document = {"api_version": API_VERSION, "prison": m.prison_out(prison), key: [record]}
    return dumps(document).encode("utf-8") + b"\n"


# ================================================================================================= admissions

ADMISSION_KEYS = (
    "admission_no",
    "prisoner_id",
    "admitted_at",
    "prisoner_type",
    "warrant",
    "prisoner",
    "biometrics_captured",
    "medical",
    "escort",
    "admitted_by",
    "remarks",
    "entry_dt",
    "modified_dt",
)
WARRANT_KEYS = ("type", "court", "order_date", "warrant_no", "fir", "cnr", "remand_upto", "offences")
MEDICAL_KEYS = ("examined_at", "medical_officer", "condition", "height_cm", "weight_kg", "injuries", "notes")
MEDICAL_OFFICER_KEYS = ("name", "name_en", "designation")


def decode_admission(node: Node, prison: Prison) -> bytes:
    """One admission of an e-Prisons export -> canonical prison-admission XML. Raises AdapterError."""
    node.only(*ADMISSION_KEYS)
    admitted = v.when(node, "admitted_at", required=True)
    assert admitted is not None
    admitted_on = admitted.astimezone(IST).date()
    warrant = node.object("warrant", required=True)
    assert warrant is not None
    warrant.only(*WARRANT_KEYS)
    fir = m.fir_in(warrant, "fir")
    cnr = m.cnr_in(warrant, "cnr")
    if fir is None and cnr is None:
        raise warrant.error("the warrant names no case: give fir, cnr or both", "fir")
    order_date = v.day(warrant, "order_date", required=True)
    assert order_date is not None
    if admitted_on < order_date:
        raise node.error(
            f"admitted on {admitted_on:%d-%m-%Y}, before the warrant's order of {order_date:%d-%m-%Y}", "admitted_at"
        )
    custody_until = v.day(warrant, "remand_upto")
    if custody_until is not None and custody_until < order_date:
        raise warrant.error(
            f"remand up to {custody_until:%d-%m-%Y}, before the order of {order_date:%d-%m-%Y}", "remand_upto"
        )
    charges = m.offences_in(warrant, "offences")
    for _statute, _section, offence in charges:
        if offence > order_date:
            raise warrant.error(
                f"an offence on {offence:%d-%m-%Y} is after the warrant's order of {order_date:%d-%m-%Y}", "offences"
            )

    root = new_root("PrisonAdmission")
    _header(root, ADMISSION, node, "admission_no", prison, fir=fir, cnr=cnr)
    prison.add(root)
    add(root, "AdmittedAt", admitted.isoformat())
    add(root, "Category", v.coded(node, "prisoner_type", v.CATEGORIES, what="prisoner type", required=True))

    order = add(root, "CommitmentOrder")
    add(order, "Kind", v.coded(warrant, "type", v.WARRANT_TYPES, what="warrant type", required=True))
    court = warrant.object("court", required=True)
    assert court is not None
    m.court_in(order, "Court", court)
    add(order, "OrderDate", order_date.isoformat())
    add_optional(order, "WarrantNumber", v.code(warrant, "warrant_no"))
    if fir is not None:
        m.fir_key_add(order, fir)
    add_optional(order, "Cnr", cnr)
    add_optional(order, "CustodyUntil", None if custody_until is None else custody_until.isoformat())
    if charges:
        m.charges_add(add(order, "Charges"), charges)

    prisoner = node.object("prisoner", required=True)
    assert prisoner is not None
    m.person_in(add(root, "Persons"), prisoner, "P1", on=admitted_on, extra=("identification_marks",))
    role = add(root, "Prisoner", personRef="P1")
    for value, path, line in prisoner.scalars("identification_marks"):
        if not isinstance(value, str):
            raise AdapterError("expected a description of a mark", field=path, line=line)
        add(
            role,
            "IdentificationMark",
            v.clean(value, prisoner, "", one_line=True, limit=v.SHORT_LIMIT, where=(path, line)),
        )

    add(root, "BiometricsCaptured", "true" if v.flag(node, "biometrics_captured") else "false")
    medical = node.object("medical", required=True)
    assert medical is not None
    _health_in(root, medical)
    escort = node.object("escort")
    if escort is not None:
        m.officer_in(root, "EscortedBy", escort)
    admitted_by = node.object("admitted_by")
    if admitted_by is not None:
        m.officer_in(root, "AdmittedBy", admitted_by)
    add_optional(root, "Remarks", v.long_text(node, "remarks"))
    return serialise(root)


def _health_in(root: etree._Element, node: Node) -> None:
    node.only(*MEDICAL_KEYS)
    health = add(root, "Health")
    add(health, "ExaminedAt", v.when(node, "examined_at", required=True).isoformat())  # type: ignore[union-attr]
    officer = node.object("medical_officer")
    if officer is not None:
        officer.only(*MEDICAL_OFFICER_KEYS)
        element = add(health, "MedicalOfficer")
        m.names_in(element, officer)
        add(element, "Designation", v.text(officer, "designation", required=True))
    add(health, "Condition", v.coded(node, "condition", v.CONDITIONS, what="condition on admission", required=True))
    add_optional(health, "HeightCm", v.measure(node, "height_cm", unit="cm", high=260))
    add_optional(health, "WeightKg", v.measure(node, "weight_kg", unit="kg", high=400))
    add_optional(health, "Injuries", v.long_text(node, "injuries"))
    add_optional(health, "Notes", v.long_text(node, "notes"))


def encode_admission(root: Canon) -> bytes:
    """Canonical prison-admission -> an e-Prisons export holding that one admission."""
    out, keys = _header_out(root, "admission_no")
    out["admitted_at"] = v.native_datetime(root.required_text("AdmittedAt"))
    out["prisoner_type"] = m.lookup(root, "Category", v.CATEGORY_CODES)

    order = root.required("CommitmentOrder")
    warrant: dict[str, Any] = {"type": m.lookup(order, "Kind", v.WARRANT_CODES)}
    warrant["court"] = m.court_out(order.required("Court"))
    warrant["order_date"] = v.native_date(order.required_text("OrderDate"))
    if order.text("WarrantNumber") is not None:
        warrant["warrant_no"] = order.text("WarrantNumber")
    order_fir, header_fir = order.child("FirKey"), keys.child("FirKey")
    if (order_fir is None) != (header_fir is None) or (
        order_fir is not None and header_fir is not None and m.fir_of(order_fir) != m.fir_of(header_fir)
    ):
        raise keys.error("e-Prisons links an admission to the FIR its warrant names, and to no other", "FirKey")
    if keys.text("Cnr") != order.text("Cnr"):
        raise keys.error("e-Prisons links an admission to the CNR its warrant names, and to no other", "Cnr")
    if order_fir is not None:
        warrant["fir"] = m.fir_out(order_fir)
    if order.text("Cnr") is not None:
        warrant["cnr"] = order.text("Cnr")
    if order.text("CustodyUntil") is not None:
        warrant["remand_upto"] = v.native_date(order.required_text("CustodyUntil"))
    charges = order.child("Charges")
    if charges is not None:
        warrant["offences"] = m.offences_out(charges.children("Charge"))
    out["warrant"] = warrant

    persons = root.required("Persons").children("Person")
    prisoner_role = root.required("Prisoner")
    out["prisoner"] = _only_prisoner(persons, prisoner_role)
    marks = [mark.value() for mark in prisoner_role.children("IdentificationMark")]
    if marks:
        out["prisoner"]["identification_marks"] = marks

    out["biometrics_captured"] = "Y" if root.required_text("BiometricsCaptured") in ("true", "1") else "N"
    out["medical"] = _health_out(root.required("Health"))
    for tag, key in (("EscortedBy", "escort"), ("AdmittedBy", "admitted_by")):
        officer = root.child(tag)
        if officer is not None:
            out[key] = m.officer_out(officer)
    if root.text("Remarks") is not None:
        out["remarks"] = root.text("Remarks")
    out["entry_dt"] = v.native_datetime(root.required("Header").required_text("CreatedAt"))
    return _document(root.required("Prison"), "admissions", out)


def _only_prisoner(persons: list[Canon], role: Canon) -> dict[str, Any]:
    ref = role.required_attr("personRef")
    if len(persons) != 1 or persons[0].attr("id") != ref:
        raise role.error("e-Prisons records name one person, the prisoner, and no other")
    return m.person_out(persons[0])


def _health_out(health: Canon) -> dict[str, Any]:
    out: dict[str, Any] = {"examined_at": v.native_datetime(health.required_text("ExaminedAt"))}
    officer = health.child("MedicalOfficer")
    if officer is not None:
        mo: dict[str, Any] = {}
        m.names_out(officer, mo)
        mo["designation"] = officer.required_text("Designation")
        out["medical_officer"] = mo
    out["condition"] = m.lookup(health, "Condition", v.CONDITION_CODES)
    for tag, key in (
        ("HeightCm", "height_cm"),
        ("WeightKg", "weight_kg"),
        ("Injuries", "injuries"),
        ("Notes", "notes"),
    ):
        if health.text(tag) is not None:
            out[key] = health.text(tag)
    return out


# ================================================================================================= movements


@dataclass(frozen=True)
class Part:
    """One member of a movement of some kind: native key, canonical element, how to read and write it."""

    key: str
    tag: str
    kind: str  # place | escort | authority | court-order | datetime | date | text | short | prisoner-id | return-from
    required: bool = False
    default: str | None = None  # "prison": the reporting prison when the member is absent


_FROM_PRISON = Part("from", "From", "place", True, "prison")
_TO = Part("to", "To", "place", True)
_ESCORT = Part("escort", "Escort", "escort")
_AUTHORITY = Part("authority", "Authority", "authority")
_AUTHORITY_REQUIRED = Part("authority", "Authority", "authority", True)

MOVEMENT_PARTS: dict[str, tuple[Part, ...]] = {
    "CourtProduction": (
        _FROM_PRISON,
        _TO,
        Part("escort", "Escort", "escort", True),
        _AUTHORITY_REQUIRED,
        Part("expected_return_at", "ExpectedReturnAt", "datetime"),
    ),
    "HospitalVisit": (_FROM_PRISON, _TO, _ESCORT, _AUTHORITY, Part("reason", "Reason", "text")),
    "Transfer": (
        _FROM_PRISON,
        _TO,
        _ESCORT,
        _AUTHORITY_REQUIRED,
        Part("new_prisoner_id", "NewPrisonerId", "prisoner-id"),
    ),
    "ReleaseOnBail": (_FROM_PRISON, Part("authority", "Authority", "court-order", True)),
    "ReleaseOnCompletion": (
        _FROM_PRISON,
        Part("sentence_completed_on", "SentenceCompletedOn", "date"),
        _AUTHORITY,
    ),
    "Parole": (
        _FROM_PRISON,
        Part("to", "To", "place"),
        _AUTHORITY_REQUIRED,
        Part("due_back_on", "DueBackOn", "date", True),
    ),
    "Escape": (
        _FROM_PRISON,
        Part("circumstances", "Circumstances", "text", True),
        _ESCORT,
        Part("police_informed_at", "PoliceInformedAt", "datetime"),
    ),
    "Return": (
        Part("return_from", "ReturnFrom", "return-from", True),
        Part("from", "From", "place", True),
        Part("to", "To", "place", True, "prison"),
        _ESCORT,
        _AUTHORITY,
    ),
    "Death": (
        Part("place", "Place", "place", True),
        Part("cause", "Cause", "text", True),
        Part("inquiry_ref", "InquiryReference", "short"),
    ),
}
MOVEMENT_PARTS["Furlough"] = MOVEMENT_PARTS["Parole"]

MOVEMENT_COMMON_KEYS = (
    "movement_no",
    "prisoner_id",
    "cnr",
    "fir",
    "prisoner",
    "movement_type",
    "priority",
    "movement_at",
    "recorded_by",
    "remarks",
    "entry_dt",
    "modified_dt",
)
MOVEMENT_KEYS = tuple(
    dict.fromkeys(MOVEMENT_COMMON_KEYS + tuple(part.key for parts in MOVEMENT_PARTS.values() for part in parts))
)


def decode_movement(node: Node, prison: Prison) -> bytes:
    """One movement of an e-Prisons export -> canonical prison-movement XML. Raises AdapterError."""
    kind = v.coded(node, "movement_type", v.MOVEMENT_TYPES, what="movement type", required=True)
    assert kind is not None
    parts = MOVEMENT_PARTS[kind]
    allowed = MOVEMENT_COMMON_KEYS + tuple(part.key for part in parts)
    for key in node.obj:
        if key not in allowed and key in MOVEMENT_KEYS:
            raise node.error(f"{key!r} does not belong to a {v.MOVEMENT_CODES[kind]} movement", key)
    node.only(*allowed)
    moved = v.when(node, "movement_at", required=True)
    assert moved is not None
    cnr = m.cnr_in(node, "cnr", required=True)
    assert cnr is not None
    fir = m.fir_in(node, "fir")

    root = new_root("PrisonMovement")
    _header(root, MOVEMENT, node, "movement_no", prison, fir=fir, cnr=cnr)
    prison.add(root)
    prisoner = node.object("prisoner", required=True)
    assert prisoner is not None
    m.person_in(add(root, "Persons"), prisoner, "P1", on=moved.astimezone(IST).date())
    add(root, "Prisoner", personRef="P1")

    priority = v.coded(node, "priority", v.PRIORITIES, what="priority (ROUTINE, URGENT, REAL_TIME)")
    if kind == "Escape":
        if priority not in (None, "real-time"):
            raise node.error("an escape is always reported in real time (REAL_TIME)", "priority")
        priority = "real-time"
    event = add(add(root, "Movement"), kind, **({} if priority is None else {"priority": priority}))
    add(event, "At", moved.isoformat())
    for part in parts:
        _part_in(event, node, part, prison=prison, cnr=cnr, moved=moved)

    recorded_by = node.object("recorded_by")
    if recorded_by is not None:
        m.officer_in(root, "RecordedBy", recorded_by)
    add_optional(root, "Remarks", v.long_text(node, "remarks"))
    return serialise(root)


def _part_in(event: etree._Element, node: Node, part: Part, *, prison: Prison, cnr: str, moved: datetime) -> None:
    if part.kind in ("place", "escort", "authority", "court-order", "prisoner-id"):
        sub = node.object(part.key)
        if sub is None:
            if part.default == "prison":
                prison.add(add(event, part.tag))
            elif part.required:
                raise node.error("required field is missing", part.key)
            return
        if part.kind == "place":
            m.place_in(event, part.tag, sub)
        elif part.kind == "escort":
            m.escort_in(event, part.tag, sub)
        elif part.kind in ("authority", "court-order"):
            m.authority_in(event, part.tag, sub, cnr=cnr, court_only=part.kind == "court-order")
        else:
            sub.only("state_code", "prison_code", "prisoner_id")
            state = v.integer(sub, "state_code", low=1, high=99, required=True)
            add(
                event,
                part.tag,
                v.code(sub, "prisoner_id", required=True),
                stateCode=str(state),
                prisonCode=v.code(sub, "prison_code", required=True) or "",
            )
        return
    value: str | None
    if part.kind == "datetime":
        moment = v.when(node, part.key, required=part.required)
        if moment is not None and moment < moved:
            raise node.error(f"{v.shown(moment)} is before the movement at {v.shown(moved)} (movement_at)", part.key)
        value = None if moment is None else moment.isoformat()
    elif part.kind == "date":
        day: date | None = v.day(node, part.key, required=part.required)
        if day is not None and part.key == "due_back_on" and day < moved.astimezone(IST).date():
            raise node.error(f"due back on {day:%d-%m-%Y}, before the release on {v.shown(moved)}", part.key)
        value = None if day is None else day.isoformat()
    elif part.kind == "text":
        value = v.long_text(node, part.key, required=part.required)
    elif part.kind == "short":
        value = v.text(node, part.key, required=part.required)
    else:  # return-from
        value = v.coded(node, part.key, v.RETURNS_FROM, what="return reason", required=part.required)
    add_optional(event, part.tag, value)


def encode_movement(root: Canon) -> bytes:
    """Canonical prison-movement -> an e-Prisons export holding that one movement."""
    out, keys = _header_out(root, "movement_no")
    out["cnr"] = keys.required_text("Cnr")
    fir = keys.child("FirKey")
    if fir is not None:
        out["fir"] = m.fir_out(fir)
    out["prisoner"] = _only_prisoner(root.required("Persons").children("Person"), root.required("Prisoner"))
    movement = root.required("Movement")
    kinds = [child for child in movement.element if isinstance(child.tag, str)]
    if len(kinds) != 1:
        raise movement.error("expected exactly one movement")
    event = Canon(kinds[0], f"{movement.path}/{etree.QName(kinds[0]).localname}")
    kind = event.kind()
    if kind not in MOVEMENT_PARTS:
        raise event.error(f"{kind!r} is not a movement this adapter knows")
    out["movement_type"] = v.MOVEMENT_CODES[kind]
    priority = event.attr("priority")
    if priority is not None:
        if priority not in v.PRIORITY_CODES:
            raise event.error(f"{priority!r} is not a priority", "@priority")
        out["priority"] = v.PRIORITY_CODES[priority]
    out["movement_at"] = v.native_datetime(event.required_text("At"))
    for part in MOVEMENT_PARTS[kind]:
        found = event.child(part.tag)
        if found is None:
            if part.required:
                raise event.error("required element is missing", part.tag)
            continue
        out[part.key] = _PART_WRITERS[part.kind](found)
    recorded_by = root.child("RecordedBy")
    if recorded_by is not None:
        out["recorded_by"] = m.officer_out(recorded_by)
    if root.text("Remarks") is not None:
        out["remarks"] = root.text("Remarks")
    out["entry_dt"] = v.native_datetime(root.required("Header").required_text("CreatedAt"))
    return _document(root.required("Prison"), "movements", out)


_PART_WRITERS: dict[str, Callable[[Canon], Any]] = {
    "place": m.place_out,
    "escort": m.escort_out,
    "authority": m.authority_out,
    "court-order": m.court_order_out,
    "prisoner-id": m.prisoner_id_out,
    "datetime": lambda canon: v.native_datetime(canon.value()),
    "date": lambda canon: v.native_date(canon.value()),
    "text": lambda canon: canon.value(),
    "short": lambda canon: canon.value(),
    "return-from": lambda canon: v.RETURN_FROM_CODES.get(canon.value()) or _refuse(canon, "a return reason"),
}


def _refuse(canon: Canon, what: str) -> Any:
    raise canon.error(f"{canon.value()!r} is not {what}")
