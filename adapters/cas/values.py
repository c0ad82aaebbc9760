"""Value converters: one native CAS value <-> one canonical value, in both directions.

Each converter reads what a CAS operator typed (``read``: forgiving about notation, strict about meaning, refusing
with the native field's path and line) and writes a canonical value back the way CAS itself exports it (``write``),
so that reading what was written gives the same canonical value again: the round trip is lossless.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property

from adapters.base import AdapterError
from adapters.cas.native import YES_NO, Node, code_key, decimal_text
from adapters.notation import IST, parse_native_date, parse_native_datetime, script_of

_DATE_YEARS = (1900, 2100)


class Conv:
    """A converter. ``fmt`` says in a few words what CAS expects (for the README's tables)."""

    fmt: str = "text"

    def read(self, text: str, where: Node) -> str:
        """Native text (non-empty, NFC, trimmed) -> canonical text; refuses with ``where.error``."""
        raise NotImplementedError

    def write(self, value: str, where: str) -> str:
        """Canonical text -> native text; refuses with AdapterError(field=where)."""
        return value

    def attributes(self, value: str) -> dict[str, str]:
        """Attributes the canonical element carries besides its text (the script of a name)."""
        return {}


@dataclass(frozen=True)
class Text(Conv):
    """Text. One-line text has inner runs of whitespace made one space; long text keeps its line breaks."""

    limit: int = 200
    one_line: bool = True

    @property
    def fmt(self) -> str:  # type: ignore[override]
        return f"one line, ≤ {self.limit}" if self.one_line else f"long text, ≤ {self.limit}"

    def read(self, text: str, where: Node) -> str:
        value = " ".join(text.split()) if self.one_line else text
        if len(value) > self.limit:
            raise where.error(f"is {len(value)} characters, over the limit of {self.limit}")
        return value

    def write(self, value: str, where: str) -> str:
        value = value.strip()
        if not value:
            raise AdapterError("is empty", field=where)
        return value


SHORT = Text(200)
LONG = Text(4000, one_line=False)
CODE = Text(64)


@dataclass(frozen=True)
class Name(Text):
    """A name in any script; the canonical element gets the script's ISO 15924 code."""

    def attributes(self, value: str) -> dict[str, str]:
        return {"script": script_of(value)}


NAME = Name(200)


@dataclass(frozen=True)
class Pattern(Conv):
    """A code of a fixed shape (an accused code, a CNR); optionally upper-cased as read."""

    regex: str
    what: str
    upper: bool = False
    label: str = ""  # for the README, when ``what`` (used in refusals) says too much

    @property
    def fmt(self) -> str:  # type: ignore[override]
        return self.label or self.what

    @cached_property  # compiled once per converter, not looked up in re's cache for every value
    def _compiled(self) -> re.Pattern[str]:
        return re.compile(self.regex)

    def read(self, text: str, where: Node) -> str:
        value = " ".join(text.split())
        if self.upper:
            value = value.upper()
        if not self._compiled.fullmatch(value):
            raise where.error(f"{value!r} is not {self.what}")
        return value

    def write(self, value: str, where: str) -> str:
        value = value.strip()
        if not self._compiled.fullmatch(value):
            raise AdapterError(f"{value!r} is not {self.what}", field=where)
        return value


@dataclass(frozen=True)
class Integer(Conv):
    low: int
    high: int

    @property
    def fmt(self) -> str:  # type: ignore[override]
        return f"{self.low}–{self.high}"

    def read(self, text: str, where: Node) -> str:
        return str(read_integer(text, where, self.low, self.high))

    def write(self, value: str, where: str) -> str:
        value = value.strip()
        if not value.isascii() or not value.isdigit() or len(value) > 9:
            raise AdapterError(f"{value!r} is not a whole number", field=where)
        return str(int(value))


def read_integer(text: str, where: Node, low: int, high: int) -> int:
    if not text.isascii() or not text.isdigit():
        raise where.error(f"{text!r} is not a number")
    if len(text.lstrip("0")) > 9:  # int() of thousands of digits is slow, and no CAS number is that long
        raise where.error(f"{text[:20]}... is outside {low} to {high}")
    number = int(text)
    if not low <= number <= high:
        raise where.error(f"{number} is outside {low} to {high}")
    return number


_AMOUNT_DECORATION = re.compile(r"^(?:rs\.?|inr|₹)\s*|\s*/-$", re.IGNORECASE)


@dataclass(frozen=True)
class Amount(Conv):
    """Rupees as typed: 45000, 45,000, 1,25,000, Rs. 45,000/-, ₹ 499.50 (at most two decimals)."""

    fmt: str = "amount in rupees"

    def read(self, text: str, where: Node) -> str:
        cleaned = _AMOUNT_DECORATION.sub("", text).replace(",", "").replace(" ", "")
        amount = _decimal(cleaned)
        if amount is None:
            raise where.error(f"{text!r} is not an amount in rupees")
        if amount < 0 or int(amount.as_tuple().exponent) < -2:
            raise where.error(f"{text!r} is not an amount in rupees (0 or more, at most 2 decimals)")
        return decimal_text(amount)

    def write(self, value: str, where: str) -> str:
        if _decimal(value.strip()) is None:
            raise AdapterError(f"{value!r} is not an amount", field=where)
        return value.strip()


AMOUNT = Amount()


@dataclass(frozen=True)
class Quantity(Conv):
    """A quantity above zero with at most three decimals: 1, 2.5, 0.125."""

    fmt: str = "number > 0, ≤ 3 decimals"

    def read(self, text: str, where: Node) -> str:
        amount = _decimal(text.replace(",", ""))
        if amount is None or amount <= 0 or int(amount.as_tuple().exponent) < -3:
            raise where.error(f"{text!r} is not a quantity (a number above 0, at most 3 decimals)")
        return decimal_text(amount)

    def write(self, value: str, where: str) -> str:
        if _decimal(value.strip()) is None:
            raise AdapterError(f"{value!r} is not a quantity", field=where)
        return value.strip()


QUANTITY = Quantity()


# Digits, one dot, an optional sign: no exponent ("1e309"), no "NaN", nothing Decimal alone would accept.
_DECIMAL = re.compile(r"[+-]?\d{1,15}(?:\.\d{1,6})?|[+-]?\.\d{1,6}")


def _decimal(text: str) -> Decimal | None:
    if not _DECIMAL.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None


@dataclass(frozen=True)
class DateTime(Conv):
    """A date and time: dd/mm/yyyy hh:mm[:ss] (IST), dd-mm-yyyy, dd.mm.yyyy, AM/PM, or ISO 8601 with offset."""

    fmt: str = "date-time"

    def read(self, text: str, where: Node) -> str:
        return read_datetime(text, where).isoformat()

    def write(self, value: str, where: str) -> str:
        return native_datetime(value, where)


DATETIME = DateTime()


def read_datetime(text: str, where: Node) -> datetime:
    return parse_native_datetime(text, field=where.path, line=where.line)


def native_datetime(value: str, where: str) -> str:
    """A canonical date-time as CAS writes it: dd/mm/yyyy hh:mm[:ss] when it is IST in whole seconds; otherwise the
    ISO 8601 text itself, which CAS also reads, so that no offset or fraction is lost."""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise AdapterError(f"{value!r} is not an ISO 8601 date-time", field=where) from None
    if moment.tzinfo is None:
        raise AdapterError(f"{value!r} has no UTC offset", field=where)
    if moment.utcoffset() == IST.utcoffset(None) and moment.microsecond == 0 and moment.isoformat() == text:
        return moment.strftime("%d/%m/%Y %H:%M" if moment.second == 0 else "%d/%m/%Y %H:%M:%S")
    return text


@dataclass(frozen=True)
class Date(Conv):
    """A calendar date: dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd."""

    fmt: str = "date"

    def read(self, text: str, where: Node) -> str:
        return read_date(text, where).isoformat()

    def write(self, value: str, where: str) -> str:
        return native_date(value, where)


DATE = Date()


def read_date(text: str, where: Node, *, low: int = _DATE_YEARS[0]) -> date:
    day = parse_native_date(text, field=where.path, line=where.line)
    if not low <= day.year <= _DATE_YEARS[1]:
        raise where.error(f"{text!r}: year {day.year} is outside {low} to {_DATE_YEARS[1]}")
    return day


def native_date(value: str, where: str) -> str:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise AdapterError(f"{value!r} is not an ISO 8601 date", field=where) from None
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Coded(Conv):
    """A CAS code, matched ignoring case, spaces, dots, hyphens, underscores and slashes; written as ``spell``."""

    table: dict[str, str]
    spell: dict[str, str]  # canonical value -> the code CAS writes
    what: str
    fmt: str = field(default="code")
    synonyms: tuple[tuple[str, str], ...] = ()  # (other spelling, canonical value), for the README

    def read(self, text: str, where: Node) -> str:
        found = self.table.get(code_key(text))
        if found is None:
            examples = ", ".join(sorted(set(self.spell.values())))
            article = "an" if self.what[:1].lower() in "aeiou" else "a"
            raise where.error(f"{text!r} is not {article} {self.what} (expected one of: {examples})")
        return found

    def write(self, value: str, where: str) -> str:
        spelt = self.spell.get(value.strip())
        if spelt is None:
            raise AdapterError(f"{value!r} is not a {self.what} CAS knows", field=where)
        return spelt


def coded(values: tuple[str, ...], what: str, *, synonyms: dict[str, str] | None = None, **spell: str) -> Coded:
    """A code table over canonical tokens: each token is its own code ("road-street" is ROAD-STREET, ROAD STREET,
    road_street); ``synonyms`` adds CAS's other spellings; keyword ``spell`` overrides how a token is written."""
    table = {code_key(value): value for value in values}
    for code, value in (synonyms or {}).items():
        assert value in values, value
        table[code_key(code)] = value
    spelling = {value: value.upper() for value in values}
    for value, code in spell.items():
        value = value.replace("_", "-")
        assert value in values and table.get(code_key(code)) == value, (value, code)
        spelling[value] = code
    return Coded(
        table,
        spelling,
        what,
        fmt=" / ".join(spelling[value] for value in values),
        synonyms=tuple((synonyms or {}).items()),
    )


BOOL = Coded(YES_NO, {"true": "Y", "false": "N", "1": "Y", "0": "N"}, "Y/N flag", fmt="Y / N")
