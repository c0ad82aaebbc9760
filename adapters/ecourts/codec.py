"""A CIS JSON export in, canonical records out; a canonical record of a produced type back to a CIS export."""

from __future__ import annotations

from typing import Any

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError, NativeDocument, parse_native_xml
from adapters.ecourts.jsonio import Ctx, Doc, Scope, dumps
from adapters.ecourts.mapping import encode_fields, local, q
from adapters.ecourts.records import RECORD_KIND, SPECS

EXPORT_VERSIONS = frozenset({"1.0"})
MEDIA_TYPE = "application/json"

# What a malformed record can still provoke deep inside the standard library; never let it out as anything but a
# refusal of that one record.
_GUARDED = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, UnicodeError, OverflowError)


def decode_export(native: bytes) -> list[bytes | AdapterError]:
    """Every record of a CIS export, in order: canonical XML bytes, or the AdapterError that refused it."""
    doc = Doc(native)
    container, single = _records(doc)
    results: list[bytes | AdapterError] = []
    for index in range(len(container)) if container is not None else [None]:
        where = container.at(index) if container is not None and index is not None else "/"
        try:
            record = container.obj(index) if container is not None and index is not None else single
            assert record is not None
            results.append(decode_record(record))
        except AdapterError as exc:
            results.append(exc)
        except _GUARDED as exc:
            results.append(AdapterError(f"cannot be read ({type(exc).__name__}: {exc})", field=where))
    return results


def _records(doc: Doc) -> tuple[Scope | None, Scope | None]:
    """The list of records, or (for a document that is one bare record) that record."""
    data = doc.data
    if isinstance(data, list):
        if not data:
            raise AdapterError("the export holds no records", field="/")
        return Scope(data, "", doc, Ctx()), None
    if not isinstance(data, dict):
        raise AdapterError("a CIS export is a JSON object with a list of records", field="document", line=1)
    top = Scope(data, "", doc, Ctx())
    if "record_type" in data:
        return None, top  # one record on its own
    version = top.raw("export_version")
    if version is not None and str(version) not in EXPORT_VERSIONS:
        raise top.error(
            f"export format version {str(version)[:20]!r} is not supported ({', '.join(sorted(EXPORT_VERSIONS))})",
            "export_version",
        )
    top.raw("generated_on")  # when CIS wrote the file: informational, the records carry their own times
    top.raw("est_code")  # the establishment that exported: informational, each record names its court
    if top.raw("records") is None:
        raise top.missing("records", "required: the list of records")
    records = top.array("records")
    top.finish()
    if not len(records):
        raise records.error("the export holds no records")
    return records, None


def decode_record(scope: Scope) -> bytes:
    """One CIS record -> canonical XML (UTF-8, with declaration). Raises AdapterError naming the CIS field."""
    scope.ctx = Ctx()
    kind = scope.raw("record_type")
    if kind is None:
        raise scope.missing("record_type", "required: record_type (case_registration, hearing, order, ...)")
    spec = SPECS[RECORD_KIND.decode(kind, scope, "record_type")]
    root = etree.Element(q(spec.root), nsmap={None: CANONICAL_NS})
    for field in spec.fields:
        field.decode(scope, root)
    scope.finish()
    for check in spec.checks:
        check(root, scope)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def encode_record(canonical: bytes, record_type: str) -> NativeDocument:
    """A canonical record of a type CIS produces -> a CIS export holding that one record."""
    spec = SPECS[record_type]
    root = parse_native_xml(canonical)
    if root.tag != q(spec.root):
        raise AdapterError(
            f"root element is {local(root)!r} in {etree.QName(root).namespace or 'no namespace'}; "
            f"a {record_type} record's root is {spec.root} in {CANONICAL_NS}",
            field=local(root),
        )
    record: dict[str, Any] = {"record_type": spec.native}
    try:
        encode_fields(root, record, spec.fields)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise AdapterError(f"cannot be encoded ({type(exc).__name__}: {exc})", field=record_type) from None
    document = {"export_version": "1.0", "records": [record]}
    content = dumps(document).encode("utf-8") + b"\n"
    return NativeDocument(content, "json", MEDIA_TYPE)
