"""The police pillar's adapter: CCTNS Core Application Software (CAS) FIR exports to canonical records.

The native format is described in this package's README.md; samples are in samples/.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from adapters.base import AdapterError, NativeDocument
from adapters.cas.decode import RECORD_TYPE, SOURCE_PILLAR, SOURCE_SYSTEM, decode_export

__all__ = ["CasAdapter"]


class CasAdapter:
    """CAS FIR exports in (``decode``); nothing out yet (``encode`` refuses every record type)."""

    name: str = SOURCE_SYSTEM
    pillar: str = SOURCE_PILLAR
    version: str = "1.0"
    produces: frozenset[str] = frozenset({RECORD_TYPE})
    consumes: frozenset[str] = frozenset()
    samples_dir: Path = Path(__file__).parent / "samples"

    def decode(self, native: bytes) -> Sequence[bytes | AdapterError]:
        """A CAS_EXPORT -> one canonical fir-registered record, or the AdapterError refusing it, per FIR_DETAILS."""
        return decode_export(native)

    def encode(self, canonical: bytes, record_type: str) -> NativeDocument:
        """CAS takes no records from the hub yet (arrest memos and court outcomes will come later)."""
        raise AdapterError("cas consumes no record types", field=record_type)
