"""The parts e-Prisons records share, mapped both ways: native JSON -> canonical XML (``*_in``) and canonical XML
-> native JSON (``*_out``).

Flat groups (an address, a court, a prison, an officer) are tables of ``Field``: native key, canonical element,
and a converter pair, read in the schema's order by ``fields_in`` and written back by ``fields_out``, so decode
and encode cannot drift apart. Persons, FIR keys and charges need more than a table and are written as function
pairs side by side.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import etree

from adapters.base import AdapterError
from adapters.eprisons import values as v
from adapters.eprisons.canonical import Canon, add, add_optional
from adapters.eprisons.jsondoc import JsonObject, Node, type_name
from adapters.notation import parse_sections, script_of

# ------------------------------------------------------------------------------------------------- field tables

Reader = Callable[[Node, str, bool], str | None]
Writer = Callable[[str], Any]


@dataclass(frozen=True)
class Field:
    """One native member <-> one canonical child element (the ``nth`` of that name, for repeated elements)."""

    key: str
    tag: str
    read: Reader
    write: Writer
    required: bool = False
    nth: int = 0
    script: bool = False  # the canonical element carries @script, computed from the text


def fields_in(parent: etree._Element, node: Node, fields: tuple[Field, ...]) -> None:
    for field in fields:
        value = field.read(node, field.key, field.required)
        if value is not None:
            if field.script:
                add(parent, field.tag, value, script=script_of(value))
            else:
                add(parent, field.tag, value)


def fields_out(canon: Canon, fields: tuple[Field, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in fields:
        found = canon.children(field.tag)
        if len(found) > field.nth:
            out[field.key] = field.write(found[field.nth].value())
        elif field.required:
            raise canon.error("required element is missing", field.tag)
    return out


def keys_of(fields: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(field.key for field in fields)


def _same(value: str) -> str:
    return value


def _short(node: Node, key: str, required: bool) -> str | None:
    return v.text(node, key, required=required)


def _long(node: Node, key: str, required: bool) -> str | None:
    return v.long_text(node, key, required=required)


def _code(node: Node, key: str, required: bool) -> str | None:
    return v.code(node, key, required=required)


def _state(node: Node, key: str, required: bool) -> str | None:
    number = v.integer(node, key, low=1, high=99, required=required)
    return None if number is None else str(number)


def _district(node: Node, key: str, required: bool) -> str | None:
    number = v.integer(node, key, low=1, high=9999, required=required)
    return None if number is None else str(number)


def _pin(node: Node, key: str, required: bool) -> str | None:
    value = v.code(node, key, required=required)
    if value is not None and not re.fullmatch(r"[1-9][0-9]{5}", value, re.ASCII):
        raise node.error(f"{value!r} is not a PIN code (six digits, the first not 0)", key)
    return value


def _establishment(node: Node, key: str, required: bool) -> str | None:
    value = v.code(node, key, required=required, upper=True)
    if value is not None and not re.fullmatch(r"[A-Z]{4}[A-Z0-9]{2}", value, re.ASCII):
        raise node.error(f"{value!r} is not an e-Courts establishment code (e.g. HRFB01)", key)
    return value


def _date(node: Node, key: str, required: bool) -> str | None:
    found = v.day(node, key, required=required)
    return None if found is None else found.isoformat()


def _datetime(node: Node, key: str, required: bool) -> str | None:
    found = v.when(node, key, required=required)
    return None if found is None else found.isoformat()


SHORT = (_short, _same)
LONG = (_long, _same)
CODE = (_code, _same)
STATE = (_state, v.native_number)
DISTRICT = (_district, v.native_number)
PIN = (_pin, _same)
ESTABLISHMENT = (_establishment, _same)
DATE = (_date, v.native_date)
DATETIME = (_datetime, v.native_datetime)


def F(key: str, tag: str, conv: tuple[Reader, Writer], **options: Any) -> Field:
    return Field(key, tag, conv[0], conv[1], **options)


ADDRESS = (
    F("line1", "Line", SHORT, required=True),
    F("line2", "Line", SHORT, nth=1),
    F("line3", "Line", SHORT, nth=2),
    F("village_town", "VillageOrTown", SHORT),
    F("district_code", "DistrictCode", DISTRICT),
    F("state_code", "StateCode", STATE),
    F("pin_code", "PinCode", PIN),
)
COURT = (
    F("est_code", "EstablishmentCode", ESTABLISHMENT, required=True),
    F("name", "Name", SHORT, required=True),
    F("court_no", "CourtNumber", CODE),
)
PRISON = (
    F("state_code", "StateCode", STATE, required=True),
    F("prison_code", "PrisonCode", CODE, required=True),
    F("name", "Name", SHORT, required=True),
)
OFFICER_TAIL = (F("belt_no", "BeltNumber", CODE), F("officer_id", "OfficerId", CODE))
PRESIDING_OFFICER = (F("name", "Name", SHORT, required=True, script=True), F("designation", "Designation", SHORT))


def group_in(parent: etree._Element, tag: str, node: Node, fields: tuple[Field, ...]) -> etree._Element:
    node.only(*keys_of(fields))
    element = add(parent, tag)
    fields_in(element, node, fields)
    return element


def address_in(parent: etree._Element, node: Node, tag: str = "Address") -> None:
    group_in(parent, tag, node, ADDRESS)


def address_out(canon: Canon) -> dict[str, Any]:
    return fields_out(canon, ADDRESS)


def court_in(parent: etree._Element, tag: str, node: Node) -> None:
    group_in(parent, tag, node, COURT)


def court_out(canon: Canon) -> dict[str, Any]:
    return fields_out(canon, COURT)


def prison_in(parent: etree._Element, tag: str, node: Node) -> tuple[str, str]:
    """A prison; returns its (state code, prison code), the scope of its prisoner ids."""
    element = group_in(parent, tag, node, PRISON)
    return element[0].text, element[1].text  # type: ignore[return-value]


def prison_out(canon: Canon) -> dict[str, Any]:
    return fields_out(canon, PRISON)


# ------------------------------------------------------------------------------------------------- officers


def officer_in(parent: etree._Element, tag: str, node: Node) -> None:
    """A police or prison officer: name, rank (prison officers' 'designation' is taken as the rank), ids."""
    node.only("name", "rank", "designation", "belt_no", "officer_id")
    if node.has("rank") and node.has("designation"):
        raise node.error("give the rank or the designation, not both", "designation")
    rank_key = "designation" if node.has("designation") else "rank"
    officer = add(parent, tag)
    name = v.text(node, "name", required=True)
    assert name is not None
    add(officer, "Name", name, script=script_of(name))
    add(officer, "Rank", v.text(node, rank_key, required=True))
    fields_in(officer, node, OFFICER_TAIL)


def officer_out(canon: Canon) -> dict[str, Any]:
    return {
        "name": canon.required_text("Name"),
        "rank": canon.required_text("Rank"),
        **fields_out(canon, OFFICER_TAIL),
    }


def presiding_officer_out(canon: Canon) -> dict[str, Any]:
    return fields_out(canon, PRESIDING_OFFICER)


# ------------------------------------------------------------------------------------------------- persons

PERSON_KEYS = (
    "name",
    "name_en",
    "alias",
    "relative",
    "dob",
    "age",
    "gender",
    "nationality",
    "id_proofs",
    "aadhaar_token",
    "occupation",
    "address",
    "minor_flag",
    "so_victim_flag",
    "protected_witness_flag",
)
_PROTECTION = (
    ("minor_flag", "child"),
    ("so_victim_flag", "sexualOffenceVictim"),
    ("protected_witness_flag", "protectedWitness"),
)
_AADHAAR_NUMBER = re.compile(r"[0-9]{4}\s?[0-9]{4}\s?[0-9]{4}", re.ASCII)
_AADHAAR_TOKEN = re.compile(r"tok_[A-Za-z0-9]{16,64}", re.ASCII)
_IDENTITY_NUMBER = re.compile(r"[A-Za-z0-9/\- ]{1,32}", re.ASCII)
_EARLIEST_BIRTH_YEAR = 1890


def names_in(parent: etree._Element, node: Node, original: str = "name", romanised: str = "name_en") -> None:
    """``Name`` (with @script) and ``NameRomanised`` from a name as written and its English spelling."""
    name = v.text(node, original)
    latin = v.text(node, romanised)
    if name is None and latin is None:
        raise node.error(f"required field is missing (give {original}, {romanised} or both)", original)
    if name is None:
        name, latin = latin, None
    assert name is not None
    add(parent, "Name", name, script=script_of(name))
    if latin is not None and latin != name:
        if script_of(latin) != "Latn":
            raise node.error(f"{latin!r} is not in Latin letters", romanised)
        add(parent, "NameRomanised", latin)


def names_out(canon: Canon, out: dict[str, Any], original: str = "name", romanised: str = "name_en") -> None:
    out[original] = canon.required_text("Name")
    latin = canon.text("NameRomanised")
    if latin is not None:
        out[romanised] = latin


def person_in(persons: etree._Element, node: Node, person_id: str, *, on: date, extra: tuple[str, ...] = ()) -> None:
    """One e-Prisons person -> ``Person`` with id ``person_id``; ``on`` is the event's date (birth must precede it)."""
    node.only(*PERSON_KEYS, *extra)
    person = add(persons, "Person", id=person_id)
    names_in(person, node)
    aliases = list(node.scalars("alias"))
    if len(aliases) > 2:
        raise AdapterError("at most two aliases", field=aliases[2][1], line=aliases[2][2])
    for value, path, line in aliases:
        if not isinstance(value, str):
            raise AdapterError(f"expected a name, found {type_name(value)}", field=path, line=line)
        alias = v.clean(value, node, "alias", one_line=True, limit=v.SHORT_LIMIT, where=(path, line))
        add(person, "Alias", alias, script=script_of(alias))

    relative = node.object("relative")
    if relative is not None:
        relative.only("relation", "name", "name_en")
        element = add(person, "Relative")
        names_in(element, relative)
        add(
            element,
            "Relation",
            v.coded(relative, "relation", v.RELATIONS, what="relation (S/O, D/O, W/O, F, H, M, G, O)", required=True),
        )

    born = v.day(node, "dob")
    if born is not None:
        if born.year < _EARLIEST_BIRTH_YEAR:
            raise node.error(f"born {born.isoformat()}: not a plausible date of birth", "dob")
        if born > on:
            raise node.error(f"born {born.isoformat()}, after the event on {on.isoformat()}", "dob")
        add(person, "BirthDate", born.isoformat())
    else:
        age = v.integer(node, "age", low=0, high=130)
        if age is not None:
            add(person, "AgeYears", str(age))

    add(person, "Sex", v.coded(node, "gender", v.GENDERS, what="gender (M, F, T, U)") or "unknown")
    add_optional(person, "Nationality", _nationality(node))
    for proof in node.objects("id_proofs"):
        _identity_in(person, proof)
    add_optional(person, "AadhaarToken", _aadhaar_token(node))
    add_optional(person, "Occupation", v.text(node, "occupation"))
    address = node.object("address")
    if address is not None:
        address_in(person, address)
    protection = {name: "true" for key, name in _PROTECTION if v.flag(node, key)}
    if protection:
        add(person, "Protection", **protection)


def _nationality(node: Node) -> str | None:
    value = v.text(node, "nationality")
    if value is None:
        return None
    if re.fullmatch(r"[A-Za-z]{2}", value, re.ASCII):
        return value.upper()
    return v.coded(node, "nationality", v.NATIONALITIES, what="nationality (or ISO 3166 two-letter code)")


def _identity_in(person: etree._Element, proof: Node) -> None:
    proof.only("type", "number")
    kind_text = v.text(proof, "type", required=True)
    assert kind_text is not None
    if v.normalise_code(kind_text) in v.AADHAAR_WORDS:
        raise proof.error("an Aadhaar number may not leave e-Prisons; send aadhaar_token (the vault token)", "type")
    kind = v.coded(proof, "type", v.ID_PROOFS, what="id proof type", required=True)
    number = v.code(proof, "number", required=True, upper=True)
    assert number is not None
    if _AADHAAR_NUMBER.fullmatch(number):
        raise proof.error("looks like an Aadhaar number, which may not leave e-Prisons", "number")
    if kind == "nafis" and not re.fullmatch(r"[0-9]{10}", number, re.ASCII):
        raise proof.error(f"{number!r} is not a NAFIS National Fingerprint Number (10 digits)", "number")
    if not _IDENTITY_NUMBER.fullmatch(number):
        raise proof.error(f"{number!r} is not a document number (letters, digits, '/', '-', spaces)", "number")
    identity = add(person, "Identity")
    add(identity, "Kind", kind)
    add(identity, "Number", number)


def _aadhaar_token(node: Node) -> str | None:
    token = v.code(node, "aadhaar_token")
    if token is None:
        return None
    if _AADHAAR_NUMBER.fullmatch(token):
        raise node.error(
            "holds an Aadhaar number, which may not leave e-Prisons; send the vault token", "aadhaar_token"
        )
    if not _AADHAAR_TOKEN.fullmatch(token):
        raise node.error(
            f"{token!r} is not an Aadhaar vault token (tok_ and 16 to 64 letters or digits)", "aadhaar_token"
        )
    return token


def lookup(canon: Canon, name: str, table: dict[str, str]) -> str:
    value = canon.required_text(name)
    if value not in table:
        raise canon.error(f"{value!r} is not one of {', '.join(sorted(table))}", name)
    return table[value]


def person_out(canon: Canon) -> dict[str, Any]:
    """A canonical ``Person`` (possibly redacted) -> an e-Prisons person."""
    out: dict[str, Any] = {}
    names_out(canon, out)
    aliases = [alias.value() for alias in canon.children("Alias")]
    if aliases:
        out["alias"] = aliases
    relative = canon.child("Relative")
    if relative is not None:
        rel: dict[str, Any] = {"relation": lookup(relative, "Relation", v.RELATION_CODES)}
        names_out(relative, rel)
        out["relative"] = rel
    born = canon.text("BirthDate")
    age = canon.text("AgeYears")
    if born is not None:
        out["dob"] = v.native_date(born)
    elif age is not None:
        out["age"] = v.native_number(age)
    out["gender"] = lookup(canon, "Sex", v.GENDER_CODES)
    if canon.text("Nationality") is not None:
        out["nationality"] = canon.text("Nationality")
    proofs = [
        {"type": lookup(identity, "Kind", v.ID_PROOF_CODES), "number": identity.required_text("Number")}
        for identity in canon.children("Identity")
    ]
    if proofs:
        out["id_proofs"] = proofs
    for tag, key in (("AadhaarToken", "aadhaar_token"), ("Occupation", "occupation")):
        if canon.text(tag) is not None:
            out[key] = canon.text(tag)
    address = canon.child("Address")
    if address is not None:
        out["address"] = address_out(address)
    # What an arrest memo adds to a person (arrest-surrender), which e-Prisons also records on admission.
    for tag, key in (("Religion", "religion"), ("Caste", "caste")):
        if canon.text(tag) is not None:
            out[key] = canon.text(tag)
    if canon.text("SocialCategory") is not None:
        out["social_category"] = v.native_code(canon.required_text("SocialCategory"))
    permanent = canon.child("PermanentAddress")
    if permanent is not None:
        out["permanent_address"] = address_out(permanent)
    protection = canon.child("Protection")
    if protection is not None:
        for key, name in _PROTECTION:
            if protection.attr(name) in ("true", "1"):
                out[key] = "Y"
    return out


# ------------------------------------------------------------------------------------------------- case keys

FirKey = tuple[int, int, str, int, int]  # state, district, police station, year, serial

_FIR_TEXT = re.compile(r"([0-9]{1,2})-([0-9]{1,4})-([A-Za-z0-9]{1,12})-([0-9]{4})-([0-9]{1,6})", re.ASCII)
_FIR_NO = re.compile(r"([0-9]{1,6})\s*/\s*([0-9]{4})", re.ASCII)
_PS_CODE = re.compile(r"[A-Z0-9]{1,12}", re.ASCII)
_CNR = re.compile(r"[A-Z]{4}[A-Z0-9]{2}[0-9]{10}", re.ASCII)


def fir_in(node: Node, key: str, *, required: bool = False) -> FirKey | None:
    """An FIR: {state_code, district_code, ps_code, fir_no: 'serial/year'} or the text '6-60-PS0031-2024-412'."""
    value = node.raw(key)
    if value is None:
        if required:
            raise node.error("required field is missing", key)
        return None
    if isinstance(value, str):
        match = _FIR_TEXT.fullmatch(value.strip())
        if match is None:
            raise node.error(
                f"{value.strip()[:64]!r} is not an FIR key (state-district-station-year-serial, e.g. "
                "6-60-PS0031-2024-412) or an FIR object",
                key,
            )
        state, district, station, year, serial = match.groups()
        fir = (int(state), int(district), station.upper(), int(year), int(serial))
        where = node
        problem_key = key
    elif isinstance(value, JsonObject):
        where = Node(value, node.path(key), node.lines)
        where.only("state_code", "district_code", "ps_code", "fir_no")
        state_n = v.integer(where, "state_code", low=1, high=99, required=True)
        district_n = v.integer(where, "district_code", low=1, high=9999, required=True)
        station = v.code(where, "ps_code", required=True, upper=True) or ""
        if not _PS_CODE.fullmatch(station):
            raise where.error(f"{station!r} is not a police station code (1 to 12 letters or digits)", "ps_code")
        number = v.code(where, "fir_no", required=True) or ""
        match = _FIR_NO.fullmatch(number)
        if match is None:
            raise where.error(f"{number!r} is not an FIR number: expected serial/year, e.g. 0412/2024", "fir_no")
        fir = (state_n or 0, district_n or 0, station, int(match[2]), int(match[1]))
        problem_key = "fir_no"
    else:
        raise node.error(f"expected an FIR object or key, found {type_name(value)}", key)
    state, district, _station, year, serial = fir
    if not (1 <= state <= 99 and 1 <= district <= 9999):
        raise node.error("state code must be 1 to 99 and district code 1 to 9999", key)
    if not (1 <= serial <= 999999 and 1950 <= year <= 2100):
        raise where.error("FIR serial must be 1 to 999999 and its year 1950 to 2100", problem_key)
    return fir


def fir_key_add(parent: etree._Element, fir: FirKey) -> None:
    element = add(parent, "FirKey")
    for name, value in zip(("StateCode", "DistrictCode", "PoliceStationCode", "Year", "Serial"), fir, strict=True):
        add(element, name, str(value))


def fir_out(canon: Canon) -> dict[str, Any]:
    return {
        "state_code": v.native_number(canon.required_text("StateCode")),
        "district_code": v.native_number(canon.required_text("DistrictCode")),
        "ps_code": canon.required_text("PoliceStationCode"),
        "fir_no": f"{canon.required_text('Serial')}/{canon.required_text('Year')}",
    }


def fir_of(canon: Canon) -> FirKey:
    """A canonical FirKey as the tuple decode builds, to compare the header's with an order's."""
    out = fir_out(canon)
    serial, year = out["fir_no"].split("/")
    return (out["state_code"], out["district_code"], out["ps_code"], int(year), int(serial))  # type: ignore[return-value]


def cnr_in(node: Node, key: str, *, required: bool = False) -> str | None:
    """A CNR, upper-cased; hyphens and spaces (HRFB01-001234-2024) are dropped."""
    value = v.code(node, key, required=required, upper=True)
    if value is None:
        return None
    cnr = re.sub(r"[\s\-]", "", value)
    if not _CNR.fullmatch(cnr):
        raise node.error(f"{value!r} is not a CNR (16 characters, e.g. HRFB010012342024)", key)
    return cnr


def case_out(keys: Canon) -> dict[str, Any]:
    """Canonical CaseKeys -> e-Prisons' case block."""
    out: dict[str, Any] = {}
    fir = keys.child("FirKey")
    if fir is not None:
        out["fir"] = fir_out(fir)
    for tag, key in (("Cnr", "cnr"), ("LabCaseNumber", "lab_case_no")):
        if keys.text(tag) is not None:
            out[key] = keys.text(tag)
    prisoner = keys.child("PrisonerId")
    if prisoner is not None:
        out["prisoner"] = prisoner_id_out(prisoner)
    return out


def prisoner_id_out(canon: Canon) -> dict[str, Any]:
    return {
        "state_code": v.native_number(canon.required_attr("stateCode")),
        "prison_code": canon.required_attr("prisonCode"),
        "prisoner_id": canon.value(),
    }


# ------------------------------------------------------------------------------------------------- charges

Charge = tuple[str, str, date]  # statute, section, offence date


def offences_in(node: Node, key: str, *, required: bool = False) -> list[Charge]:
    """[{"sections": "379/34 IPC", "offence_date": "15/06/2023"}, ...] -> charges, in order, without repeats.

    The offence date chooses IPC (before 1 July 2024) or BNS (from then on) for each entry.
    """
    charges: list[Charge] = []
    for item in node.objects(key, required=required):
        item.only("sections", "offence_date")
        offence = v.day(item, "offence_date", required=True)
        assert offence is not None
        written = item.raw("sections")
        if written is None:
            raise item.error("required field is missing or empty", "sections")
        if not isinstance(written, str):
            raise item.error(f"expected acts and sections as text, found {type_name(written)}", "sections")
        written = v.clean(written, item, "sections", one_line=True, limit=v.SHORT_LIMIT * 5)
        for statute, section in parse_sections(
            written, offence, field=item.path("sections"), line=item.line_of("sections")
        ):
            if (statute, section, offence) not in charges:
                charges.append((statute, section, offence))
    return charges


def charges_add(parent: etree._Element, charges: list[Charge], tag: str = "Charge") -> None:
    for statute, section, offence in charges:
        charge = add(parent, tag)
        add(charge, "Statute", statute)
        add(charge, "Section", section)
        add(charge, "OffenceDate", offence.isoformat())


def charge_of(canon: Canon) -> tuple[str, str, str]:
    return canon.required_text("Statute"), canon.required_text("Section"), canon.required_text("OffenceDate")


def offences_out(charges: list[Canon]) -> list[dict[str, str]]:
    """Canonical charges -> offences entries: one per run of charges on the same date, sections grouped by act.

    Written so that decoding them gives back the same charges in the same order: each act follows its sections
    ('303(2), 317(2) BNS; 25 ARMS'), and a charge repeated within a run starts a new entry.
    """
    runs: list[tuple[str, list[tuple[str, str]]]] = []
    for canon in charges:
        statute, section, offence = charge_of(canon)
        if not runs or runs[-1][0] != offence or (statute, section) in runs[-1][1]:
            runs.append((offence, []))
        runs[-1][1].append((statute, section))
    entries = []
    for offence, pairs in runs:
        groups: list[tuple[str, list[str]]] = []
        for statute, section in pairs:
            if groups and groups[-1][0] == statute:
                groups[-1][1].append(section)
            else:
                groups.append((statute, [section]))
        written = "; ".join(f"{', '.join(sections)} {statute}" for statute, sections in groups)
        entries.append({"sections": written, "offence_date": v.native_date(offence)})
    return entries


# ------------------------------------------------------------------------------------------------- movements' parts

PLACE_KEYS = {
    "Prison": ("type", *keys_of(PRISON)),
    "Court": ("type", *keys_of(COURT)),
    "Hospital": ("type", "name", "address"),
    "OtherPlace": ("type", "description", "address"),
}


def place_in(parent: etree._Element, tag: str, node: Node) -> None:
    """A place a prisoner moves from or to: a prison, a court, a hospital or another place."""
    kind = v.coded(node, "type", v.PLACE_TYPES, what="place type", required=True)
    assert kind is not None
    node.only(*PLACE_KEYS[kind])
    place = add(add(parent, tag), kind)
    if kind == "Prison":
        fields_in(place, node, PRISON)
    elif kind == "Court":
        fields_in(place, node, COURT)
    else:
        name_key = "name" if kind == "Hospital" else "description"
        add(place, "Name" if kind == "Hospital" else "Description", v.text(node, name_key, required=True))
        address = node.object("address")
        if address is not None:
            address_in(place, address)


def place_out(canon: Canon) -> dict[str, Any]:
    kinds = [child for child in canon.element if isinstance(child.tag, str)]
    if len(kinds) != 1:
        raise canon.error("expected exactly one of Prison, Court, Hospital, OtherPlace")
    inner = Canon(kinds[0], f"{canon.path}/{etree.QName(kinds[0]).localname}")
    kind = inner.kind()
    if kind not in v.PLACE_CODES:
        raise inner.error(f"{kind!r} is not a place (Prison, Court, Hospital, OtherPlace)")
    out: dict[str, Any] = {"type": v.PLACE_CODES[kind]}
    if kind == "Prison":
        out.update(prison_out(inner))
    elif kind == "Court":
        out.update(court_out(inner))
    else:
        out["name" if kind == "Hospital" else "description"] = inner.required_text(
            "Name" if kind == "Hospital" else "Description"
        )
        address = inner.child("Address")
        if address is not None:
            out["address"] = address_out(address)
    return out


def escort_in(parent: etree._Element, tag: str, node: Node) -> None:
    node.only("unit", "officers", "vehicle_no")
    escort = add(parent, tag)
    add_optional(escort, "Unit", v.text(node, "unit"))
    for officer in node.objects("officers", required=True):
        officer_in(escort, "Officer", officer)
    add_optional(escort, "VehicleNumber", v.code(node, "vehicle_no", upper=True))


def escort_out(canon: Canon) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if canon.text("Unit") is not None:
        out["unit"] = canon.text("Unit")
    out["officers"] = [officer_out(officer) for officer in canon.children("Officer")]
    if not out["officers"]:
        raise canon.error("required element is missing", "Officer")
    if canon.text("VehicleNumber") is not None:
        out["vehicle_no"] = canon.text("VehicleNumber")
    return out


_COURT_ORDER_KEYS = ("type", "court", "cnr", "order_date", "order_ref")
_EXECUTIVE_KEYS = ("type", "issued_by", "order_no", "order_date")


def authority_in(parent: etree._Element, tag: str, node: Node, *, cnr: str, court_only: bool = False) -> None:
    """The order a movement is made on: a court's order (its CNR defaults to the movement's) or an executive one.

    ``court_only`` is for a release on bail, whose authority is always a court order and is written without the
    choice element.
    """
    kind = v.coded(node, "type", v.AUTHORITY_TYPES, what="authority type (COURT, EXECUTIVE)")
    if kind is None:
        kind = "ExecutiveOrder" if node.has("issued_by") else "CourtOrder"
    if court_only and kind != "CourtOrder":
        raise node.error("a release on bail is made on a court's order", "type")
    element = add(parent, tag)
    order = element if court_only else add(element, kind)
    if kind == "CourtOrder":
        node.only(*_COURT_ORDER_KEYS)
        court = node.object("court", required=True)
        assert court is not None
        court_in(order, "Court", court)
        add(order, "Cnr", cnr_in(node, "cnr") or cnr)
        add(order, "OrderDate", _date(node, "order_date", True))
        add_optional(order, "OrderReference", v.code(node, "order_ref"))
    else:
        node.only(*_EXECUTIVE_KEYS)
        add(order, "IssuedBy", v.text(node, "issued_by", required=True))
        add(order, "OrderNumber", v.code(node, "order_no", required=True))
        add(order, "OrderDate", _date(node, "order_date", True))


def court_order_out(order: Canon) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "COURT", "court": court_out(order.required("Court"))}
    out["cnr"] = order.required_text("Cnr")
    out["order_date"] = v.native_date(order.required_text("OrderDate"))
    if order.text("OrderReference") is not None:
        out["order_ref"] = order.text("OrderReference")
    return out


def authority_out(canon: Canon) -> dict[str, Any]:
    court = canon.child("CourtOrder")
    if court is not None:
        return court_order_out(court)
    executive = canon.required("ExecutiveOrder")
    return {
        "type": "EXECUTIVE",
        "issued_by": executive.required_text("IssuedBy"),
        "order_no": executive.required_text("OrderNumber"),
        "order_date": v.native_date(executive.required_text("OrderDate")),
    }
