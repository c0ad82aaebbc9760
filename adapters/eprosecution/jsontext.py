"""Reading e-Prosecution's JSON: values with the JSON pointer and line they came from.

The standard library's ``json`` module says nothing about where a value was, and a prosecutor fixing a refused
scrutiny in e-Prosecution's error queue needs the line. So this module parses JSON itself (RFC 8259, strictly: no
NaN or Infinity, no trailing commas, no comments, no duplicate keys) and keeps, for every object member and array
item, its offset in the text. Strings are decoded by the standard library's own ``scanstring``.

Every refusal is an ``AdapterError`` whose ``field`` is a JSON pointer (``/scrutinyRecords/0/decision/status``)
and whose ``line`` is the 1-based line of the value (or of the key, for a missing member: its object's line).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date, datetime
from json.decoder import JSONDecodeError, scanstring
from typing import Any

from adapters.base import AdapterError
from adapters.notation import parse_native_date, parse_native_datetime

__all__ = ["JsonArray", "JsonObject", "Obj", "Source", "decode_text", "parse_json", "pointer_join"]

MAX_DEPTH = 64  # e-Prosecution's deepest export nests 6 levels; anything near this is not an export
_WHITESPACE = re.compile(r"[ \t\n\r]*")
# A separator and the whitespace around it, in one match: skipping whitespace on each side of every ':' and ','
# separately was most of the parser's calls.
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")
_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?P<frac>\.[0-9]+)?(?P<exp>[eE][-+]?[0-9]+)?")
_MAX_NUMBER_CHARS = 40
# Characters XML 1.0 cannot carry (C0 controls other than tab, CR, LF; surrogates; U+FFFE and U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class JsonObject(dict[str, Any]):
    """A JSON object (members in document order), with the offset of its '{' and of each member's value."""

    __slots__ = ("duplicate", "offset", "value_offsets")

    def __init__(self, offset: int) -> None:
        super().__init__()
        self.offset = offset
        self.value_offsets: dict[str, int] = {}
        self.duplicate: str | None = None


class JsonArray(list[Any]):
    """A JSON array, with the offset of its '[' and of each item."""

    __slots__ = ("item_offsets", "offset")

    def __init__(self, offset: int) -> None:
        super().__init__()
        self.offset = offset
        self.item_offsets: list[int] = []


def decode_text(native: bytes) -> str:
    """The document as text: UTF-8 only (a leading byte-order mark is allowed), as RFC 8259 requires."""
    if not isinstance(native, bytes | bytearray | memoryview):
        raise AdapterError(f"expected bytes, got {type(native).__name__}", field="document")
    data = bytes(native)
    if not data.strip():
        raise AdapterError("empty document", field="document", line=1)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and (data[0] == 0 or data[1] == 0)):
        raise AdapterError(
            "the document is UTF-16 or UTF-32; e-Prosecution exports are UTF-8", field="document", line=1
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AdapterError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}; e-Prosecution exports are UTF-8",
            field="document",
            line=line,
        ) from None


def parse_json(text: str) -> Any:
    """Parse a whole JSON text into JsonObject, JsonArray, str, int, float, bool or None; AdapterError if not JSON."""
    parser = _Parser(text)
    value = parser.value(parser.skip(0), 0)
    end = parser.skip(parser.end)
    if end != len(text):
        raise parser.refuse("unexpected text after the JSON value", end)
    return value


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.end = 0

    def refuse(self, message: str, offset: int) -> AdapterError:
        offset = min(offset, len(self.text))
        return AdapterError(f"not JSON: {message}", field="document", line=self.text.count("\n", 0, offset) + 1)

    def skip(self, offset: int) -> int:
        match = _WHITESPACE.match(self.text, offset)
        return match.end() if match else offset

    def value(self, offset: int, depth: int) -> Any:
        """The value starting at ``offset`` (no whitespace before it); sets ``self.end`` just after it."""
        text = self.text
        if offset >= len(text):
            raise self.refuse("the document ends where a value was expected", offset)
        char = text[offset]
        if char == "{":
            return self.object(offset, depth + 1)
        if char == "[":
            return self.array(offset, depth + 1)
        if char == '"':
            try:  # self.string(), inlined: strings are most of the values
                string, self.end = scanstring(text, offset + 1, True)
            except JSONDecodeError as exc:
                raise self.refuse(exc.msg, exc.pos) from None
            return string
        for literal, result in (("true", True), ("false", False), ("null", None)):
            if text.startswith(literal, offset):
                self.end = offset + len(literal)
                return result
        match = _NUMBER.match(text, offset)
        if match is not None:
            number = match.group()
            if len(number) > _MAX_NUMBER_CHARS:
                raise self.refuse(f"a number of {len(number)} characters", offset)
            self.end = match.end()
            if match["frac"] is None and match["exp"] is None:
                return int(number)
            result = float(number)
            if result in (float("inf"), float("-inf")):
                raise self.refuse(f"{number} is too large a number", offset)
            return result
        shown = text[offset : offset + 12]
        raise self.refuse(f"unexpected {shown!r} where a value was expected", offset)

    def string(self, offset: int) -> str:
        try:
            result, self.end = scanstring(self.text, offset + 1, True)
        except JSONDecodeError as exc:
            raise self.refuse(exc.msg, exc.pos) from None
        return result

    def object(self, offset: int, depth: int) -> JsonObject:
        if depth > MAX_DEPTH:
            raise self.refuse(f"nested deeper than {MAX_DEPTH} levels", offset)
        result = JsonObject(offset)
        at = self.skip(offset + 1)
        if self.text.startswith("}", at):
            self.end = at + 1
            return result
        while True:
            if not self.text.startswith('"', at):
                raise self.refuse("expected a member name in double quotes", at)
            key = self.string(at)
            colon = _COLON.match(self.text, self.end)
            if colon is None:
                at = self.skip(self.end)
                raise self.refuse(f"expected ':' after the member name {key!r}", at)
            at = colon.end()
            value = self.value(at, depth)
            if key in result and result.duplicate is None:
                result.duplicate = key
            result[key] = value
            result.value_offsets[key] = at
            comma = _COMMA.match(self.text, self.end)
            if comma is not None:
                at = comma.end()
                continue
            at = self.skip(self.end)
            if self.text.startswith("}", at):
                self.end = at + 1
                return result
            raise self.refuse("expected ',' or '}' in an object", at)

    def array(self, offset: int, depth: int) -> JsonArray:
        if depth > MAX_DEPTH:
            raise self.refuse(f"nested deeper than {MAX_DEPTH} levels", offset)
        result = JsonArray(offset)
        at = self.skip(offset + 1)
        if self.text.startswith("]", at):
            self.end = at + 1
            return result
        while True:
            result.append(self.value(at, depth))
            result.item_offsets.append(at)
            comma = _COMMA.match(self.text, self.end)
            if comma is not None:
                at = comma.end()
                continue
            at = self.skip(self.end)
            if self.text.startswith("]", at):
                self.end = at + 1
                return result
            raise self.refuse("expected ',' or ']' in an array", at)


def pointer_join(pointer: str, token: str | int) -> str:
    """RFC 6901: a member name's '~' and '/' are escaped as '~0' and '~1'."""
    return f"{pointer}/{str(token).replace('~', '~0').replace('/', '~1')}"


_KINDS = {
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    JsonObject: "an object",
    JsonArray: "an array",
    type(None): "null",
}


def _kind(value: Any) -> str:
    return _KINDS.get(type(value), type(value).__name__)


class Source:
    """The document's text, and the line of any offset in it (found by bisection: a refused record with many
    items must not cost a scan of the whole document per item)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._newlines: list[int] | None = None

    def line(self, offset: int) -> int:
        if self._newlines is None:
            self._newlines = [match.start() for match in re.finditer("\n", self.text)]
        return bisect_right(self._newlines, offset - 1) + 1


class Obj:
    """One JSON object of the document, the pointer it is reported under, and the source for line numbers."""

    def __init__(self, value: JsonObject, pointer: str, source: Source) -> None:
        self.value = value
        self.pointer = pointer
        self.source = source

    # ------------------------------------------------------------------------------------------ where

    def line_at(self, offset: int) -> int:
        return self.source.line(offset)

    @property
    def line(self) -> int:
        return self.line_at(self.value.offset)

    def error(self, message: str, key: str | None = None) -> AdapterError:
        """An error about this object, or about its member ``key`` (which may be missing: then the object's line)."""
        if key is None:
            return AdapterError(message, field=self.pointer or "/", line=self.line)
        offset = self.value.value_offsets.get(key, self.value.offset)
        return AdapterError(message, field=pointer_join(self.pointer, key), line=self.line_at(offset))

    def only(self, *keys: str) -> None:
        """Refuse a member this object may not have, and a member given twice (which value would count?)."""
        if self.value.duplicate is not None:
            raise self.error("is given twice in the same object", self.value.duplicate)
        allowed = set(keys)
        for key in self.value:
            if key not in allowed:
                raise self.error(f"is not a field of this object (expected: {', '.join(keys)})", key)

    def has(self, key: str) -> bool:
        """Present and not null (e-Prosecution writes null for an empty optional field)."""
        return self.value.get(key) is not None

    # ------------------------------------------------------------------------------------------ structure

    def obj(self, key: str, *, required: bool = False) -> Obj | None:
        value = self.value.get(key)
        if value is None:
            if required:
                raise self.error("required field is missing or null", key)
            return None
        if not isinstance(value, JsonObject):
            raise self.error(f"expected an object, found {_kind(value)}", key)
        return Obj(value, pointer_join(self.pointer, key), self.source)

    def required_obj(self, key: str) -> Obj:
        found = self.obj(key, required=True)
        assert found is not None
        return found

    def items(self, key: str, *, required: bool = False) -> list[tuple[Any, str, int]]:
        """An array member's items as (value, pointer, line); an absent or null member is an empty list."""
        value = self.value.get(key)
        if value is None:
            if required:
                raise self.error("required field is missing or null", key)
            return []
        if not isinstance(value, JsonArray):
            raise self.error(f"expected an array, found {_kind(value)}", key)
        if required and not value:
            raise self.error("must hold at least one entry", key)
        pointer = pointer_join(self.pointer, key)
        return [
            (item, pointer_join(pointer, index), self.line_at(offset))
            for index, (item, offset) in enumerate(zip(value, value.item_offsets, strict=True))
        ]

    def objects(self, key: str, *, required: bool = False) -> Iterator[Obj]:
        for item, pointer, line in self.items(key, required=required):
            if not isinstance(item, JsonObject):
                raise AdapterError(f"expected an object, found {_kind(item)}", field=pointer, line=line)
            yield Obj(item, pointer, self.source)

    def strings(self, key: str, *, limit: int) -> list[str]:
        found = []
        for item, pointer, line in self.items(key):
            if not isinstance(item, str):
                raise AdapterError(f"expected a string, found {_kind(item)}", field=pointer, line=line)
            found.append(clean_text(item, limit=limit, field=pointer, line=line, single_line=True))
        return found

    # ------------------------------------------------------------------------------------------ scalars

    def text(self, key: str, *, required: bool = False, limit: int = 200, single_line: bool = True) -> str | None:
        """A string member, NFC-normalised and stripped (and, for one-line text, with its spaces collapsed).

        Numbers are taken as their digits (exports write codes both ways: "districtLgdCode": 60 or "60").
        None when absent, null or blank.
        """
        value = self.value.get(key)
        if isinstance(value, bool | float | JsonObject | JsonArray):
            raise self.error(f"expected a string, found {_kind(value)}", key)
        if isinstance(value, int):
            value = str(value)
        if value is None or not value.strip():
            if required:
                raise self.error("required field is missing, null or blank", key)
            return None
        text, problem = _cleaned(value, limit, single_line)
        if problem is not None:
            offset = self.value.value_offsets.get(key, self.value.offset)
            raise AdapterError(problem, field=pointer_join(self.pointer, key), line=self.line_at(offset))
        return text

    def required_text(self, key: str, *, limit: int = 200, single_line: bool = True) -> str:
        value = self.text(key, required=True, limit=limit, single_line=single_line)
        assert value is not None
        return value

    def integer(self, key: str, *, low: int, high: int, required: bool = False) -> int | None:
        """A whole number, written as a JSON number or as digits in a string ("06")."""
        value = self.value.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.error("required field is missing or null", key)
            return None
        if isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,9}\s*", value):
            number = int(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer() and abs(value) < 1e9:
            number = int(value)
        else:
            raise self.error(f"{value!r} is not a whole number", key)
        if not low <= number <= high:
            raise self.error(f"{number} is outside {low} to {high}", key)
        return number

    def boolean(self, key: str) -> bool:
        """true/false (also "Y"/"N", "true"/"false", 1/0, as older e-Prosecution builds write); absent is false."""
        value = self.value.get(key)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().upper() in ("Y", "YES", "TRUE", "1", "N", "NO", "FALSE", "0"):
            return value.strip().upper() in ("Y", "YES", "TRUE", "1")
        raise self.error(f"{value!r} is not true or false", key)

    def date(self, key: str, *, required: bool = False) -> date | None:
        text = self.text(key, required=required, limit=40)
        if text is None:
            return None
        return parse_native_date(text, field=pointer_join(self.pointer, key), line=self._line_of(key))

    def datetime(self, key: str, *, required: bool = False) -> datetime | None:
        text = self.text(key, required=required, limit=40)
        if text is None:
            return None
        return parse_native_datetime(text, field=pointer_join(self.pointer, key), line=self._line_of(key))

    def _line_of(self, key: str) -> int:
        return self.line_at(self.value.value_offsets.get(key, self.value.offset))


def clean_text(value: str, *, limit: int, field: str, line: int | None, single_line: bool) -> str:
    """Text as the canonical record carries it: NFC, stripped, within ``limit``, only characters XML allows."""
    text, problem = _cleaned(value, limit, single_line)
    if problem is not None:
        raise AdapterError(problem, field=field, line=line)
    return text


def _cleaned(value: str, limit: int, single_line: bool) -> tuple[str, str | None]:
    """clean_text's text, or what is wrong with it: the pointer and line of an error are worked out only for an
    error (Obj.text reads every member; working them out for each cost as much as the cleaning)."""
    bad = _NOT_XML.search(value)
    if bad is not None:
        return value, f"holds the character U+{ord(bad.group()):04X}, which a record cannot carry"
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if single_line:
        text = " ".join(text.split())
    if not text:
        return text, "is blank"
    if len(text) > limit:
        return text, f"is {len(text)} characters, over the limit of {limit}"
    return text, None
