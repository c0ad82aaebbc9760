"""Canonical records from the other pillars -> CAS's ICJS inbox import XML.

CAS takes what ICJS sends it (a lab's receipt, a court's order, a prison's admission) through one import format
for every record type, derived from the canonical record by fixed rules, so that a new canonical element never
needs a new mapping:

- the root is ICJS_INBOX (attribute VERSION="1.0") holding one record element named after the record type in
  upper case (court-order -> COURT_ORDER);
- every canonical element and attribute keeps its place and gets CAS's kind of name: words in upper case joined
  by "_" (NextHearingDate -> NEXT_HEARING_DT), a last word Number, Code, Date or At written NO, CD, DT, DT;
  a few take the name CAS's own exports use (NameRomanised -> NAME_ENG, Sex -> GENDER, Line -> ADDR_LINE...);
- values are written as CAS writes them: dates dd/mm/yyyy, date-times dd/mm/yyyy hh:mm:ss in IST, booleans Y/N,
  sex M/F/T/U; everything else as it is;
- an FIR key is STATE_CD, DIST_CD, PS_CD and FIR_NO (serial/year) under FIR_KEY, as in CAS_EXPORT;
- a charge is an ACT_SEC, "303(2) BNS", with its offence date as attribute OFFENCE_DT, as in CAS_EXPORT.

It works on any record that passed the hub's schema, including redacted ones (a withheld name arrives as the
placeholder text; withheld fields are simply absent).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError
from adapters.cas.parts import STATUTE_SPELLING
from adapters.cas.spec import kid, path_of, sub, text_of
from adapters.notation import IST

INBOX_ROOT = "ICJS_INBOX"
INBOX_VERSION = "1.0"

# Canonical names that take the name CAS's own exports use for the same thing.
RENAMED = {
    "NameRomanised": "NAME_ENG",
    "Sex": "GENDER",
    "BirthDate": "DOB",
    "AgeYears": "AGE",
    "Line": "ADDR_LINE",
    "VillageOrTown": "VILLAGE_TOWN",
    "DistrictCode": "DIST_CD",
    "PoliceStationCode": "PS_CD",
    "PinCode": "PIN_CD",
    "Cnr": "CNR_NO",
    "EstablishmentCode": "COURT_EST_CD",
}
_LAST_WORD = {"NUMBER": "NO", "CODE": "CD", "DATE": "DT", "AT": "DT"}
_SEX = {"male": "M", "female": "F", "transgender": "T", "unknown": "U"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+\-]\d{2}:\d{2})$")


_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_CANONICAL_PREFIX = f"{{{CANONICAL_NS}}}"


# Memoised per name, not per document: the canonical schema has a few hundred names, and splitting one into words
# for every element and attribute was the largest cost of an inbox encode.
@lru_cache(maxsize=2048)
def native_name(canonical: str) -> str:
    """NextHearingDate -> NEXT_HEARING_DT, personRef -> PERSON_REF, Cnr -> CNR_NO."""
    if canonical in RENAMED:
        return RENAMED[canonical]
    words = _WORDS.findall(canonical)
    if not words:
        return canonical.upper()
    words = [word.upper() for word in words]
    if len(words) > 1:
        words[-1] = _LAST_WORD.get(words[-1], words[-1])
    return "_".join(words)


def record_element(record_type: str) -> str:
    return record_type.upper().replace("-", "_")


def native_value(value: str) -> str:
    """A canonical value as CAS writes it: dd/mm/yyyy dates, IST date-times, Y/N; anything else unchanged."""
    text = value.strip()
    if text in ("true", "false"):
        return "Y" if text == "true" else "N"
    if text[4:5] != "-":
        return value  # neither an ISO date nor date-time (both begin yyyy-): most values, spared two regexes
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if _ISO_DATETIME.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return moment.astimezone(IST).strftime("%d/%m/%Y %H:%M:%S")
    return value


def encode_inbox(root: etree._Element, record_type: str) -> etree._Element:
    """A canonical record -> <ICJS_INBOX><RECORD_TYPE>...</RECORD_TYPE></ICJS_INBOX>."""
    inbox = etree.Element(INBOX_ROOT, VERSION=INBOX_VERSION)
    record = sub(inbox, record_element(record_type))
    for child in _elements(root):
        _convert(child, record)
    return inbox


def _elements(parent: etree._Element) -> list[etree._Element]:
    # Element children only (no comments or processing instructions), filtered by lxml rather than by reading
    # every child's tag in Python.
    return list(parent.iterchildren(etree.Element))


def _convert(element: etree._Element, out: etree._Element) -> None:
    # The tag is "{namespace}localname" (a str: _elements skips comments); slicing it is what etree.QName did, at
    # a fraction of the cost per element.
    tag = element.tag
    if not tag.startswith(_CANONICAL_PREFIX):
        raise AdapterError(f"element {element.tag!r} is not in the canonical namespace", field=path_of(element))
    name = tag[len(_CANONICAL_PREFIX) :]
    if name == "FirKey":
        _fir_key(element, out)
        return
    if name == "Charge" and kid(element, "Statute") is not None:
        _charge(element, out)
        return
    native = etree.SubElement(out, native_name(name))
    attributes = element.items()  # a plain list: cheaper than the .attrib proxy, and most elements have none
    if attributes:
        for attribute, value in sorted(attributes):
            native.set(native_name(attribute.rpartition("}")[2]), native_value(value))
    children = _elements(element) if len(element) else ()
    if children:
        for child in children:
            _convert(child, native)
        return
    raw = element.text or ""
    text = raw.strip()
    if name == "Sex":
        native.text = _SEX.get(text, text)
    elif text:
        native.text = native_value(raw)


def _fir_key(element: etree._Element, out: etree._Element) -> None:
    key = sub(out, "FIR_KEY")
    for canonical, native in (("StateCode", "STATE_CD"), ("DistrictCode", "DIST_CD"), ("PoliceStationCode", "PS_CD")):
        sub(key, native, text_of(element, canonical) or "")
    serial, year = text_of(element, "Serial") or "", text_of(element, "Year") or ""
    sub(key, "FIR_NO", f"{serial.zfill(4)}/{year}")


def _charge(element: etree._Element, out: etree._Element) -> None:
    statute = text_of(element, "Statute") or ""
    section = text_of(element, "Section") or ""
    act = sub(out, "ACT_SEC", f"{section} {STATUTE_SPELLING.get(statute, statute)}")
    offence = text_of(element, "OffenceDate")
    if offence:
        act.set("OFFENCE_DT", native_value(offence))
