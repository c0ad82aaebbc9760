"""The one hardened XML parser. Every byte from outside the hub is parsed here and nowhere else.

It refuses any DOCTYPE (so no entity can be declared, internal or external), resolves nothing from files or the
network, caps the document's size, and relies on libxml2's own cap of 256 levels of nesting (we never ask for
XML_PARSE_HUGE). A refusal is an XmlRefused (a PermanentError) that says why and, where known, the line.
"""

from __future__ import annotations

import threading

from lxml import etree

from hub.errors import PermanentError

DEFAULT_MAX_BYTES = 1024 * 1024  # one canonical record; a FIR with a long narrative is under 100 KB
LIBXML2_MAX_DEPTH = 256

# Cheap early refusal: a DOCTYPE is the only way to declare an entity or point at an external DTD.
_DOCTYPE_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", b"<\x00!\x00D\x00O\x00C", b"\x00<\x00!\x00D\x00O\x00C")


class XmlRefused(PermanentError):
    """The document is not well-formed XML, or uses a feature the hub refuses."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason if line is None else f"{reason} (line {line})")
        self.reason = reason
        self.line = line


class _RefuseEverything(etree.Resolver):
    """Defence in depth: even if a document reached a resolver, nothing would be loaded for it."""

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        raise XmlRefused(f"refused to load external resource {system_url!r}")


def _new_parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )
    parser.resolvers.add(_RefuseEverything())
    return parser


# lxml parsers are not thread-safe; one per thread keeps the hot path free of allocation and locks.
_local = threading.local()


def _parser() -> etree.XMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = _new_parser()
    return parser


def parse_untrusted(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> etree._Element:
    """Parse bytes from outside the hub into an element tree, or raise XmlRefused saying why."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise XmlRefused(f"expected bytes, got {type(data).__name__}")
    size = len(data)
    if size == 0:
        raise XmlRefused("empty document")
    if size > max_bytes:
        raise XmlRefused(f"document is {size} bytes, over the limit of {max_bytes} bytes")
    head = bytes(data[:4096])
    for marker in _DOCTYPE_MARKERS:
        if marker in head or (marker == b"<!DOCTYPE" and marker in data):
            raise XmlRefused("DOCTYPE and entity declarations are not allowed", _line_of(data, marker))
    try:
        root = etree.fromstring(bytes(data), _parser())
    except etree.XMLSyntaxError as exc:
        raise XmlRefused(f"not well-formed XML: {_syntax_message(exc)}", exc.lineno) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise XmlRefused("DOCTYPE and entity declarations are not allowed", 1)
    return root


def _line_of(data: bytes, marker: bytes) -> int | None:
    at = bytes(data).find(marker)
    return None if at < 0 else bytes(data).count(b"\n", 0, at) + 1


def _syntax_message(exc: etree.XMLSyntaxError) -> str:
    msg = str(exc.msg or exc).strip()
    if "Excessive depth" in msg or "depth" in msg.lower():
        return f"nesting deeper than {LIBXML2_MAX_DEPTH} levels"
    return msg
