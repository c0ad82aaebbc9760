"""The field mapping between e-Prosecution JSON and canonical records, used in both directions.

A ``Leaf`` ties one native member to one canonical element through a ``Conv``, which reads the native value into
canonical text (refusing what it cannot read, naming the member) and writes canonical text back as the native value.
Tables of leaves, in the schema's order, describe the flat parts (officers, offices, addresses, report details);
persons, charges and case keys, which have structure of their own, are mapped by the functions below, again one
function per direction side by side, so that what decode reads is what encode writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError
from adapters.eprosecution.jsontext import Obj, pointer_join
from adapters.notation import IST, parse_sections, script_of

# ------------------------------------------------------------------------------------------ canonical side


def q(name: str) -> str:
    return f"{{{CANONICAL_NS}}}{name}"


def add(parent: etree._Element, name: str, text: str | None = None, **attrib: str) -> etree._Element:
    element = etree.SubElement(parent, q(name), attrib)
    if text is not None:
        element.text = text
    return element


def add_optional(parent: etree._Element, name: str, text: str | None) -> None:
    """An optional canonical value: absent natively, absent from the record (never an empty element)."""
    if text is not None:
        add(parent, name, text)


_CANONICAL = f"{{{CANONICAL_NS}}}"
_ANY_CANONICAL = f"{_CANONICAL}*"
_LOCAL = len(_CANONICAL)  # a canonical child's tag is "{ns}Local": its local name is tag[_LOCAL:]
_NONE: list[etree._Element] = []  # no child of that name (never appended to)


class Canon:
    """A canonical element being encoded, with the path its errors are reported under.

    Encode asks each element for many of its fields by name; its canonical children are listed and indexed by
    local name once (on the first question), instead of scanning the children again for every field.
    """

    __slots__ = ("_by_name", "_children", "_name", "element", "path")

    def __init__(self, element: etree._Element, path: str, name: str | None = None) -> None:
        self.element = element
        self.path = path
        self._name = name  # the local name, when the caller already knows it (no QName per element)
        self._children: list[tuple[str, etree._Element]] | None = None
        self._by_name: dict[str, list[etree._Element]] | None = None

    @property
    def name(self) -> str:
        if self._name is None:
            self._name = etree.QName(self.element).localname
        return self._name

    def error(self, message: str, name: str | None = None) -> AdapterError:
        field = self.path if name is None else f"{self.path}/{name}"
        return AdapterError(message, field=field, line=self.element.sourceline)

    def elements(self) -> list[tuple[str, etree._Element]]:
        """(local name, element) of every canonical child, in document order; listed once per element."""
        if self._children is None:
            # lxml filters by tag in C (no comments, no other namespaces)
            self._children = [(child.tag[_LOCAL:], child) for child in self.element.iterchildren(_ANY_CANONICAL)]
        return self._children

    def _named(self, name: str) -> list[etree._Element]:
        by_name = self._by_name
        if by_name is None:
            by_name = self._by_name = {}
            for local, child in self.elements():
                if local in by_name:
                    by_name[local].append(child)
                else:
                    by_name[local] = [child]
        return by_name.get(name, _NONE)

    def children(self, name: str | None = None) -> list[Canon]:
        if name is None:
            path = self.path
            return [Canon(child, f"{path}/{local}", local) for local, child in self.elements()]
        found = self._named(name)
        if len(found) == 1:
            return [Canon(found[0], f"{self.path}/{name}", name)]
        return [Canon(child, f"{self.path}/{name}[{index}]", name) for index, child in enumerate(found, start=1)]

    def _one(self, name: str) -> etree._Element | None:
        found = self._named(name)
        if not found:
            return None
        if len(found) > 1:
            raise self.error(f"holds {len(found)} {name} elements; the schema allows one", name)
        return found[0]

    def child(self, name: str) -> Canon | None:
        found = self._one(name)
        return None if found is None else Canon(found, f"{self.path}/{name}", name)

    def required(self, name: str) -> Canon:
        found = self.child(name)
        if found is None:
            raise self.error("required element is missing", name)
        return found

    def own(self) -> str | None:
        value = (self.element.text or "").strip()
        return value or None

    def text(self, name: str) -> str | None:
        found = self._one(name)  # no Canon for a leaf only read
        if found is None:
            return None
        return (found.text or "").strip() or None

    def required_text(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            raise self.error("required element is missing or empty", name)
        return value

    def attr(self, name: str) -> str | None:
        value = self.element.get(name)
        return None if value is None else value.strip()


# ------------------------------------------------------------------------------------------ converters


@dataclass(frozen=True)
class Conv:
    """How one value reads (native -> canonical text, or None when absent) and writes (canonical -> native)."""

    read: Callable[[Obj, str, bool], str | None]
    write: Callable[[str], Any]


def text_conv(limit: int = 200, *, single_line: bool = True) -> Conv:
    return Conv(
        read=lambda obj, key, required: obj.text(key, required=required, limit=limit, single_line=single_line),
        write=lambda value: value,
    )


_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.:\-]{0,63}$")


def code_conv(what: str) -> Conv:
    """An opaque code of some system: letters, digits and / _ . : - (no spaces), up to 64 characters."""

    def read(obj: Obj, key: str, required: bool) -> str | None:
        value = obj.text(key, required=required, limit=64)
        if value is not None and not _CODE.match(value):
            raise obj.error(f"{value!r} is not {what} (letters, digits and / _ . : -, no spaces)", key)
        return value

    return Conv(read=read, write=lambda value: value)


def int_conv(low: int, high: int) -> Conv:
    def read(obj: Obj, key: str, required: bool) -> str | None:
        value = obj.integer(key, low=low, high=high, required=required)
        return None if value is None else str(value)

    return Conv(read=read, write=int)


def enum_conv(what: str, spellings: dict[str, str], written: dict[str, str]) -> Conv:
    """A coded value: ``spellings`` maps normalised native spellings to canonical values, ``written`` the reverse.

    Spellings are compared upper-case with every run of other characters than letters and digits as one '_':
    "S/O", "s/o" and "S O" are all S_O; what encode writes and the canonical value itself are always accepted.
    """
    accepted = dict(spellings)
    for canonical, native in written.items():
        accepted.setdefault(normalise_code(native), canonical)
        accepted.setdefault(normalise_code(canonical), canonical)

    def read(obj: Obj, key: str, required: bool) -> str | None:
        value = obj.text(key, required=required, limit=64)
        if value is None:
            return None
        canonical = accepted.get(normalise_code(value))
        if canonical is None:
            raise obj.error(f"{value!r} is not {what} (expected one of: {', '.join(written.values())})", key)
        return canonical

    def write(value: str) -> str:
        try:
            return written[value]
        except KeyError:
            raise AdapterError(f"{value!r} is not {what} e-Prosecution knows", field=what) from None

    return Conv(read=read, write=write)


def normalise_code(value: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", value.upper()).strip("_")


def _read_date(obj: Obj, key: str, required: bool) -> str | None:
    value = obj.date(key, required=required)
    return None if value is None else value.isoformat()


def _read_datetime(obj: Obj, key: str, required: bool) -> str | None:
    value = obj.datetime(key, required=required)
    return None if value is None else value.isoformat()


DATE = Conv(read=_read_date, write=lambda value: value)
DATETIME = Conv(read=_read_datetime, write=lambda value: value)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _read_uuid(obj: Obj, key: str, required: bool) -> str | None:
    value = obj.text(key, required=required, limit=64)
    if value is None:
        return None
    value = value.lower()
    if not _UUID.match(value):
        raise obj.error(f"{value!r} is not an ICJS record id (a UUID)", key)
    return value


UUID = Conv(read=_read_uuid, write=lambda value: value)


@dataclass(frozen=True)
class Leaf:
    """One native member <-> one canonical element. ``scripted`` names carry their script as an attribute."""

    key: str
    element: str
    conv: Conv
    required: bool = False
    scripted: bool = False


def read_leaves(parent: etree._Element, obj: Obj, leaves: Sequence[Leaf]) -> None:
    """Native members -> canonical children of ``parent``, in the table's (the schema's) order."""
    for leaf in leaves:
        value = leaf.conv.read(obj, leaf.key, leaf.required)
        if value is None:
            continue
        if leaf.scripted:
            add(parent, leaf.element, value, script=script_of(value))
        else:
            add(parent, leaf.element, value)


def write_leaves(canon: Canon, leaves: Sequence[Leaf]) -> dict[str, Any]:
    """Canonical children -> native members; a required element missing from the canonical record is refused."""
    native: dict[str, Any] = {}
    for leaf in leaves:
        value = canon.required_text(leaf.element) if leaf.required else canon.text(leaf.element)
        if value is not None:
            native[leaf.key] = leaf.conv.write(value)
    return native


def leaf_keys(leaves: Sequence[Leaf]) -> tuple[str, ...]:
    return tuple(leaf.key for leaf in leaves)


# ------------------------------------------------------------------------------------------ tables

STATE = int_conv(1, 99)
DISTRICT = int_conv(1, 9999)

ADDRESS_LEAVES: tuple[Leaf, ...] = (
    Leaf("line1", "Line", text_conv(), required=True),
    Leaf("line2", "Line", text_conv()),
    Leaf("line3", "Line", text_conv()),
    Leaf("cityVillage", "VillageOrTown", text_conv()),
    Leaf("districtLgdCode", "DistrictCode", DISTRICT),
    Leaf("stateLgdCode", "StateCode", STATE),
)
_PIN = re.compile(r"^[1-9][0-9]{5}$")

# The police officer who submitted the report (from the final report e-Prosecution received).
IO_LEAVES: tuple[Leaf, ...] = (
    Leaf("name", "Name", text_conv(), required=True, scripted=True),
    Leaf("rank", "Rank", text_conv(), required=True),
    Leaf("beltNo", "BeltNumber", code_conv("a belt number")),
    Leaf("employeeId", "OfficerId", code_conv("an officer id")),
)

# The prosecutor: e-Prosecution's own user, known by a prosecutor id; the designation is the canonical Rank.
PROSECUTOR_LEAVES: tuple[Leaf, ...] = (
    Leaf("name", "Name", text_conv(), required=True, scripted=True),
    Leaf("designation", "Rank", text_conv(), required=True),
    Leaf("beltNo", "BeltNumber", code_conv("a belt number")),
    Leaf("prosecutorId", "OfficerId", code_conv("a prosecutor id")),
)

OFFICE_LEAVES: tuple[Leaf, ...] = (
    Leaf("officeName", "Name", text_conv(), required=True),
    Leaf("stateLgdCode", "StateCode", STATE, required=True),
    Leaf("districtLgdCode", "DistrictCode", DISTRICT, required=True),
)

GENDER = enum_conv(
    "a gender (M, F, T, U)",
    {"M": "male", "MALE": "male", "F": "female", "FEMALE": "female", "T": "transgender", "TG": "transgender"}
    | {"TRANSGENDER": "transgender", "U": "unknown", "UNKNOWN": "unknown", "NOT_KNOWN": "unknown"},
    {"male": "M", "female": "F", "transgender": "T", "unknown": "U"},
)
RELATION = enum_conv(
    "a relation (FATHER, HUSBAND, MOTHER, GUARDIAN, OTHER; or S/O, D/O, W/O, C/O)",
    {"S_O": "father", "D_O": "father", "W_O": "husband", "C_O": "guardian", "F": "father", "H": "husband"}
    | {"M": "mother", "G": "guardian", "O": "other"},
    {"father": "FATHER", "husband": "HUSBAND", "mother": "MOTHER", "guardian": "GUARDIAN", "other": "OTHER"},
)
ID_DOCUMENT = enum_conv(
    "an identity document type",
    {"EPIC": "voter-id", "VOTER_CARD": "voter-id", "DL": "driving-licence", "DRIVING_LICENSE": "driving-licence"}
    | {"NFN": "nafis", "NAFIS_NO": "nafis"},
    {
        "passport": "PASSPORT",
        "voter-id": "VOTER_ID",
        "driving-licence": "DRIVING_LICENCE",
        "nafis": "NAFIS",
        "other": "OTHER",
    },
)
_NATIONALITIES = {"INDIAN": "IN", "INDIA": "IN", "BHARATIYA": "IN", "NEPALI": "NP", "NEPAL": "NP"}
_AADHAAR_NUMBER = re.compile(r"^\d{4}\s?\d{4}\s?\d{4}$")
_AADHAAR_TOKEN = re.compile(r"^tok_[A-Za-z0-9]{16,64}$")
_ID_NUMBER = re.compile(r"^[A-Za-z0-9/\- ]{1,32}$")
_PARTY_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]{0,63}$")
_EARLIEST_BIRTH = date(1890, 1, 1)

PERSON_KEYS = (
    "name",
    "nameEn",
    "aliases",
    "relative",
    "dob",
    "ageYears",
    "gender",
    "nationality",
    "idDocuments",
    "aadhaarRefToken",
    "occupation",
    "address",
    "protectionFlags",
)
# protectionFlags members, named as the canonical Protection attributes they set
_PROTECTION = ("sexualOffenceVictim", "child", "protectedWitness")


# ------------------------------------------------------------------------------------------ persons


def read_person(persons: etree._Element, obj: Obj, person_id: str, on_date: date) -> None:
    """A native person (accused entry) -> canonical Person ``person_id``. ``on_date`` bounds the birth date."""
    person = add(persons, "Person", id=person_id)
    _read_names(person, obj, "name", "nameEn")
    aliases = obj.strings("aliases", limit=200)
    if len(aliases) > 2:
        raise obj.error("at most two aliases (IIF-III has room for two)", "aliases")
    for alias in aliases:
        add(person, "Alias", alias, script=script_of(alias))
    relative = obj.obj("relative")
    if relative is not None:
        relative.only("relationType", "name", "nameEn")
        element = add(person, "Relative")
        _read_names(element, relative, "name", "nameEn")
        relation = RELATION.read(relative, "relationType", True)
        add(element, "Relation", relation)
    born = obj.date("dob")
    age = obj.integer("ageYears", low=0, high=130)
    if born is not None:
        if born < _EARLIEST_BIRTH or born > on_date:
            raise obj.error(f"born {born.isoformat()}: not a plausible date of birth on {on_date.isoformat()}", "dob")
        add(person, "BirthDate", born.isoformat())  # a known birth date makes a recorded age redundant
    elif age is not None:
        add(person, "AgeYears", str(age))
    add(person, "Sex", GENDER.read(obj, "gender", False) or "unknown")
    nationality = obj.text("nationality", limit=40)
    if nationality is not None:
        code = _NATIONALITIES.get(normalise_code(nationality), nationality.upper())
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise obj.error(f"{nationality!r} is not a nationality (an ISO country code such as IN)", "nationality")
        add(person, "Nationality", code)
    for document in obj.objects("idDocuments"):
        document.only("docType", "docNo")
        kind = ID_DOCUMENT.read(document, "docType", True)
        number = document.required_text("docNo", limit=32)
        if _AADHAAR_NUMBER.match(number) or normalise_code(document.value.get("docType") or "") == "AADHAAR":
            raise document.error("an Aadhaar number may not leave e-Prosecution; send aadhaarRefToken", "docNo")
        if not _ID_NUMBER.match(number):
            raise document.error(f"{number!r} is not a document number (letters, digits, '/', '-', spaces)", "docNo")
        identity = add(person, "Identity")
        add(identity, "Kind", kind)
        add(identity, "Number", number.upper())
    token = obj.text("aadhaarRefToken", limit=80)
    if token is not None:
        if not _AADHAAR_TOKEN.match(token):
            raise obj.error(
                f"{token!r} is not an Aadhaar vault token (tok_ and 16 to 64 letters or digits)", "aadhaarRefToken"
            )
        add(person, "AadhaarToken", token)
    add_optional(person, "Occupation", obj.text("occupation"))
    address = obj.obj("address")
    if address is not None:
        address.only(*leaf_keys(ADDRESS_LEAVES), "pinCode")
        element = add(person, "Address")
        read_leaves(element, address, ADDRESS_LEAVES)
        pin = address.text("pinCode", limit=10)
        if pin is not None:
            if not _PIN.match(pin):
                raise address.error(f"{pin!r} is not a PIN code (six digits)", "pinCode")
            add(element, "PinCode", pin)
    flags = obj.obj("protectionFlags")
    if flags is not None:
        flags.only(*_PROTECTION)
        on = {flag: "true" for flag in _PROTECTION if flags.boolean(flag)}
        if on:
            add(person, "Protection", **on)


def write_person(person: Canon) -> dict[str, Any]:
    """A canonical Person -> native person members (the inverse of read_person). Redacted persons still encode."""
    native: dict[str, Any] = {}
    _write_names(native, person, "name", "nameEn")
    aliases = [alias.own() for alias in person.children("Alias")]
    if aliases:
        native["aliases"] = [alias for alias in aliases if alias]
    relative = person.child("Relative")
    if relative is not None:
        entry: dict[str, Any] = {"relationType": RELATION.write(relative.required_text("Relation"))}
        _write_names(entry, relative, "name", "nameEn")
        native["relative"] = entry
    born = person.text("BirthDate")
    if born is not None:
        native["dob"] = born
    age = person.text("AgeYears")
    if age is not None:
        native["ageYears"] = int(age) if age.isdigit() else age
    native["gender"] = GENDER.write(person.text("Sex") or "unknown")
    nationality = person.text("Nationality")
    if nationality is not None:
        native["nationality"] = nationality
    documents = [
        {"docType": ID_DOCUMENT.write(identity.required_text("Kind")), "docNo": identity.required_text("Number")}
        for identity in person.children("Identity")
    ]
    if documents:
        native["idDocuments"] = documents
    for element, key in (("AadhaarToken", "aadhaarRefToken"), ("Occupation", "occupation")):
        value = person.text(element)
        if value is not None:
            native[key] = value
    address = person.child("Address")
    if address is not None:
        native["address"] = write_address(address)
    protection = person.child("Protection")
    if protection is not None:
        flags = {flag: True for flag in _PROTECTION if protection.attr(flag) in ("true", "1")}
        if flags:
            native["protectionFlags"] = flags
    return native


def write_address(address: Canon) -> dict[str, Any]:
    lines = [line.own() for line in address.children("Line")]
    native: dict[str, Any] = {f"line{index}": line for index, line in enumerate(lines, start=1) if line}
    for leaf in ADDRESS_LEAVES[3:]:
        value = address.text(leaf.element)
        if value is not None:
            native[leaf.key] = leaf.conv.write(value)
    pin = address.text("PinCode")
    if pin is not None:
        native["pinCode"] = pin
    return native


def _read_names(parent: etree._Element, obj: Obj, original: str, romanised: str) -> None:
    name = obj.text(original)
    latin = obj.text(romanised)
    if name is None and latin is None:
        raise obj.error(f"required field is missing (give {original}, {romanised} or both)", original)
    if name is None:
        name, latin = latin, None
    assert name is not None
    add(parent, "Name", name, script=script_of(name))
    if latin is not None and latin != name:
        if script_of(latin) != "Latn":
            raise obj.error(f"{latin!r} is not in Latin letters", romanised)
        add(parent, "NameRomanised", latin)


def _write_names(native: dict[str, Any], canon: Canon, original: str, romanised: str) -> None:
    native[original] = canon.required_text("Name")
    latin = canon.text("NameRomanised")
    if latin is not None:
        native[romanised] = latin


def check_party_id(obj: Obj, key: str, value: str) -> str:
    if not _PARTY_ID.match(value):
        raise obj.error(f"{value!r} is not a party id (a letter, then letters, digits, '_', '.', '-')", key)
    return value


# ------------------------------------------------------------------------------------------ charges


def read_charges(parent: etree._Element, obj: Obj, key: str, *, latest: date | None = None) -> None:
    """Native charge entries -> canonical Charge elements under ``parent`` (at least one).

    Each entry is ``{"sections": "303(2), 317(2) BNS", "offenceDate": "02/08/2024"}``; the sections are written as
    police and prosecutors write them ("379/411 IPC", "u/s 420 IPC & 66D IT Act"); the offence date picks IPC or
    BNS. ``latest``: no offence may postdate it (the report's date).
    """
    seen: list[tuple[str, str, str]] = []
    for entry in obj.objects(key, required=True):
        entry.only("sections", "offenceDate")
        sections = entry.required_text("sections", limit=400)
        offence = entry.date("offenceDate", required=True)
        assert offence is not None
        if latest is not None and offence > latest:
            raise entry.error(
                f"offence on {offence.isoformat()}, after the report of {latest.isoformat()}", "offenceDate"
            )
        field = pointer_join(entry.pointer, "sections")
        for statute, section in parse_sections(
            sections, offence, field=field, line=entry.line_at(entry.value.value_offsets["sections"])
        ):
            charge = (statute, section, offence.isoformat())
            if charge not in seen:  # the same section typed twice for the same offence is one charge
                seen.append(charge)
    for statute, section, offence_date in seen:
        charge = add(parent, "Charge")
        add(charge, "Statute", statute)
        add(charge, "Section", section)
        add(charge, "OffenceDate", offence_date)


def write_charges(charges: Canon) -> list[dict[str, str]]:
    """Canonical Charge elements -> native entries, one per charge, written "<section> <statute>"."""
    entries = []
    for charge in charges.children("Charge"):
        entries.append(
            {
                "sections": f"{charge.required_text('Section')} {charge.required_text('Statute')}",
                "offenceDate": charge.required_text("OffenceDate")[:10],
            }
        )
    if not entries:
        raise charges.error("holds no Charge")
    return entries


# ------------------------------------------------------------------------------------------ times


def shown(moment: datetime | date) -> str:
    """A date or time as an e-Prosecution user reads it."""
    if isinstance(moment, datetime):
        return moment.astimezone(IST).strftime("%d/%m/%Y %H:%M")
    return moment.strftime("%d/%m/%Y")
