"""Reading an e-Prisons JSON export: values with the JSON pointer and line they were read from.

``json.loads`` forgets where a value was. The exports are read with the standard library's pure-Python scanner,
whose object and array parsers are wrapped to remember where each member's value starts, so a refusal can say
``/admissions/0/warrant/order_date`` *and* the line an operator will find it on. Duplicate keys are remembered too
(``json.loads`` keeps the last silently) and refused where the object is read.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from adapters.base import AdapterError

__all__ = ["JsonArray", "JsonObject", "Node", "dumps", "load"]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_BOM = b"\xef\xbb\xbf"


class JsonObject(dict):  # type: ignore[type-arg]
    """A JSON object that knows where it starts, where each member's value starts, and its repeated keys."""

    start: int
    value_starts: dict[str, int]
    duplicates: list[str]


class JsonArray(list):  # type: ignore[type-arg]
    """A JSON array that knows where it starts and where each item starts."""

    start: int
    item_starts: list[int]


class _Constant(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _Constant(f"{name} is not a JSON number")


class _Scanner:
    """The attributes json.scanner.py_make_scanner reads, with position-keeping object and array parsers."""

    def __init__(self) -> None:
        self.strict = True
        self.parse_float = Decimal
        self.parse_int = int
        self.parse_constant = _refuse_constant
        self.object_hook = None
        self.object_pairs_hook = None
        self.memo: dict[str, str] = {}
        self.parse_string = json.decoder.scanstring
        self.parse_object = self._object
        self.parse_array = self._array
        self.scan_once = json.scanner.py_make_scanner(self)

    @staticmethod
    def _object(
        s_and_end: tuple[str, int],
        strict: bool,
        scan_once: Callable[[str, int], tuple[Any, int]],
        object_hook: Any,
        object_pairs_hook: Any,
        memo: dict[str, str],
    ) -> tuple[JsonObject, int]:
        starts: list[int] = []

        def recording(s: str, index: int) -> tuple[Any, int]:
            starts.append(index)
            return scan_once(s, index)

        pairs, end = json.decoder.JSONObject(s_and_end, strict, recording, None, list, memo)  # type: ignore[attr-defined]
        result = JsonObject()
        result.start = s_and_end[1] - 1
        result.value_starts = {}
        result.duplicates = []
        for (key, value), start in zip(pairs, starts, strict=False):
            if key in result:
                result.duplicates.append(key)
                continue
            result[key] = value
            result.value_starts[key] = start
        return result, end

    @staticmethod
    def _array(s_and_end: tuple[str, int], scan_once: Callable[[str, int], tuple[Any, int]]) -> tuple[JsonArray, int]:
        starts: list[int] = []

        def recording(s: str, index: int) -> tuple[Any, int]:
            starts.append(index)
            return scan_once(s, index)

        values, end = json.decoder.JSONArray(s_and_end, recording)  # type: ignore[attr-defined]
        result = JsonArray(values)
        result.start = s_and_end[1] - 1
        result.item_starts = starts[: len(values)]
        return result, end


@dataclass(frozen=True)
class Lines:
    """Character offset -> 1-based line number of one document."""

    newlines: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Lines:
        return cls(tuple(match.start() for match in re.finditer("\n", text)))

    def at(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1


def load(native: bytes) -> tuple[Any, Lines]:
    """Parse UTF-8 JSON bytes into JsonObject/JsonArray/str/int/Decimal/bool/None values, and their lines.

    Raises AdapterError (field "document") for anything that is not UTF-8 JSON.
    """
    if not isinstance(native, bytes | bytearray):
        raise AdapterError(f"expected bytes, got {type(native).__name__}", field="document")
    data = bytes(native)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AdapterError(
            f"not UTF-8 (byte {exc.start} cannot be read as UTF-8); e-Prisons exports are UTF-8 JSON",
            field="document",
            line=data[: exc.start].count(b"\n") + 1,
        ) from None
    lines = Lines.of(text)
    if not text.strip():
        raise AdapterError("the document is empty; expected an e-Prisons JSON export", field="document")
    scanner = _Scanner()
    try:
        index = _WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]
        try:
            value, end = scanner.scan_once(text, index)
        except StopIteration as stop:
            raise json.JSONDecodeError("Expecting value", text, stop.value) from None
        end = _WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
        if end != len(text):
            raise json.JSONDecodeError("Extra data after the JSON value", text, end)
    except json.JSONDecodeError as exc:
        raise AdapterError(f"not JSON: {exc.msg} (column {exc.colno})", field="document", line=exc.lineno) from None
    except _Constant as exc:
        raise AdapterError(f"not JSON: {exc}", field="document") from None
    except RecursionError:
        raise AdapterError("not an e-Prisons export: JSON nested too deeply", field="document") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise AdapterError(f"not JSON this adapter can read: {exc}", field="document") from None
    return value, lines


def pointer_token(key: str | int) -> str:
    """One JSON pointer reference token (RFC 6901): '~' is written '~0' and '/' is written '~1'."""
    return str(key).replace("~", "~0").replace("/", "~1")


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


@dataclass(frozen=True)
class Node:
    """One JSON object of the export, with its pointer, and ways to read its members that name them on refusal."""

    obj: JsonObject
    pointer: str
    lines: Lines

    @property
    def line(self) -> int:
        return self.lines.at(self.obj.start)

    def path(self, key: str | int) -> str:
        return f"{self.pointer}/{pointer_token(key)}"

    def line_of(self, key: str) -> int:
        start = self.obj.value_starts.get(key)
        return self.line if start is None else self.lines.at(start)

    def error(self, message: str, key: str | None = None) -> AdapterError:
        """A refusal of this object, or of its member ``key`` (which may be missing)."""
        if key is None:
            return AdapterError(message, field=self.pointer or "document", line=self.line)
        return AdapterError(message, field=self.path(key), line=self.line_of(key))

    def only(self, *keys: str) -> None:
        """Refuse a repeated key, and any key not listed: a misspelt field must never be lost silently."""
        if self.obj.duplicates:
            key = self.obj.duplicates[0]
            raise self.error(f"{key!r} is given twice in one object", key)
        allowed = set(keys)
        for key in self.obj:
            if key not in allowed:
                raise self.error(f"unexpected field {key!r} (expected: {', '.join(keys)})", key)

    def raw(self, key: str) -> Any:
        """The member's value; None when it is missing, null or an empty (or blank) string."""
        value = self.obj.get(key)
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def has(self, key: str) -> bool:
        return self.raw(key) is not None

    def object(self, key: str, *, required: bool = False) -> Node | None:
        value = self.raw(key)
        if value is None:
            if required:
                raise self.error("required field is missing", key)
            return None
        if not isinstance(value, JsonObject):
            raise self.error(f"expected an object, found {_type_name(value)}", key)
        return Node(value, self.path(key), self.lines)

    def objects(self, key: str, *, required: bool = False) -> list[Node]:
        """An array of objects (a single object is taken as an array of one)."""
        value = self.raw(key)
        if value is None or (isinstance(value, list) and not value):
            if required:
                raise self.error("required field is missing (give at least one)", key)
            return []
        if isinstance(value, JsonObject):
            return [Node(value, self.path(key), self.lines)]
        if not isinstance(value, JsonArray):
            raise self.error(f"expected an array of objects, found {_type_name(value)}", key)
        nodes = []
        for index, item in enumerate(value):
            if not isinstance(item, JsonObject):
                raise AdapterError(
                    f"expected an object, found {_type_name(item)}",
                    field=f"{self.path(key)}/{index}",
                    line=self.lines.at(value.item_starts[index]),
                )
            nodes.append(Node(item, f"{self.path(key)}/{index}", self.lines))
        return nodes

    def scalars(self, key: str) -> Iterator[tuple[Any, str, int]]:
        """The items of an array of values (a single value is an array of one): (value, pointer, line)."""
        value = self.raw(key)
        if value is None:
            return
        if isinstance(value, JsonArray):
            for index, item in enumerate(value):
                yield item, f"{self.path(key)}/{index}", self.lines.at(value.item_starts[index])
        elif isinstance(value, dict):
            raise self.error("expected a value or an array of values, found an object", key)
        else:
            yield value, self.path(key), self.line_of(key)


def type_name(value: Any) -> str:
    return _type_name(value)


# ------------------------------------------------------------------------------------------------ writing


def dumps(document: Any) -> str:
    """The JSON that encode returns: UTF-8 text as it is, two-space indent."""
    return json.dumps(document, ensure_ascii=False, indent=2)
