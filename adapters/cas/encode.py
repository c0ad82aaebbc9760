"""Canonical records -> what CAS takes in.

- a record type police produces goes back as a CAS_EXPORT holding the one record, exactly as CAS would export it,
  so decoding it gives the same canonical record (the round trip the hub's conformance kit checks). Encode checks
  this itself: a record CAS cannot hold unchanged (a name whose script attribute disagrees with its letters, a
  child not flagged as one) is refused, naming the first element that would change, never silently altered;
- a record type police consumes goes in as an ICJS_INBOX import document (inbox.py).
"""

from __future__ import annotations

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError, NativeDocument, parse_native_xml
from adapters.cas.decode import decode_export
from adapters.cas.fir import RECORD_TYPE as FIR_TYPE
from adapters.cas.fir import encode_fir
from adapters.cas.inbox import encode_inbox
from adapters.cas.records import BY_TYPE
from adapters.cas.spec import path_of

EXPORT_VERSION = "1.0"
PRODUCES = frozenset({FIR_TYPE, *BY_TYPE})
CONSUMES = frozenset(
    {
        "forensic-receipt",
        "forensic-report",
        "prosecution-scrutiny",
        "court-case-registered",
        "hearing-recorded",
        "court-order",
        "prison-admission",
        "prison-movement",
        "court-disposal",
        "appeal-result",
    }
)
MEDIA_TYPE = "application/xml"


def root_name(record_type: str) -> str:
    """The canonical root element of a record type: court-case-registered -> CourtCaseRegistered."""
    return "".join(part.capitalize() for part in record_type.split("-"))


def encode_record(canonical: bytes, record_type: str) -> NativeDocument:
    if record_type not in PRODUCES and record_type not in CONSUMES:
        raise AdapterError(f"CAS takes no {record_type!r} records", field="record_type")
    root = parse_native_xml(canonical)
    expected = f"{{{CANONICAL_NS}}}{root_name(record_type)}"
    if root.tag != expected:
        raise AdapterError(
            f"root element is {root.tag!r}; a canonical {record_type} record's root is {expected}",
            field=etree.QName(root).localname if isinstance(root.tag, str) else "document",
            line=root.sourceline,
        )
    try:
        if record_type in CONSUMES:
            document = encode_inbox(root, record_type)
        else:
            document = etree.Element("CAS_EXPORT", VERSION=EXPORT_VERSION)
            document.append(encode_fir(root) if record_type == FIR_TYPE else BY_TYPE[record_type].encode(root))
    except (ValueError, TypeError, KeyError, IndexError, ArithmeticError, RecursionError) as exc:
        raise AdapterError(
            f"could not be encoded ({type(exc).__name__}: {exc})", field=root_name(record_type)
        ) from None
    content = etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if record_type in PRODUCES:
        _check_round_trip(root, content)
    return NativeDocument(content=content, extension="xml", media_type=MEDIA_TYPE)


def _check_round_trip(original: etree._Element, content: bytes) -> None:
    """Refuse, rather than send, an export that CAS would read back as a different record."""
    try:
        back = decode_export(content)
    except AdapterError as exc:  # pragma: no cover - encode always writes a well-formed CAS_EXPORT
        raise AdapterError(f"CAS could not read this record back: {exc}", field=exc.field) from None
    if len(back) != 1:  # pragma: no cover - one record in, one out
        raise AdapterError(f"the export would hold {len(back)} records", field=etree.QName(original).localname)
    item = back[0]
    if isinstance(item, AdapterError):
        raise AdapterError(f"CAS would refuse this record: {item}", field=etree.QName(original).localname)
    difference = first_difference(original, parse_native_xml(item))
    if difference is not None:
        element, what = difference
        raise AdapterError(f"CAS cannot hold this record unchanged: {what}", field=path_of(element))


def first_difference(left: etree._Element, right: etree._Element) -> tuple[etree._Element, str] | None:
    """The first element of ``left`` at which two records differ, and how: compared as the round trip is (exclusive
    C14N with comments and surrounding whitespace stripped): names, attributes, trimmed text, child elements."""
    if left.tag != right.tag:
        return left, f"{etree.QName(left).localname} would come back as {etree.QName(right).localname}"
    if dict(left.attrib) != dict(right.attrib):
        return left, f"attributes {dict(left.attrib)} would come back as {dict(right.attrib)}"
    if (left.text or "").strip() != (right.text or "").strip():
        return left, f"{(left.text or '').strip()[:60]!r} would come back as {(right.text or '').strip()[:60]!r}"
    left_children = [child for child in left if isinstance(child.tag, str)]
    right_children = [child for child in right if isinstance(child.tag, str)]
    for a, b in zip(left_children, right_children, strict=False):
        found = first_difference(a, b)
        if found is not None:
            return found
    if len(left_children) < len(right_children):
        gained = etree.QName(right_children[len(left_children)]).localname
        return left, f"it would gain {gained} (CAS derives it; see the adapter's README)"
    if len(left_children) > len(right_children):
        return left, f"its {etree.QName(left_children[len(right_children)]).localname} would be lost"
    return None
