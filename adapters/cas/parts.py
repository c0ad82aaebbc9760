"""Parts every CAS record type shares: addresses, persons, officers, courts, labs, charges and the record header.

Each has a decode (native -> canonical) and an encode (canonical -> native) written side by side, so they stay
each other's inverse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from adapters.base import AdapterError, record_id
from adapters.cas.native import (
    GENDERS,
    RELATIONS,
    Node,
    coded,
    flag,
    integer,
    nationality,
    short_text,
)
from adapters.cas.spec import (
    Ctx,
    DocRow,
    ECtx,
    Group,
    Leaf,
    Part,
    add,
    kid,
    kids,
    need,
    need_text,
    path_of,
    q,
    sub,
    text_of,
)
from adapters.cas.values import (
    CODE,
    DATETIME,
    NAME,
    SHORT,
    Integer,
    Pattern,
    native_date,
    native_datetime,
    read_datetime,
)
from adapters.notation import IST, parse_native_date, parse_sections, script_of

SOURCE_SYSTEM = "cas"
SOURCE_PILLAR = "police"

# ------------------------------------------------------------------------------------------------ addresses

ADDRESS_FIELDS = ("ADDR_LINE1", "ADDR_LINE2", "ADDR_LINE3", "VILLAGE_TOWN", "DIST_CD", "STATE_CD", "PIN_CD")
_PIN = re.compile(r"^[1-9][0-9]{5}$")


def decode_address(address: etree._Element, node: Node) -> None:
    node.only(*ADDRESS_FIELDS)
    for name in ("ADDR_LINE1", "ADDR_LINE2", "ADDR_LINE3"):
        line = short_text(node, name, required=name == "ADDR_LINE1")
        if line is not None:
            add(address, "Line", line)
    _optional(address, "VillageOrTown", short_text(node, "VILLAGE_TOWN"))
    district = integer(node, "DIST_CD", low=1, high=9999)
    state = integer(node, "STATE_CD", low=1, high=99)
    _optional(address, "DistrictCode", None if district is None else str(district))
    _optional(address, "StateCode", None if state is None else str(state))
    pin = node.text("PIN_CD")
    if pin is not None and not _PIN.match(pin):
        raise node.error(f"{pin!r} is not a PIN code (six digits)", "PIN_CD")
    _optional(address, "PinCode", pin)


def encode_address(address: etree._Element, out: etree._Element) -> None:
    lines = kids(address, "Line")
    if not lines:
        raise AdapterError("an address needs at least one Line", field=path_of(address))
    if len(lines) > 3:
        raise AdapterError("CAS keeps three address lines", field=path_of(lines[3]))
    for number, line in enumerate(lines, start=1):
        sub(out, f"ADDR_LINE{number}", (line.text or "").strip())
    for canonical, native in (
        ("VillageOrTown", "VILLAGE_TOWN"),
        ("DistrictCode", "DIST_CD"),
        ("StateCode", "STATE_CD"),
        ("PinCode", "PIN_CD"),
    ):
        value = text_of(address, canonical)
        if value:
            sub(out, native, value)


@dataclass(frozen=True)
class Address(Part):
    """An ADDRESS-shaped native element (ADDR_LINE1..3, VILLAGE_TOWN, DIST_CD, STATE_CD, PIN_CD)."""

    native: str = "ADDRESS"
    canonical: str = "Address"
    required: bool = False
    doc: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.native,)

    def decode(self, node: Node, out: etree._Element, ctx: Ctx) -> None:
        child = node.child(self.native)
        if child is None:
            if self.required:
                raise node.error("required field is missing", self.native)
            return
        decode_address(add(out, self.canonical), child)

    def encode(self, rec: etree._Element, out: etree._Element, ectx: ECtx) -> None:
        address = kid(rec, self.canonical)
        if address is None:
            if self.required:
                raise AdapterError("required element is missing", field=f"{path_of(rec)}/{self.canonical}")
            return
        encode_address(address, sub(out, self.native))

    def rows(self, native: str, canonical: str) -> Iterator[DocRow]:
        yield DocRow(
            f"{native}/{self.native}" if native else self.native,
            "yes" if self.required else "no",
            "address",
            f"{canonical}/{self.canonical}" if canonical else self.canonical,
            self.doc,
        )


def _optional(parent: etree._Element, name: str, text: str | None) -> None:
    """An optional canonical value: absent in CAS, left out of the record (never an empty element)."""
    if text is not None:
        add(parent, name, text)


# ------------------------------------------------------------------------------------------------ persons

PERSON_FIELDS = (
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
    "OTHER_ID_NO",
    "AADHAAR_TOKEN",
    "OCCUPATION",
    "ADDRESS",
    "MINOR_FLAG",
    "SO_VICTIM_FLAG",
    "PROT_WITNESS_FLAG",
)
IDENTITIES = (
    ("PASSPORT_NO", "passport"),
    ("VOTER_ID", "voter-id"),
    ("DL_NO", "driving-licence"),
    ("NAFIS_NO", "nafis"),
    ("OTHER_ID_NO", "other"),
)
_AADHAAR_NUMBER = re.compile(r"^\d{4}\s?\d{4}\s?\d{4}$")
_AADHAAR_TOKEN = re.compile(r"^tok_[A-Za-z0-9]{16,64}$")
_IDENTITY_NUMBER = re.compile(r"^[A-Za-z0-9/\- ]{1,32}$")
_ADULT_AGE = 18
_NAME_LIMIT = 200  # canonical ShortTextType
_EARLIEST_BIRTH_YEAR = 1890
_PROTECTION_FLAGS = (
    ("SO_VICTIM_FLAG", "sexualOffenceVictim"),
    ("MINOR_FLAG", "child"),
    ("PROT_WITNESS_FLAG", "protectedWitness"),
)


def decode_person(person: etree._Element, node: Node, reference: date, extra: tuple[str, ...] = ()) -> None:
    """The fields of one native person into a canonical Person (its id already set).

    ``reference`` is the date ages are taken on: a person under 18 on it is flagged a child, and nobody may be
    born after it (for an FIR, the offence date).
    """
    node.only(*PERSON_FIELDS, *extra)
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
        add(person, "Alias", text, {"script": script_of(text)})

    relative_name = short_text(node, "RELATIVE_NAME")
    relation = coded(node, "RELATIVE_TYPE", RELATIONS, what="relation (S/O, D/O, W/O, F, H, M, G, O)")
    if (relative_name is None) != (relation is None):
        missing = "RELATIVE_TYPE" if relation is None else "RELATIVE_NAME"
        raise node.error("RELATIVE_NAME and RELATIVE_TYPE go together: give both or neither", missing)
    if relative_name is not None:
        relative = add(person, "Relative")
        _names(relative, node, "RELATIVE_NAME", "RELATIVE_NAME_ENG")
        add(relative, "Relation", relation)

    child = flag(node, "MINOR_FLAG")
    birth_date = _birth_date(node, reference)
    if birth_date is not None:
        add(person, "BirthDate", birth_date.isoformat())
        child = child or _age_on(birth_date, reference) < _ADULT_AGE
    else:
        age = integer(node, "AGE", low=0, high=130)
        if age is not None:
            add(person, "AgeYears", str(age))
            child = child or age < _ADULT_AGE

    add(person, "Sex", coded(node, "GENDER", GENDERS, what="gender (M, F, T, U)") or "unknown")
    _optional(person, "Nationality", nationality(node, "NATIONALITY"))
    # Identity documents in the order CAS wrote them, so that encoding them back keeps their order.
    given = [(field, kind, node.child(field)) for field, kind in IDENTITIES]
    position = {id(element): index for index, element in enumerate(node.element)}
    for field, kind, _ in sorted(
        ((f, k, c) for f, k, c in given if c is not None), key=lambda item: position[id(item[2].element)]
    ):
        _identity(person, node, field, kind)
    _optional(person, "AadhaarToken", _aadhaar_token(node))
    _optional(person, "Occupation", short_text(node, "OCCUPATION"))
    address = node.child("ADDRESS")
    if address is not None:
        decode_address(add(person, "Address"), address)

    protection = {
        "sexualOffenceVictim": flag(node, "SO_VICTIM_FLAG"),
        "child": child,
        "protectedWitness": flag(node, "PROT_WITNESS_FLAG"),
    }
    if any(protection.values()):
        add(person, "Protection", attrib={name: "true" for name, on in protection.items() if on})


def _names(parent: etree._Element, node: Node, original: str, romanised: str) -> None:
    name = short_text(node, original)
    latin = short_text(node, romanised)
    if name is None and latin is None:
        raise node.error(f"required field is missing (give {original}, {romanised} or both)", original)
    if name is None:
        name, latin = latin, None
    assert name is not None
    script = script_of(name)
    add(parent, "Name", name, {"script": script})
    if latin is not None and latin != name:
        if script_of(latin) != "Latn":
            raise node.error(f"{latin!r} is not in Latin letters", romanised)
        add(parent, "NameRomanised", latin)


def _birth_date(node: Node, reference: date) -> date | None:
    dob = node.child("DOB")
    text = None if dob is None else dob.own_text()
    if dob is None or text is None:
        return None
    born = parse_native_date(text, field=dob.path, line=dob.line)
    if born.year < _EARLIEST_BIRTH_YEAR:
        raise dob.error(f"born {born.isoformat()}: not a plausible date of birth")
    if born > reference:
        raise dob.error(f"born {born.isoformat()}, after the offence on {reference.isoformat()}")
    return born


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _identity(person: etree._Element, node: Node, field: str, kind: str) -> None:
    number = short_text(node, field, limit=32)
    if number is None:
        return
    if kind == "nafis":
        if not re.fullmatch(r"\d{10}", number):
            raise node.error(f"{number!r} is not a NAFIS National Fingerprint Number (10 digits)", field)
    elif _AADHAAR_NUMBER.match(number):
        raise node.error("looks like an Aadhaar number, which may not leave CAS; send AADHAAR_TOKEN instead", field)
    elif not _IDENTITY_NUMBER.match(number):
        raise node.error(f"{number!r} is not a document number (letters, digits, '/', '-', spaces)", field)
    identity = add(person, "Identity")
    add(identity, "Kind", kind)
    add(identity, "Number", number.upper())


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


_SEX_CODES = {"male": "M", "female": "F", "transgender": "T", "unknown": "U"}
_RELATIVE_CODES = {"husband": "W/O", "mother": "M", "guardian": "G", "other": "O"}
_IDENTITY_FIELDS = {kind: field for field, kind in IDENTITIES}


def encode_person(person: etree._Element, out: etree._Element) -> None:
    """A canonical Person's fields as CAS writes them (the inverse of ``decode_person``)."""
    sub(out, "NAME", need_text(person, "Name"))
    romanised = text_of(person, "NameRomanised")
    if romanised:
        sub(out, "NAME_ENG", romanised)
    aliases = kids(person, "Alias")
    if len(aliases) > 2:
        raise AdapterError("CAS keeps two aliases", field=path_of(aliases[2]))
    for alias in aliases:
        sub(out, "ALIAS", (alias.text or "").strip())
    sex = need_text(person, "Sex")
    relative = kid(person, "Relative")
    if relative is not None:
        relation = need_text(relative, "Relation")
        if relation == "father":
            code = {"male": "S/O", "female": "D/O"}.get(sex, "F")
        elif relation in _RELATIVE_CODES:
            code = _RELATIVE_CODES[relation]
        else:
            raise AdapterError(f"{relation!r} is not a relation CAS knows", field=f"{path_of(relative)}/Relation")
        sub(out, "RELATIVE_TYPE", code)
        sub(out, "RELATIVE_NAME", need_text(relative, "Name"))
        relative_romanised = text_of(relative, "NameRomanised")
        if relative_romanised:
            sub(out, "RELATIVE_NAME_ENG", relative_romanised)
    born = text_of(person, "BirthDate")
    if born:
        sub(out, "DOB", native_date(born, f"{path_of(person)}/BirthDate"))
    age = text_of(person, "AgeYears")
    if age:
        sub(out, "AGE", age)
    if sex not in _SEX_CODES:
        raise AdapterError(f"{sex!r} is not a sex CAS knows", field=f"{path_of(person)}/Sex")
    sub(out, "GENDER", _SEX_CODES[sex])
    country = text_of(person, "Nationality")
    if country:
        sub(out, "NATIONALITY", country)
    written: set[str] = set()
    for identity in kids(person, "Identity"):
        kind = need_text(identity, "Kind")
        field = _IDENTITY_FIELDS.get(kind)
        if field is None:
            raise AdapterError(f"{kind!r} is not an identity document CAS knows", field=path_of(identity))
        if field in written:
            raise AdapterError(f"CAS keeps one {kind} number per person", field=path_of(identity))
        written.add(field)
        sub(out, field, need_text(identity, "Number"))
    for canonical, native in (("AadhaarToken", "AADHAAR_TOKEN"), ("Occupation", "OCCUPATION")):
        value = text_of(person, canonical)
        if value:
            sub(out, native, value)
    address = kid(person, "Address")
    if address is not None:
        encode_address(address, sub(out, "ADDRESS"))
    protection = kid(person, "Protection")
    if protection is not None:
        for native, attribute in _PROTECTION_FLAGS:
            if protection.get(attribute) in ("true", "1"):
                sub(out, native, "Y")


@dataclass(frozen=True)
class Persons(Part):
    """PERSONS/PERSON, each with its PERSON_ID, <-> Persons/Person[@id]; roles refer to them by PERSON_REF."""

    required: bool = True
    extra: tuple[Part, ...] = ()

    def names(self) -> tuple[str, ...]:
        return ("PERSONS",)

    def decode(self, node: Node, out: etree._Element, ctx: Ctx) -> None:
        persons = node.child("PERSONS")
        if persons is None:
            if self.required:
                raise node.error("required field is missing", "PERSONS")
            return
        persons.only("PERSON")
        people = persons.children("PERSON")
        if not people:
            raise persons.error("required field is missing (at least one)", "PERSON")
        wrapper = add(out, "Persons")
        extra = tuple(name for part in self.extra for name in part.names())
        for person in people:
            where = person.required_child("PERSON_ID")
            person_id = PERSON_ID.read(person.required_text("PERSON_ID"), where)
            ctx.register("person", person_id, where, "PERSON_ID")
            element = add(wrapper, "Person", attrib={"id": person_id})
            decode_person(element, person, ctx.reference_date(), ("PERSON_ID", *extra))
            for part in self.extra:
                part.decode(person, element, ctx)

    def encode(self, rec: etree._Element, out: etree._Element, ectx: ECtx) -> None:
        wrapper = kid(rec, "Persons")
        if wrapper is None:
            if self.required:
                raise AdapterError("required element is missing", field=f"{path_of(rec)}/Persons")
            return
        persons = sub(out, "PERSONS")
        for person in kids(wrapper, "Person"):
            native = sub(persons, "PERSON")
            person_id = person.get("id")
            if person_id is None:
                raise AdapterError("required attribute is missing", field=f"{path_of(person)}/@id")
            sub(native, "PERSON_ID", PERSON_ID.write(person_id, f"{path_of(person)}/@id"))
            encode_person(person, native)
            for part in self.extra:
                part.encode(person, native, ectx)

    def rows(self, native: str, canonical: str) -> Iterator[DocRow]:
        yield DocRow(
            f"{native}/PERSONS" if native else "PERSONS",
            "yes" if self.required else "no",
            "list of PERSON",
            f"{canonical}/Persons" if canonical else "Persons",
        )
        yield DocRow("…/PERSON", "1+", "person", "Persons/Person", "one person of the record")
        yield DocRow("…/PERSON/PERSON_ID", "yes", PERSON_ID.fmt, "Person/@id", "unique in the record")
        for part in self.extra:
            yield from part.rows("…/PERSON", "Person")


PERSON_ID = Pattern(
    r"[A-Za-z_][A-Za-z0-9_.\-]{0,31}",
    "a person id (a letter, then up to 31 letters, digits, '.', '-', '_')",
    label="id: a letter, then letters, digits, . - _ (≤ 32)",
)
PERSON_REF = Pattern(PERSON_ID.regex, PERSON_ID.what, label="a PERSON_ID of this record")


def person_ref(native: str, canonical: str, **options: object) -> Leaf:
    """A role that only points at a person: <WITNESS_REF>P3</WITNESS_REF> -> <Witness personRef="P3"/>."""
    return Leaf(native, canonical, PERSON_REF, refers="person", what=native, **options)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------ officers, courts


def officer(native: str, canonical: str, *, prefix: str = "OFFICER_", required: bool = True, doc: str = "") -> Group:
    """An officer: <prefix>NAME, <prefix>RANK, <prefix>BELT_NO, <prefix>ID (IO_DETAILS uses the prefix IO_)."""
    return Group(
        native,
        canonical,
        (
            Leaf(f"{prefix}NAME", "Name", NAME, required=True),
            Leaf(f"{prefix}RANK", "Rank", SHORT, required=True, doc="as written: SI, ASI, HC, Inspector (SHO)"),
            Leaf(f"{prefix}BELT_NO", "BeltNumber", CODE),
            Leaf(f"{prefix}ID", "OfficerId", CODE, doc="HRMS / employee id"),
        ),
        required=required,
        doc=doc,
    )


ESTABLISHMENT = Pattern(r"[A-Z]{4}[A-Z0-9]{2}", "an e-Courts establishment code (e.g. HRFB01)", upper=True)
CNR = Pattern(r"[A-Z]{4}[A-Z0-9]{2}[0-9]{10}", "a CNR (16 characters, e.g. HRFB010012342024)", upper=True)


def court(native: str, canonical: str, *, required: bool = True, doc: str = "") -> Group:
    return Group(
        native,
        canonical,
        (
            Leaf("COURT_EST_CD", "EstablishmentCode", ESTABLISHMENT, required=True),
            Leaf("COURT_NAME", "Name", SHORT, required=True),
            Leaf("COURT_NO", "CourtNumber", CODE, doc="court room or bench"),
        ),
        required=required,
        doc=doc,
    )


def lab(*, required: bool = True) -> Group:
    """A forensic lab, kept flat in CAS: LAB_CD and LAB_NAME."""
    return Group(
        None,
        "Lab",
        (Leaf("LAB_CD", "LabCode", CODE, required=True), Leaf("LAB_NAME", "Name", SHORT, required=True)),
        required=required,
    )


# ------------------------------------------------------------------------------------------------ charges

# How CAS writes each statute after its sections; adapters.notation reads every one of these back.
STATUTE_SPELLING = {
    "IPC": "IPC",
    "BNS": "BNS",
    "CRPC": "CrPC",
    "BNSS": "BNSS",
    "IEA": "Evidence Act",
    "BSA": "BSA",
    "POCSO": "POCSO Act",
    "NDPS": "NDPS Act",
    "ARMS": "Arms Act",
    "PB_EXCISE": "Excise Act",
    "PGA": "Public Gambling Act",
    "HR_GAMBLING": "Haryana Public Gambling Act",
    "MVA": "MV Act",
    "IT": "IT Act",
    "SCST_POA": "SC/ST Act",
    "DPA": "Dowry Prohibition Act",
    "JJ": "JJ Act",
}


@dataclass(frozen=True)
class Charges(Part):
    """ACT_SEC elements (free text, each optionally with its own OFFENCE_DT attribute) <-> Charge elements.

    An ACT_SEC without an OFFENCE_DT attribute is charged from the record's offence date: the record's OFFENCE_DT
    element (``default_element``) or, in an FIR, the start of the occurrence. The date decides IPC or BNS.
    """

    canonical: str | None = "Charges"
    required: bool = True
    default_element: str | None = "OFFENCE_DT"

    def names(self) -> tuple[str, ...]:
        return ("ACT_SEC",) if self.default_element is None else (self.default_element, "ACT_SEC")

    def decode(self, node: Node, out: etree._Element, ctx: Ctx) -> None:
        acts = node.children("ACT_SEC")
        if not acts:
            if self.required:
                raise node.error("required field is missing", "ACT_SEC")
            return
        seen: list[tuple[str, str, date]] = []
        for act in acts:
            for attribute in act.element.attrib:
                if attribute != "OFFENCE_DT":
                    raise AdapterError(
                        f"unexpected attribute {attribute!r} (ACT_SEC takes only OFFENCE_DT)",
                        field=f"{act.path}/@{attribute}",
                        line=act.line,
                    )
            own = act.element.get("OFFENCE_DT")
            day = ctx.offence_date() if own is None else _attribute_date(own, act)
            for statute, section in parse_sections(act.own_text() or "", day, field=act.path, line=act.line):
                if (statute, section, day) not in seen:
                    seen.append((statute, section, day))
        parent = out if self.canonical is None else add(out, self.canonical)
        for statute, section, day in seen:
            charge = add(parent, "Charge")
            add(charge, "Statute", statute)
            add(charge, "Section", section)
            add(charge, "OffenceDate", day.isoformat())

    def encode(self, rec: etree._Element, out: etree._Element, ectx: ECtx) -> None:
        holder = rec if self.canonical is None else kid(rec, self.canonical)
        charges = [] if holder is None else kids(holder, "Charge")
        if not charges:
            if self.required:
                raise AdapterError("required element is missing", field=f"{path_of(rec)}/{self.canonical or 'Charge'}")
            return
        if self.default_element is not None and ectx.offence_default is not None:
            sub(out, self.default_element, ectx.offence_default.strftime("%d/%m/%Y"))
        for charge in charges:
            statute = need_text(charge, "Statute")
            section = need_text(charge, "Section")
            day = charge_date(charge)
            spelling = STATUTE_SPELLING.get(statute)
            if spelling is None:
                raise AdapterError(f"{statute!r} is not a statute CAS knows", field=f"{path_of(charge)}/Statute")
            act = sub(out, "ACT_SEC", f"{section} {spelling}")
            if day != ectx.offence_default:
                act.set("OFFENCE_DT", day.strftime("%d/%m/%Y"))

    def rows(self, native: str, canonical: str) -> Iterator[DocRow]:
        target = canonical if self.canonical is None else (f"{canonical}/{self.canonical}" if canonical else "Charges")
        if self.default_element is not None:
            yield DocRow(
                self.default_element,
                "with ACT_SEC",
                "date",
                f"{target}/Charge/OffenceDate",
                "the date the offence began; every ACT_SEC without its own OFFENCE_DT attribute is charged from it",
            )
        yield DocRow(
            f"{native}/ACT_SEC" if native else "ACT_SEC",
            "1+" if self.required else "0+",
            "acts and sections",
            f"{target}/Charge",
            "free text (see FIR_DETAILS); attribute OFFENCE_DT (date) overrides the offence date",
        )


def _attribute_date(text: str, act: Node) -> date:
    return parse_native_date(text.strip(), field=f"{act.path}/@OFFENCE_DT", line=act.line)


def charge_date(charge: etree._Element) -> date:
    text = need_text(charge, "OffenceDate")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AdapterError(f"{text!r} is not an ISO 8601 date", field=f"{path_of(charge)}/OffenceDate") from None


def first_charge_date(root: etree._Element) -> date | None:
    """The offence date of the record's first charge: CAS's OFFENCE_DT, from which the other ACT_SECs differ."""
    first = next(root.iter(q("Charge")), None)
    return None if first is None else charge_date(first)


# ------------------------------------------------------------------------------------------------ the header

FIR_NUMBER = re.compile(r"^(?P<serial>\d{1,6})\s*/\s*(?P<year>\d{4})$")
PS_CODE = Pattern(r"[A-Z0-9]{1,12}", "a police station code (1 to 12 letters or digits)", upper=True)
HEADER_NAMES = (
    "STATE_CD",
    "DIST_CD",
    "DIST_NAME",
    "PS_CD",
    "PS_NAME",
    "FIR_NO",
    "CNR_NO",
    "LAB_CASE_NO",
    "PRISONER_ID",
    "PRISON_STATE_CD",
    "PRISON_CD",
    "ENTRY_DT",
    "MODIFIED_DT",
)


def fir_number(node: Node) -> tuple[int, int]:
    text = node.required_text("FIR_NO")
    match = FIR_NUMBER.match(text)
    if match is None:
        raise node.error(f"{text!r} is not an FIR number: expected serial/year, e.g. 0412/2024", "FIR_NO")
    serial, year = int(match["serial"]), int(match["year"])
    if not 1 <= serial <= 999999 or not 1950 <= year <= 2100:
        raise node.error(f"{text!r}: serial must be 1 to 999999 and year 1950 to 2100", "FIR_NO")
    return serial, year


@dataclass(frozen=True)
class FirKey:
    state: int
    district: int
    station: str
    year: int
    serial: int

    @property
    def text(self) -> str:
        """The hub's text form of an FIR key, CAS's source record id of an FIR."""
        return f"{self.state}-{self.district}-{self.station}-{self.year}-{self.serial}"


def read_fir_key(node: Node) -> FirKey:
    state = _required_number(node, "STATE_CD", 1, 99)
    district = _required_number(node, "DIST_CD", 1, 9999)
    station = node.required_text("PS_CD").upper()
    if not re.fullmatch(r"[A-Z0-9]{1,12}", station):
        raise node.error(f"{station!r} is not a police station code (1 to 12 letters or digits)", "PS_CD")
    serial, year = fir_number(node)
    return FirKey(state, district, station, year, serial)


def _required_number(node: Node, name: str, low: int, high: int) -> int:
    number = integer(node, name, low=low, high=high)
    if number is None:
        raise node.error("required field is missing or empty", name)
    return number


def read_created(node: Node) -> str:
    """CreatedAt: CAS's own time of the record, MODIFIED_DT when it was modified, else ENTRY_DT."""
    entered = _required_moment(node, "ENTRY_DT")
    modified_node = node.child("MODIFIED_DT")
    modified_text = None if modified_node is None else modified_node.own_text()
    if modified_node is None or modified_text is None:
        return entered.isoformat()
    modified = read_datetime(modified_text, modified_node)
    if modified < entered:
        raise node.error(
            f"modified at {_shown(modified)}, before the record was entered at {_shown(entered)} (ENTRY_DT)",
            "MODIFIED_DT",
        )
    return modified.isoformat()


def _required_moment(node: Node, name: str) -> datetime:
    child = node.child(name)
    text = None if child is None else child.own_text()
    if child is None or text is None:
        raise node.error("required field is missing or empty", name)
    return read_datetime(text, child)


def _shown(moment: datetime) -> str:
    return moment.astimezone(IST).strftime("%d/%m/%Y %H:%M")


def build_header(
    root: etree._Element, record_type: str, source_record_id: str, created: str, key: FirKey
) -> etree._Element:
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
        ("StateCode", key.state),
        ("DistrictCode", key.district),
        ("PoliceStationCode", key.station),
        ("Year", key.year),
        ("Serial", key.serial),
    ):
        add(fir_key, name, str(value))
    return keys


_PRISON_STATE = Integer(1, 99)


def decode_other_keys(node: Node, keys: etree._Element) -> None:
    """The case keys besides the FIR's: CNR_NO, LAB_CASE_NO, PRISONER_ID with PRISON_STATE_CD and PRISON_CD."""
    cnr = node.child("CNR_NO")
    if cnr is not None and cnr.own_text() is not None:
        add(keys, "Cnr", CNR.read(cnr.own_text() or "", cnr))
    lab_case = node.child("LAB_CASE_NO")
    if lab_case is not None and lab_case.own_text() is not None:
        add(keys, "LabCaseNumber", CODE.read(lab_case.own_text() or "", lab_case))
    prisoner = node.child("PRISONER_ID")
    state = node.child("PRISON_STATE_CD")
    prison = node.child("PRISON_CD")
    if prisoner is None and state is None and prison is None:
        return
    for name, element in (("PRISONER_ID", prisoner), ("PRISON_STATE_CD", state), ("PRISON_CD", prison)):
        if element is None or element.own_text() is None:
            raise node.error("PRISONER_ID, PRISON_STATE_CD and PRISON_CD go together: give all three", name)
    assert prisoner is not None and state is not None and prison is not None
    add(
        keys,
        "PrisonerId",
        CODE.read(prisoner.own_text() or "", prisoner),
        {
            "stateCode": _PRISON_STATE.read(state.own_text() or "", state),
            "prisonCode": CODE.read(prison.own_text() or "", prison),
        },
    )


def encode_header_keys(root: etree._Element, out: etree._Element, record_type: str) -> tuple[FirKey, str]:
    """The native FIR key and other case keys of a canonical record; returns its FIR key and SourceRecordId."""
    header = need(root, "Header")
    declared = need_text(header, "RecordType")
    if declared != record_type:
        raise AdapterError(f"RecordType is {declared!r}, not {record_type!r}", field=f"{path_of(header)}/RecordType")
    system = need_text(header, "SourceSystem")
    if system != SOURCE_SYSTEM:
        raise AdapterError(
            f"a {record_type} record from {system!r}: CAS takes back only the records it produced",
            field=f"{path_of(header)}/SourceSystem",
        )
    keys = need(header, "CaseKeys")
    fir = need(keys, "FirKey")
    try:
        key = FirKey(
            int(need_text(fir, "StateCode")),
            int(need_text(fir, "DistrictCode")),
            need_text(fir, "PoliceStationCode"),
            int(need_text(fir, "Year")),
            int(need_text(fir, "Serial")),
        )
    except ValueError:
        raise AdapterError("is not an FIR key", field=path_of(fir)) from None
    sub(out, "STATE_CD", str(key.state))
    sub(out, "DIST_CD", str(key.district))
    sub(out, "PS_CD", key.station)
    sub(out, "FIR_NO", f"{key.serial:04d}/{key.year}")
    cnr = text_of(keys, "Cnr")
    if cnr:
        sub(out, "CNR_NO", cnr)
    lab_case = text_of(keys, "LabCaseNumber")
    if lab_case:
        sub(out, "LAB_CASE_NO", lab_case)
    prisoner = kid(keys, "PrisonerId")
    if prisoner is not None:
        sub(out, "PRISONER_ID", (prisoner.text or "").strip())
        for attribute, native in (("stateCode", "PRISON_STATE_CD"), ("prisonCode", "PRISON_CD")):
            value = prisoner.get(attribute)
            if value is None:
                raise AdapterError("required attribute is missing", field=f"{path_of(prisoner)}/@{attribute}")
            sub(out, native, value)
    return key, need_text(header, "SourceRecordId")


def encode_created(root: etree._Element, out: etree._Element) -> None:
    header = need(root, "Header")
    sub(out, "ENTRY_DT", native_datetime(need_text(header, "CreatedAt"), f"{path_of(header)}/CreatedAt"))


def header_rows(suffix_rows: tuple[DocRow, ...] = ()) -> tuple[DocRow, ...]:
    return (
        DocRow("STATE_CD", "yes", "1–99", "Header/CaseKeys/FirKey/StateCode", "LGD state code"),
        DocRow("DIST_CD", "yes", "1–9999", "Header/CaseKeys/FirKey/DistrictCode", "LGD district code"),
        DocRow("DIST_NAME", "no", "text", "not carried", "district name, for people"),
        DocRow("PS_CD", "yes", PS_CODE.fmt, "Header/CaseKeys/FirKey/PoliceStationCode", "CCTNS police station"),
        DocRow("PS_NAME", "no", "text", "not carried", "police station name, for people"),
        DocRow("FIR_NO", "yes", "serial/year", "Header/CaseKeys/FirKey/Serial, Year", "the FIR, e.g. 0412/2024"),
        *suffix_rows,
        DocRow("CNR_NO", "no", CNR.fmt, "Header/CaseKeys/Cnr", "the court case, once known"),
        DocRow("LAB_CASE_NO", "no", "code, ≤ 64", "Header/CaseKeys/LabCaseNumber", "the lab's case number"),
        DocRow(
            "PRISONER_ID, PRISON_STATE_CD, PRISON_CD",
            "all or none",
            "code; 1–99; code",
            "Header/CaseKeys/PrisonerId (@stateCode, @prisonCode)",
            "e-Prisons prisoner id",
        ),
        DocRow("ENTRY_DT", "yes", DATETIME.fmt, "Header/CreatedAt (unless modified)", "entered in CAS"),
        DocRow("MODIFIED_DT", "no", "date-time ≥ ENTRY_DT", "Header/CreatedAt", "last modified in CAS"),
    )
