"""e-Prisons values -> canonical text, and back: text, codes, numbers, dates and times, and e-Prisons' code lists.

Every reader takes the object (``Node``) and the member's key, so a refusal names the member's JSON pointer and
line. Every writer is the reader's inverse on canonical values, so an encoded record decodes to itself.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from adapters.base import AdapterError
from adapters.eprisons.jsondoc import Node, type_name
from adapters.notation import IST, parse_native_date, parse_native_datetime

SHORT_LIMIT = 200  # canonical ShortTextType
CODE_LIMIT = 64  # canonical CodeTokenType
TEXT_LIMIT = 4000  # canonical TextType

# Characters XML 1.0 cannot carry (C0 controls but tab, CR, LF; surrogates; U+FFFE, U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DIGITS = re.compile(r"[0-9]{1,9}", re.ASCII)


def clean(value: str, node: Node, key: str, *, one_line: bool, limit: int, where: tuple[str, int] | None = None) -> str:
    """NFC-normalised, trimmed text; one-line text has inner whitespace runs made one space."""

    def refuse(message: str) -> AdapterError:
        if where is not None:
            return AdapterError(message, field=where[0], line=where[1])
        return node.error(message, key)

    bad = _NOT_XML.search(value)
    if bad is not None:
        raise refuse(f"holds the character U+{ord(bad.group()):04X}, which a record cannot carry")
    text = unicodedata.normalize("NFC", value).strip()
    if one_line:
        text = " ".join(text.split())
    if not text:
        raise refuse("is empty")
    if len(text) > limit:
        raise refuse(f"is {len(text)} characters, over the limit of {limit}")
    return text


def text(node: Node, key: str, *, required: bool = False, limit: int = SHORT_LIMIT) -> str | None:
    """A one-line text member."""
    value = node.raw(key)
    if value is None:
        if required:
            raise node.error("required field is missing or empty", key)
        return None
    if not isinstance(value, str):
        raise node.error(f"expected text, found {type_name(value)}", key)
    return clean(value, node, key, one_line=True, limit=limit)


def long_text(node: Node, key: str, *, required: bool = False) -> str | None:
    """A free-text member: line breaks kept, up to 4000 characters."""
    value = node.raw(key)
    if value is None:
        if required:
            raise node.error("required field is missing or empty", key)
        return None
    if not isinstance(value, str):
        raise node.error(f"expected text, found {type_name(value)}", key)
    return clean(value, node, key, one_line=False, limit=TEXT_LIMIT)


def code(node: Node, key: str, *, required: bool = False, upper: bool = False) -> str | None:
    """A code or number as e-Prisons writes it (text, or a whole number): 1 to 64 characters, no line breaks."""
    value = node.raw(key)
    if value is None:
        if required:
            raise node.error("required field is missing or empty", key)
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise node.error(f"expected a code, found {type_name(value)}", key)
    result = clean(value, node, key, one_line=True, limit=CODE_LIMIT)
    return result.upper() if upper else result


def integer(node: Node, key: str, *, low: int, high: int, required: bool = False) -> int | None:
    """A whole number, written as a JSON number or as digits in a string."""
    value = node.raw(key)
    if value is None:
        if required:
            raise node.error("required field is missing or empty", key)
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise node.error(f"expected a whole number, found {type_name(value)}", key)
    digits = value.strip() if isinstance(value, str) else str(value)
    if not _DIGITS.fullmatch(digits):
        raise node.error(f"{value!r} is not a whole number", key)
    number = int(digits)
    if not low <= number <= high:
        raise node.error(f"{number} is outside {low} to {high}", key)
    return number


def measure(node: Node, key: str, *, unit: str, high: int) -> str | None:
    """A height or weight: a number, or text such as '168.5 cm'; canonical with one decimal (half-even rounding)."""
    value = node.raw(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise node.error(f"expected a number of {unit}, found {type_name(value)}", key)
    written = str(value).strip()
    if isinstance(value, str):
        written = re.sub(rf"\s*{unit}\.?$", "", written, flags=re.IGNORECASE)
    if not re.fullmatch(r"[0-9]{1,4}(\.[0-9]{1,3})?", written, re.ASCII):
        raise node.error(f"{value!r} is not a number of {unit}", key)
    try:
        number = Decimal(written).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
    except InvalidOperation:
        raise node.error(f"{value!r} is not a number of {unit}", key) from None
    if not Decimal(0) < number <= high:
        raise node.error(f"{number} {unit} is not plausible (above 0, at most {high})", key)
    return f"{number:.1f}"


def when(node: Node, key: str, *, required: bool = False) -> datetime | None:
    """A date and time: dd-mm-yyyy hh:mm[:ss], dd/mm/yyyy, dd.mm.yyyy, or ISO 8601; IST when no offset."""
    value = node.raw(key)
    if value is None:
        if required:
            raise node.error("required field is missing or empty", key)
        return None
    if not isinstance(value, str):
        raise node.error(f"expected a date and time as text, found {type_name(value)}", key)
    return parse_native_datetime(value, field=node.path(key), line=node.line_of(key))


def day(node: Node, key: str, *, required: bool = False) -> date | None:
    """A calendar date: dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy or yyyy-mm-dd."""
    value = node.raw(key)
    if value is None:
        if required:
            raise node.error("required field is missing or empty", key)
        return None
    if not isinstance(value, str):
        raise node.error(f"expected a date as text, found {type_name(value)}", key)
    return parse_native_date(value, field=node.path(key), line=node.line_of(key))


def normalise_code(value: str) -> str:
    return re.sub(r"[\s.\-_/]", "", value.upper())


def coded(node: Node, key: str, table: dict[str, str], *, what: str, required: bool = False) -> str | None:
    """A code from one of e-Prisons' lists, matched ignoring case, spaces, dots, hyphens, underscores, slashes."""
    value = node.raw(key)
    if value is None:
        if required:
            raise node.error("required field is missing or empty", key)
        return None
    if not isinstance(value, str):
        raise node.error(f"expected a code, found {type_name(value)}", key)
    found = table.get(normalise_code(value))
    if found is None:
        examples = ", ".join(sorted({k for k in table if k.isascii()}))
        raise node.error(f"{value.strip()[:64]!r} is not a {what} (expected one of: {examples})", key)
    return found


def flag(node: Node, key: str, *, default: bool | None = False) -> bool | None:
    """Y/N, YES/NO, true/false."""
    value = node.raw(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and normalise_code(value) in YES_NO:
        return YES_NO[normalise_code(value)]
    raise node.error(f"{value!r} is not a yes/no flag (Y, N, true, false)", key)


# ------------------------------------------------------------------------------------------------- writing


def native_datetime(canonical: str) -> str:
    """Canonical date-time -> e-Prisons' 'dd-mm-yyyy hh:mm[:ss]' when it is a whole-second IST time, else as given."""
    try:
        moment = datetime.fromisoformat(canonical.strip())
    except ValueError:
        return canonical
    if moment.tzinfo is None or moment.utcoffset() != IST.utcoffset(None) or moment.microsecond:
        return canonical
    if moment.isoformat() != canonical.strip():
        return canonical
    return moment.strftime("%d-%m-%Y %H:%M:%S" if moment.second else "%d-%m-%Y %H:%M")


def native_date(canonical: str) -> str:
    """Canonical date (yyyy-mm-dd) -> e-Prisons' dd-mm-yyyy; anything else as given."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", canonical.strip())
    return f"{match[3]}-{match[2]}-{match[1]}" if match else canonical


def native_code(canonical: str) -> str:
    """A canonical token as e-Prisons writes codes: 'judicial-custody' -> 'JUDICIAL_CUSTODY'."""
    return canonical.strip().upper().replace("-", "_")


def native_number(canonical: str) -> int | str:
    """A canonical whole number as a JSON number (text when it is not one)."""
    value = canonical.strip()
    return int(value) if _DIGITS.fullmatch(value) else value


def inverse(table: dict[str, str], preferred: dict[str, str]) -> dict[str, str]:
    """The native code written for each canonical value: the preferred spelling, checked to decode back."""
    for canonical, native in preferred.items():
        assert table[normalise_code(native)] == canonical, (canonical, native)
    assert set(preferred) == set(table.values()), sorted(set(table.values()) - set(preferred))
    return preferred


def shown(moment: datetime) -> str:
    """A time as the prison's operator typed it: IST, dd-mm-yyyy hh:mm."""
    return moment.astimezone(IST).strftime("%d-%m-%Y %H:%M")


# ------------------------------------------------------------------------------------------------- code lists

YES_NO = {"Y": True, "YES": True, "TRUE": True, "N": False, "NO": False, "FALSE": False}

CATEGORIES = {
    "UTP": "undertrial",
    "UT": "undertrial",
    "UNDERTRIAL": "undertrial",
    "विचाराधीन": "undertrial",
    "C": "convict",
    "CONVICT": "convict",
    "CONVICTED": "convict",
    "सजायाफ्ता": "convict",
    "D": "detenu",
    "DETENU": "detenu",
    "DETENUE": "detenu",
    "CIVIL": "civil",
    "CIVILPRISONER": "civil",
}
CATEGORY_CODES = inverse(CATEGORIES, {"undertrial": "UTP", "convict": "CONVICT", "detenu": "DETENU", "civil": "CIVIL"})

WARRANT_TYPES = {
    "JC": "judicial-custody-remand",
    "JCREMAND": "judicial-custody-remand",
    "REMAND": "judicial-custody-remand",
    "JUDICIALCUSTODY": "judicial-custody-remand",
    "COMMITMENT": "commitment-pending-trial",
    "COMMITTAL": "commitment-pending-trial",
    "CONVICTION": "conviction-warrant",
    "CONVICTIONWARRANT": "conviction-warrant",
    "DETENTION": "detention-order",
    "DETENTIONORDER": "detention-order",
    "CIVIL": "civil-warrant",
    "CIVILWARRANT": "civil-warrant",
    "OTHER": "other",
}
WARRANT_CODES = inverse(
    WARRANT_TYPES,
    {
        "judicial-custody-remand": "JC_REMAND",
        "commitment-pending-trial": "COMMITMENT",
        "conviction-warrant": "CONVICTION",
        "detention-order": "DETENTION",
        "civil-warrant": "CIVIL",
        "other": "OTHER",
    },
)

CONDITIONS = {
    "FIT": "fit",
    "NORMAL": "fit",
    "INJURED": "injured",
    "ILL": "ill",
    "SICK": "ill",
    "UNDERINFLUENCE": "under-influence",
    "INTOXICATED": "under-influence",
    "HOSPITALISATION": "needs-hospitalisation",
    "NEEDSHOSPITALISATION": "needs-hospitalisation",
    "NEEDSHOSPITALIZATION": "needs-hospitalisation",
}
CONDITION_CODES = inverse(
    CONDITIONS,
    {
        "fit": "FIT",
        "injured": "INJURED",
        "ill": "ILL",
        "under-influence": "UNDER_INFLUENCE",
        "needs-hospitalisation": "NEEDS_HOSPITALISATION",
    },
)

GENDERS = {
    "M": "male",
    "MALE": "male",
    "पुरुष": "male",
    "F": "female",
    "FEMALE": "female",
    "महिला": "female",
    "T": "transgender",
    "TG": "transgender",
    "TRANSGENDER": "transgender",
    "U": "unknown",
    "UNKNOWN": "unknown",
}
GENDER_CODES = inverse(GENDERS, {"male": "M", "female": "F", "transgender": "T", "unknown": "U"})

# "S/O" (son of) and "D/O" name the father, "W/O" (wife of) the husband.
RELATIONS = {
    "F": "father",
    "FATHER": "father",
    "SO": "father",
    "DO": "father",
    "पिता": "father",
    "H": "husband",
    "HUSBAND": "husband",
    "WO": "husband",
    "पति": "husband",
    "M": "mother",
    "MOTHER": "mother",
    "माता": "mother",
    "G": "guardian",
    "GUARDIAN": "guardian",
    "O": "other",
    "OTHER": "other",
}
RELATION_CODES = inverse(
    RELATIONS, {"father": "FATHER", "husband": "HUSBAND", "mother": "MOTHER", "guardian": "GUARDIAN", "other": "OTHER"}
)

NATIONALITIES = {
    "INDIAN": "IN",
    "INDIA": "IN",
    "भारतीय": "IN",
    "NEPALI": "NP",
    "NEPALESE": "NP",
    "NEPAL": "NP",
    "BANGLADESHI": "BD",
    "BANGLADESH": "BD",
    "PAKISTANI": "PK",
    "PAKISTAN": "PK",
    "AFGHAN": "AF",
    "SRILANKAN": "LK",
    "BHUTANESE": "BT",
    "MYANMAR": "MM",
    "NIGERIAN": "NG",
}

ID_PROOFS = {
    "PASSPORT": "passport",
    "VOTERID": "voter-id",
    "EPIC": "voter-id",
    "DL": "driving-licence",
    "DRIVINGLICENCE": "driving-licence",
    "DRIVINGLICENSE": "driving-licence",
    "NAFIS": "nafis",
    "NFN": "nafis",
    "OTHER": "other",
}
ID_PROOF_CODES = inverse(
    ID_PROOFS,
    {"passport": "PASSPORT", "voter-id": "VOTER_ID", "driving-licence": "DL", "nafis": "NAFIS", "other": "OTHER"},
)
AADHAAR_WORDS = frozenset({"AADHAAR", "AADHAR", "UID", "UIDAI"})

MOVEMENT_TYPES = {
    "COURTPRODUCTION": "CourtProduction",
    "PRODUCTION": "CourtProduction",
    "COURT": "CourtProduction",
    "HOSPITAL": "HospitalVisit",
    "HOSPITALVISIT": "HospitalVisit",
    "HOSPITALREFERRAL": "HospitalVisit",
    "TRANSFER": "Transfer",
    "BAIL": "ReleaseOnBail",
    "RELEASEONBAIL": "ReleaseOnBail",
    "BAILRELEASE": "ReleaseOnBail",
    "RELEASE": "ReleaseOnCompletion",
    "RELEASEONCOMPLETION": "ReleaseOnCompletion",
    "SENTENCECOMPLETED": "ReleaseOnCompletion",
    "PAROLE": "Parole",
    "FURLOUGH": "Furlough",
    "ESCAPE": "Escape",
    "RETURN": "Return",
    "READMISSION": "Return",
    "DEATH": "Death",
}
MOVEMENT_CODES = inverse(
    MOVEMENT_TYPES,
    {
        "CourtProduction": "COURT_PRODUCTION",
        "HospitalVisit": "HOSPITAL_VISIT",
        "Transfer": "TRANSFER",
        "ReleaseOnBail": "RELEASE_ON_BAIL",
        "ReleaseOnCompletion": "RELEASE_ON_COMPLETION",
        "Parole": "PAROLE",
        "Furlough": "FURLOUGH",
        "Escape": "ESCAPE",
        "Return": "RETURN",
        "Death": "DEATH",
    },
)

PRIORITIES = {"ROUTINE": "routine", "NORMAL": "routine", "URGENT": "urgent", "REALTIME": "real-time"}
PRIORITY_CODES = inverse(PRIORITIES, {"routine": "ROUTINE", "urgent": "URGENT", "real-time": "REAL_TIME"})

RETURNS_FROM = {
    "COURTPRODUCTION": "court-production",
    "COURT": "court-production",
    "HOSPITAL": "hospital",
    "PAROLE": "parole",
    "FURLOUGH": "furlough",
    "RECAPTURE": "recapture",
    "RECAPTURED": "recapture",
    "BAILCANCELLED": "bail-cancelled",
    "OTHER": "other",
}
RETURN_FROM_CODES = inverse(
    RETURNS_FROM,
    {
        "court-production": "COURT_PRODUCTION",
        "hospital": "HOSPITAL",
        "parole": "PAROLE",
        "furlough": "FURLOUGH",
        "recapture": "RECAPTURE",
        "bail-cancelled": "BAIL_CANCELLED",
        "other": "OTHER",
    },
)

PLACE_TYPES = {"PRISON": "Prison", "JAIL": "Prison", "COURT": "Court", "HOSPITAL": "Hospital", "OTHER": "OtherPlace"}
PLACE_CODES = inverse(
    PLACE_TYPES, {"Prison": "PRISON", "Court": "COURT", "Hospital": "HOSPITAL", "OtherPlace": "OTHER"}
)

AUTHORITY_TYPES = {"COURT": "CourtOrder", "COURTORDER": "CourtOrder", "EXECUTIVE": "ExecutiveOrder"}
AUTHORITY_CODES = inverse(AUTHORITY_TYPES, {"CourtOrder": "COURT", "ExecutiveOrder": "EXECUTIVE"})
