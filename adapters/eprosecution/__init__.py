"""The prosecution pillar's adapter: e-Prosecution's JSON to and from canonical records.

Out of e-Prosecution come scrutiny exports (a prosecutor's decision on a police final report: approved, returned
with objections, or rejected), decoded into prosecution-scrutiny records. Into it go the records of the cases it
prosecutes, encoded as case inbox imports. The native formats are described in this package's README.md; samples
are in samples/.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from adapters.base import AdapterError, NativeDocument
from adapters.eprosecution.inbox import CONSUMED, encode_import
from adapters.eprosecution.scrutiny import RECORD_TYPE, SOURCE_PILLAR, SOURCE_SYSTEM, decode_export, encode_scrutiny

__all__ = ["EprosecutionAdapter"]

_JSON = "application/json"
# What a gap in the checks could still raise; turned into a refusal, because the hub expects nothing else.
_UNEXPECTED = (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError, UnicodeError)


class EprosecutionAdapter:
    """e-Prosecution scrutiny exports in (``decode``); scrutinies and case inbox imports out (``encode``)."""

    name: str = SOURCE_SYSTEM
    pillar: str = SOURCE_PILLAR
    version: str = "1.0"
    produces: frozenset[str] = frozenset({RECORD_TYPE})
    consumes: frozenset[str] = frozenset(CONSUMED)
    samples_dir: Path = Path(__file__).parent / "samples"

    def decode(self, native: bytes) -> Sequence[bytes | AdapterError]:
        """A scrutiny export -> one canonical prosecution-scrutiny record, or the AdapterError refusing it, each."""
        try:
            return decode_export(native)
        except AdapterError:
            raise
        except _UNEXPECTED as exc:
            raise AdapterError(f"cannot be read: {type(exc).__name__}: {exc}", field="document") from None

    def encode(self, canonical: bytes, record_type: str) -> NativeDocument:
        """A canonical record -> e-Prosecution JSON: a scrutiny export for prosecution-scrutiny (lossless: it decodes
        back to the same record), a case inbox import for every type e-Prosecution consumes."""
        try:
            if record_type == RECORD_TYPE:
                return NativeDocument(encode_scrutiny(canonical), "json", _JSON)
            if record_type in self.consumes:
                return NativeDocument(encode_import(canonical, record_type), "json", _JSON)
        except AdapterError:
            raise
        except _UNEXPECTED as exc:
            raise AdapterError(f"cannot be encoded: {type(exc).__name__}: {exc}", field=record_type) from None
        raise AdapterError(f"e-Prosecution neither produces nor consumes {record_type!r} records", field=record_type)
