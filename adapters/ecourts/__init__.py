"""The courts pillar's adapter: e-Courts Case Information System (CIS) JSON exports to canonical records, and the
records CIS imports from ICJS back out as CIS JSON.

The native format is described in this package's README.md; samples are in samples/.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from adapters.base import AdapterError, NativeDocument
from adapters.ecourts.codec import decode_export, encode_record
from adapters.ecourts.imports import CONSUMED, encode_import
from adapters.ecourts.records import SOURCE_PILLAR, SOURCE_SYSTEM, SPECS

__all__ = ["EcourtsAdapter"]


class EcourtsAdapter:
    """CIS exports in (``decode``); CIS exports of its own record types and ICJS imports out (``encode``)."""

    name: str = SOURCE_SYSTEM
    pillar: str = SOURCE_PILLAR
    version: str = "1.0"
    produces: frozenset[str] = frozenset(SPECS)
    consumes: frozenset[str] = CONSUMED
    samples_dir: Path = Path(__file__).parent / "samples"

    def decode(self, native: bytes) -> Sequence[bytes | AdapterError]:
        """A CIS export -> one canonical record, or the AdapterError refusing it, per record in the export."""
        return decode_export(native)

    def encode(self, canonical: bytes, record_type: str) -> NativeDocument:
        """A canonical record -> CIS JSON: a CIS export for the types CIS produces, an ICJS import for the rest."""
        if record_type in SPECS:
            return encode_record(canonical, record_type)
        if record_type in CONSUMED:
            return encode_import(canonical, record_type)
        raise AdapterError(f"e-Courts CIS neither produces nor takes {record_type!r} records", field=record_type)
