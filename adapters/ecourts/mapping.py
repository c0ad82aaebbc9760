"""The mapping engine: tables of CIS JSON keys and canonical elements, read in both directions.

A record type is a list of fields. Each field knows its CIS key(s), its canonical element, and a converter for the
value, and it can ``decode`` (CIS JSON object -> canonical element, in the schema's order) and ``encode``
(canonical element -> CIS JSON keys). Because both directions read the same table, what decode writes is exactly
what encode reads back, which is what makes ``decode(encode(record))`` give the record again.

- ``Leaf``: one CIS value <-> one canonical element with text.
- ``Node``: a canonical element with children; its CIS keys either sit in a nested object (``key=``) or in the
  same object as its parent's (``key=None``, a flattened group such as ``reg_no``/``reg_year``/``dt_regis``).
- ``Repeat``: a CIS list <-> repeated canonical elements.
- ``Attr``: a CIS value <-> an attribute of the element being built.
- a few fields with their own logic (names, charges, parties, the header) live in ``records``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError
from adapters.ecourts.jsonio import Scope
from adapters.notation import IST, parse_native_date, parse_native_datetime

# --------------------------------------------------------------------------------------------- xml helpers


def q(name: str) -> str:
    return f"{{{CANONICAL_NS}}}{name}"


_PREFIX = f"{{{CANONICAL_NS}}}"


def local(element: etree._Element) -> str:
    # The local name is what follows "}" (no XML name holds one): building an etree.QName for it, per element,
    # was the largest single cost of encode.
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else "#comment"


def in_canonical_ns(element: etree._Element) -> bool:
    """The element's namespace is the canonical one (as etree.QName(element).namespace == CANONICAL_NS)."""
    return element.tag.startswith(_PREFIX)


def add(parent: etree._Element, name: str, text: str | None = None, **attrib: str) -> etree._Element:
    # Most elements have no attributes, and SubElement is a third faster without an (empty) attribute dict.
    element = etree.SubElement(parent, q(name), attrib) if attrib else etree.SubElement(parent, q(name))
    if text is not None:
        element.text = text
    return element


def path_of(element: etree._Element) -> str:
    """A readable canonical path for encode's refusals: /CourtOrder/BailTerms/BondAmountInr."""
    parts = []
    node: etree._Element | None = element
    while node is not None:
        parts.append(local(node))
        node = node.getparent()
    return "/" + "/".join(reversed(parts))


def children(parent: etree._Element, name: str) -> list[etree._Element]:
    return list(parent.iterchildren(q(name)))


def only_child(parent: etree._Element, name: str) -> etree._Element | None:
    found = children(parent, name)
    if len(found) > 1:
        raise AdapterError(f"{name} occurs {len(found)} times; CIS has room for one", field=path_of(found[1]))
    return found[0] if found else None


def text_of(element: etree._Element) -> str:
    return (element.text or "").strip()


def lacking(parent: etree._Element, name: str) -> AdapterError:
    return AdapterError(f"the canonical record lacks {name}", field=f"{path_of(parent)}/{name}")


# ------------------------------------------------------------------------------------------- converters

_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Conv:
    """A value converter: CIS JSON value -> canonical text (decode) and back (encode)."""

    def decode(self, value: Any, scope: Scope, key: str | int) -> str:
        raise NotImplementedError

    def encode(self, text: str, where: str) -> Any:
        return text


class Str(Conv):
    """Text: NFC, trimmed; one-line text has its runs of whitespace made one space."""

    def __init__(
        self,
        limit: int = 200,
        *,
        multiline: bool = False,
        pattern: str | None = None,
        what: str = "",
        upper: bool = False,
        strip: str = "",
    ) -> None:
        self.limit = limit
        self.multiline = multiline
        self.pattern = re.compile(pattern) if pattern else None
        self.what = what
        self.upper = upper
        self.strip = strip  # characters removed before matching, e.g. "- " in a CNR typed HRFB01-001234-2024

    def decode(self, value: Any, scope: Scope, key: str | int) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            raise scope.error(f"expected text, found {type(value).__name__}", key)
        if isinstance(value, Decimal):
            if not value.is_finite() or value != value.to_integral_value() or abs(value) > 10**12:
                raise scope.error(f"expected text, found the number {value}", key)
            value = str(int(value))
        text = unicodedata.normalize("NFC", str(value))
        bad = _XML_ILLEGAL.search(text)
        if bad:
            raise scope.error(f"holds the control character U+{ord(bad.group()):04X}, which a record cannot carry", key)
        if self.multiline:
            lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            text = "\n".join(line.rstrip() for line in lines).strip()
        else:
            text = " ".join(text.split())
        for char in self.strip:
            text = text.replace(char, "")
        if self.upper:
            text = text.upper()
        if not text:
            raise scope.error("is empty", key)
        if len(text) > self.limit:
            raise scope.error(f"is {len(text)} characters long; the limit is {self.limit}", key)
        if self.pattern is not None and not self.pattern.fullmatch(text):
            raise scope.error(f"{text!r} is not {self.what}", key)
        return text


class Int(Conv):
    def __init__(self, low: int, high: int, what: str = "a number") -> None:
        self.low, self.high, self.what = low, high, what

    def decode(self, value: Any, scope: Scope, key: str | int) -> str:
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, Decimal):
            if value.is_finite() and value == value.to_integral_value() and self.low <= value <= self.high:
                number = int(value)
            elif value.is_finite() and value == value.to_integral_value():
                raise scope.error(f"{value} is not {self.what} from {self.low} to {self.high}", key)
        elif isinstance(value, str) and re.fullmatch(r"\s*\d{1,12}\s*", value):
            number = int(value)
        if number is None:
            raise scope.error(f"{_shown(value)} is not {self.what} (a whole number)", key)
        if not self.low <= number <= self.high:
            raise scope.error(f"{number} is not {self.what} from {self.low} to {self.high}", key)
        return str(number)

    def encode(self, text: str, where: str) -> Any:
        try:
            return int(text)
        except ValueError:
            raise AdapterError(f"{text!r} is not a whole number", field=where) from None


def _normal_code(value: str) -> str:
    return re.sub(r"[\s.\-_/()]", "", value.upper())


class Code(Conv):
    """A coded value. ``entries`` maps each canonical value to the CIS code encode writes, then the other
    spellings decode accepts. Matching ignores case, spaces, dots, hyphens, underscores, slashes and brackets."""

    def __init__(self, what: str, entries: dict[str, Sequence[str]]) -> None:
        self.what = what
        self.native = {canonical: spellings[0] for canonical, spellings in entries.items()}
        self.table: dict[str, str] = {}
        for canonical, spellings in entries.items():
            for spelling in (canonical, *spellings):
                self.table[_normal_code(spelling)] = canonical

    def decode(self, value: Any, scope: Scope, key: str | int) -> str:
        if not isinstance(value, str):
            raise scope.error(f"{_shown(value)} is not {self.what}", key)
        found = self.table.get(_normal_code(value))
        if found is None:
            raise scope.error(
                f"{' '.join(value.split())[:60]!r} is not {self.what} (one of: {', '.join(self.native.values())})", key
            )
        return found

    def encode(self, text: str, where: str) -> Any:
        try:
            return self.native[text]
        except KeyError:
            raise AdapterError(f"{text!r} is not {self.what}", field=where) from None


class DateConv(Conv):
    """A calendar date: dd-mm-yyyy as CIS writes it, or dd/mm/yyyy, dd.mm.yyyy, yyyy-mm-dd."""

    def decode(self, value: Any, scope: Scope, key: str | int) -> str:
        return self.parse(value, scope, key).isoformat()

    def parse(self, value: Any, scope: Scope, key: str | int) -> date:
        if not isinstance(value, str):
            raise scope.error(f"{_shown(value)} is not a date (write dd-mm-yyyy)", key)
        # The line is looked up only for a refusal: finding it scans the whole document, which cost more than the
        # rest of decoding a record when done for every date.
        try:
            day = parse_native_date(value, field=scope.at(key))
        except AdapterError as exc:
            exc.line = scope.line(key)
            raise
        if not 1900 <= day.year <= 2100:
            raise scope.error(f"{value.strip()!r}: year {day.year} is outside 1900 to 2100", key)
        return day

    def encode(self, text: str, where: str) -> Any:
        try:
            return date.fromisoformat(text).strftime("%d-%m-%Y")
        except ValueError:
            raise AdapterError(f"{text!r} is not a date (yyyy-mm-dd)", field=where) from None


class DateTimeConv(Conv):
    """A timestamp: dd-mm-yyyy hh:mm:ss in IST as CIS writes it, or any form notation accepts (ISO with offset)."""

    def decode(self, value: Any, scope: Scope, key: str | int) -> str:
        return self.parse(value, scope, key).isoformat()

    def parse(self, value: Any, scope: Scope, key: str | int) -> datetime:
        if not isinstance(value, str):
            raise scope.error(f"{_shown(value)} is not a date and time (write dd-mm-yyyy hh:mm:ss)", key)
        try:
            return parse_native_datetime(value, field=scope.at(key))
        except AdapterError as exc:
            exc.line = scope.line(key)  # only for a refusal, as in DateConv.parse
            raise

    def encode(self, text: str, where: str) -> Any:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise AdapterError(f"{text!r} is not a date and time", field=where) from None
        if moment.utcoffset() == IST.utcoffset(None) and moment.microsecond == 0:
            return moment.strftime("%d-%m-%Y %H:%M:%S")
        return text


class BoolConv(Conv):
    _TRUE = frozenset({"Y", "YES", "TRUE", "1", "HAN", "हाँ", "हां"})
    _FALSE = frozenset({"N", "NO", "FALSE", "0", "NAHIN", "नहीं"})

    def decode(self, value: Any, scope: Scope, key: str | int) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int) and value in (0, 1):
            return "true" if value else "false"
        if isinstance(value, str):
            word = value.strip().upper()
            if word in self._TRUE:
                return "true"
            if word in self._FALSE:
                return "false"
        raise scope.error(f"{_shown(value)} is not Y or N", key)

    def encode(self, text: str, where: str) -> Any:
        if text in ("true", "1"):
            return "Y"
        if text in ("false", "0"):
            return "N"
        raise AdapterError(f"{text!r} is not a boolean", field=where)


_RUPEES = re.compile(
    r"^(?:rs\.?|inr|₹)?\s*(?P<amount>\d{1,3}(?:,\d{2,3})*|\d+)(?P<decimals>\.\d{1,2})?\s*(?:/-)?$", re.I
)


class AmountConv(Conv):
    """Rupees: a JSON number, or text as typed (25000, "25,000", "Rs. 1,25,000/-", "₹ 499.50")."""

    def decode(self, value: Any, scope: Scope, key: str | int) -> str:
        amount: Decimal | None = None
        if isinstance(value, bool):
            amount = None
        elif isinstance(value, int | Decimal):
            amount = Decimal(value)
        elif isinstance(value, str):
            match = _RUPEES.match(value.strip())
            if match:
                amount = Decimal(match["amount"].replace(",", "") + (match["decimals"] or ""))
        if amount is None or not amount.is_finite():
            raise scope.error(f"{_shown(value)} is not an amount in rupees", key)
        if amount < 0 or amount.adjusted() > 12:
            raise scope.error(f"{_shown(value)} is not an amount in rupees from 0 to 10^13", key)
        if amount != amount.quantize(Decimal("0.01")):
            raise scope.error(f"{_shown(value)}: rupees have at most two decimals (paise)", key)
        return decimal_text(amount)

    def encode(self, text: str, where: str) -> Any:
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise AdapterError(f"{text!r} is not an amount", field=where) from None
        if not amount.is_finite() or amount.adjusted() > 12:
            raise AdapterError(f"{text!r} is not an amount", field=where)
        return int(amount) if amount == amount.to_integral_value() else decimal_text(amount)


def decimal_text(amount: Decimal) -> str:
    """25000, 499.5: no exponent, no trailing zeros."""
    return format(amount.normalize(), "f")


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(" ".join(value.split())[:60])
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "a list"
    return repr(value) if not isinstance(value, Decimal) else str(value)


# ------------------------------------------------------------------------------------------------ fields


class Field:
    """One entry of a mapping table."""

    tags: frozenset[str] = frozenset()

    def present(self, scope: Scope) -> bool:
        raise NotImplementedError

    def decode(self, scope: Scope, parent: etree._Element) -> None:
        raise NotImplementedError

    def encode(self, parent: etree._Element, out: dict[str, Any]) -> None:
        raise NotImplementedError


class Leaf(Field):
    """A CIS value <-> a canonical element holding text."""

    def __init__(
        self, key: str | None, tag: str, conv: Conv, *, required: bool = False, default: str | None = None
    ) -> None:
        self.key, self.tag, self.conv = key, tag, conv
        self.required, self.default = required, default
        self.tags = frozenset({tag})

    def present(self, scope: Scope) -> bool:
        return self.key is not None and scope.raw(self.key) is not None

    def decode(self, scope: Scope, parent: etree._Element) -> None:
        assert self.key is not None
        self.decode_at(scope, self.key, parent)

    def decode_at(self, scope: Scope, key: str | int, parent: etree._Element) -> None:
        value = scope.raw(key)
        if value is None:
            if self.default is not None:
                add(parent, self.tag, self.default)
            elif self.required:
                raise scope.missing(key) if isinstance(key, str) else scope.error("is empty", key)
            return
        add(parent, self.tag, self.conv.decode(value, scope, key))

    def encode(self, parent: etree._Element, out: dict[str, Any]) -> None:
        assert self.key is not None
        element = only_child(parent, self.tag)
        if element is None:
            if self.required:
                raise lacking(parent, self.tag)
            return
        out[self.key] = self.encode_value(element)

    def encode_value(self, element: etree._Element) -> Any:
        return self.conv.encode(text_of(element), path_of(element))


class Attr:
    """A CIS value <-> an attribute of the element being built. ``only_true`` flags appear only when set."""

    def __init__(self, key: str, name: str, conv: Conv, *, required: bool = True, only_true: bool = False) -> None:
        self.key, self.name, self.conv = key, name, conv
        self.required, self.only_true = required, only_true

    def present(self, scope: Scope) -> bool:
        value = scope.raw(self.key)
        if value is None:
            return False
        return not self.only_true or self.conv.decode(value, scope, self.key) == "true"

    def decode(self, scope: Scope, element: etree._Element) -> None:
        value = scope.raw(self.key)
        if value is None:
            if self.required:
                raise scope.missing(self.key)
            return
        text = self.conv.decode(value, scope, self.key)
        if not self.only_true or text == "true":
            element.set(self.name, text)

    def encode(self, element: etree._Element, out: dict[str, Any]) -> None:
        value = element.get(self.name)
        if value is None:
            if self.required:
                raise AdapterError(f"the canonical record lacks @{self.name}", field=path_of(element))
            return
        if self.only_true and value not in ("true", "1"):
            return
        out[self.key] = self.conv.encode(value, f"{path_of(element)}/@{self.name}")


def decode_fields(scope: Scope, element: etree._Element, fields: Iterable[Field], attrs: Iterable[Attr] = ()) -> None:
    for attr in attrs:
        attr.decode(scope, element)
    for field in fields:
        field.decode(scope, element)


def encode_fields(
    element: etree._Element, out: dict[str, Any], fields: Sequence[Field], attrs: Iterable[Attr] = ()
) -> None:
    for attr in attrs:
        attr.encode(element, out)
    for field in fields:
        field.encode(element, out)
    known = frozenset().union(*(field.tags for field in fields)) if fields else frozenset()
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if not in_canonical_ns(child) or local(child) not in known:
            raise AdapterError(f"{local(child)} has no place in a CIS record here", field=path_of(child))


class Node(Field):
    """A canonical element with children. Its CIS keys are in the object at ``key``, or, with ``key=None``,
    in the parent's own object (emitted when any of them is given, or always when required)."""

    def __init__(
        self,
        tag: str,
        fields: Sequence[Field] = (),
        *,
        key: str | None = None,
        attrs: Sequence[Attr] = (),
        required: bool = False,
    ) -> None:
        self.tag, self.fields, self.key, self.attrs, self.required = tag, fields, key, attrs, required
        self.tags = frozenset({tag})

    def present(self, scope: Scope) -> bool:
        if self.key is not None:
            return scope.raw(self.key) is not None
        # Every key is looked at (not any(): a short circuit would leave later keys unread, hence "unexpected").
        found = [field.present(scope) for field in self.fields] + [attr.present(scope) for attr in self.attrs]
        return any(found)

    def decode(self, scope: Scope, parent: etree._Element) -> None:
        if self.key is not None:
            if scope.raw(self.key) is None:
                if self.required:
                    raise scope.missing(self.key)
                return
            inner = scope.obj(self.key)
            self.decode_into(inner, add(parent, self.tag))
            inner.finish()
            return
        if not self.present(scope) and not self.required:
            return
        self.decode_into(scope, add(parent, self.tag))

    def decode_into(self, scope: Scope, element: etree._Element) -> None:
        decode_fields(scope, element, self.fields, self.attrs)

    def encode(self, parent: etree._Element, out: dict[str, Any]) -> None:
        element = only_child(parent, self.tag)
        if element is None:
            if self.required:
                raise lacking(parent, self.tag)
            return
        if self.key is None:
            encode_fields(element, out, self.fields, self.attrs)
            return
        inner: dict[str, Any] = {}
        encode_fields(element, inner, self.fields, self.attrs)
        out[self.key] = inner


class Repeat(Field):
    """A CIS list <-> repeated canonical elements: objects (``fields``/``attrs``) or plain values (``item``).
    ``unique`` lists (CIS key, canonical "@attribute" or "Child/Path", several joined by "+") whose values may
    not repeat within the list; a repeat is refused naming the CIS key."""

    def __init__(
        self,
        key: str,
        tag: str,
        fields: Sequence[Field] = (),
        *,
        attrs: Sequence[Attr] = (),
        item: Leaf | None = None,
        min_items: int = 0,
        max_items: int = 999,
        unique: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.key, self.tag, self.fields, self.attrs, self.item = key, tag, fields, attrs, item
        self.min_items, self.max_items, self.unique = min_items, max_items, unique
        self.tags = frozenset({tag})

    def present(self, scope: Scope) -> bool:
        return scope.raw(self.key) is not None

    def decode(self, scope: Scope, parent: etree._Element) -> None:
        value = scope.raw(self.key)
        if value is None or value == []:
            if self.min_items:
                raise scope.missing(self.key, f"required: a list of at least {self.min_items}")
            return
        if self.item is not None and not isinstance(value, list):
            self.item.decode_at(scope, self.key, parent)  # one plain value where a list of them is expected
            return
        items = scope.array(self.key)
        if len(items) < self.min_items:
            raise scope.error(f"needs at least {self.min_items} entries", self.key)
        if len(items) > self.max_items:
            raise items.error(f"at most {self.max_items} entries are allowed", self.max_items)
        seen: dict[tuple[str, str], int] = {}
        for index in range(len(items)):
            if self.item is not None:
                self.item.decode_at(items, index, parent)
                continue
            entry = items.obj(index)
            element = add(parent, self.tag)
            decode_fields(entry, element, self.fields, self.attrs)
            entry.finish()
            for key, spec in self.unique:
                marker = _marker(element, spec)
                if marker is None:
                    continue
                if (spec, marker) in seen:
                    shown = " ".join(marker)
                    raise entry.error(f"{shown!r} is already used by entry {seen[(spec, marker)]} of this list", key)
                seen[(spec, marker)] = index

    def encode(self, parent: etree._Element, out: dict[str, Any]) -> None:
        found = children(parent, self.tag)
        if not found:
            if self.min_items:
                raise lacking(parent, self.tag)
            return
        entries: list[Any] = []
        for element in found:
            if self.item is not None:
                entries.append(self.item.encode_value(element))
                continue
            entry: dict[str, Any] = {}
            encode_fields(element, entry, self.fields, self.attrs)
            entries.append(entry)
        out[self.key] = entries


def _marker(element: etree._Element, spec: str) -> tuple[str, ...] | None:
    """The values ``spec`` names in an element: "@code", or child paths joined by "+" ("Charge/Statute+...")."""
    values = []
    for part in spec.split("+"):
        if part.startswith("@"):
            value = element.get(part[1:])
        else:
            found = element.find("/".join(f"r:{step}" for step in part.split("/")), {"r": CANONICAL_NS})
            value = None if found is None else found.text
        if value is None:
            return None
        values.append(value)
    return tuple(values)


class Choice(Field):
    """One of several fields, chosen by which CIS key is given (``None``: the fallback)."""

    def __init__(self, options: Sequence[tuple[str | None, Field]]) -> None:
        self.options = options
        self.tags = frozenset().union(*(field.tags for _, field in options))

    def present(self, scope: Scope) -> bool:
        return any([field.present(scope) for _, field in self.options])

    def decode(self, scope: Scope, parent: etree._Element) -> None:
        for key, field in self.options:
            if key is None or scope.raw(key) is not None:
                field.decode(scope, parent)
                return

    def encode(self, parent: etree._Element, out: dict[str, Any]) -> None:
        for _, field in self.options:
            if any(only_child(parent, tag) is not None for tag in field.tags):
                field.encode(parent, out)
                return


class Flag(Field):
    """Y/N in CIS <-> an empty canonical element that is there (Y) or not (N)."""

    def __init__(self, key: str, tag: str) -> None:
        self.key, self.tag = key, tag
        self.tags = frozenset({tag})

    def present(self, scope: Scope) -> bool:
        return scope.raw(self.key) is not None

    def decode(self, scope: Scope, parent: etree._Element) -> None:
        value = scope.raw(self.key)
        if value is not None and BOOL.decode(value, scope, self.key) == "true":
            add(parent, self.tag)

    def encode(self, parent: etree._Element, out: dict[str, Any]) -> None:
        if only_child(parent, self.tag) is not None:
            out[self.key] = "Y"


class TextNode(Field):
    """A canonical element with text and attributes, from a CIS object: ``{"id": ..., "state_code": ...}``."""

    def __init__(
        self, key: str, tag: str, text_key: str, conv: Conv, attrs: Sequence[Attr], *, required: bool = False
    ) -> None:
        self.key, self.tag, self.text = key, tag, Leaf(text_key, tag, conv, required=True)
        self.attrs, self.required = attrs, required
        self.tags = frozenset({tag})

    def present(self, scope: Scope) -> bool:
        return scope.raw(self.key) is not None

    def decode(self, scope: Scope, parent: etree._Element) -> None:
        if scope.raw(self.key) is None:
            if self.required:
                raise scope.missing(self.key)
            return
        inner = scope.obj(self.key)
        self.text.decode(inner, parent)
        element = parent[-1]
        for attr in self.attrs:
            attr.decode(inner, element)
        inner.finish()

    def encode(self, parent: etree._Element, out: dict[str, Any]) -> None:
        element = only_child(parent, self.tag)
        if element is None:
            if self.required:
                raise lacking(parent, self.tag)
            return
        assert self.text.key is not None
        inner: dict[str, Any] = {self.text.key: self.text.encode_value(element)}
        for attr in self.attrs:
            attr.encode(element, inner)
        out[self.key] = inner


_TERM = re.compile(r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<days>\d+)D)?$")
_TERM_PARTS = (("years", "Y"), ("months", "M"), ("days", "D"))


class Term(Field):
    """A term of imprisonment or probation: CIS ``years``/``months``/``days`` <-> an ISO 8601 duration (P1Y6M)."""

    def __init__(self, tag: str = "Term", *, required: bool = False) -> None:
        self.tag, self.required = tag, required
        self.tags = frozenset({tag})
        self.number = Int(0, 999, "a number of years, months or days")

    def present(self, scope: Scope) -> bool:
        return any([scope.raw(key) is not None for key, _ in _TERM_PARTS])

    def decode(self, scope: Scope, parent: etree._Element) -> None:
        text = "P"
        for key, unit in _TERM_PARTS:
            value = scope.raw(key)
            if value is not None:
                text += self.number.decode(value, scope, key) + unit
        if text == "P":
            if self.required:
                raise scope.missing("years", "required: a term in years, months and/or days")
            return
        add(parent, self.tag, text)

    def encode(self, parent: etree._Element, out: dict[str, Any]) -> None:
        element = only_child(parent, self.tag)
        if element is None:
            if self.required:
                raise lacking(parent, self.tag)
            return
        match = _TERM.match(text_of(element))
        if match is None or text_of(element) == "P":
            raise AdapterError(f"{text_of(element)!r} is not a term such as P1Y6M", field=path_of(element))
        for key, _ in _TERM_PARTS:
            if match[key] is not None:
                out[key] = int(match[key])


class Custom(Field):
    """A field with logic of its own: decode and encode functions, the canonical tags it writes."""

    def __init__(
        self,
        tags: Iterable[str],
        decode: Callable[[Scope, etree._Element], None],
        encode: Callable[[etree._Element, dict[str, Any]], None],
        present: Callable[[Scope], bool],
    ) -> None:
        self.tags = frozenset(tags)
        self._decode, self._encode, self._present = decode, encode, present

    def present(self, scope: Scope) -> bool:
        return self._present(scope)

    def decode(self, scope: Scope, parent: etree._Element) -> None:
        self._decode(scope, parent)

    def encode(self, parent: etree._Element, out: dict[str, Any]) -> None:
        self._encode(parent, out)


BOOL = BoolConv()
DATE = DateConv()
DATETIME = DateTimeConv()
AMOUNT = AmountConv()
