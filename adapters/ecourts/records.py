"""The five record types e-Courts CIS produces, as mapping tables between CIS JSON and canonical XML.

Each table lists, in the canonical schema's order, the CIS key(s) and the canonical element they fill. The tables
are read by decode (CIS -> canonical) and by encode (canonical -> CIS), so both always agree. Checks that span
several fields (a registration not before its filing, a next date after the hearing) follow each table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError, record_id
from adapters.ecourts.jsonio import Scope
from adapters.ecourts.mapping import (
    AMOUNT,
    BOOL,
    DATE,
    DATETIME,
    Attr,
    Choice,
    Code,
    Conv,
    Custom,
    Field,
    Flag,
    Int,
    Leaf,
    Node,
    Repeat,
    Str,
    Term,
    TextNode,
    add,
    children,
    encode_fields,
    lacking,
    local,
    only_child,
    path_of,
    text_of,
)
from adapters.notation import parse_sections, script_of

SOURCE_SYSTEM = "ecourts"
SOURCE_PILLAR = "courts"
NS = {"r": CANONICAL_NS}

# ------------------------------------------------------------------------------------------ value types

SHORT = Str(200)
TEXT = Str(4000, multiline=True)
TOKEN = Str(64)
ACT_TEXT = Str(300)
CNR = Str(
    16,
    pattern=r"[A-Z]{4}[A-Z0-9]{2}[0-9]{10}",
    upper=True,
    strip="- ",
    what="a CNR (16 characters: state, district, establishment, 6-digit serial, year, e.g. HRFB010012342024)",
)
ESTABLISHMENT = Str(6, pattern=r"[A-Z]{4}[A-Z0-9]{2}", upper=True, what="an establishment code such as HRFB01")
CASE_TYPE = Str(16, pattern=r"[A-Z][A-Z0-9.\-]{0,15}", upper=True, what="a CIS case type code such as CHI or CRA")
ACCUSED_CODE = Str(3, pattern=r"[A-Z][0-9]{1,2}", upper=True, strip=" ", what="an accused code (A1..A99, B1..)")
WITNESS_NO = Str(8, pattern=r"(PW|DW|CW)[1-9][0-9]{0,2}", upper=True, strip=" -", what="a witness number (PW1, DW2)")
PS_CODE = Str(12, pattern=r"[A-Z0-9]{1,12}", upper=True, what="a police station code (1 to 12 letters or digits)")
PIN = Str(6, pattern=r"[1-9][0-9]{5}", what="a PIN code (six digits)")
AADHAAR_TOKEN = Str(68, pattern=r"tok_[A-Za-z0-9]{16,64}", what="an Aadhaar vault token (tok_ and 16 to 64 letters)")

LGD_STATE = Int(1, 99, "an LGD state code")
LGD_DISTRICT = Int(1, 9999, "an LGD district code")
YEAR = Int(1950, 2100, "a year")
NUMBER = Int(1, 9999999, "a filing or registration number")
FIR_SERIAL = Int(1, 999999, "an FIR number")
PARTY_NO = Int(1, 999, "a party number")


class IdentityNumber(Conv):
    """A document number; twelve digits (an Aadhaar number) never leave CIS."""

    _TEXT = Str(32, pattern=r"[A-Za-z0-9/\- ]{1,32}", what="a document number (letters, digits, '/', '-')")

    def decode(self, value: Any, scope: Scope, key: str | int) -> str:
        text = self._TEXT.decode(value, scope, key)
        if re.fullmatch(r"\d{4} ?\d{4} ?\d{4}", text):
            raise scope.error("looks like an Aadhaar number, which may not leave CIS; send aadhaar_token instead", key)
        return text.upper()


class Nationality(Conv):
    _WORDS = Code(
        "a nationality",
        {
            "IN": ("IN", "Indian", "India", "भारतीय"),
            "NP": ("NP", "Nepali", "Nepalese", "Nepal"),
            "BD": ("BD", "Bangladeshi", "Bangladesh"),
            "PK": ("PK", "Pakistani", "Pakistan"),
            "LK": ("LK", "Sri Lankan", "Sri Lanka"),
            "BT": ("BT", "Bhutanese", "Bhutan"),
            "AF": ("AF", "Afghan", "Afghanistan"),
            "NG": ("NG", "Nigerian", "Nigeria"),
        },
    )

    def decode(self, value: Any, scope: Scope, key: str | int) -> str:
        if isinstance(value, str) and re.fullmatch(r"\s*[A-Za-z]{2}\s*", value):
            return value.strip().upper()
        return self._WORDS.decode(value, scope, key)


class PartyRef(Conv):
    """A party number of this record (``party_no``) <-> a personRef (P<n>)."""

    def decode(self, value: Any, scope: Scope, key: str | int) -> str:
        number = int(PARTY_NO.decode(value, scope, key))
        if number not in scope.ctx.parties:
            known = ", ".join(str(n) for n in sorted(scope.ctx.parties)) or "none"
            raise scope.error(f"party {number} is not among this record's parties (parties: {known})", key)
        return f"P{number}"

    def encode(self, text: str, where: str) -> Any:
        match = re.fullmatch(r"P([1-9][0-9]{0,2})", text)
        if match is None:
            raise AdapterError(f"person id {text!r} is not of the form P<n> that CIS party numbers map to", field=where)
        return int(match[1])


PARTY = PartyRef()

GENDER = Code(
    "a gender",
    {
        "male": ("M", "Male", "पुरुष"),
        "female": ("F", "Female", "महिला", "स्त्री"),
        "transgender": ("T", "TG", "Transgender"),
        "unknown": ("U", "Unknown", "Not known"),
    },
)
RELATION = Code(
    "a relation (S/O, D/O, W/O, F, H, M, G, O)",
    {
        "father": ("F", "S/O", "D/O", "Father", "son of", "daughter of", "पिता"),
        "husband": ("H", "W/O", "Husband", "wife of", "पति"),
        "mother": ("M", "Mother", "माता"),
        "guardian": ("G", "Guardian"),
        "other": ("O", "Other"),
    },
)
ID_KIND = Code(
    "an identity document type",
    {
        "passport": ("PASSPORT",),
        "voter-id": ("VOTER_ID", "Voter ID", "EPIC", "Voter card"),
        "driving-licence": ("DL", "Driving Licence", "Driving License"),
        "nafis": ("NAFIS", "NFN", "National Fingerprint Number"),
        "other": ("OTHER",),
    },
)
CUSTODY_STATUS = Code(
    "a custody status",
    {
        "judicial-custody": ("JC", "Judicial custody", "In custody", "In jail"),
        "on-bail": ("BAIL", "On bail", "Bailed"),
        "not-arrested": ("NA", "Not arrested", "Without arrest"),
        "absconding": ("ABS", "Absconding", "Absconder"),
        "proclaimed-offender": ("PO", "Proclaimed offender"),
    },
)
REPORT_KIND = Code(
    "a charge-sheet kind", {"original": ("Original", "O"), "supplementary": ("Supplementary", "S", "Suppl")}
)
STAGE = Code(
    "a CIS stage",
    {
        "appearance": ("Appearance", "Appearance of accused"),
        "supply-of-copies": ("Supply of Copies", "Copies", "230 BNSS", "207 CrPC"),
        "charge": ("Charge", "Framing of Charge", "Consideration of Charge", "Arguments on Charge"),
        "prosecution-evidence": ("Prosecution Evidence", "PE"),
        "statement-of-accused": ("Statement of Accused", "351 BNSS", "313 CrPC", "SA"),
        "defence-evidence": ("Defence Evidence", "DE", "Defense Evidence"),
        "final-arguments": ("Final Arguments", "Arguments", "FA"),
        "judgment": ("Judgment", "For Judgment"),
        "sentence": ("Hearing on Sentence", "Sentence", "Quantum of Sentence"),
        "application": ("Application", "Bail Application", "Misc. Application"),
        "disposed": ("Disposed", "Decided"),
        "other": ("Other", "Misc"),
    },
)
ATTENDANCE = Code(
    "an attendance (P, C, VC, EX, A)",
    {
        "present": ("P", "Present", "Present in person"),
        "produced-from-custody": ("C", "Produced from custody", "Produced", "Custody"),
        "video-conference": ("VC", "Video conference", "Through VC"),
        "exempted": ("EX", "Exempted", "Exemption"),
        "absent": ("A", "Absent"),
    },
)
EXAMINATION = Code(
    "an examination",
    {
        "chief": ("Chief", "Examination-in-chief", "EIC"),
        "cross": ("Cross", "Cross-examination", "XXN"),
        "chief-and-cross": ("Chief and Cross", "Chief & Cross", "Examined and cross-examined"),
        "re-examination": ("Re-examination", "Re-exam", "RE"),
    },
)
ADJOURNMENT_BY = Code(
    "a party seeking adjournment",
    {
        "prosecution": ("Prosecution", "APP", "PP", "State"),
        "defence": ("Defence", "Defense", "Accused"),
        "complainant": ("Complainant", "Victim"),
        "court": ("Court",),
    },
)
ADJOURNMENT_REASON = Code(
    "an adjournment reason",
    {
        "witness-absent": ("Witness absent", "PW absent"),
        "accused-absent": ("Accused absent",),
        "accused-not-produced": ("Accused not produced", "Not produced from jail"),
        "prosecutor-absent": ("Prosecutor absent", "APP absent"),
        "counsel-absent": ("Counsel absent", "Advocate absent"),
        "presiding-officer-on-leave": ("PO on leave", "Presiding officer on leave"),
        "paucity-of-time": ("Paucity of time", "Court time over"),
        "report-awaited": ("Report awaited", "FSL report awaited"),
        "time-sought": ("Time sought", "Adjournment sought"),
        "strike": ("Strike", "Lawyers strike", "Bar strike"),
        "other": ("Other",),
    },
)
ORDER_TYPE = Code(
    "a CIS order type",
    {
        "bail-granted": ("Bail Granted", "Bail allowed"),
        "bail-refused": ("Bail Rejected", "Bail refused", "Bail dismissed"),
        "remand-judicial-custody": ("JC Remand", "Judicial custody remand", "Remand to JC"),
        "remand-police-custody": ("PC Remand", "Police custody remand", "Remand to PC"),
        "summons": ("Summons",),
        "warrant-bailable": ("Bailable Warrant", "BW"),
        "warrant-non-bailable": ("Non-Bailable Warrant", "NBW"),
        "production-warrant": ("Production Warrant",),
        "release": ("Release Order", "Release", "Release warrant"),
        "transfer": ("Transfer", "Case transferred"),
        "other": ("Other",),
    },
)
CONCERN_ROLE = Code(
    "a role",
    {
        "accused": ("Accused",),
        "witness": ("Witness",),
        "victim": ("Victim",),
        "complainant": ("Complainant",),
        "surety": ("Surety",),
        "other": ("Other",),
    },
)
DIRECTION = Code(
    "a custody direction",
    {
        "judicial-custody": ("JC", "Judicial custody"),
        "police-custody": ("PC", "Police custody"),
        "release": ("Release",),
        "produce": ("Produce", "Production"),
        "transfer-prison": ("Transfer prison", "Transfer to another prison"),
    },
)
PRODUCTION_MODE = Code(
    "a production mode", {"in-person": ("In person", "Physical"), "video-conference": ("VC", "Video conference")}
)
IMPRISONMENT_KIND = Code(
    "a kind of imprisonment (RI, SI, LIFE, LIFE_NATURAL)",
    {
        "rigorous": ("RI", "Rigorous", "Rigorous imprisonment"),
        "simple": ("SI", "Simple", "Simple imprisonment"),
        "life": ("LIFE", "Imprisonment for life", "Life imprisonment"),
        "life-remainder-of-natural-life": ("LIFE_NATURAL", "Remainder of natural life"),
    },
)
FINDING_RESULT = Code(
    "a finding",
    {
        "convicted": ("Convicted", "Conviction", "Guilty"),
        "acquitted": ("Acquitted", "Not guilty"),
        "discharged": ("Discharged",),
        "compounded": ("Compounded",),
        "abated": ("Abated",),
    },
)
COURT_LEVEL = Code(
    "a court level",
    {
        "sessions-court": ("Sessions Court", "Sessions", "District and Sessions Court"),
        "high-court": ("High Court", "HC"),
        "supreme-court": ("Supreme Court", "SC"),
    },
)
APPEAL_KIND = Code(
    "an appeal kind",
    {
        "against-conviction": ("Against Conviction",),
        "against-sentence": ("Against Sentence",),
        "against-acquittal": ("Against Acquittal",),
        "for-enhancement-of-sentence": ("Enhancement of Sentence", "For enhancement"),
        "against-compensation": ("Against Compensation",),
    },
)
APPEAL_RESULT = Code(
    "an appeal result",
    {
        "allowed": ("Allowed", "Accepted"),
        "dismissed": ("Dismissed",),
        "partly-allowed": ("Partly Allowed", "Partly accepted", "Allowed in part"),
        "remanded": ("Remanded",),
        "withdrawn": ("Withdrawn", "Dismissed as withdrawn"),
        "abated": ("Abated",),
    },
)
APPEAL_ROLE = Code("a party role", {"accused": ("Accused",), "victim": ("Victim",), "complainant": ("Complainant",)})


# ------------------------------------------------------------------------------------------------ names


SCRIPT = Str(4, pattern=r"[A-Z][a-z]{3}", what="an ISO 15924 script code such as Deva or Latn")


def read_name(scope: Scope, key: str | int) -> tuple[str, str] | None:
    """A name: text, or ``{"text": ..., "script": ...}`` when the script is not the one its letters show."""
    value = scope.raw(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        text = SHORT.decode(value, scope, key)
        return text, script_of(text)
    inner = scope.obj(key)
    if inner.raw("text") is None:
        raise inner.missing("text")
    text = SHORT.decode(inner.raw("text"), inner, "text")
    script = inner.raw("script")
    inner.finish()
    return text, script_of(text) if script is None else SCRIPT.decode(script, inner, "script")


def name_value(element: etree._Element) -> Any:
    """A canonical name as CIS keeps it: the text, with its script only when the letters do not show it."""
    text = text_of(element)
    script = element.get("script")
    return text if script is None or script == script_of(text) else {"text": text, "script": script}


class NameLeaf(Leaf):
    """A name in any script <-> a canonical NameType element (text and ``script``)."""

    def __init__(self, key: str | None, tag: str, *, required: bool = False) -> None:
        super().__init__(key, tag, SHORT, required=required)

    def decode_at(self, scope: Scope, key: str | int, parent: etree._Element) -> None:
        name = read_name(scope, key)
        if name is None:
            if self.required:
                raise scope.missing(key) if isinstance(key, str) else scope.error("is empty", key)
            return
        add(parent, self.tag, name[0], script=name[1])

    def encode_value(self, element: etree._Element) -> Any:
        return name_value(element)


class PersonNames(Field):
    """``name`` (as written, any script) and ``name_eng`` (Latin letters) <-> Name and NameRomanised."""

    tags = frozenset({"Name", "NameRomanised"})

    def __init__(self, name_key: str = "name", latin_key: str = "name_eng") -> None:
        self.name_key, self.latin_key = name_key, latin_key

    def present(self, scope: Scope) -> bool:
        return any([scope.raw(self.name_key) is not None, scope.raw(self.latin_key) is not None])

    def decode(self, scope: Scope, parent: etree._Element) -> None:
        name = read_name(scope, self.name_key)
        raw_latin = scope.raw(self.latin_key)
        latin = None if raw_latin is None else SHORT.decode(raw_latin, scope, self.latin_key)
        if name is None and latin is None:
            raise scope.missing(self.name_key, f"required: {self.name_key}, {self.latin_key} or both")
        if name is None:
            assert latin is not None
            name, latin = (latin, script_of(latin)), None
        add(parent, "Name", name[0], script=name[1])
        if latin is not None and latin != name[0]:
            if script_of(latin) != "Latn":
                raise scope.error(f"{latin!r} is not in Latin letters", self.latin_key)
            add(parent, "NameRomanised", latin)

    def encode(self, parent: etree._Element, out: dict[str, Any]) -> None:
        name = only_child(parent, "Name")
        if name is None:
            raise lacking(parent, "Name")
        out[self.name_key] = name_value(name)
        latin = only_child(parent, "NameRomanised")
        if latin is not None:
            out[self.latin_key] = text_of(latin)


# ---------------------------------------------------------------------------------------------- persons


def _birth_or_age_present(scope: Scope) -> bool:
    return any([scope.raw("dob") is not None, scope.raw("age") is not None])


def _birth_or_age_decode(scope: Scope, parent: etree._Element) -> None:
    # A date of birth, when CIS has one, wins over the age typed beside it.
    dob, age = scope.raw("dob"), scope.raw("age")
    if dob is not None:
        born = DATE.parse(dob, scope, "dob")
        if born.year < 1890:
            raise scope.error(f"born {born.isoformat()}: not a plausible date of birth", "dob")
        add(parent, "BirthDate", born.isoformat())
    elif age is not None:
        add(parent, "AgeYears", Int(0, 130, "an age in years").decode(age, scope, "age"))


def _birth_or_age_encode(parent: etree._Element, out: dict[str, Any]) -> None:
    born, age = only_child(parent, "BirthDate"), only_child(parent, "AgeYears")
    if born is not None:
        out["dob"] = DATE.encode(text_of(born), path_of(born))
    elif age is not None:
        out["age"] = int(text_of(age))


BIRTH_OR_AGE = Custom(("BirthDate", "AgeYears"), _birth_or_age_decode, _birth_or_age_encode, _birth_or_age_present)


def _lines_present(scope: Scope) -> bool:
    return any([scope.raw(key) is not None for key in ("line1", "line2", "line3")])


def _lines_decode(scope: Scope, parent: etree._Element) -> None:
    if scope.raw("line1") is None:
        raise scope.missing("line1")
    for key in ("line1", "line2", "line3"):
        value = scope.raw(key)
        if value is not None:
            add(parent, "Line", SHORT.decode(value, scope, key))


def _lines_encode(parent: etree._Element, out: dict[str, Any]) -> None:
    lines = children(parent, "Line")
    if not lines:
        raise lacking(parent, "Line")
    for number, line in enumerate(lines[:3], start=1):
        out[f"line{number}"] = text_of(line)


ADDRESS_FIELDS: list[Field] = [
    Custom(("Line",), _lines_decode, _lines_encode, _lines_present),
    Leaf("village_town", "VillageOrTown", SHORT),
    Leaf("dist_code", "DistrictCode", LGD_DISTRICT),
    Leaf("state_code", "StateCode", LGD_STATE),
    Leaf("pincode", "PinCode", PIN),
]
_ADDRESS_NODE = Node("Address", ADDRESS_FIELDS, key="address")


def _address_decode(scope: Scope, parent: etree._Element) -> None:
    value = scope.raw("address")
    if isinstance(value, str):  # CIS often keeps an address as one line of text
        add(add(parent, "Address"), "Line", SHORT.decode(value, scope, "address"))
    else:
        _ADDRESS_NODE.decode(scope, parent)


ADDRESS = Custom(("Address",), _address_decode, _ADDRESS_NODE.encode, lambda scope: scope.raw("address") is not None)

PERSON_FIELDS: list[Field] = [
    PersonNames("name", "name_eng"),
    Repeat("alias", "Alias", item=NameLeaf(None, "Alias"), max_items=2),
    Node(
        "Relative",
        [PersonNames("relative_name", "relative_name_eng"), Leaf("relative_type", "Relation", RELATION, required=True)],
    ),
    BIRTH_OR_AGE,
    Leaf("gender", "Sex", GENDER, default="unknown"),
    Leaf("nationality", "Nationality", Nationality()),
    Repeat(
        "id_proofs",
        "Identity",
        [Leaf("id_type", "Kind", ID_KIND, required=True), Leaf("id_no", "Number", IdentityNumber(), required=True)],
    ),
    Leaf("aadhaar_token", "AadhaarToken", AADHAAR_TOKEN),
    Leaf("occupation", "Occupation", SHORT),
    ADDRESS,
    Node(
        "Protection",
        attrs=[
            Attr("so_victim", "sexualOffenceVictim", BOOL, required=False, only_true=True),
            Attr("is_minor", "child", BOOL, required=False, only_true=True),
            Attr("protected_witness", "protectedWitness", BOOL, required=False, only_true=True),
        ],
    ),
]


class Parties(Field):
    """CIS ``parties`` (each with ``party_no``, by default its place in the list) <-> Persons/Person[@id='P<n>']."""

    tags = frozenset({"Persons"})

    def __init__(self, *, required: bool) -> None:
        self.required = required

    def present(self, scope: Scope) -> bool:
        return scope.raw("parties") is not None

    def decode(self, scope: Scope, parent: etree._Element) -> None:
        value = scope.raw("parties")
        if value is None or value == []:
            if self.required:
                raise scope.missing("parties", "required: the list of parties")
            return
        parties = scope.array("parties")
        persons = add(parent, "Persons")
        for index in range(len(parties)):
            entry = parties.obj(index)
            given = entry.raw("party_no")
            number = index + 1 if given is None else int(PARTY_NO.decode(given, entry, "party_no"))
            if number in scope.ctx.parties:
                raise entry.error(f"party number {number} is used twice", "party_no")
            scope.ctx.parties.add(number)
            person = add(persons, "Person", id=f"P{number}")
            for person_field in PERSON_FIELDS:
                person_field.decode(entry, person)
            entry.finish()

    def encode(self, parent: etree._Element, out: dict[str, Any]) -> None:
        persons = only_child(parent, "Persons")
        if persons is None:
            if self.required:
                raise lacking(parent, "Persons")
            return
        entries = []
        for person in persons:
            if not isinstance(person.tag, str):
                continue
            entry: dict[str, Any] = {"party_no": PARTY.encode(person.get("id") or "", path_of(person) + "/@id")}
            encode_fields(person, entry, PERSON_FIELDS)
            entries.append(entry)
        out["parties"] = entries


# ---------------------------------------------------------------------------------------------- charges


def _charges_of(scope: Scope) -> tuple[list[tuple[str, str]], date, str]:
    """The (statute, section) pairs of one CIS act entry, its offence date, and the key they were read from."""
    when = scope.raw("offence_date")
    free, act, section = scope.raw("act_section"), scope.raw("act"), scope.raw("section")
    if when is None:
        raise scope.missing("offence_date", "required: the offence date, which decides IPC or BNS")
    offence = DATE.parse(when, scope, "offence_date")
    if free is not None:
        if act is not None or section is not None:
            raise scope.error("give act_section, or act and section, not both", "act_section")
        key, text = "act_section", ACT_TEXT.decode(free, scope, "act_section")
    else:
        if section is None:
            raise scope.missing("section", "required: section and act (or act_section)")
        if act is None:
            raise scope.missing("act", "required: the act of the section (BNS, IPC, NDPS Act, ...)")
        key = "section"
        text = f"{ACT_TEXT.decode(section, scope, 'section')} {ACT_TEXT.decode(act, scope, 'act')}"
    try:
        charges = parse_sections(text, offence, field=scope.at(key))
    except AdapterError as exc:
        exc.line = scope.line(key)  # only for a refusal: the line scan is costly (see DateConv.parse)
        raise
    return charges, offence, key


def _add_charge(parent: etree._Element, statute: str, section: str, offence: date) -> None:
    charge = add(parent, "Charge")
    add(charge, "Statute", statute)
    add(charge, "Section", section)
    add(charge, "OffenceDate", offence.isoformat())


def _charge_native(charge: etree._Element) -> dict[str, Any]:
    values = {}
    for name in ("Statute", "Section", "OffenceDate"):
        element = only_child(charge, name)
        if element is None:
            raise lacking(charge, name)
        values[name] = text_of(element)
    for child in charge:
        if isinstance(child.tag, str) and local(child) not in values:
            raise AdapterError(f"{local(child)} has no place in a CIS act entry", field=path_of(child))
    return {
        "act": values["Statute"],
        "section": values["Section"],
        "offence_date": DATE.encode(values["OffenceDate"], path_of(charge) + "/OffenceDate"),
    }


def _acts_decode(scope: Scope, parent: etree._Element) -> None:
    if scope.raw("acts") is None or scope.raw("acts") == []:
        raise scope.missing("acts", "required: the acts and sections of the case")
    acts = scope.array("acts")
    seen: set[tuple[str, str, date]] = set()
    for index in range(len(acts)):
        entry = acts.obj(index)
        charges, offence, _key = _charges_of(entry)
        entry.finish()
        for statute, section in charges:
            if (statute, section, offence) not in seen:
                seen.add((statute, section, offence))
                _add_charge(parent, statute, section, offence)


def _acts_encode(parent: etree._Element, out: dict[str, Any]) -> None:
    out["acts"] = [_charge_native(charge) for charge in children(parent, "Charge")]


ACTS = Custom(("Charge",), _acts_decode, _acts_encode, lambda scope: scope.raw("acts") is not None)


def _one_charge_decode(scope: Scope, parent: etree._Element) -> None:
    charges, offence, key = _charges_of(scope)
    if len(charges) != 1:
        named = ", ".join(f"{section} {statute}" for statute, section in charges)
        raise scope.error(f"a finding is on one section; this names {len(charges)}: {named}", key)
    _add_charge(parent, *charges[0], offence)


def _one_charge_encode(parent: etree._Element, out: dict[str, Any]) -> None:
    charge = only_child(parent, "Charge")
    if charge is None:
        raise lacking(parent, "Charge")
    out.update(_charge_native(charge))


ONE_CHARGE = Custom(
    ("Charge",),
    _one_charge_decode,
    _one_charge_encode,
    lambda scope: any([scope.raw(key) is not None for key in ("act", "section", "act_section", "offence_date")]),
)


# ----------------------------------------------------------------------------------------- shared parts


def _fir_number_decode(scope: Scope, parent: etree._Element) -> None:
    number, year = scope.raw("fir_no"), scope.raw("fir_year")
    if number is None:
        raise scope.missing("fir_no")
    both = re.fullmatch(r"\s*(\d{1,6})\s*/\s*(\d{4})\s*", number) if isinstance(number, str) else None
    if both:  # "0412/2024", as police and courts write an FIR number
        serial = FIR_SERIAL.decode(both[1], scope, "fir_no")
        written = YEAR.decode(both[2], scope, "fir_no")
        if year is not None and YEAR.decode(year, scope, "fir_year") != written:
            raise scope.error(f"fir_no says year {written}, fir_year says {year}", "fir_year")
    else:
        serial = FIR_SERIAL.decode(number, scope, "fir_no")
        if year is None:
            raise scope.missing("fir_year", "required: fir_year (or write fir_no as serial/year)")
        written = YEAR.decode(year, scope, "fir_year")
    add(parent, "Year", written)
    add(parent, "Serial", serial)


def _fir_number_encode(parent: etree._Element, out: dict[str, Any]) -> None:
    for name, key in (("Serial", "fir_no"), ("Year", "fir_year")):
        element = only_child(parent, name)
        if element is None:
            raise lacking(parent, name)
        out[key] = Int(0, 10**7).encode(text_of(element), path_of(element))


FIR_KEY_FIELDS: list[Field] = [
    Leaf("state_code", "StateCode", LGD_STATE, required=True),
    Leaf("dist_code", "DistrictCode", LGD_DISTRICT, required=True),
    Leaf("police_st_code", "PoliceStationCode", PS_CODE, required=True),
    Custom(("Year", "Serial"), _fir_number_decode, _fir_number_encode, lambda scope: scope.raw("fir_no") is not None),
]

PRISONER = TextNode(
    "prisoner",
    "PrisonerId",
    "prisoner_id",
    TOKEN,
    [Attr("state_code", "stateCode", LGD_STATE), Attr("prison_code", "prisonCode", TOKEN)],
)

COURT_FIELDS: list[Field] = [
    Leaf("est_code", "EstablishmentCode", ESTABLISHMENT, required=True),
    Leaf("court_name", "Name", SHORT, required=True),
    Leaf("court_no", "CourtNumber", TOKEN),
]


def court(tag: str = "Court", key: str = "court", *, required: bool = True) -> Node:
    return Node(tag, COURT_FIELDS, key=key, required=required)


JUDGE_FIELDS: list[Field] = [
    NameLeaf("judge_name", "Name", required=True),
    Leaf("desgname", "Designation", SHORT, required=True),
]


def presiding_officer() -> Node:
    return Node("PresidingOfficer", JUDGE_FIELDS, key="judge")


PRISON_FIELDS: list[Field] = [
    Leaf("state_code", "StateCode", LGD_STATE, required=True),
    Leaf("prison_code", "PrisonCode", TOKEN, required=True),
    Leaf("prison_name", "Name", SHORT, required=True),
]

IMPRISONMENT_FIELDS: list[Field] = [Leaf("type", "Kind", IMPRISONMENT_KIND, required=True), Term("Term")]


def fine() -> Node:
    return Node(
        "Fine",
        [Leaf("amount", "AmountInr", AMOUNT, required=True), Node("InDefault", IMPRISONMENT_FIELDS, key="in_default")],
        key="fine",
    )


def case_number(tag: str, *, required: bool) -> Node:
    return Node(
        tag,
        [
            Leaf("case_type", "CaseType", CASE_TYPE, required=True),
            Leaf("reg_no", "Number", NUMBER, required=True),
            Leaf("reg_year", "Year", YEAR, required=True),
        ],
        required=required,
    )


def state_party() -> Node:
    return Node(
        "State",
        [Leaf("state_code", "StateCode", LGD_STATE, required=True), Leaf("state_name", "Name", SHORT, required=True)],
        required=True,  # the fallback of a choice: without party_no, the party is the State
    )


# ------------------------------------------------------------------------------------------- the header


@dataclass
class Keying:
    """How a record type's SourceRecordId is made from its CNR and other CIS fields, and read back."""

    decode: Callable[[Scope, str], str]
    encode: Callable[[str, str, etree._Element, dict[str, Any]], None]


def _by_cnr_encode(source_id: str, cnr: str, root: etree._Element, out: dict[str, Any]) -> None:
    if source_id != cnr:
        raise AdapterError(f"CIS keys this record by its CNR {cnr}, not {source_id!r}", field="Header/SourceRecordId")


BY_CNR = Keying(lambda scope, cnr: cnr, _by_cnr_encode)


def _required(scope: Scope, key: str) -> Any:
    value = scope.raw(key)
    if value is None:
        raise scope.missing(key)
    return value


def _hearing_key(scope: Scope, cnr: str) -> str:
    return f"{cnr}/H/{DATE.parse(_required(scope, 'hearing_date'), scope, 'hearing_date').isoformat()}"


def _hearing_key_encode(source_id: str, cnr: str, root: etree._Element, out: dict[str, Any]) -> None:
    day = only_child(root, "HearingDate")
    expected = f"{cnr}/H/{'' if day is None else text_of(day)}"
    if source_id != expected:
        raise AdapterError(f"CIS keys a hearing as {expected}, not {source_id!r}", field="Header/SourceRecordId")


def _order_key(scope: Scope, cnr: str) -> str:
    day = DATE.parse(_required(scope, "order_date"), scope, "order_date")
    serial = scope.raw("order_serial")
    number = (
        "1" if serial is None else Int(1, 999, "the order's serial of the day").decode(serial, scope, "order_serial")
    )
    return f"{cnr}/O/{day.isoformat()}/{number}"


def _order_key_encode(source_id: str, cnr: str, root: etree._Element, out: dict[str, Any]) -> None:
    day = only_child(root, "OrderDate")
    match = re.fullmatch(rf"{re.escape(cnr)}/O/(\d{{4}}-\d{{2}}-\d{{2}})/([1-9]\d{{0,2}})", source_id)
    if match is None or day is None or match[1] != text_of(day):
        raise AdapterError(
            f"CIS keys an order as CNR/O/order date/serial of the day, not {source_id!r}",
            field="Header/SourceRecordId",
        )
    out["order_serial"] = int(match[2])


HEARING_KEY = Keying(_hearing_key, _hearing_key_encode)
ORDER_KEY = Keying(_order_key, _order_key_encode)

_HEADER_TAGS = frozenset(
    {"RecordId", "RecordType", "Version", "Supersedes", "SourceSystem", "SourcePillar", "SourceRecordId", "CreatedAt"}
)
_CASE_KEY_TAGS = frozenset({"FirKey", "Cnr", "LabCaseNumber", "PrisonerId"})


class Header(Field):
    """The record header, filled from ``cino``, ``fir``, ``lab_case_no``, ``prisoner``, ``entered_on`` and
    ``modified_on``. RecordId, Version 1, SourceSystem and SourcePillar are the adapter's."""

    tags = frozenset({"Header"})

    def __init__(self, record_type: str, keying: Keying, *, fir_required: bool) -> None:
        self.record_type, self.keying = record_type, keying
        self.fir = Node("FirKey", FIR_KEY_FIELDS, key="fir", required=fir_required)
        self.lab = Leaf("lab_case_no", "LabCaseNumber", TOKEN)

    def present(self, scope: Scope) -> bool:
        return True

    def decode(self, scope: Scope, parent: etree._Element) -> None:
        cnr = CNR.decode(_required(scope, "cino"), scope, "cino")
        entered = DATETIME.parse(_required(scope, "entered_on"), scope, "entered_on")
        modified_raw = scope.raw("modified_on")
        modified = None if modified_raw is None else DATETIME.parse(modified_raw, scope, "modified_on")
        if modified is not None and modified < entered:
            raise scope.error(f"modified at {modified.isoformat()}, before it was entered (entered_on)", "modified_on")
        source_id = self.keying.decode(scope, cnr)
        header = add(parent, "Header")
        add(header, "RecordId", record_id(SOURCE_SYSTEM, self.record_type, source_id))
        add(header, "RecordType", self.record_type)
        add(header, "Version", "1")
        add(header, "SourceSystem", SOURCE_SYSTEM)
        add(header, "SourcePillar", SOURCE_PILLAR)
        add(header, "SourceRecordId", source_id)
        add(header, "CreatedAt", (modified or entered).isoformat())
        keys = add(header, "CaseKeys")
        self.fir.decode(scope, keys)
        add(keys, "Cnr", cnr)
        self.lab.decode(scope, keys)
        PRISONER.decode(scope, keys)

    def encode(self, parent: etree._Element, out: dict[str, Any]) -> None:
        header = only_child(parent, "Header")
        if header is None:
            raise lacking(parent, "Header")
        values = {}
        for name in ("RecordType", "SourceRecordId", "CreatedAt"):
            element = only_child(header, name)
            if element is None:
                raise lacking(header, name)
            values[name] = text_of(element)
        if values["RecordType"] != self.record_type:
            raise AdapterError(
                f"RecordType is {values['RecordType']!r}, not {self.record_type!r}", field="Header/RecordType"
            )
        keys = only_child(header, "CaseKeys")
        if keys is None:
            raise lacking(header, "CaseKeys")
        cnr = only_child(keys, "Cnr")
        if cnr is None:
            raise lacking(keys, "Cnr")
        out["cino"] = text_of(cnr)
        self.keying.encode(values["SourceRecordId"], text_of(cnr), parent, out)
        out["entered_on"] = DATETIME.encode(values["CreatedAt"], "Header/CreatedAt")
        self.fir.encode(keys, out)
        self.lab.encode(keys, out)
        PRISONER.encode(keys, out)
        for element, known in ((header, _HEADER_TAGS | {"CaseKeys"}), (keys, _CASE_KEY_TAGS)):
            for child in element:
                if isinstance(child.tag, str) and local(child) not in known:
                    raise AdapterError(f"{local(child)} has no place in a CIS record here", field=path_of(child))


# ------------------------------------------------------------------------------------------ record types


@dataclass
class RecordSpec:
    record_type: str
    root: str  # canonical root element
    native: str  # CIS record_type
    spellings: tuple[str, ...]  # other record_type values CIS exports use
    fields: list[Field]
    checks: list[Callable[[etree._Element, Scope], None]] = field(default_factory=list)


def _date(root: etree._Element, path: str) -> date | None:
    found = root.find(path, NS)
    return None if found is None or not found.text else date.fromisoformat(found.text)


def _not_before(
    root: etree._Element, scope: Scope, later: str, earlier: str, where: tuple[str | int, ...], why: str
) -> None:
    first, second = _date(root, earlier), _date(root, later)
    if first is not None and second is not None and second < first:
        raise scope.error_at(f"{second.isoformat()} is before {why} ({first.isoformat()})", *where)


def _check_registration(root: etree._Element, scope: Scope) -> None:
    cnr = root.findtext("r:Header/r:CaseKeys/r:Cnr", namespaces=NS) or ""
    establishment = root.findtext("r:Court/r:EstablishmentCode", namespaces=NS) or ""
    if cnr[:6] != establishment:
        raise scope.error_at(
            f"the case is registered in establishment {establishment}, but its CNR {cnr} is of {cnr[:6]}",
            "court",
            "est_code",
        )
    for node, key in (("Filing", "fil_year"), ("Registration", "reg_year")):
        year, day = root.findtext(f"r:{node}/r:Year", namespaces=NS), _date(root, f"r:{node}/r:Date")
        if day is not None and str(day.year) != year:
            raise scope.error_at(f"{year} is not the year of {day.isoformat()}; CIS numbers restart yearly", key)
    _not_before(root, scope, "r:Registration/r:Date", "r:Filing/r:Date", ("dt_regis",), "the filing date")
    _not_before(root, scope, "r:Filing/r:Date", "r:ChargeSheet/r:Date", ("date_of_filing",), "the charge-sheet's date")
    _not_before(root, scope, "r:CognizanceDate", "r:Filing/r:Date", ("date_of_cognizance",), "the filing date")
    _not_before(root, scope, "r:FirstHearingDate", "r:Registration/r:Date", ("date_first_list",), "registration")
    report = _date(root, "r:ChargeSheet/r:Date")
    for index, charge in enumerate(root.iterfind("r:Charges/r:Charge", NS)):
        offence = date.fromisoformat(charge.findtext("r:OffenceDate", namespaces=NS) or "")
        if report is not None and offence > report:
            raise scope.error_at(f"offence on {offence.isoformat()}, after the charge-sheet of {report}", "acts", index)


def _check_hearing(root: etree._Element, scope: Scope) -> None:
    heard, following = _date(root, "r:HearingDate"), _date(root, "r:NextHearingDate")
    if heard is not None and following is not None and following <= heard:
        raise scope.error_at(
            f"the next date {following.isoformat()} is not after the hearing of {heard}", "date_next_list"
        )


def _check_order(root: etree._Element, scope: Scope) -> None:
    _not_before(root, scope, "r:Process/r:ReturnableOn", "r:OrderDate", ("process", "returnable_on"), "the order")
    _not_before(root, scope, "r:NextHearingDate", "r:OrderDate", ("date_next_list",), "the order")
    for index, direction in enumerate(root.iterfind("r:CustodyDirection", NS)):
        _not_before(direction, scope, "r:Until", "r:From", ("custody_directions", index, "until_date"), "from_date")


def _check_disposal(root: etree._Element, scope: Scope) -> None:
    judged = _date(root, "r:JudgmentDate")
    for v, verdict in enumerate(root.iterfind("r:Verdict", NS)):
        suspended = _date(verdict, "r:SentenceSuspendedUntil")
        if judged is not None and suspended is not None and suspended < judged:
            raise scope.error_at(
                f"{suspended.isoformat()} is before the judgment ({judged.isoformat()})",
                "verdicts",
                v,
                "sentence_suspended_till",
            )
        for f, finding in enumerate(verdict.iterfind("r:Finding", NS)):
            result = finding.findtext("r:Result", namespaces=NS)
            if result != "convicted" and finding.find("r:Sentence", NS) is not None:
                raise scope.error_at(f"a sentence on a finding of {result}", "verdicts", v, "findings", f, "sentence")


def _check_appeal(root: etree._Element, scope: Scope) -> None:
    _not_before(root, scope, "r:DecisionDate", "r:FilingDate", ("date_of_decision",), "the filing of the appeal")
    cnr = root.findtext("r:Header/r:CaseKeys/r:Cnr", namespaces=NS)
    for index, lower in enumerate(root.iterfind("r:LowerCourtCase", NS)):
        if lower.findtext("r:Cnr", namespaces=NS) == cnr:
            raise scope.error_at("the case appealed from has the appeal's own CNR", "lower_court_cases", index, "cino")
        decided = _date(lower, "r:JudgmentDate")
        appealed = _date(root, "r:FilingDate") or _date(root, "r:DecisionDate")
        if decided is not None and appealed is not None and decided > appealed:
            raise scope.error_at(
                f"judgment of {decided.isoformat()}, after the appeal ({appealed.isoformat()})",
                "lower_court_cases",
                index,
                "date_of_decision",
            )


CASE_REGISTERED = RecordSpec(
    "court-case-registered",
    "CourtCaseRegistered",
    "case_registration",
    ("registration", "case_reg"),
    [
        Header("court-case-registered", BY_CNR, fir_required=True),
        Node(
            "CaseType",
            [Leaf("case_type", "Code", CASE_TYPE, required=True), Leaf("type_name", "Name", SHORT)],
            required=True,
        ),
        Node(
            "Filing",
            [
                Leaf("fil_no", "Number", NUMBER, required=True),
                Leaf("fil_year", "Year", YEAR, required=True),
                Leaf("date_of_filing", "Date", DATE, required=True),
            ],
            required=True,
        ),
        Node(
            "Registration",
            [
                Leaf("reg_no", "Number", NUMBER, required=True),
                Leaf("reg_year", "Year", YEAR, required=True),
                Leaf("dt_regis", "Date", DATE, required=True),
            ],
            required=True,
        ),
        court(),
        presiding_officer(),
        Node(
            "ChargeSheet",
            [
                Leaf("cs_no", "Number", TOKEN, required=True),
                Leaf("cs_date", "Date", DATE, required=True),
                Leaf("cs_type", "Kind", REPORT_KIND, required=True),
            ],
            key="charge_sheet",
            required=True,
        ),
        Leaf("date_of_cognizance", "CognizanceDate", DATE),
        Node("Charges", [ACTS], required=True),
        Parties(required=True),
        Node(
            "Complainant",
            [
                Choice(
                    [
                        ("party_no", Node("Person", attrs=[Attr("party_no", "personRef", PARTY)])),
                        (None, state_party()),
                    ]
                )
            ],
            key="petitioner",
            required=True,
        ),
        Repeat(
            "accused",
            "Accused",
            attrs=[
                Attr("party_no", "personRef", PARTY),
                Attr("accused_code", "code", ACCUSED_CODE),
                Attr("custody_status", "custodyStatus", CUSTODY_STATUS),
            ],
            min_items=1,
            unique=[("accused_code", "@code"), ("party_no", "@personRef")],
        ),
        Repeat("victims", "Victim", attrs=[Attr("party_no", "personRef", PARTY)], unique=[("party_no", "@personRef")]),
        NameLeaf("prosecutor", "Prosecutor"),
        Leaf("date_first_list", "FirstHearingDate", DATE),
    ],
    [_check_registration],
)

HEARING_RECORDED = RecordSpec(
    "hearing-recorded",
    "HearingRecorded",
    "hearing",
    ("case_history", "business"),
    [
        Header("hearing-recorded", HEARING_KEY, fir_required=False),
        Leaf("hearing_date", "HearingDate", DATE, required=True),
        court(),
        presiding_officer(),
        Leaf("purpose_name", "Purpose", SHORT, required=True),
        Leaf("business", "BusinessDone", TEXT, required=True),
        Leaf("stage", "Stage", STAGE, required=True),
        Parties(required=True),
        Repeat(
            "attendance",
            "Attendance",
            attrs=[
                Attr("party_no", "personRef", PARTY),
                Attr("accused_code", "code", ACCUSED_CODE),
                Attr("status", "status", ATTENDANCE),
            ],
            min_items=1,
            unique=[("accused_code", "@code"), ("party_no", "@personRef")],
        ),
        Repeat(
            "witnesses",
            "WitnessExamined",
            attrs=[
                Attr("party_no", "personRef", PARTY),
                Attr("witness_no", "number", WITNESS_NO),
                Attr("examination", "examination", EXAMINATION),
            ],
            unique=[("witness_no", "@number")],
        ),
        Node(
            "Adjournment",
            [
                Leaf("sought_by", "SoughtBy", ADJOURNMENT_BY, required=True),
                Leaf("reason", "Reason", ADJOURNMENT_REASON, required=True),
                Leaf("details", "Details", TEXT),
                Leaf("count", "Count", Int(1, 999, "a count of adjournments")),
            ],
            key="adjournment",
        ),
        Leaf("date_next_list", "NextHearingDate", DATE),
        Leaf("next_purpose", "NextPurpose", SHORT),
    ],
    [_check_hearing],
)

COURT_ORDER = RecordSpec(
    "court-order",
    "CourtOrder",
    "order",
    ("interim_order", "daily_order"),
    [
        Header("court-order", ORDER_KEY, fir_required=False),
        Leaf("order_date", "OrderDate", DATE, required=True),
        Leaf("order_no", "OrderNumber", Int(1, 99999, "an order number")),
        court(),
        presiding_officer(),
        Leaf("order_type", "OrderType", ORDER_TYPE, required=True),
        Leaf("in_camera", "InCamera", BOOL, default="false"),
        Leaf("order_summary", "Summary", TEXT, required=True),
        Parties(required=False),
        Repeat(
            "concerns",
            "Concerns",
            attrs=[
                Attr("party_no", "personRef", PARTY),
                Attr("role", "role", CONCERN_ROLE),
                Attr("accused_code", "accusedCode", ACCUSED_CODE, required=False),
            ],
            unique=[("party_no", "@personRef"), ("accused_code", "@accusedCode")],
        ),
        Node(
            "BailTerms",
            [
                Leaf("bond_amount", "BondAmountInr", AMOUNT, required=True),
                Leaf("surety_count", "SuretyCount", Int(0, 9, "a number of sureties"), required=True),
                Leaf("surety_amount", "SuretyAmountInr", AMOUNT),
                Repeat("conditions", "Condition", item=Leaf(None, "Condition", TEXT)),
            ],
            key="bail",
        ),
        Node(
            "Process",
            [
                Leaf("addressed_to", "AddressedTo", SHORT, required=True),
                Leaf("returnable_on", "ReturnableOn", DATE, required=True),
            ],
            key="process",
        ),
        Repeat(
            "custody_directions",
            "CustodyDirection",
            [
                Leaf("direction", "Kind", DIRECTION, required=True),
                Node("Prison", PRISON_FIELDS, key="prison"),
                PRISONER,
                Leaf("from_date", "From", DATE),
                Leaf("until_date", "Until", DATE),
                Leaf("produce_on", "ProduceOn", DATE),
                Leaf("production_mode", "ProductionMode", PRODUCTION_MODE),
                Leaf("if_not_required_in_other_case", "IfNotRequiredInOtherCase", BOOL),
            ],
            attrs=[Attr("party_no", "personRef", PARTY)],
        ),
        Node(
            "Transfer",
            [court("ToCourt", "to_court"), Leaf("reason", "Reason", TEXT)],
            key="transfer",
        ),
        Leaf("date_next_list", "NextHearingDate", DATE),
    ],
    [_check_order],
)

COURT_DISPOSAL = RecordSpec(
    "court-disposal",
    "CourtDisposal",
    "disposal",
    ("judgment", "case_disposal"),
    [
        Header("court-disposal", BY_CNR, fir_required=False),
        Node(
            "ChargeSheet",
            [Leaf("cs_no", "Number", TOKEN, required=True), Leaf("cs_date", "Date", DATE, required=True)],
            key="charge_sheet",
        ),
        case_number("CaseNumber", required=True),
        court(),
        presiding_officer(),
        Leaf("date_of_decision", "JudgmentDate", DATE, required=True),
        Parties(required=True),
        Repeat(
            "verdicts",
            "Verdict",
            [
                Repeat(
                    "findings",
                    "Finding",
                    [
                        ONE_CHARGE,
                        Leaf("result", "Result", FINDING_RESULT, required=True),
                        Node("ConvictedUnder", [ONE_CHARGE], key="convicted_under"),
                        Node(
                            "Sentence",
                            [
                                Flag("death", "Death"),
                                Node("Imprisonment", IMPRISONMENT_FIELDS, key="imprisonment"),
                                fine(),
                                Leaf("community_service", "CommunityService", TEXT),
                                Node(
                                    "Probation",
                                    [Term("Term", required=True), Leaf("bond_amount", "BondAmountInr", AMOUNT)],
                                    key="probation",
                                ),
                                Flag("admonition", "Admonition"),
                            ],
                            key="sentence",
                        ),
                    ],
                    min_items=1,
                    unique=[("section", "Charge/Statute+Charge/Section")],
                ),
                Leaf("concurrent", "SentencesConcurrent", BOOL),
                Leaf("set_off_days", "SetOffDays", Int(0, 36500, "a number of days")),
                Repeat(
                    "compensation",
                    "Compensation",
                    [Leaf("amount", "AmountInr", AMOUNT, required=True)],
                    attrs=[Attr("party_no", "personRef", PARTY)],
                ),
                Leaf("sentence_suspended_till", "SentenceSuspendedUntil", DATE),
                Node("CommittedTo", PRISON_FIELDS, key="committed_to"),
            ],
            attrs=[Attr("party_no", "personRef", PARTY), Attr("accused_code", "code", ACCUSED_CODE)],
            min_items=1,
            unique=[("accused_code", "@code"), ("party_no", "@personRef")],
        ),
        Leaf("total_fine", "TotalFineInr", AMOUNT),
        Leaf("property_directions", "PropertyDirections", TEXT),
        Leaf("judgment_summary", "Summary", TEXT),
    ],
    [_check_disposal],
)


def _appeal_party() -> list[Field]:
    return [
        Choice(
            [
                (
                    "party_no",
                    Node(
                        "Person",
                        attrs=[
                            Attr("party_no", "personRef", PARTY),
                            Attr("role", "role", APPEAL_ROLE),
                            Attr("accused_code", "accusedCode", ACCUSED_CODE, required=False),
                        ],
                    ),
                ),
                (None, state_party()),
            ]
        )
    ]


APPEAL_RESULT_SPEC = RecordSpec(
    "appeal-result",
    "AppealResult",
    "appeal_disposal",
    ("appeal", "appeal_result"),
    [
        Header("appeal-result", BY_CNR, fir_required=False),
        case_number("AppealNumber", required=True),
        Leaf("date_of_filing", "FilingDate", DATE),
        court("AppellateCourt"),
        Leaf("court_level", "CourtLevel", COURT_LEVEL, required=True),
        Repeat("judges", "Judge", JUDGE_FIELDS, min_items=1),
        Leaf("appeal_kind", "AppealKind", APPEAL_KIND, required=True),
        Repeat(
            "lower_court_cases",
            "LowerCourtCase",
            [
                Leaf("cino", "Cnr", CNR, required=True),
                case_number("CaseNumber", required=False),
                court(),
                Leaf("date_of_decision", "JudgmentDate", DATE, required=True),
            ],
            min_items=1,
            unique=[("cino", "Cnr")],
        ),
        Parties(required=False),
        Repeat("appellants", "Appellant", _appeal_party(), min_items=1),
        Repeat("respondents", "Respondent", _appeal_party(), min_items=1),
        Leaf("date_of_decision", "DecisionDate", DATE, required=True),
        Leaf("result", "Result", APPEAL_RESULT, required=True),
        Repeat(
            "outcomes",
            "Outcome",
            [
                Repeat(
                    "findings",
                    "Finding",
                    [
                        ONE_CHARGE,
                        Leaf("result", "Result", FINDING_RESULT, required=True),
                        Node(
                            "ModifiedSentence",
                            [
                                Node("Imprisonment", IMPRISONMENT_FIELDS, key="imprisonment"),
                                fine(),
                                Leaf("undergone_only", "UndergoneOnly", BOOL),
                            ],
                            key="modified_sentence",
                        ),
                    ],
                    min_items=1,
                ),
                Leaf("custody_direction", "CustodyDirection", TEXT),
            ],
            attrs=[Attr("party_no", "personRef", PARTY), Attr("accused_code", "code", ACCUSED_CODE)],
            unique=[("accused_code", "@code"), ("party_no", "@personRef")],
        ),
        court("RemandedTo", "remanded_to", required=False),
        Leaf("judgment_summary", "Summary", TEXT),
    ],
    [_check_appeal],
)

SPECS: dict[str, RecordSpec] = {
    spec.record_type: spec
    for spec in (CASE_REGISTERED, HEARING_RECORDED, COURT_ORDER, COURT_DISPOSAL, APPEAL_RESULT_SPEC)
}

RECORD_KIND = Code("a CIS record type", {spec.record_type: (spec.native, *spec.spellings) for spec in SPECS.values()})
