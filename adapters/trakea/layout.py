"""What both TraKea exports share: checking a header against a layout, and the canonical document's two ends."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError, parse_native_xml
from adapters.trakea.csvio import Table
from adapters.trakea.fields import Col, Need, q


def columns_of(*tables: Iterable[Col]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for table in tables:
        for col in table:
            seen.setdefault(col.column, None)
    return tuple(seen)


def required_of(*tables: Iterable[Col]) -> tuple[str, ...]:
    """Columns a file must have in its header: those some row needs. Optional ones may be left out entirely."""
    return tuple(dict.fromkeys(col.column for table in tables for col in table if col.need is Need.ALWAYS))


def check_header(table: Table, *, known: Sequence[str], required: Sequence[str], what: str) -> None:
    """Refuse a column the layout does not define (a misspelt column would be lost) or a missing required one."""
    for name in table.columns:
        if name and name not in known:
            raise table.header_error(f"{what} has no such column (its columns: {', '.join(known)})", name)
    for name in required:
        if name not in table.columns:
            raise table.header_error(f"{what} needs this column, and the header does not have it", name)


def new_root(name: str) -> etree._Element:
    return etree.Element(q(name), nsmap={None: CANONICAL_NS})


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def parse_canonical(canonical: bytes, root_name: str) -> etree._Element:
    """A canonical record to encode: parsed with the hub's hardened parser, and of the expected root."""
    root = parse_native_xml(canonical)
    if root.tag != q(root_name):
        raise AdapterError(
            f"expected a canonical {root_name} in {CANONICAL_NS}, found {root.tag!r}",
            field=etree.QName(root).localname if isinstance(root.tag, str) else "document",
            line=root.sourceline,
        )
    return root
