"""The adapter SDK: everything a pillar's adapter needs, and nothing of the hub's insides.

An adapter turns one pillar system's native records into canonical ICJS XML (``decode``) and canonical XML back
into what that system understands (``encode``). It is a plain object matching the ``Adapter`` protocol, published
under the entry-point group ``icjs_hub.adapters``::

    [project.entry-points."icjs_hub.adapters"]
    mylab = "mylab_adapter:MyLabAdapter"

The hub calls the entry point with no arguments and uses what it returns. It never imports an adapter by name.
An adapter may also have a ``samples_dir`` attribute (a ``pathlib.Path``): a directory of sample native files
that ``icjs-hub demo`` ingests.

Guarantees the hub relies on:

- ``decode`` and ``encode`` are pure: same bytes in, same bytes out, no file, network or clock access.
- Bad input raises ``AdapterError`` (never anything else) naming the field and, where known, the line.
- One bad record in a native document that holds several is returned as an ``AdapterError`` in its place, so
  it costs no other record.
- Canonical output carries a header whose ``RecordId`` is ``record_id(...)`` of its source system, record type
  and source record id; the hub refuses a record whose id does not match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from lxml import etree

from hub.record import record_id
from hub.xml import XmlRefused, parse_untrusted

CANONICAL_NS = "urn:icjs:record:v1"

__all__ = ["CANONICAL_NS", "Adapter", "AdapterError", "NativeDocument", "parse_native_xml", "record_id"]


class AdapterError(Exception):
    """Native input the adapter cannot turn into a record (or canonical input it cannot encode).

    ``field`` names where: an element path, a JSON pointer or a CSV column of the native format.
    ``line`` is the 1-based line in the native document, when the format has lines.
    """

    def __init__(self, message: str, *, field: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.line = line

    def __str__(self) -> str:
        where = self.field or "document"
        line = f" (line {self.line})" if self.line is not None else ""
        return f"{where}: {self.message}{line}"


@dataclass(frozen=True)
class NativeDocument:
    """What ``encode`` returns: the receiving system's bytes and the file extension they are stored under."""

    content: bytes
    extension: str  # without the dot: "xml", "json", "csv"
    media_type: str


@runtime_checkable
class Adapter(Protocol):
    """One pillar system's translator to and from canonical ICJS XML."""

    name: str  # entry-point name, e.g. "cas"
    pillar: str  # police | courts | prosecution | forensics | prisons
    version: str
    produces: frozenset[str]  # record types decode can emit
    consumes: frozenset[str]  # record types encode accepts

    def decode(self, native: bytes) -> Sequence[bytes | AdapterError]:
        """Native document -> one canonical XML document (UTF-8 bytes) or AdapterError per record found.

        Raises AdapterError when the document as a whole cannot be read (not XML, wrong root, empty).
        """
        ...

    def encode(self, canonical: bytes, record_type: str) -> NativeDocument:
        """Canonical XML of ``record_type`` -> the receiving system's native form. Raises AdapterError."""
        ...


def parse_native_xml(native: bytes) -> etree._Element:
    """Parse a native XML document with the hub's hardened parser (no DTD, no entities, no network).

    Raises AdapterError with the parser's reason and line.
    """
    try:
        return parse_untrusted(native)
    except XmlRefused as exc:
        raise AdapterError(exc.reason, field="document", line=exc.line) from exc
