"""The prisons pillar's adapter: NIC e-Prisons JSON exports <-> canonical ICJS records.

Decodes admissions and movements (prison-admission, prison-movement); encodes those back, and encodes what
e-Prisons imports from the other pillars (arrests, court cases, hearings, orders, judgments, appeals) into its
inbound JSON messages. The native formats are described in this package's README.md; samples are in samples/.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from adapters.base import AdapterError, NativeDocument
from adapters.eprisons.decode import decode_export
from adapters.eprisons.encode import CONSUMES, PRODUCES, encode_record
from adapters.eprisons.records import SOURCE_PILLAR, SOURCE_SYSTEM

__all__ = ["EprisonsAdapter"]

_UNFORESEEN = (ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError, RecursionError)


class EprisonsAdapter:
    """e-Prisons exports in (``decode``); admissions, movements and inbound court and police records out."""

    name: str = SOURCE_SYSTEM
    pillar: str = SOURCE_PILLAR
    version: str = "1.0"
    produces: frozenset[str] = PRODUCES
    consumes: frozenset[str] = CONSUMES
    samples_dir: Path = Path(__file__).parent / "samples"

    def decode(self, native: bytes) -> Sequence[bytes | AdapterError]:
        """An e-Prisons export -> one canonical record, or the AdapterError refusing it, per admission and movement."""
        try:
            return decode_export(native)
        except AdapterError:
            raise
        except _UNFORESEEN as exc:
            raise AdapterError(f"cannot read this export ({type(exc).__name__}: {exc})", field="document") from None

    def encode(self, canonical: bytes, record_type: str) -> NativeDocument:
        """Canonical XML of ``record_type`` -> e-Prisons JSON (an export for its own types, a message for others)."""
        try:
            content = encode_record(canonical, record_type)
        except AdapterError:
            raise
        except _UNFORESEEN as exc:
            raise AdapterError(f"cannot encode this record ({type(exc).__name__}: {exc})", field="document") from None
        return NativeDocument(content=content, extension="json", media_type="application/json")
