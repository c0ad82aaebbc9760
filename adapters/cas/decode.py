"""CAS export -> canonical fir-registered records, one per FIR_DETAILS.

The canonical tree is built in the schema's order as the native fields are read, so what the schema requires
first is checked first. Nothing here reads the clock: CreatedAt is CAS's own ENTRY_DT or MODIFIED_DT.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError, parse_native_xml, record_id
from adapters.cas.native import (
    ACCUSED_STATUSES,
    DIRECTIONS,
    GENDERS,
    INFORMATION_TYPES,
    RELATIONS,
    Node,
    coded,
    decimal_text,
    flag,
    integer,
    kilometres,
    long_text,
    nationality,
    required_integer,
    rupees,
    script_of,
    short_text,
)
from adapters.notation import IST, parse_native_date, parse_native_datetime, parse_sections

SOURCE_SYSTEM = "cas"
SOURCE_PILLAR = "police"
RECORD_TYPE = "fir-registered"
EXPORT_VERSIONS = frozenset({"1.0"})

_FIR_FIELDS = (
    "STATE_CD",
    "DIST_CD",
    "DIST_NAME",
    "PS_CD",
    "PS_NAME",
    "FIR_NO",
    "REG_DT",
    "GD_NO",
    "INFO_RECV_DT",
    "INFO_TYPE",
    "OCC_FROM_DT",
    "OCC_TO_DT",
    "ACT_SEC",
    "PLACE_OF_OCC",
    "COMPLAINANT",
    "ACCUSED_LIST",
    "VICTIM_LIST",
    "DELAY_REASON",
    "PROPERTY_STOLEN",
    "FIR_CONTENTS",
    "ACTION_TAKEN",
    "IO_DETAILS",
    "COURT_DISPATCH_DT",
    "ENTRY_DT",
    "MODIFIED_DT",
)
_PERSON_FIELDS = (
    "NAME",
    "NAME_ENG",
    "ALIAS",
    "RELATIVE_TYPE",
    "RELATIVE_NAME",
    "RELATIVE_NAME_ENG",
    "DOB",
    "AGE",
    "GENDER",
    "NATIONALITY",
    "PASSPORT_NO",
    "VOTER_ID",
    "DL_NO",
    "NAFIS_NO",
    "AADHAAR_TOKEN",
    "OCCUPATION",
    "ADDRESS",
    "MINOR_FLAG",
    "SO_VICTIM_FLAG",
    "PROT_WITNESS_FLAG",
)
_ADDRESS_FIELDS = ("ADDR_LINE1", "ADDR_LINE2", "ADDR_LINE3", "VILLAGE_TOWN", "DIST_CD", "STATE_CD", "PIN_CD")
_IDENTITIES = (("PASSPORT_NO", "passport"), ("VOTER_ID", "voter-id"), ("DL_NO", "driving-licence"))

_FIR_NO = re.compile(r"^(?P<serial>\d{1,6})\s*/\s*(?P<year>\d{4})$")
_PS_CODE = re.compile(r"^[A-Z0-9]{1,12}$")
_ACCUSED_CODE = re.compile(r"^[A-Z][0-9]{1,2}$")
_AADHAAR_NUMBER = re.compile(r"^\d{4}\s?\d{4}\s?\d{4}$")
_AADHAAR_TOKEN = re.compile(r"^tok_[A-Za-z0-9]{16,64}$")
_IDENTITY_NUMBER = re.compile(r"^[A-Za-z0-9/\- ]{1,32}$")
_PIN = re.compile(r"^[1-9][0-9]{5}$")
_ADULT_AGE = 18
_NAME_LIMIT = 200  # canonical ShortTextType
_EARLIEST_BIRTH_YEAR = 1890


def decode_export(native: bytes) -> list[bytes | AdapterError]:
    """Every FIR_DETAILS of a CAS export, in order: canonical XML bytes, or the AdapterError that refused it."""
    root = parse_native_xml(native)
    if root.tag != "CAS_EXPORT":
        raise AdapterError(
            f"root element is {root.tag!r}; a CAS export's root is CAS_EXPORT (in no namespace)",
            field=etree.QName(root).localname,
            line=root.sourceline,
        )
    version = root.get("VERSION")
    if version is not None and version not in EXPORT_VERSIONS:
        raise AdapterError(
            f"export format version {version!r} is not supported (supported: {', '.join(sorted(EXPORT_VERSIONS))})",
            field="CAS_EXPORT/@VERSION",
            line=root.sourceline,
        )
    Node(root, "CAS_EXPORT").only("FIR_DETAILS")
    firs = list(root.iterchildren(tag="FIR_DETAILS"))
    if not firs:
        raise AdapterError("the export holds no FIR_DETAILS", field="CAS_EXPORT", line=root.sourceline)
    results: list[bytes | AdapterError] = []
    for number, element in enumerate(firs, start=1):
        try:
            results.append(decode_fir(Node(element, f"FIR_DETAILS[{number}]")))
        except AdapterError as exc:
            results.append(exc)
    return results


def decode_fir(fir: Node) -> bytes:
    """One FIR_DETAILS -> canonical fir-registered XML (UTF-8, with declaration). Raises AdapterError."""
    fir.only(*_FIR_FIELDS)
    state = required_integer(fir, "STATE_CD", low=1, high=99)
    district = required_integer(fir, "DIST_CD", low=1, high=9999)
    station = fir.required_text("PS_CD").upper()
    if not _PS_CODE.match(station):
        raise fir.error(f"{station!r} is not a police station code (1 to 12 letters or digits)", "PS_CD")
    serial, year = _fir_number(fir)

    registered = _required_when(fir, "REG_DT")
    if registered.astimezone(IST).year != year:
        raise fir.error(
            f"FIR of year {year} registered in {registered.astimezone(IST).year} (REG_DT); serials restart yearly",
            "FIR_NO",
        )
    received = _required_when(fir, "INFO_RECV_DT")
    if registered < received:
        raise fir.error(
            f"registered at {_shown(registered)}, before the information was received at {_shown(received)} "
            "(INFO_RECV_DT)",
            "REG_DT",
        )
    occurred_from = _required_when(fir, "OCC_FROM_DT")
    occurred_to = _when(fir, "OCC_TO_DT")
    if occurred_to is not None and occurred_to < occurred_from:
        raise fir.error(
            f"occurrence ends at {_shown(occurred_to)}, before it begins at {_shown(occurred_from)} (OCC_FROM_DT)",
            "OCC_TO_DT",
        )
    if registered < occurred_from:
        raise fir.error(
            f"registered at {_shown(registered)}, before the occurrence began at {_shown(occurred_from)} (OCC_FROM_DT)",
            "REG_DT",
        )
    # The date the offence began decides IPC or BNS (BNSS 531), in India's own time zone.
    offence_date = occurred_from.astimezone(IST).date()
    entered = _required_when(fir, "ENTRY_DT")
    modified = _when(fir, "MODIFIED_DT")
    if modified is not None and modified < entered:
        raise fir.error(
            f"modified at {_shown(modified)}, before the record was entered at {_shown(entered)} (ENTRY_DT)",
            "MODIFIED_DT",
        )
    created = modified or entered

    source_record_id = f"{state}-{district}-{station}-{year}-{serial}"
    root = etree.Element(_q("FirRegistered"), nsmap={None: CANONICAL_NS})
    header = _add(root, "Header")
    _add(header, "RecordId", record_id(SOURCE_SYSTEM, RECORD_TYPE, source_record_id))
    _add(header, "RecordType", RECORD_TYPE)
    _add(header, "Version", "1")
    _add(header, "SourceSystem", SOURCE_SYSTEM)
    _add(header, "SourcePillar", SOURCE_PILLAR)
    _add(header, "SourceRecordId", source_record_id)
    _add(header, "CreatedAt", created.isoformat())
    fir_key = _add(_add(header, "CaseKeys"), "FirKey")
    for name, value in (
        ("StateCode", state),
        ("DistrictCode", district),
        ("PoliceStationCode", station),
        ("Year", year),
        ("Serial", serial),
    ):
        _add(fir_key, name, str(value))

    _add(root, "RegisteredAt", registered.isoformat())
    _add(root, "GdEntryNumber", short_text(fir, "GD_NO", required=True, limit=64))
    _add(root, "InformationReceivedAt", received.isoformat())
    _add(
        root, "InformationType", coded(fir, "INFO_TYPE", INFORMATION_TYPES, what="CAS information type", required=True)
    )
    occurrence = _add(root, "Occurrence")
    _add(occurrence, "From", occurred_from.isoformat())
    if occurred_to is not None:
        _add(occurrence, "To", occurred_to.isoformat())
    _place(_add(root, "Place"), fir.required_child("PLACE_OF_OCC"))
    _charges(_add(root, "Charges"), fir, offence_date)
    _persons_and_roles(root, fir, offence_date)
    _add_optional(root, "DelayReason", long_text(fir, "DELAY_REASON"))
    stolen = fir.child("PROPERTY_STOLEN")
    if stolen is not None:
        _property(_add(root, "PropertyStolen"), stolen)
    _add(root, "Narrative", long_text(fir, "FIR_CONTENTS", required=True, limit=20000))
    _add_optional(root, "ActionTaken", long_text(fir, "ACTION_TAKEN"))
    _officer(_add(root, "InvestigatingOfficer"), fir.required_child("IO_DETAILS"))
    dispatched = _when(fir, "COURT_DISPATCH_DT")
    if dispatched is not None:
        if dispatched < registered:
            raise fir.error(
                f"copy sent to court at {_shown(dispatched)}, before the FIR was registered at {_shown(registered)}",
                "COURT_DISPATCH_DT",
            )
        _add(root, "SentToCourtAt", dispatched.isoformat())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# ------------------------------------------------------------------------------------------------- the parts


def _fir_number(fir: Node) -> tuple[int, int]:
    text = fir.required_text("FIR_NO")
    match = _FIR_NO.match(text)
    if match is None:
        raise fir.error(f"{text!r} is not an FIR number: expected serial/year, e.g. 0412/2024", "FIR_NO")
    serial, year = int(match["serial"]), int(match["year"])
    if not 1 <= serial <= 999999 or not 1950 <= year <= 2100:
        raise fir.error(f"{text!r}: serial must be 1 to 999999 and year 1950 to 2100", "FIR_NO")
    return serial, year


def _place(place: etree._Element, node: Node) -> None:
    node.only("DIR_FROM_PS", "DIST_FROM_PS", "BEAT_NO", "ADDRESS")
    _add_optional(place, "DirectionFromPs", coded(node, "DIR_FROM_PS", DIRECTIONS, what="direction"))
    distance = kilometres(node, "DIST_FROM_PS")
    _add_optional(place, "DistanceKm", None if distance is None else decimal_text(distance))
    _add_optional(place, "Beat", short_text(node, "BEAT_NO", limit=64))
    _address(_add(place, "Address"), node.required_child("ADDRESS"))


def _charges(charges: etree._Element, fir: Node, offence_date: date) -> None:
    acts = fir.children("ACT_SEC")
    if not acts:
        raise fir.error("required field is missing", "ACT_SEC")
    seen: list[tuple[str, str]] = []
    for act in acts:
        for charge in parse_sections(act.own_text() or "", offence_date, field=act.path, line=act.line):
            if charge not in seen:
                seen.append(charge)
    for statute, section in seen:
        charge = _add(charges, "Charge")
        _add(charge, "Statute", statute)
        _add(charge, "Section", section)
        _add(charge, "OffenceDate", offence_date.isoformat())


def _persons_and_roles(root: etree._Element, fir: Node, offence_date: date) -> None:
    persons = _add(root, "Persons")
    complainant_id = "P1"
    _person(persons, fir.required_child("COMPLAINANT"), complainant_id, offence_date)
    next_id = 2

    accused_refs: list[tuple[str, str, str]] = []  # (person id, code, status)
    accused_list = fir.child("ACCUSED_LIST")
    if accused_list is not None:
        accused_list.only("ACCUSED")
        for number, accused in enumerate(accused_list.children("ACCUSED"), start=1):
            person_id = f"P{next_id}"
            next_id += 1
            code = (accused.text("ACCUSED_CD") or f"A{number}").upper()
            if not _ACCUSED_CODE.match(code):
                raise accused.error(f"{code!r} is not an accused code (A1..A99, B1..)", "ACCUSED_CD")
            if any(code == other for _, other, _ in accused_refs):
                raise accused.error(f"accused code {code} is given twice in this FIR", "ACCUSED_CD")
            status = coded(accused, "ACCUSED_STATUS", ACCUSED_STATUSES, what="accused status") or "known"
            _person(persons, accused, person_id, offence_date, extra=("ACCUSED_CD", "ACCUSED_STATUS"))
            accused_refs.append((person_id, code, status))

    victim_refs: list[str] = []
    victim_list = fir.child("VICTIM_LIST")
    if victim_list is not None:
        victim_list.only("VICTIM")
        for victim in victim_list.children("VICTIM"):
            if flag(victim, "SAME_AS_COMPLAINANT"):
                # The complainant's details are given once, under COMPLAINANT; a second copy could disagree.
                victim.only("SAME_AS_COMPLAINANT")
                if complainant_id not in victim_refs:
                    victim_refs.append(complainant_id)
                continue
            person_id = f"P{next_id}"
            next_id += 1
            _person(persons, victim, person_id, offence_date, extra=("SAME_AS_COMPLAINANT",))
            victim_refs.append(person_id)

    _add(root, "Complainant", attrib={"personRef": complainant_id})
    for person_id, code, status in accused_refs:
        _add(root, "Accused", attrib={"personRef": person_id, "code": code, "status": status})
    for person_id in victim_refs:
        _add(root, "Victim", attrib={"personRef": person_id})


def _person(
    persons: etree._Element, node: Node, person_id: str, offence_date: date, extra: tuple[str, ...] = ()
) -> None:
    node.only(*_PERSON_FIELDS, *extra)
    person = _add(persons, "Person", attrib={"id": person_id})
    _names(person, node, "NAME", "NAME_ENG")
    aliases = node.children("ALIAS")
    if len(aliases) > 2:
        raise AdapterError(
            "at most two aliases (IIF-III has room for two)", field=aliases[2].path, line=aliases[2].line
        )
    for alias in aliases:
        text = alias.own_text()
        if text is None:
            raise alias.error("is empty")
        text = " ".join(text.split())
        if len(text) > _NAME_LIMIT:
            raise alias.error(f"is {len(text)} characters, over the limit of {_NAME_LIMIT}")
        _add(person, "Alias", text, attrib={"script": script_of(text)})

    relative_name = short_text(node, "RELATIVE_NAME")
    relation = coded(node, "RELATIVE_TYPE", RELATIONS, what="relation (S/O, D/O, W/O, F, H, M, G, O)")
    if (relative_name is None) != (relation is None):
        missing = "RELATIVE_TYPE" if relation is None else "RELATIVE_NAME"
        raise node.error("RELATIVE_NAME and RELATIVE_TYPE go together: give both or neither", missing)
    if relative_name is not None:
        relative = _add(person, "Relative")
        _names(relative, node, "RELATIVE_NAME", "RELATIVE_NAME_ENG")
        _add(relative, "Relation", relation)

    child = flag(node, "MINOR_FLAG")
    birth_date = _birth_date(node, offence_date)
    if birth_date is not None:
        _add(person, "BirthDate", birth_date.isoformat())
        child = child or _age_on(birth_date, offence_date) < _ADULT_AGE
    else:
        age = integer(node, "AGE", low=0, high=130)
        if age is not None:
            _add(person, "AgeYears", str(age))
            child = child or age < _ADULT_AGE

    _add(person, "Sex", coded(node, "GENDER", GENDERS, what="gender (M, F, T, U)") or "unknown")
    _add_optional(person, "Nationality", nationality(node, "NATIONALITY"))
    for field, kind in _IDENTITIES:
        _identity(person, node, field, kind)
    nafis = node.text("NAFIS_NO")
    if nafis is not None:
        if not re.fullmatch(r"\d{10}", nafis):
            raise node.error(f"{nafis!r} is not a NAFIS National Fingerprint Number (10 digits)", "NAFIS_NO")
        identity = _add(person, "Identity")
        _add(identity, "Kind", "nafis")
        _add(identity, "Number", nafis)
    _add_optional(person, "AadhaarToken", _aadhaar_token(node))
    _add_optional(person, "Occupation", short_text(node, "OCCUPATION"))
    address = node.child("ADDRESS")
    if address is not None:
        _address(_add(person, "Address"), address)

    protection = {
        "sexualOffenceVictim": flag(node, "SO_VICTIM_FLAG"),
        "child": child,
        "protectedWitness": flag(node, "PROT_WITNESS_FLAG"),
    }
    if any(protection.values()):
        _add(person, "Protection", attrib={name: "true" for name, on in protection.items() if on})


def _names(parent: etree._Element, node: Node, original: str, romanised: str) -> None:
    name = short_text(node, original)
    latin = short_text(node, romanised)
    if name is None and latin is None:
        raise node.error(f"required field is missing (give {original}, {romanised} or both)", original)
    if name is None:
        name, latin = latin, None
    assert name is not None
    script = script_of(name)
    _add(parent, "Name", name, attrib={"script": script})
    if latin is not None and latin != name:
        if script_of(latin) != "Latn":
            raise node.error(f"{latin!r} is not in Latin letters", romanised)
        _add(parent, "NameRomanised", latin)


def _birth_date(node: Node, offence_date: date) -> date | None:
    dob = node.child("DOB")
    text = None if dob is None else dob.own_text()
    if dob is None or text is None:
        return None
    born = parse_native_date(text, field=dob.path, line=dob.line)
    if born.year < _EARLIEST_BIRTH_YEAR:
        raise dob.error(f"born {born.isoformat()}: not a plausible date of birth")
    if born > offence_date:
        raise dob.error(f"born {born.isoformat()}, after the offence on {offence_date.isoformat()}")
    return born


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _identity(person: etree._Element, node: Node, field: str, kind: str) -> None:
    number = short_text(node, field, limit=32)
    if number is None:
        return
    if _AADHAAR_NUMBER.match(number):
        raise node.error("looks like an Aadhaar number, which may not leave CAS; send AADHAAR_TOKEN instead", field)
    if not _IDENTITY_NUMBER.match(number):
        raise node.error(f"{number!r} is not a document number (letters, digits, '/', '-', spaces)", field)
    identity = _add(person, "Identity")
    _add(identity, "Kind", kind)
    _add(identity, "Number", number.upper())


def _aadhaar_token(node: Node) -> str | None:
    token = node.text("AADHAAR_TOKEN")
    if token is None:
        return None
    if _AADHAAR_NUMBER.match(token):
        raise node.error("holds an Aadhaar number, which may not leave CAS; send the vault token", "AADHAAR_TOKEN")
    if not _AADHAAR_TOKEN.match(token):
        raise node.error(
            f"{token!r} is not an Aadhaar vault token (tok_ and 16 to 64 letters or digits)", "AADHAAR_TOKEN"
        )
    return token


def _address(address: etree._Element, node: Node) -> None:
    node.only(*_ADDRESS_FIELDS)
    for name in ("ADDR_LINE1", "ADDR_LINE2", "ADDR_LINE3"):
        _add_optional(address, "Line", short_text(node, name, required=name == "ADDR_LINE1"))
    _add_optional(address, "VillageOrTown", short_text(node, "VILLAGE_TOWN"))
    district = integer(node, "DIST_CD", low=1, high=9999)
    state = integer(node, "STATE_CD", low=1, high=99)
    _add_optional(address, "DistrictCode", None if district is None else str(district))
    _add_optional(address, "StateCode", None if state is None else str(state))
    pin = node.text("PIN_CD")
    if pin is not None and not _PIN.match(pin):
        raise node.error(f"{pin!r} is not a PIN code (six digits)", "PIN_CD")
    _add_optional(address, "PinCode", pin)


def _property(stolen: etree._Element, node: Node) -> None:
    node.only("PROP_ITEM", "TOTAL_VALUE")
    total = rupees(node, "TOTAL_VALUE")
    items = node.children("PROP_ITEM")
    if not items and total is None:
        raise node.error("give PROP_ITEM entries, TOTAL_VALUE or both")
    item_sum = sum((_item(_add(stolen, "Item"), item) for item in items), start=Decimal(0))
    _add(stolen, "TotalValueInr", decimal_text(item_sum if total is None else total))


def _item(item: etree._Element, node: Node) -> Decimal:
    node.only("PROP_DESC", "PROP_VALUE")
    _add(item, "Description", long_text(node, "PROP_DESC", required=True))
    value = rupees(node, "PROP_VALUE", required=True)
    assert value is not None
    _add(item, "ValueInr", decimal_text(value))
    return value


def _officer(officer: etree._Element, node: Node) -> None:
    node.only("IO_NAME", "IO_RANK", "IO_BELT_NO", "IO_ID")
    name = short_text(node, "IO_NAME", required=True)
    assert name is not None
    _add(officer, "Name", name, attrib={"script": script_of(name)})
    _add(officer, "Rank", short_text(node, "IO_RANK", required=True))
    _add_optional(officer, "BeltNumber", short_text(node, "IO_BELT_NO", limit=64))
    _add_optional(officer, "OfficerId", short_text(node, "IO_ID", limit=64))


# ------------------------------------------------------------------------------------------------- helpers


def _when(node: Node, name: str) -> datetime | None:
    child = node.child(name)
    text = None if child is None else child.own_text()
    if child is None or text is None:
        return None
    return parse_native_datetime(text, field=child.path, line=child.line)


def _required_when(node: Node, name: str) -> datetime:
    moment = _when(node, name)
    if moment is None:
        raise node.error("required field is missing or empty", name)
    return moment


def _shown(moment: datetime) -> str:
    """A time as the CAS operator typed it: IST, dd/mm/yyyy hh:mm."""
    return moment.astimezone(IST).strftime("%d/%m/%Y %H:%M")


def _q(name: str) -> str:
    return f"{{{CANONICAL_NS}}}{name}"


def _add(
    parent: etree._Element, name: str, text: str | None = None, *, attrib: dict[str, str] | None = None
) -> etree._Element:
    element = etree.SubElement(parent, _q(name), attrib or {})
    if text is not None:
        element.text = text
    return element


def _add_optional(parent: etree._Element, name: str, text: str | None) -> None:
    """An optional canonical value: absent in CAS, left out of the record (never an empty element)."""
    if text is not None:
        _add(parent, name, text)
