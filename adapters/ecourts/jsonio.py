"""Reading a CIS JSON export: strict UTF-8 JSON, JSON pointers to every value, and the line each one is on.

``json.loads`` does the parsing. It does not say where a value was, so when a refusal needs a line, a small
iterative scanner walks the same text once and maps every JSON pointer to the line its key or value starts on.
Nothing that reads recurses over the data, so nesting depth cannot exhaust the stack.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import get_close_matches
from json.decoder import scanstring
from typing import Any

from adapters.base import AdapterError

__all__ = ["Ctx", "Doc", "Scope", "dumps", "escape_key"]

_BOM = "\ufeff"


class _DuplicateKey(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def escape_key(key: str | int) -> str:
    """One JSON pointer segment (RFC 6901), with unprintable characters shown as escapes."""
    text = str(key)
    if not text.isprintable():
        text = text.encode("unicode_escape", "backslashreplace").decode("ascii")
    return text.replace("~", "~0").replace("/", "~1")


class Doc:
    """A parsed export: its data, and (computed on first need) the line of every JSON pointer."""

    def __init__(self, native: bytes) -> None:
        if not isinstance(native, bytes | bytearray):
            raise AdapterError(f"expected bytes, got {type(native).__name__}", field="document")
        try:
            text = bytes(native).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise AdapterError(
                f"not UTF-8 (byte {exc.start}: {exc.reason}); CIS exports are UTF-8 JSON",
                field="document",
                line=native[: exc.start].count(b"\n") + 1,
            ) from None
        if text.startswith(_BOM):
            text = text[1:]
        if not text.strip():
            raise AdapterError("the document is empty", field="document")
        self.text = text
        self._lines: dict[str, int] | None = None
        try:
            self.data = json.loads(
                text, object_pairs_hook=_no_duplicates, parse_float=Decimal, parse_constant=_refuse_constant
            )
        except json.JSONDecodeError as exc:
            raise AdapterError(f"not JSON: {exc.msg} (column {exc.colno})", field="document", line=exc.lineno) from None
        except _DuplicateKey as exc:
            pointer, line = _find_duplicate(text)
            raise AdapterError(
                f"key {str(exc)!r} is given twice in the same object", field=pointer or "document", line=line
            ) from None
        except RecursionError:
            raise AdapterError("nested too deeply to be a CIS export", field="document") from None
        except ValueError as exc:  # NaN/Infinity, integers too long to convert
            raise AdapterError(f"not JSON this adapter reads: {exc}", field="document") from None

    def line(self, pointer: str) -> int | None:
        """The line a pointer's key or value starts on; for a missing key, the line of the nearest parent."""
        if self._lines is None:
            try:
                self._lines = dict(_scan(self.text))
            except (ValueError, IndexError):  # cannot happen for text json.loads accepted; never worth a crash
                self._lines = {}
        while True:
            found = self._lines.get(pointer)
            if found is not None or not pointer:
                return found
            pointer = pointer.rsplit("/", 1)[0]


_TOKEN = re.compile(r"[ \t\r\n]*(?:([{}\[\],:])|(\")|([^ \t\r\n{}\[\],:\"]+))")


def _scan(text: str) -> Iterator[tuple[str, int]]:
    """(pointer, line) for every key and value of a JSON text, in document order."""
    for pointer, line, _duplicate in _walk(text):
        yield pointer, line


def _find_duplicate(text: str) -> tuple[str | None, int | None]:
    try:
        for pointer, line, duplicate in _walk(text):
            if duplicate:
                return pointer, line
    except (ValueError, IndexError):
        pass
    return None, None


@dataclass
class _Frame:
    pointer: str
    is_object: bool
    index: int = 0
    key: str | None = None
    seen: set[str] = field(default_factory=set)


def _walk(text: str) -> Iterator[tuple[str, int, bool]]:
    stack: list[_Frame] = []
    line = 1
    position = 0
    end = len(text)

    def value_pointer() -> str:
        if not stack:
            return ""
        top = stack[-1]
        segment = top.key if top.is_object else str(top.index)
        return f"{top.pointer}/{escape_key(segment or '')}"

    while position < end:
        match = _TOKEN.match(text, position)
        if match is None:
            break
        if match.lastindex is None:
            break
        line += text.count("\n", position, match.start(match.lastindex))
        punct, quote, scalar = match.groups()
        position = match.end()
        top = stack[-1] if stack else None
        if punct in ("{", "["):
            pointer = value_pointer()
            yield pointer, line, False
            stack.append(_Frame(pointer, punct == "{"))
        elif punct in ("}", "]"):
            stack.pop()
        elif punct == ",":
            if top is not None:
                if top.is_object:
                    top.key = None
                else:
                    top.index += 1
        elif quote is not None:
            string, position = scanstring(text, position)
            if top is not None and top.is_object and top.key is None:
                top.key = string
                duplicate = string in top.seen
                top.seen.add(string)
                yield f"{top.pointer}/{escape_key(string)}", line, duplicate
            else:
                yield value_pointer(), line, False
        elif scalar is not None:
            yield value_pointer(), line, False


# ----------------------------------------------------------------------------------------------- scopes


@dataclass
class Ctx:
    """What one record's decoding has learnt so far: the party numbers it defined."""

    parties: set[int] = field(default_factory=set)


class Scope:
    """One JSON object or array of the export, with its pointer; remembers which keys were read.

    A key nobody read is a field this adapter does not know: ``finish`` refuses it, so a misspelt field
    (``reg_num`` for ``reg_no``) is never lost silently.
    """

    def __init__(self, data: dict[str, Any] | list[Any], pointer: str, doc: Doc, ctx: Ctx) -> None:
        self.data = data
        self.pointer = pointer
        self.doc = doc
        self.ctx = ctx
        self.used: set[str] = set()

    def at(self, key: str | int) -> str:
        return f"{self.pointer}/{escape_key(key)}"

    def line(self, key: str | int | None = None) -> int | None:
        return self.doc.line(self.pointer if key is None else self.at(key))

    def error(self, message: str, key: str | int | None = None) -> AdapterError:
        pointer = self.pointer if key is None else self.at(key)
        return AdapterError(message, field=pointer or "/", line=self.doc.line(pointer))

    def error_at(self, message: str, *segments: str | int) -> AdapterError:
        """A refusal at a path below this object: ``error_at(msg, "verdicts", 1, "sentence")``."""
        pointer = self.pointer + "".join(f"/{escape_key(segment)}" for segment in segments)
        return AdapterError(message, field=pointer or "/", line=self.doc.line(pointer))

    def raw(self, key: str | int) -> Any:
        """The value at key; None when the key is absent, null, or a blank string (CIS writes all three)."""
        data = self.data  # read once: this is called a hundred times a record
        if isinstance(data, dict):
            assert isinstance(key, str)
            self.used.add(key)
            value = data.get(key)
        else:
            assert isinstance(key, int)
            value = data[key] if 0 <= key < len(data) else None
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def missing(self, key: str, what: str = "required field is missing") -> AdapterError:
        if isinstance(self.data, dict):
            unread = [k for k in self.data if k not in self.used and isinstance(k, str)]
            close = get_close_matches(key, unread, n=1, cutoff=0.6)
            if close:
                what += f" (is {close[0]!r} a misspelling of {key!r}?)"
        return self.error(what, key)

    def obj(self, key: str | int) -> Scope:
        value = self.raw(key)
        if not isinstance(value, dict):
            raise self.error(f"expected an object {{...}}, found {_kind(value)}", key)
        return Scope(value, self.at(key), self.doc, self.ctx)

    def array(self, key: str) -> Scope:
        value = self.raw(key)
        if not isinstance(value, list):
            raise self.error(f"expected a list [...], found {_kind(value)}", key)
        return Scope(value, self.at(key), self.doc, self.ctx)

    def __len__(self) -> int:
        return len(self.data)

    def finish(self) -> None:
        """Refuse any key of this object that no field read."""
        if not isinstance(self.data, dict):
            return
        for key in self.data:
            if key not in self.used:
                close = get_close_matches(key, sorted(self.used), n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise self.error(f"unexpected field {key!r}: not part of this CIS record{hint}", key)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | Decimal):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


# ------------------------------------------------------------------------------------------------ writing


def dumps(document: Any) -> str:
    """The JSON that encode returns: UTF-8 text as it is, two-space indent."""
    return json.dumps(document, ensure_ascii=False, indent=2)
