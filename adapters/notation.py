"""How Indian police and courts write sections, dates and times, turned into canonical values.

An SDK module: any adapter may use it. Every refusal is an ``AdapterError`` naming the native field, the line and
the rule, because the person who must fix the record reads it in a pillar system's error queue.

Sections are written in free text, in many hands::

    302 IPC          u/s 103(1) BNS       379/34 IPC        302, 201 IPC
    61/1/14 Excise Act                    420 IPC & 66D IT Act
    IPC 302, 34      3(1)(r) SC/ST Act    U/S 498-A, 406 I.P.C.

Each statute claims the sections written just before it ("302, 201 IPC"); a statute with nothing before it claims
the sections written after it ("IPC 302, 34"), up to the next "&", "and" or ";". A slash joins sections
("379/34" is 379 and 34), except in the Punjab Excise Act's customary "61/1/14", which is section 61(1) of the
1914 Act.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

from adapters.base import AdapterError
from hub.statutes import NEW_CODES_FROM, known_statutes, penal_code_for, section_problem

__all__ = ["IST", "parse_native_date", "parse_native_datetime", "parse_sections", "script_of"]

_Refuse = Callable[[str], AdapterError]

IST = timezone(timedelta(hours=5, minutes=30), "IST")

# The penal codes whose choice the offence date decides; the other statutes apply whatever the date.
_PENAL_CODES = frozenset({"IPC", "BNS"})

# Spellings of each statute in FIRs, most specific first (BNSS before BNS, the Haryana gambling act before the
# 1867 one). Dots and spaces between initials are optional: "I.P.C.", "I P C", "Cr.P.C.".
_STATUTE_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("BNSS", r"B\.?\s?N\.?\s?S\.?\s?S\.?|Bharatiya\s+Nagarik\s+Suraksha\s+Sanhita"),
    ("BNS", r"B\.?\s?N\.?\s?S\.?|Bharatiya\s+Nyaya\s+Sanhita"),
    ("BSA", r"B\.?\s?S\.?\s?A\.?|Bharatiya\s+Sakshya\s+Adhiniyam"),
    ("IPC", r"I\.?\s?P\.?\s?C\.?|Indian\s+Penal\s+Code"),
    ("CRPC", r"Cr\.?\s?P\.?\s?C\.?|Code\s+of\s+Criminal\s+Procedure"),
    ("IEA", r"I\.?\s?E\.?\s?A\.?|(?:Indian\s+)?Evidence\s+Act"),
    ("POCSO", r"P\.?O\.?C\.?S\.?O\.?(?:\s+Act)?"),
    ("NDPS", r"N\.?\s?D\.?\s?P\.?\s?S\.?(?:\s+Act)?"),
    ("ARMS", r"Arms(?:\s+Act)?"),
    ("PB_EXCISE", r"PB_EXCISE|(?:Punjab\s+)?Excise\s+Act"),
    ("HR_GAMBLING", r"HR_GAMBLING|Haryana\s+(?:Prevention\s+of\s+)?Public\s+Gambling\s+Act"),
    ("PGA", r"(?:Public\s+)?Gambling\s+Act|P\.?\s?G\.?\s+Act|PGA"),
    ("MVA", r"M\.?\s?V\.?\s+Act|Motor\s+Vehicles?\s+Act|MVA"),
    ("IT", r"I\.?\s?T\.?(?:\s+Act)?|Information\s+Technology\s+Act"),
    ("SCST_POA", r"SCST_POA|SC\s*/\s*ST(?:\s*\(\s*P\.?o\.?A\.?\s*\))?(?:\s+Act)?"),
    ("DPA", r"D\.?\s?P\.?\s+Act|Dowry\s+Prohibition\s+Act|DPA"),
    ("JJ", r"J\.?\s?J\.?(?:\s+Act)?|Juvenile\s+Justice\s+Act"),
)

# A year after an act's name ("Arms Act, 1959") is part of the name, not a section: sections have 1 to 3 digits.
_ACT_YEAR = r"(?:,?\s*(?:18|19|20)\d{2}(?![\d(]))?"

_STATUTE_RE = re.compile(
    "|".join(
        rf"(?P<{code}>(?<![A-Za-z_])(?:{spelling}){_ACT_YEAR}(?![A-Za-z0-9_]))" for code, spelling in _STATUTE_SPELLINGS
    ),
    re.IGNORECASE,
)

_ONE_SECTION = r"\d{1,4}(?:-?[A-Za-z]{1,3}(?![A-Za-z]))?(?:\s*\(\s*[0-9A-Za-z]{1,4}\s*\))*"

_TOKEN_RE = re.compile(
    r"""
    (?P<statute>\x00(?P<code>[A-Z_]+)\x00)
  | (?P<section>SECTIONS_GO_HERE)
  | (?P<connective>&|\+|;|\band\b)
  | (?P<filler>,|\bu\s*/\s*s(?:ec)?\b\.?|\br\s*/\s*w\b|\bread\s+with\b|\bunder\b|\bsections?\b|\bsecs?\b\.?|\bs\.
              |\bof\b|\bthe\b|\bwith\b|\bdated\b|[.:()-])
  | (?P<space>\s+)
  | (?P<word>[^\s,;&+]+)
    """.replace("SECTIONS_GO_HERE", rf"{_ONE_SECTION}(?:\s*/\s*{_ONE_SECTION})*"),
    re.IGNORECASE | re.VERBOSE,
)

_SECTION_PARTS_RE = re.compile(
    r"^(?P<number>\d{1,4})\s*-?\s*(?P<suffix>[A-Za-z]{0,3})(?P<sub>(?:\s*\(\s*[0-9A-Za-z]{1,4}\s*\))*)$"
)


def parse_sections(text: str, offence_date: date, *, field: str, line: int | None = None) -> list[tuple[str, str]]:
    """Parse free-text acts and sections into (statute code, section) pairs, in order, without duplicates.

    Refuses an unknown statute, a section the statute does not have, a section with no statute, and the wrong
    penal code for the offence date (IPC before 2024-07-01, BNS from then on).
    """

    def refuse(reason: str) -> AdapterError:
        return AdapterError(f'"{text.strip()}": {reason}', field=field, line=line)

    if not text or not text.strip():
        raise AdapterError("no act or section given", field=field, line=line)

    marked = _STATUTE_RE.sub(lambda m: f" \x00{m.lastgroup}\x00 ", text)
    groups: list[tuple[str, list[str]]] = []
    pending: list[str] = []
    prefix_statute: str | None = None  # a statute written before its sections ("IPC 302, 34")
    unknown: list[str] = []
    for token in _TOKEN_RE.finditer(marked):
        kind = token.lastgroup
        if kind == "word":
            unknown.append(token.group())
            continue
        if unknown and kind != "space":
            raise refuse(_unknown_statute(" ".join(unknown)))
        if kind == "statute":
            code = token["code"]
            if prefix_statute is not None:
                groups.append((prefix_statute, pending))
                pending, prefix_statute = [], None
            if pending:
                groups.append((code, pending))
                pending = []
            else:
                prefix_statute = code
        elif kind == "section":
            pending.append(token.group())
        elif kind == "connective" and prefix_statute is not None:
            groups.append((prefix_statute, pending))
            pending, prefix_statute = [], None
    if unknown:
        raise refuse(_unknown_statute(" ".join(unknown)))
    if prefix_statute is not None:
        groups.append((prefix_statute, pending))
    elif pending:
        raise refuse(f"section {', '.join(s.strip() for s in pending)} names no act (write e.g. '302 IPC')")

    charges: list[tuple[str, str]] = []
    for statute, raw_sections in groups:
        if not raw_sections:
            raise refuse(f"{statute} is named without a section")
        for raw in raw_sections:
            for section in _split_sections(statute, raw, refuse):
                problem = section_problem(statute, section)
                if problem is not None:
                    raise refuse(problem)
                if (statute, section) not in charges:
                    charges.append((statute, section))

    if not charges:
        raise refuse("names no act and section (write e.g. '302 IPC')")
    for statute, _section in charges:
        if statute in _PENAL_CODES and statute != penal_code_for(offence_date):
            raise refuse(
                f"offence on {offence_date.isoformat()} falls under {penal_code_for(offence_date)}, not {statute} "
                f"(codes changed {NEW_CODES_FROM.isoformat()})"
            )
    return charges


def _unknown_statute(words: str) -> str:
    return f"{words!r} is not an act this hub knows (known: {', '.join(sorted(known_statutes()))})"


def _split_sections(statute: str, raw: str, refuse: _Refuse) -> list[str]:
    parts = [part.strip() for part in raw.split("/")]
    # Punjab and Haryana FIRs write section 61(1) of the Punjab Excise Act, 1914 as "61/1/14".
    if statute == "PB_EXCISE" and len(parts) in (2, 3) and parts[-1] == "14":
        parts = parts[:-1]
        if len(parts) == 2 and parts[1].isdigit():
            parts = [f"{parts[0]}({parts[1]})"]
    return [_normalise_section(part, refuse) for part in parts]


def _normalise_section(raw: str, refuse: _Refuse) -> str:
    match = _SECTION_PARTS_RE.match(raw)
    if match is None:
        raise refuse(f"{raw!r} is not a section number")
    number = str(int(match["number"]))
    subs = re.findall(r"\(\s*([0-9A-Za-z]+)\s*\)", match["sub"])
    # Suffixes are capitals (498A), sub-clauses are small letters or digits (3(1)(r)), whatever the writer typed.
    return number + match["suffix"].upper() + "".join(f"({sub.lower()})" for sub in subs)


# ---------------------------------------------------------------------------------------------- dates and times

_DATE_RE = r"(?P<day>\d{1,2})(?P<sep>[/.\-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})"
_TIME_RE = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?"
_NATIVE_DATETIME_RE = re.compile(rf"^{_DATE_RE}(?:[\sT,]+{_TIME_RE})?$")
_NATIVE_DATE_RE = re.compile(rf"^{_DATE_RE}$")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEARS = (1900, 2100)


def parse_native_datetime(text: str, *, field: str, line: int | None = None) -> datetime:
    """Parse an Indian or ISO 8601 date-time into an aware datetime; a time without offset is IST (+05:30).

    Accepts dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy (midnight), each optionally followed by hh:mm[:ss] and AM/PM, and
    ISO 8601 with or without offset. Refuses impossible dates and times (31/02/2024, 25:10).
    """
    value = (text or "").strip()
    if not value:
        raise AdapterError("no date given", field=field, line=line)
    match = _NATIVE_DATETIME_RE.match(value)
    if match is not None:
        hour, minute, second = _clock(match, value, field=field, line=line)
        try:
            moment = datetime(
                int(match["year"]), int(match["month"]), int(match["day"]), hour, minute, second, tzinfo=IST
            )
        except ValueError as exc:
            raise AdapterError(
                f"{value!r} is not a real date and time ({exc}); expected dd/mm/yyyy [hh:mm[:ss]]",
                field=field,
                line=line,
            ) from None
        return _plausible(moment, value, field=field, line=line)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise AdapterError(
            f"{value!r} is not a date: expected dd/mm/yyyy [hh:mm[:ss]] or ISO 8601 (2024-08-03T14:35:00+05:30)",
            field=field,
            line=line,
        ) from None
    parsed = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=IST)
    return _plausible(parsed, value, field=field, line=line)


def _plausible(moment: datetime, value: str, *, field: str, line: int | None) -> datetime:
    # Criminal records of this hub are dated within these years; outside them is a typing slip (and would
    # overflow when moved between time zones).
    if not _YEARS[0] <= moment.year <= _YEARS[1]:
        raise AdapterError(
            f"{value!r}: year {moment.year} is outside {_YEARS[0]} to {_YEARS[1]}", field=field, line=line
        )
    offset = moment.utcoffset()
    if offset is not None and offset.seconds % 60:
        raise AdapterError(f"{value!r}: a UTC offset is whole minutes", field=field, line=line)
    return moment


def parse_native_date(text: str, *, field: str, line: int | None = None) -> date:
    """Parse a calendar date written dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd (birth dates)."""
    value = (text or "").strip()
    if not value:
        raise AdapterError("no date given", field=field, line=line)
    match = _NATIVE_DATE_RE.match(value)
    try:
        if match is not None:
            return date(int(match["year"]), int(match["month"]), int(match["day"]))
        if _ISO_DATE_RE.match(value):
            return date.fromisoformat(value)
    except ValueError as exc:
        raise AdapterError(f"{value!r} is not a real date ({exc})", field=field, line=line) from None
    raise AdapterError(f"{value!r} is not a date: expected dd/mm/yyyy", field=field, line=line)


def _clock(match: re.Match[str], value: str, *, field: str, line: int | None) -> tuple[int, int, int]:
    if match["hour"] is None:
        return 0, 0, 0
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    ampm = (match["ampm"] or "").replace(".", "").upper()
    if ampm:
        if not 1 <= hour <= 12:
            raise AdapterError(f"{value!r}: hour {hour} with {ampm} is not a time", field=field, line=line)
        hour = hour % 12 + (12 if ampm == "PM" else 0)
    return hour, minute, second


# ------------------------------------------------------------------------------------------ scripts


def script_of(text: str) -> str:
    """ISO 15924 code of the script a name is written in, from its letters: Deva, Guru or Latn; Zyyy when they
    are mixed, Zzzz when there are none (or only letters of another script)."""
    if text.isascii():
        # Most names: every ASCII letter is Latin, so there is no need to look at each character.
        return "Latn" if any(char.isalpha() for char in text) else "Zzzz"
    scripts = set()
    for char in text:
        if not char.isalpha():
            continue
        code = ord(char)
        if 0x0900 <= code <= 0x097F:
            scripts.add("Deva")
        elif 0x0A00 <= code <= 0x0A7F:
            scripts.add("Guru")
        elif char.isascii() or 0x00C0 <= code <= 0x024F:
            scripts.add("Latn")
        else:
            scripts.add("Zzzz")
    if len(scripts) == 1:
        return scripts.pop()
    return "Zyyy" if scripts else "Zzzz"  # mixed scripts, or no letters at all
