"""FIR_DETAILS (IIF-I) <-> canonical fir-registered.

The canonical tree is built in the schema's order as the native fields are read, so what the schema requires
first is checked first. Nothing here reads the clock: CreatedAt is CAS's own ENTRY_DT or MODIFIED_DT.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError
from adapters.cas.native import (
    ACCUSED_STATUSES,
    DIRECTIONS,
    INFORMATION_TYPES,
    Node,
    coded,
    decimal_text,
    flag,
    kilometres,
    long_text,
    rupees,
    short_text,
)
from adapters.cas.parts import (
    HEADER_NAMES,
    Charges,
    build_header,
    decode_address,
    decode_other_keys,
    decode_person,
    encode_address,
    encode_created,
    encode_header_keys,
    encode_person,
    officer,
    read_created,
    read_fir_key,
)
from adapters.cas.spec import Ctx, ECtx, add, kid, kids, need, need_text, path_of, q, sub, text_of
from adapters.cas.values import native_datetime
from adapters.notation import IST, parse_native_datetime

RECORD_TYPE = "fir-registered"
NATIVE = "FIR_DETAILS"

FIR_FIELDS = (
    *HEADER_NAMES,
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
)
_ACCUSED_CODE = r"[A-Z][0-9]{1,2}"
_CHARGES = Charges(default_element=None)
_OFFICER = officer("IO_DETAILS", "InvestigatingOfficer", prefix="IO_")


def decode_fir(fir: Node) -> bytes:
    """One FIR_DETAILS -> canonical fir-registered XML (UTF-8, with declaration). Raises AdapterError."""
    fir.only(*FIR_FIELDS)
    key = read_fir_key(fir)

    registered = _required_when(fir, "REG_DT")
    if registered.astimezone(IST).year != key.year:
        raise fir.error(
            f"FIR of year {key.year} registered in {registered.astimezone(IST).year} (REG_DT); serials restart yearly",
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
    created = read_created(fir)
    ctx = Ctx(fir, offence_date=lambda: offence_date, reference_date=lambda: offence_date)

    root = etree.Element(q("FirRegistered"), nsmap={None: CANONICAL_NS})
    keys = build_header(root, RECORD_TYPE, key.text, created, key)
    decode_other_keys(fir, keys)

    add(root, "RegisteredAt", registered.isoformat())
    add(root, "GdEntryNumber", short_text(fir, "GD_NO", required=True, limit=64))
    add(root, "InformationReceivedAt", received.isoformat())
    add(root, "InformationType", coded(fir, "INFO_TYPE", INFORMATION_TYPES, what="CAS information type", required=True))
    occurrence = add(root, "Occurrence")
    add(occurrence, "From", occurred_from.isoformat())
    if occurred_to is not None:
        add(occurrence, "To", occurred_to.isoformat())
    _place(add(root, "Place"), fir.required_child("PLACE_OF_OCC"))
    _CHARGES.decode(fir, root, ctx)
    _persons_and_roles(root, fir, offence_date)
    _optional(root, "DelayReason", long_text(fir, "DELAY_REASON"))
    stolen = fir.child("PROPERTY_STOLEN")
    if stolen is not None:
        _property(add(root, "PropertyStolen"), stolen)
    add(root, "Narrative", long_text(fir, "FIR_CONTENTS", required=True, limit=20000))
    _optional(root, "ActionTaken", long_text(fir, "ACTION_TAKEN"))
    _OFFICER.decode(fir, root, ctx)
    dispatched = _when(fir, "COURT_DISPATCH_DT")
    if dispatched is not None:
        if dispatched < registered:
            raise fir.error(
                f"copy sent to court at {_shown(dispatched)}, before the FIR was registered at {_shown(registered)}",
                "COURT_DISPATCH_DT",
            )
        add(root, "SentToCourtAt", dispatched.isoformat())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _place(place: etree._Element, node: Node) -> None:
    node.only("DIR_FROM_PS", "DIST_FROM_PS", "BEAT_NO", "ADDRESS")
    _optional(place, "DirectionFromPs", coded(node, "DIR_FROM_PS", DIRECTIONS, what="direction"))
    distance = kilometres(node, "DIST_FROM_PS")
    _optional(place, "DistanceKm", None if distance is None else decimal_text(distance))
    _optional(place, "Beat", short_text(node, "BEAT_NO", limit=64))
    decode_address(add(place, "Address"), node.required_child("ADDRESS"))


def _persons_and_roles(root: etree._Element, fir: Node, offence_date: date) -> None:
    persons = add(root, "Persons")
    complainant_id = "P1"
    complainant = fir.required_child("COMPLAINANT")
    decode_person(add(persons, "Person", attrib={"id": complainant_id}), complainant, offence_date)
    next_id = 2

    accused_refs: list[tuple[str, str, str]] = []  # (person id, code, status)
    accused_list = fir.child("ACCUSED_LIST")
    if accused_list is not None:
        accused_list.only("ACCUSED")
        for number, accused in enumerate(accused_list.children("ACCUSED"), start=1):
            person_id = f"P{next_id}"
            next_id += 1
            code = (accused.text("ACCUSED_CD") or f"A{number}").upper()
            if not _matches(_ACCUSED_CODE, code):
                raise accused.error(f"{code!r} is not an accused code (A1..A99, B1..)", "ACCUSED_CD")
            if any(code == other for _, other, _ in accused_refs):
                raise accused.error(f"accused code {code} is given twice in this FIR", "ACCUSED_CD")
            status = coded(accused, "ACCUSED_STATUS", ACCUSED_STATUSES, what="accused status") or "known"
            person = add(persons, "Person", attrib={"id": person_id})
            decode_person(person, accused, offence_date, ("ACCUSED_CD", "ACCUSED_STATUS"))
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
            decode_person(
                add(persons, "Person", attrib={"id": person_id}), victim, offence_date, ("SAME_AS_COMPLAINANT",)
            )
            victim_refs.append(person_id)

    add(root, "Complainant", attrib={"personRef": complainant_id})
    for person_id, code, status in accused_refs:
        add(root, "Accused", attrib={"personRef": person_id, "code": code, "status": status})
    for person_id in victim_refs:
        add(root, "Victim", attrib={"personRef": person_id})


def _matches(pattern: str, text: str) -> bool:
    return re.fullmatch(pattern, text) is not None


def _property(stolen: etree._Element, node: Node) -> None:
    node.only("PROP_ITEM", "TOTAL_VALUE")
    total = rupees(node, "TOTAL_VALUE")
    items = node.children("PROP_ITEM")
    if not items and total is None:
        raise node.error("give PROP_ITEM entries, TOTAL_VALUE or both")
    item_sum = sum((_item(add(stolen, "Item"), item) for item in items), start=Decimal(0))
    add(stolen, "TotalValueInr", decimal_text(item_sum if total is None else total))


def _item(item: etree._Element, node: Node) -> Decimal:
    node.only("PROP_DESC", "PROP_VALUE")
    add(item, "Description", long_text(node, "PROP_DESC", required=True))
    value = rupees(node, "PROP_VALUE", required=True)
    assert value is not None
    add(item, "ValueInr", decimal_text(value))
    return value


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


def _optional(parent: etree._Element, name: str, text: str | None) -> None:
    if text is not None:
        add(parent, name, text)


# ------------------------------------------------------------------------------------------------ encode

_INFORMATION_CODES = {
    "oral": "ORAL",
    "written": "WRITTEN",
    "electronic": "ELECTRONIC",
    "suo-motu": "SUO MOTU",
    "zero-fir-transfer": "ZERO FIR",
}
_STATUS_CODES = {"known": "KNOWN", "suspected": "SUSPECTED", "unknown": "UNKNOWN"}


def encode_fir(root: etree._Element) -> etree._Element:
    """A canonical fir-registered record -> FIR_DETAILS, which ``decode_fir`` reads back to the same record."""
    out = etree.Element(NATIVE)
    key, source_record_id = encode_header_keys(root, out, RECORD_TYPE)
    if source_record_id != key.text:
        raise AdapterError(
            f"SourceRecordId {source_record_id!r} is not the FIR key {key.text!r}, which is CAS's id of an FIR",
            field="FirRegistered/Header/SourceRecordId",
        )
    for canonical, native in (("RegisteredAt", "REG_DT"),):
        _datetime(root, out, canonical, native)
    sub(out, "GD_NO", need_text(root, "GdEntryNumber"))
    _datetime(root, out, "InformationReceivedAt", "INFO_RECV_DT")
    information = need_text(root, "InformationType")
    if information not in _INFORMATION_CODES:
        raise AdapterError(
            f"{information!r} is not an information type CAS knows", field="FirRegistered/InformationType"
        )
    sub(out, "INFO_TYPE", _INFORMATION_CODES[information])
    occurrence = need(root, "Occurrence")
    _datetime(occurrence, out, "From", "OCC_FROM_DT")
    if kid(occurrence, "To") is not None:
        _datetime(occurrence, out, "To", "OCC_TO_DT")
    started = datetime.fromisoformat(need_text(occurrence, "From"))
    _CHARGES.encode(root, out, ECtx(offence_default=started.astimezone(IST).date()))
    _encode_place(need(root, "Place"), sub(out, "PLACE_OF_OCC"))
    _encode_persons(root, out)
    _copy(root, out, "DelayReason", "DELAY_REASON")
    stolen = kid(root, "PropertyStolen")
    if stolen is not None:
        native = sub(out, "PROPERTY_STOLEN")
        for item in kids(stolen, "Item"):
            prop = sub(native, "PROP_ITEM")
            sub(prop, "PROP_DESC", need_text(item, "Description"))
            sub(prop, "PROP_VALUE", need_text(item, "ValueInr"))
        sub(native, "TOTAL_VALUE", need_text(stolen, "TotalValueInr"))
    sub(out, "FIR_CONTENTS", need_text(root, "Narrative"))
    _copy(root, out, "ActionTaken", "ACTION_TAKEN")
    _OFFICER.encode(root, out, ECtx())
    if kid(root, "SentToCourtAt") is not None:
        _datetime(root, out, "SentToCourtAt", "COURT_DISPATCH_DT")
    encode_created(root, out)
    return out


def _datetime(parent: etree._Element, out: etree._Element, canonical: str, native: str) -> None:
    sub(out, native, native_datetime(need_text(parent, canonical), f"{path_of(parent)}/{canonical}"))


def _copy(parent: etree._Element, out: etree._Element, canonical: str, native: str) -> None:
    value = text_of(parent, canonical)
    if value:
        sub(out, native, value)


def _encode_place(place: etree._Element, out: etree._Element) -> None:
    _copy(place, out, "DirectionFromPs", "DIR_FROM_PS")
    _copy(place, out, "DistanceKm", "DIST_FROM_PS")
    _copy(place, out, "Beat", "BEAT_NO")
    encode_address(need(place, "Address"), sub(out, "ADDRESS"))


def _encode_persons(root: etree._Element, out: etree._Element) -> None:
    """COMPLAINANT, ACCUSED_LIST and VICTIM_LIST, persons written where their role is.

    CAS numbers an FIR's persons itself (the complainant P1, then the accused, then the other victims), so a record
    whose persons are numbered otherwise cannot come back unchanged and is refused rather than renumbered.
    """
    persons = {person.get("id"): person for person in kids(need(root, "Persons"), "Person")}
    complainant = _ref(need(root, "Complainant"))
    accused = [(_ref(element), element) for element in kids(root, "Accused")]
    victims = [_ref(element) for element in kids(root, "Victim")]
    order = [complainant, *(ref for ref, _ in accused)]
    order += [ref for ref in victims if ref != complainant]
    expected = [f"P{number}" for number in range(1, len(order) + 1)]
    if order != expected or list(persons) != expected:
        raise AdapterError(
            "CAS numbers an FIR's persons itself (complainant P1, then the accused, then the victims, each once); "
            f"this record has {list(persons)} in roles {order}",
            field="FirRegistered/Persons",
        )
    encode_person(persons[complainant], sub(out, "COMPLAINANT"))
    if accused:
        native_list = sub(out, "ACCUSED_LIST")
        for ref, element in accused:
            native = sub(native_list, "ACCUSED")
            sub(native, "ACCUSED_CD", element.get("code") or "")
            status = element.get("status") or "known"
            if status not in _STATUS_CODES:
                raise AdapterError(
                    f"{status!r} is not an accused status CAS knows", field=f"{path_of(element)}/@status"
                )
            sub(native, "ACCUSED_STATUS", _STATUS_CODES[status])
            encode_person(persons[ref], native)
    if victims:
        native_list = sub(out, "VICTIM_LIST")
        for ref in victims:
            native = sub(native_list, "VICTIM")
            if ref == complainant:
                sub(native, "SAME_AS_COMPLAINANT", "Y")
            else:
                encode_person(persons[ref], native)


def _ref(element: etree._Element) -> str:
    ref = element.get("personRef")
    if ref is None:
        raise AdapterError("required attribute is missing", field=f"{path_of(element)}/@personRef")
    return ref


__all__ = ["FIR_FIELDS", "NATIVE", "RECORD_TYPE", "decode_fir", "encode_fir"]
