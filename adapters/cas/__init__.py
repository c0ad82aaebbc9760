"""The police pillar's adapter: CCTNS Core Application Software (CAS).

CAS exports (CAS_EXPORT: FIRs, crime details, arrest and seizure memos, forensic requests, final reports) are
decoded into canonical records; canonical records are encoded back into a CAS export (the types police produces)
or into CAS's ICJS inbox import (the types police consumes). The native formats are described in this package's
README.md; samples are in samples/.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from adapters.base import AdapterError, NativeDocument
from adapters.cas.decode import decode_export
from adapters.cas.encode import CONSUMES, PRODUCES, encode_record
from adapters.cas.parts import SOURCE_PILLAR, SOURCE_SYSTEM

__all__ = ["CasAdapter"]


class CasAdapter:
    """CAS exports in (``decode``); CAS exports and ICJS inbox imports out (``encode``)."""

    name: str = SOURCE_SYSTEM
    pillar: str = SOURCE_PILLAR
    version: str = "1.0"
    produces: frozenset[str] = PRODUCES
    consumes: frozenset[str] = CONSUMES
    samples_dir: Path = Path(__file__).parent / "samples"

    def decode(self, native: bytes) -> Sequence[bytes | AdapterError]:
        """A CAS_EXPORT -> one canonical record, or the AdapterError refusing it, per record element."""
        return decode_export(native)

    def encode(self, canonical: bytes, record_type: str) -> NativeDocument:
        """A canonical record -> a CAS_EXPORT (types police produces) or an ICJS_INBOX import (types it consumes)."""
        return encode_record(canonical, record_type)
