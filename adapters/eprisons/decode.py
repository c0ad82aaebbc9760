"""An e-Prisons export -> canonical records: every admission, then every movement, each on its own."""

from __future__ import annotations

from collections.abc import Callable

from adapters.base import AdapterError
from adapters.eprisons import values as v
from adapters.eprisons.jsondoc import JsonObject, Node, load, type_name
from adapters.eprisons.records import API_VERSION, Prison, decode_admission, decode_movement

ROOT_KEYS = ("api_version", "generated_at", "prison", "admissions", "movements")

# What a bug or an input nobody foresaw may raise while one record is read: it costs that record, never the export.
_UNFORESEEN = (ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError, RecursionError)


def decode_export(native: bytes) -> list[bytes | AdapterError]:
    """Every record of an export, in order (admissions, then movements): canonical XML, or the refusal of it."""
    value, lines = load(native)
    if not isinstance(value, JsonObject):
        raise AdapterError(
            "an e-Prisons export is a JSON object with api_version, prison, admissions and movements",
            field="document",
            line=1,
        )
    root = Node(value, "", lines)
    version = root.raw("api_version")
    if version is None:
        raise root.error("required field is missing: this is not an e-Prisons export", "api_version")
    if not isinstance(version, str):
        raise root.error(f'expected the text "{API_VERSION}", found {type_name(version)}', "api_version")
    if version != API_VERSION:
        raise root.error(
            f"export version {str(version)[:20]!r} is not supported (supported: {API_VERSION})", "api_version"
        )
    root.only(*ROOT_KEYS)
    v.when(root, "generated_at")  # checked, not carried: every record has its own times
    prison_node = root.object("prison", required=True)
    assert prison_node is not None
    prison = Prison.read(prison_node)
    admissions = root.objects("admissions")
    movements = root.objects("movements")
    if not admissions and not movements:
        raise root.error("the export holds no admissions and no movements", "admissions")
    results: list[bytes | AdapterError] = []
    for node in admissions:
        results.append(_one(decode_admission, node, prison))
    for node in movements:
        results.append(_one(decode_movement, node, prison))
    return results


def _one(decode: Callable[[Node, Prison], bytes], node: Node, prison: Prison) -> bytes | AdapterError:
    try:
        return decode(node, prison)
    except AdapterError as exc:
        return exc
    except _UNFORESEEN as exc:
        return AdapterError(
            f"cannot read this record ({type(exc).__name__}: {exc})", field=node.pointer, line=node.line
        )
