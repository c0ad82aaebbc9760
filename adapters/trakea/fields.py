"""The mapping between TraKea columns and canonical elements, used in both directions.

A ``Col`` says: native column X holds canonical element (or attribute) P, converted by kind K. ``read_cols``
fills a canonical element from a row with a list of them, in the list's order (the schema's order); ``write_cols``
reads the same elements back into cells. One table drives both, so decode and encode cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import cached_property

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError
from adapters.notation import IST, parse_native_date, parse_native_datetime, script_of
from adapters.trakea.csvio import Row


@dataclass(frozen=True)
class Where:
    """Where a native value came from, for refusals."""

    field: str
    line: int | None

    def error(self, message: str) -> AdapterError:
        return AdapterError(message, field=self.field, line=self.line)


Reader = Callable[[str, Where], list[str]]
Writer = Callable[[list[str], Where], str]


@dataclass(frozen=True)
class Kind:
    """How one kind of native value becomes canonical text, and back."""

    label: str  # for the README and messages
    read: Reader
    write: Writer
    script: bool = False  # the canonical element carries @script, worked out from its text


class Need(Enum):
    OPTIONAL = "no"
    ALWAYS = "yes"
    WITH_GROUP = "with its group"  # required when any other column of the same group is given


@dataclass(frozen=True)
class Col:
    column: str
    path: str  # relative to the scope element: "Lab/LabCode", "@id"; the first step of a nested path is its group
    kind: Kind
    need: Need = Need.OPTIONAL

    @cached_property  # asked for per column per row; the tables never change
    def group(self) -> str | None:
        return self.path.split("/", 1)[0] if "/" in self.path else None

    @cached_property
    def steps(self) -> tuple[str, ...]:
        """The path's steps, split once per table rather than once per cell."""
        return tuple(self.path.split("/"))


# ------------------------------------------------------------------------------------------------ the kinds


def _one(read: Callable[[str, Where], str]) -> Reader:
    return lambda value, where: [read(value, where)]


def _single(values: list[str], where: Where) -> str:
    if len(values) != 1:
        raise where.error(f"expected one value, found {len(values)}")
    return values[0]


def _text(limit: int) -> Callable[[str, Where], str]:
    def read(value: str, where: Where) -> str:
        if len(value) > limit:
            raise where.error(f"is {len(value)} characters, over the limit of {limit}")
        return value

    return read


def _line(limit: int) -> Callable[[str, Where], str]:
    def read(value: str, where: Where) -> str:
        return _text(limit)(" ".join(value.split()), where)

    return read


TEXT = Kind("text, up to 4000 characters, line breaks kept", _one(_text(4000)), _single)
LINE = Kind("one line, up to 200 characters", _one(_line(200)), _single)
CODE = Kind("code, up to 64 characters", _one(_line(64)), _single)
NAME = Kind("name in any script, up to 200 characters", _one(_line(200)), _single, script=True)


def _datetime_read(value: str, where: Where) -> str:
    return parse_native_datetime(value, field=where.field, line=where.line).isoformat()


def _datetime_write(values: list[str], where: Where) -> str:
    text = _single(values, where)
    moment = _iso_datetime(text, where)
    if moment.utcoffset() == IST.utcoffset(None) and not moment.microsecond:
        return moment.strftime("%d/%m/%Y %H:%M:%S" if moment.second else "%d/%m/%Y %H:%M")
    return moment.isoformat()  # another offset or fractions of a second: TraKea takes ISO 8601 as well


def _iso_datetime(text: str, where: Where) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise where.error(f"{text!r} is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise where.error(f"{text!r} has no UTC offset")
    return moment


DATETIME = Kind(
    "date-time: dd/mm/yyyy hh:mm[:ss] (also dd-mm-yyyy, dd.mm.yyyy, AM/PM) in IST, or ISO 8601",
    _one(_datetime_read),
    _datetime_write,
)


def _date_read(value: str, where: Where) -> str:
    return parse_native_date(value, field=where.field, line=where.line).isoformat()


def _date_write(values: list[str], where: Where) -> str:
    text = _single(values, where).strip()
    try:
        return date.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        raise where.error(f"{text!r} is not an ISO 8601 date") from None


DATE = Kind("date: dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd)", _one(_date_read), _date_write)


def integer(value: str, where: Where, *, low: int, high: int) -> int:
    if not value.isascii() or not value.isdigit():
        raise where.error(f"{value!r} is not a whole number")
    number = int(value)
    if not low <= number <= high:
        raise where.error(f"{number} is outside {low} to {high}")
    return number


def _positive(high: int) -> Kind:
    return Kind(
        f"whole number, 1 to {high}",
        _one(lambda value, where: str(integer(value, where, low=1, high=high))),
        _single,
    )


SERIAL = _positive(9999)


def _pattern(label: str, pattern: str, *, clean: Callable[[str], str] = lambda value: value) -> Kind:
    compiled = re.compile(pattern)

    def read(value: str, where: Where) -> str:
        cleaned = clean(value)
        if not compiled.fullmatch(cleaned):
            raise where.error(f"{value!r} is not a {label}")
        return cleaned

    return Kind(label, _one(read), _single)


QR = _pattern("QR code payload (1 to 256 characters, no spaces)", r"\S{1,256}")
CERT_SERIAL = _pattern(
    "certificate serial (1 to 40 hexadecimal digits; ':' and spaces between octets are dropped)",
    r"[0-9A-Fa-f]{1,40}",
    clean=lambda value: re.sub(r"[:\s]", "", value),
)
SHA256 = _pattern("SHA-256 digest (64 hexadecimal digits)", r"[0-9a-f]{64}", clean=lambda value: value.lower())
XML_ID = _pattern("id (a letter, then up to 63 letters, digits, '-', '_' or '.')", r"[A-Za-z][A-Za-z0-9._\-]{0,63}")


def _code_list_read(value: str, where: Where) -> list[str]:
    parts = [" ".join(part.split()) for part in re.split(r"[,;]", value)]
    if any(not part for part in parts):
        raise where.error(f"{value!r}: an empty entry in the list (separate entries with ',')")
    for part in parts:
        if len(part) > 64:
            raise where.error(f"{part!r} is over 64 characters")
    if len(set(parts)) != len(parts):
        raise where.error(f"{value!r} names an entry twice")
    return parts


def _code_list_write(values: list[str], where: Where) -> str:
    if not values:
        raise where.error("expected at least one value")
    for value in values:
        if "," in value or ";" in value:
            raise where.error(f"{value!r} contains ',' or ';', which TraKea uses between entries")
    return ", ".join(values)


CODE_LIST = Kind("list of codes separated by ','", _code_list_read, _code_list_write)


def _key(value: str) -> str:
    """A code as typed, reduced for lookup: upper case, without spaces, dots, hyphens, underscores, '/', '&'."""
    return re.sub(r"[\s.\-_/&()]", "", unicodedata.normalize("NFC", value).upper())


def coded(label: str, table: dict[str, tuple[str, ...]]) -> Kind:
    """A TraKea code. ``table`` maps each canonical value to its spellings, the first being what encode writes."""
    lookup = {
        _key(spelling): canonical for canonical, spellings in table.items() for spelling in (canonical, *spellings)
    }
    shown = ", ".join(spellings[0] for spellings in table.values())

    def read(value: str, where: Where) -> str:
        found = lookup.get(_key(value))
        if found is None:
            raise where.error(f"{value!r} is not a {label} (expected one of: {shown})")
        return found

    def write(values: list[str], where: Where) -> str:
        value = _single(values, where).strip()
        if value not in table:
            raise where.error(f"{value!r} is not a canonical {label}")
        return table[value][0]

    return Kind(f"{label}: {shown}", _one(read), write)


# ---------------------------------------------------------------------------------------- canonical helpers


_NS_PREFIX = f"{{{CANONICAL_NS}}}"


def q(name: str) -> str:
    return _NS_PREFIX + name


def add(parent: etree._Element, name: str, text: str | None = None, **attrib: str) -> etree._Element:
    # Most elements have no attributes, and SubElement is cheaper without an (empty) attribute dict.
    element = (
        etree.SubElement(parent, _NS_PREFIX + name, attrib) if attrib else etree.SubElement(parent, _NS_PREFIX + name)
    )
    if text is not None:
        element.text = text
    return element


def text(scope: etree._Element, path: str) -> str:
    """The text of the element at ``path`` under ``scope`` ("" when absent): for checks across fields."""
    found = scope.find("/".join(q(step) for step in path.split("/")))
    return "" if found is None else (found.text or "")


def _child(parent: etree._Element, name: str) -> etree._Element | None:
    found = list(parent.iterchildren(q(name)))
    return found[-1] if found else None  # the last one: a group's columns fill the element made last


def read_cols(scope: etree._Element, cols: Sequence[Col], row: Row) -> None:
    """Fill ``scope`` from ``row``, column by column in table order. Raises AdapterError naming the cell."""
    # Each cell is cleaned (Row.value) once: the grouped columns first, as ``given`` needs them (so the same cell
    # is refused first when two are bad), the others as the loop reaches them.
    values = {col.column: row.value(col.column) for col in cols if col.group is not None}
    given = {col.group for col in cols if col.group is not None and values[col.column] is not None}
    for col in cols:
        value = values[col.column] if col.column in values else row.value(col.column)
        if value is None:
            if col.need is Need.ALWAYS or (col.need is Need.WITH_GROUP and col.group in given):
                raise row.error("required, but empty or not in the file", col.column)
            continue
        where = Where(row.field(col.column), row.line)
        steps = col.steps
        parent = scope
        for step in steps[:-1]:
            existing = _child(parent, step)
            parent = add(parent, step) if existing is None else existing
        for canonical in col.kind.read(value, where):
            if steps[-1].startswith("@"):
                parent.set(steps[-1][1:], canonical)
            elif col.kind.script:
                add(parent, steps[-1], canonical, script=script_of(canonical))
            else:
                add(parent, steps[-1], canonical)


def write_cols(scope: etree._Element, cols: Sequence[Col], scope_path: str) -> dict[str, str]:
    """Read ``scope``'s elements back into cells. Raises AdapterError naming the canonical path."""
    cells: dict[str, str] = {}
    present = {col.group for col in cols if col.group is not None and scope.find(q(col.group)) is not None}
    for col in cols:
        where = Where(f"{scope_path}/{col.path}", scope.sourceline)
        values = _find(scope, col.path.split("/"))
        if not values:
            if col.need is Need.ALWAYS or (col.need is Need.WITH_GROUP and col.group in present):
                raise where.error("required element is missing from the canonical record")
            continue
        cells[col.column] = col.kind.write(values, where)
    return cells


def _find(scope: etree._Element, steps: list[str]) -> list[str]:
    parents = [scope]
    for step in steps[:-1]:
        parents = [child for parent in parents for child in parent.iterchildren(q(step))]
    last = steps[-1]
    if last.startswith("@"):
        return [value for parent in parents if (value := parent.get(last[1:])) is not None]
    return [(child.text or "").strip() for parent in parents for child in parent.iterchildren(q(last))]
