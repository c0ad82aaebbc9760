"""The demo_courts adapter for the ICJS hub, made with ``icjs-hub adapters new``.

Reads this system's JSON hearing exports into canonical ``hearing-recorded`` records (``decode``) and writes such
records back as an export (``encode``). The format is described in README.md; samples are in samples/.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from adapters.base import AdapterError, NativeDocument

from .hearing import RECORD_TYPE, UNFORESEEN, decode_document, encode_hearing

__all__ = ["NAME", "PILLAR", "Adapter"]

NAME = "demo_courts"  # the entry-point name; every record it decodes says SourceSystem = NAME
PILLAR = "courts"  # police | courts | prosecution | forensics | prisons; every record says SourcePillar = PILLAR


class Adapter:
    """Hearings of demo_courts in (``decode``) and out (``encode``). The hub calls ``Adapter()`` with no arguments."""

    name: str = NAME
    pillar: str = PILLAR
    version: str = "0.1.0"
    produces: frozenset[str] = frozenset({RECORD_TYPE})
    consumes: frozenset[str] = frozenset()
    samples_dir: Path = Path(__file__).parent / "samples"

    def decode(self, native: bytes) -> Sequence[bytes | AdapterError]:
        """A JSON document of hearings -> one canonical record, or the AdapterError refusing it, per hearing."""
        try:
            return decode_document(native, system=self.name, pillar=self.pillar)
        except AdapterError:
            raise
        except UNFORESEEN as exc:  # never anything but AdapterError out of an adapter
            raise AdapterError(f"cannot read this document ({type(exc).__name__}: {exc})", field="document") from None

    def encode(self, canonical: bytes, record_type: str) -> NativeDocument:
        """A canonical hearing-recorded record of this system -> a JSON document holding that one hearing."""
        if record_type not in self.produces | self.consumes:
            raise AdapterError(f"{self.name} does not encode {record_type!r}", field="record_type")
        try:
            content = encode_hearing(canonical, system=self.name, pillar=self.pillar)
        except AdapterError:
            raise
        except UNFORESEEN as exc:
            raise AdapterError(f"cannot encode this record ({type(exc).__name__}: {exc})", field="document") from None
        return NativeDocument(content=content, extension="json", media_type="application/json")
