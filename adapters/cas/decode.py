"""A CAS export -> canonical records, one per record element, in document order.

CAS_EXPORT may hold records of several types; each is decoded on its own, so a bad record becomes an
AdapterError in its place and costs no other record.
"""

from __future__ import annotations

from lxml import etree

from adapters.base import AdapterError, parse_native_xml
from adapters.cas.fir import NATIVE as FIR_NATIVE
from adapters.cas.fir import decode_fir
from adapters.cas.native import Node
from adapters.cas.records import BY_NATIVE

EXPORT_ROOT = "CAS_EXPORT"
EXPORT_VERSIONS = frozenset({"1.0"})
RECORD_ELEMENTS = (FIR_NATIVE, *BY_NATIVE)


def decode_export(native: bytes) -> list[bytes | AdapterError]:
    """Every record of a CAS export, in order: canonical XML bytes, or the AdapterError that refused it."""
    root = parse_native_xml(native)
    if root.tag != EXPORT_ROOT:
        raise AdapterError(
            f"root element is {root.tag!r}; a CAS export's root is CAS_EXPORT (in no namespace)",
            field=etree.QName(root).localname if isinstance(root.tag, str) else "document",
            line=root.sourceline,
        )
    version = root.get("VERSION")
    if version is not None and version not in EXPORT_VERSIONS:
        raise AdapterError(
            f"export format version {version!r} is not supported (supported: {', '.join(sorted(EXPORT_VERSIONS))})",
            field="CAS_EXPORT/@VERSION",
            line=root.sourceline,
        )
    Node(root, EXPORT_ROOT).only(*RECORD_ELEMENTS)
    records = [child for child in root if isinstance(child.tag, str)]
    if not records:
        raise AdapterError(
            f"the export holds no records ({', '.join(RECORD_ELEMENTS)})", field=EXPORT_ROOT, line=root.sourceline
        )
    results: list[bytes | AdapterError] = []
    counts: dict[str, int] = {}
    for element in records:
        tag = str(element.tag)
        counts[tag] = counts.get(tag, 0) + 1
        node = Node(element, f"{tag}[{counts[tag]}]")
        try:
            results.append(decode_record(node))
        except AdapterError as exc:
            results.append(exc)
        except (ValueError, TypeError, KeyError, IndexError, ArithmeticError, RecursionError) as exc:
            # A safety net: every rule should refuse with its own message, but a record must never crash the export.
            results.append(AdapterError(f"could not be read ({type(exc).__name__}: {exc})", field=node.path))
    return results


def decode_record(node: Node) -> bytes:
    tag = str(node.element.tag)
    if tag == FIR_NATIVE:
        return decode_fir(node)
    return BY_NATIVE[tag].decode(node)
