"""The native format, both ways: a JSON document of court hearings <-> canonical ``hearing-recorded`` records.

Everything here is pure: bytes in, bytes out, no clock, no file, no network. Every refusal is an ``AdapterError``
whose ``field`` is the JSON pointer (RFC 6901) of the member at fault, e.g. ``/hearings/0/court/establishment``,
so that whoever must fix the export knows where to look. The format is described in README.md.

To carry another record type, copy ``decode_hearing`` and ``encode_hearing`` and follow the record type's schema
(``icjs-hub schemas show TYPE``); the readers below (``_Obj`` for JSON, ``_El`` for canonical XML) stay as they are.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from adapters.base import CANONICAL_NS, AdapterError, parse_native_xml, record_id
from adapters.notation import parse_native_date, parse_native_datetime
from lxml import etree

RECORD_TYPE = "hearing-recorded"
FORMAT = "icjs-hearings/1"

# What a bug or an input nobody foresaw may raise while one hearing is read: it costs that hearing, not the others.
UNFORESEEN = (ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError, RecursionError)

SHORT = 200  # r:ShortTextType
LONG = 4000  # r:TextType

CNR = re.compile(r"[A-Z]{4}[A-Z0-9]{2}[0-9]{10}")
ESTABLISHMENT = re.compile(r"[A-Z]{4}[A-Z0-9]{2}")
FIR = re.compile(
    r"(?P<state>\d{1,2})-(?P<district>\d{1,4})-(?P<station>[A-Z0-9]{1,12})-(?P<year>\d{4})-(?P<serial>\d{1,6})"
)
SCRIPT = re.compile(r"[A-Z][a-z]{3}")
PERSON_ID = re.compile(r"[A-Za-z][A-Za-z0-9_\-]{0,31}")
ACCUSED_CODE = re.compile(r"[A-Z][0-9]{1,2}")
WITNESS_NUMBER = re.compile(r"(PW|DW|CW)[1-9][0-9]{0,2}")

STAGES = (
    "appearance",
    "supply-of-copies",
    "charge",
    "prosecution-evidence",
    "statement-of-accused",
    "defence-evidence",
    "final-arguments",
    "judgment",
    "sentence",
    "application",
    "disposed",
    "other",
)
SEXES = ("male", "female", "transgender", "unknown")
ATTENDANCE = ("present", "produced-from-custody", "video-conference", "exempted", "absent")
EXAMINATIONS = ("chief", "cross", "chief-and-cross", "re-examination")
PARTIES = ("prosecution", "defence", "complainant", "court")
REASONS = (
    "witness-absent",
    "accused-absent",
    "accused-not-produced",
    "prosecutor-absent",
    "counsel-absent",
    "presiding-officer-on-leave",
    "paucity-of-time",
    "report-awaited",
    "time-sought",
    "strike",
    "other",
)

ROOT_KEYS = ("format", "hearings")
HEARING_KEYS = (
    "cnr",
    "fir",
    "hearing_date",
    "entered_at",
    "court",
    "presiding_officer",
    "purpose",
    "business",
    "stage",
    "persons",
    "attendance",
    "witnesses",
    "adjournment",
    "next_date",
    "next_purpose",
)
COURT_KEYS = ("establishment", "name", "number")
OFFICER_KEYS = ("name", "script", "designation")
PERSON_KEYS = ("id", "name", "script", "name_latin", "birth_date", "age", "sex")
ATTENDANCE_KEYS = ("person", "code", "status")
WITNESS_KEYS = ("person", "number", "examination")
ADJOURNMENT_KEYS = ("sought_by", "reason", "details", "count")

# Characters XML 1.0 cannot carry: C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# ------------------------------------------------------------------------------------------------ reading JSON


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    members: dict[str, Any] = {}
    for key, value in pairs:
        if key in members:
            raise _Duplicate(key)  # json.loads would silently keep the last one
        members[key] = value
    return members


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def load(native: bytes) -> Any:
    """UTF-8 JSON bytes (a byte-order mark is allowed) -> the value; AdapterError naming the line otherwise."""
    if not isinstance(native, bytes | bytearray):
        raise AdapterError(f"expected bytes, got {type(native).__name__}", field="document")
    data = bytes(native).removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AdapterError(f"not UTF-8 (byte {exc.start})", field="document", line=line) from None
    if not text.strip():
        raise AdapterError("the document is empty", field="document", line=1)
    try:
        return json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise AdapterError(f"not JSON: {exc.msg} (column {exc.colno})", field="document", line=exc.lineno) from None
    except _Duplicate as exc:
        raise AdapterError(f"member {_shown(exc.key)!r} is given twice in one object", field="document") from None
    except RecursionError:
        raise AdapterError("not JSON this adapter reads: nested too deeply", field="document") from None
    except ValueError as exc:  # NaN, Infinity, an integer of more digits than Python converts
        raise AdapterError(f"not JSON this adapter reads: {exc}", field="document") from None


def _shown(key: str) -> str:
    return key if key.isprintable() else ascii(key)[1:-1]


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


class _Obj:
    """One JSON object and its pointer; reads its members and refuses them by their pointer."""

    def __init__(self, value: Any, pointer: str, keys: tuple[str, ...]) -> None:
        if not isinstance(value, dict):
            raise AdapterError(f"expected an object, found {_kind(value)}", field=pointer or "document")
        self.value = value
        self.pointer = pointer
        for key in value:
            if key not in keys:  # a misspelt member must never be lost silently
                raise self.error(key, f"unexpected member (expected one of: {', '.join(keys)})")

    def at(self, key: str) -> str:
        return f"{self.pointer}/{_shown(key).replace('~', '~0').replace('/', '~1')}"

    def error(self, key: str, message: str) -> AdapterError:
        return AdapterError(message, field=self.at(key))

    def raw(self, key: str, required: bool) -> Any:
        """The member's value; None when it is missing, null or empty (and required says whether that is allowed)."""
        value = self.value.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.error(key, "required member is missing")
            return None
        return value

    def text(self, key: str, *, required: bool = True, limit: int = SHORT) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(key, f"expected a string, found {_kind(value)}")
        value = value.strip()
        bad = _NOT_XML.search(value)
        if bad is not None:
            raise self.error(key, f"character U+{ord(bad.group()):04X} cannot be carried in a record")
        if len(value) > limit:
            raise self.error(key, f"{len(value)} characters, at most {limit}")
        return value

    def code(self, key: str, pattern: re.Pattern[str], example: str, *, required: bool = True) -> str | None:
        value = self.text(key, required=required, limit=64)
        if value is not None and not pattern.fullmatch(value):
            raise self.error(key, f"{value[:40]!r} is not of the form {example}")
        return value

    def choice(self, key: str, options: tuple[str, ...], *, required: bool = True) -> str | None:
        value = self.text(key, required=required, limit=64)
        if value is not None and value not in options:
            raise self.error(key, f"{value[:40]!r} is not one of: {', '.join(options)}")
        return value

    def integer(self, key: str, low: int, high: int, *, required: bool = True) -> int | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected a whole number, found {_kind(value)}")
        if not low <= value <= high:
            raise self.error(key, f"{value} is not between {low} and {high}")
        return value

    def date(self, key: str, *, required: bool = True) -> date | None:
        value = self.text(key, required=required, limit=64)
        return None if value is None else parse_native_date(value, field=self.at(key))

    def datetime(self, key: str) -> str:
        value = self.text(key, limit=64)
        assert value is not None
        return parse_native_datetime(value, field=self.at(key)).isoformat()

    def object(self, key: str, keys: tuple[str, ...], *, required: bool = True) -> _Obj | None:
        value = self.raw(key, required)
        return None if value is None else _Obj(value, self.at(key), keys)

    def objects(self, key: str, keys: tuple[str, ...], *, required: bool = True) -> list[_Obj]:
        value = self.raw(key, required)
        if value is None or value == []:
            if required:
                raise self.error(key, "required member is missing (give at least one)")
            return []
        if not isinstance(value, list):
            raise self.error(key, f"expected an array, found {_kind(value)}")
        return [_Obj(item, f"{self.at(key)}/{index}", keys) for index, item in enumerate(value)]


# ----------------------------------------------------------------------------------------- native -> canonical


def _add(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CANONICAL_NS}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def decode_document(native: bytes, *, system: str, pillar: str) -> list[bytes | AdapterError]:
    """Every hearing of the document, in order: its canonical record, or the AdapterError refusing it.

    Raises AdapterError when the document as a whole cannot be read.
    """
    root = _Obj(load(native), "", ROOT_KEYS)
    found = root.text("format", limit=64)
    if found != FORMAT:
        raise root.error("format", f"{str(found)[:40]!r} is not a format this adapter reads (expected {FORMAT!r})")
    hearings = root.raw("hearings", required=True)
    if not isinstance(hearings, list):
        raise root.error("hearings", f"expected an array of hearings, found {_kind(hearings)}")
    if not hearings:
        raise root.error("hearings", "the document holds no hearings")
    results: list[bytes | AdapterError] = []
    for index, item in enumerate(hearings):
        pointer = f"/hearings/{index}"
        try:
            results.append(decode_hearing(_Obj(item, pointer, HEARING_KEYS), system=system, pillar=pillar))
        except AdapterError as exc:
            results.append(exc)
        except UNFORESEEN as exc:
            results.append(AdapterError(f"cannot read this hearing ({type(exc).__name__}: {exc})", field=pointer))
    return results


def decode_hearing(hearing: _Obj, *, system: str, pillar: str) -> bytes:
    """One hearing -> one canonical hearing-recorded record (UTF-8 XML)."""
    cnr = hearing.code("cnr", CNR, "HRFB010012342024")
    assert cnr is not None
    fir = _fir(hearing)
    heard_on = hearing.date("hearing_date")
    assert heard_on is not None
    source_record_id = f"{cnr}/H/{heard_on.isoformat()}"

    record = etree.Element(f"{{{CANONICAL_NS}}}HearingRecorded", nsmap={None: CANONICAL_NS})
    header = _add(record, "Header")
    _add(header, "RecordId", record_id(system, RECORD_TYPE, source_record_id))
    _add(header, "RecordType", RECORD_TYPE)
    _add(header, "Version", "1")
    _add(header, "SourceSystem", system)
    _add(header, "SourcePillar", pillar)
    _add(header, "SourceRecordId", source_record_id)
    _add(header, "CreatedAt", hearing.datetime("entered_at"))
    keys = _add(header, "CaseKeys")
    if fir is not None:
        fir_key = _add(keys, "FirKey")
        for tag, value in zip(("StateCode", "DistrictCode", "PoliceStationCode", "Year", "Serial"), fir, strict=True):
            _add(fir_key, tag, value)
    _add(keys, "Cnr", cnr)

    _add(record, "HearingDate", heard_on.isoformat())
    court = hearing.object("court", COURT_KEYS)
    assert court is not None
    establishment = court.code("establishment", ESTABLISHMENT, "HRFB01")
    if establishment != cnr[:6]:
        raise court.error("establishment", f"{establishment} is not the establishment of CNR {cnr} ({cnr[:6]})")
    court_element = _add(record, "Court")
    _add(court_element, "EstablishmentCode", establishment)
    _add(court_element, "Name", court.text("name"))
    number = court.text("number", required=False, limit=64)
    if number is not None:
        _add(court_element, "CourtNumber", number)

    officer = hearing.object("presiding_officer", OFFICER_KEYS, required=False)
    if officer is not None:
        officer_element = _add(record, "PresidingOfficer")
        name = officer.text("name")
        _add(officer_element, "Name", name, script=officer.code("script", SCRIPT, "Latn") or "")
        _add(officer_element, "Designation", officer.text("designation"))

    _add(record, "Purpose", hearing.text("purpose"))
    _add(record, "BusinessDone", hearing.text("business", limit=LONG))
    _add(record, "Stage", hearing.choice("stage", STAGES))

    persons_element = _add(record, "Persons")
    person_ids: set[str] = set()
    for person in hearing.objects("persons", PERSON_KEYS):
        person_ids.add(_person(person, persons_element, person_ids))
    _roles(hearing, record, person_ids)

    adjournment = hearing.object("adjournment", ADJOURNMENT_KEYS, required=False)
    if adjournment is not None:
        adjournment_element = _add(record, "Adjournment")
        _add(adjournment_element, "SoughtBy", adjournment.choice("sought_by", PARTIES))
        _add(adjournment_element, "Reason", adjournment.choice("reason", REASONS))
        details = adjournment.text("details", required=False, limit=LONG)
        if details is not None:
            _add(adjournment_element, "Details", details)
        count = adjournment.integer("count", 1, 999, required=False)
        if count is not None:
            _add(adjournment_element, "Count", str(count))

    next_date = hearing.date("next_date", required=False)
    if next_date is not None:
        if next_date <= heard_on:
            raise hearing.error(
                "next_date", f"{next_date.isoformat()} is not after the hearing ({heard_on.isoformat()})"
            )
        _add(record, "NextHearingDate", next_date.isoformat())
    next_purpose = hearing.text("next_purpose", required=False)
    if next_purpose is not None:
        _add(record, "NextPurpose", next_purpose)
    return etree.tostring(record, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _fir(hearing: _Obj) -> tuple[str, ...] | None:
    """The FIR the case came from, written state-district-station-year-serial (6-60-PS0031-2024-412)."""
    text = hearing.code("fir", FIR, "6-60-PS0031-2024-412", required=False)
    if text is None:
        return None
    match = FIR.fullmatch(text)
    assert match is not None
    limits = {"state": (1, 99), "district": (1, 9999), "year": (1950, 2100), "serial": (1, 999999)}
    for part, (low, high) in limits.items():
        if not low <= int(match[part]) <= high:
            raise hearing.error("fir", f"{part} {match[part]} is not between {low} and {high}")
    return tuple(
        match[p] if p == "station" else str(int(match[p])) for p in ("state", "district", "station", "year", "serial")
    )


def _person(person: _Obj, parent: etree._Element, seen: set[str]) -> str:
    person_id = person.code("id", PERSON_ID, "P1")
    assert person_id is not None
    if person_id in seen:
        raise person.error("id", f"person {person_id} is listed twice")
    element = _add(parent, "Person", id=person_id)
    name = person.text("name")
    _add(element, "Name", name, script=person.code("script", SCRIPT, "Deva") or "")
    latin = person.text("name_latin", required=False)
    if latin is not None:
        _add(element, "NameRomanised", latin)
    born = person.date("birth_date", required=False)
    age = person.integer("age", 0, 130, required=False)
    if born is not None and age is not None:
        raise person.error("age", "give birth_date or age, not both")
    if born is not None:
        _add(element, "BirthDate", born.isoformat())
    if age is not None:
        _add(element, "AgeYears", str(age))
    _add(element, "Sex", person.choice("sex", SEXES))
    return person_id


def _roles(hearing: _Obj, record: etree._Element, person_ids: set[str]) -> None:
    """Attendance of each accused and the witnesses examined, each pointing at a person of the hearing, once."""
    accused: set[str] = set()
    codes: set[str] = set()
    for entry in hearing.objects("attendance", ATTENDANCE_KEYS):
        person = _person_ref(entry, person_ids)
        code = entry.code("code", ACCUSED_CODE, "A1")
        assert code is not None
        if person in accused:
            raise entry.error("person", f"the attendance of {person} is given twice")
        if code in codes:
            raise entry.error("code", f"accused {code} is given twice")
        accused.add(person)
        codes.add(code)
        _add(record, "Attendance", personRef=person, code=code, status=entry.choice("status", ATTENDANCE) or "")
    numbers: set[str] = set()
    for entry in hearing.objects("witnesses", WITNESS_KEYS, required=False):
        person = _person_ref(entry, person_ids)
        number = entry.code("number", WITNESS_NUMBER, "PW1")
        assert number is not None
        if number in numbers:
            raise entry.error("number", f"witness {number} is given twice")
        numbers.add(number)
        examination = entry.choice("examination", EXAMINATIONS) or ""
        _add(record, "WitnessExamined", personRef=person, number=number, examination=examination)


def _person_ref(entry: _Obj, person_ids: set[str]) -> str:
    person = entry.code("person", PERSON_ID, "P1")
    assert person is not None
    if person not in person_ids:
        raise entry.error("person", f"no person {person} in this hearing's persons")
    return person


# ----------------------------------------------------------------------------------------- canonical -> native


class _El:
    """A canonical element: its children are read by name, and anything left unread is refused, so that what
    this format cannot carry is never dropped silently (the round trip must be lossless)."""

    def __init__(self, element: etree._Element, path: str) -> None:
        self.element = element
        self.path = path
        self.children = [child for child in element if isinstance(child.tag, str)]  # no comments
        self.used: set[int] = set()
        self.attributes_read: set[str] = set()

    def error(self, message: str) -> AdapterError:
        return AdapterError(message, field=self.path, line=self.element.sourceline)

    def all(self, name: str) -> list[_El]:
        found = []
        for index, child in enumerate(self.children):
            if child.tag == f"{{{CANONICAL_NS}}}{name}":
                self.used.add(index)
                found.append(_El(child, f"{self.path}/{name}"))
        return found

    def one(self, name: str, *, required: bool = True) -> _El | None:
        found = self.all(name)
        if len(found) > 1:
            raise found[1].error(f"{name} is given more than once")
        if not found:
            if required:
                raise self.error(f"{name} is missing")
            return None
        return found[0]

    def value(self) -> str:
        text = (self.element.text or "").strip()
        if not text:
            raise self.error("is empty")
        return text

    def text(self, name: str, *, required: bool = True) -> str | None:
        child = self.one(name, required=required)
        if child is None:
            return None
        value = child.value()
        child.done()
        return value

    def attribute(self, name: str) -> str:
        self.attributes_read.add(name)
        value = (self.element.get(name) or "").strip()
        if not value:
            raise self.error(f"attribute {name} is missing")
        return value

    def done(self) -> None:
        for index, child in enumerate(self.children):
            if index not in self.used:
                name = etree.QName(child).localname
                raise AdapterError(
                    f"{name} cannot be carried in this format", field=f"{self.path}/{name}", line=child.sourceline
                )
        for name in self.element.attrib:
            if name not in self.attributes_read:
                raise self.error(f"attribute {name} cannot be carried in this format")


def _native_date(element: _El, name: str, *, required: bool = True) -> str | None:
    text = element.text(name, required=required)
    if text is None:
        return None
    try:
        return date.fromisoformat(text).strftime("%d-%m-%Y")
    except ValueError:
        raise AdapterError(f"{text[:40]!r} is not a date", field=f"{element.path}/{name}") from None


def _whole(element: _El, name: str, text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,9}", text):
        raise AdapterError(f"{text[:20]!r} is not a whole number", field=f"{element.path}/{name}")
    return int(text)


def encode_hearing(canonical: bytes, *, system: str, pillar: str) -> bytes:
    """A canonical hearing-recorded record (this system's own) -> a native document holding that one hearing."""
    root = parse_native_xml(canonical)
    if root.tag != f"{{{CANONICAL_NS}}}HearingRecorded":
        name = etree.QName(root).localname if isinstance(root.tag, str) else "document"
        raise AdapterError(f"expected a HearingRecorded record, found {name}", field=f"/{name}", line=root.sourceline)
    record = _El(root, "/HearingRecorded")
    header = record.one("Header")
    assert header is not None
    identity = {name: header.text(name) or "" for name in ("RecordId", "RecordType", "Version", "SourceSystem")}
    if identity["RecordType"] != RECORD_TYPE:
        raise header.error(f"RecordType is {identity['RecordType']!r}, not {RECORD_TYPE}")
    if identity["Version"] != "1":
        raise header.error("this format carries no record versions: only version 1 can be written")
    if identity["SourceSystem"] != system or header.text("SourcePillar") != pillar:
        raise header.error(f"this format carries only the hearings of {system} ({pillar})")
    source_record_id = header.text("SourceRecordId")
    created_at = header.text("CreatedAt")
    keys = header.one("CaseKeys")
    assert keys is not None
    hearing: dict[str, Any] = {"cnr": keys.text("Cnr")}
    fir = keys.one("FirKey", required=False)
    if fir is not None:
        parts = [fir.text(name) or "" for name in ("StateCode", "DistrictCode", "PoliceStationCode", "Year", "Serial")]
        hearing["fir"] = "-".join(parts)
        fir.done()
    keys.done()
    header.done()

    heard_on = record.text("HearingDate") or ""
    if source_record_id != f"{hearing['cnr']}/H/{heard_on}":
        raise header.error(f"SourceRecordId {source_record_id!r} is not CNR/H/hearing date")
    if identity["RecordId"] != record_id(system, RECORD_TYPE, source_record_id):
        raise header.error(f"RecordId {identity['RecordId']!r} is not the id of {source_record_id}")
    hearing["hearing_date"] = _native_date(record, "HearingDate")
    hearing["entered_at"] = created_at

    court = record.one("Court")
    assert court is not None
    hearing["court"] = {"establishment": court.text("EstablishmentCode"), "name": court.text("Name")}
    number = court.text("CourtNumber", required=False)
    if number is not None:
        hearing["court"]["number"] = number
    court.done()

    officer = record.one("PresidingOfficer", required=False)
    if officer is not None:
        name = officer.one("Name")
        assert name is not None
        hearing["presiding_officer"] = {
            "name": name.value(),
            "script": name.attribute("script"),
            "designation": officer.text("Designation"),
        }
        name.done()
        officer.done()

    hearing["purpose"] = record.text("Purpose")
    hearing["business"] = record.text("BusinessDone")
    hearing["stage"] = record.text("Stage")

    persons = record.one("Persons")
    assert persons is not None
    hearing["persons"] = [_native_person(person) for person in persons.all("Person")]
    persons.done()
    roles = record.all("Attendance") + record.all("WitnessExamined")
    hearing["attendance"] = [
        {"person": a.attribute("personRef"), "code": a.attribute("code"), "status": a.attribute("status")}
        for a in roles
        if a.path.endswith("/Attendance")
    ]
    witnesses = [
        {"person": w.attribute("personRef"), "number": w.attribute("number"), "examination": w.attribute("examination")}
        for w in roles
        if w.path.endswith("/WitnessExamined")
    ]
    if witnesses:
        hearing["witnesses"] = witnesses

    adjournment = record.one("Adjournment", required=False)
    if adjournment is not None:
        native: dict[str, Any] = {
            "sought_by": adjournment.text("SoughtBy"),
            "reason": adjournment.text("Reason"),
        }
        details = adjournment.text("Details", required=False)
        if details is not None:
            native["details"] = details
        count = adjournment.text("Count", required=False)
        if count is not None:
            native["count"] = _whole(adjournment, "Count", count)
        adjournment.done()
        hearing["adjournment"] = native

    next_date = _native_date(record, "NextHearingDate", required=False)
    if next_date is not None:
        hearing["next_date"] = next_date
    next_purpose = record.text("NextPurpose", required=False)
    if next_purpose is not None:
        hearing["next_purpose"] = next_purpose
    for role in roles:
        role.done()
    record.done()
    document = {"format": FORMAT, "hearings": [hearing]}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _native_person(person: _El) -> dict[str, Any]:
    name = person.one("Name")
    assert name is not None
    native: dict[str, Any] = {"id": person.attribute("id"), "name": name.value(), "script": name.attribute("script")}
    name.done()
    latin = person.text("NameRomanised", required=False)
    if latin is not None:
        native["name_latin"] = latin
    born = _native_date(person, "BirthDate", required=False)
    if born is not None:
        native["birth_date"] = born
    age = person.text("AgeYears", required=False)
    if age is not None:
        native["age"] = _whole(person, "AgeYears", age)
    native["sex"] = person.text("Sex")
    person.done()
    return native
