"""The forensics pillar's adapter: TraKea, the forensic lab software of Haryana's FSLs.

TraKea's CSV exports (sample receipts, report dispatches) become canonical forensic-receipt and forensic-report
records; police records for the lab (crime details, seizure memos, forensic requests) become TraKea's case intake
CSV. The native formats are described in this package's README.md; samples are in samples/.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from adapters.base import AdapterError, NativeDocument
from adapters.trakea import receipt, report
from adapters.trakea.csvio import MEDIA_TYPE, read_table
from adapters.trakea.header import SOURCE_PILLAR, SOURCE_SYSTEM
from adapters.trakea.intake import TEMPLATES, encode_intake

__all__ = ["TrakeaAdapter"]


class TrakeaAdapter:
    """TraKea receipt and report exports in (``decode``); receipts, reports and police intake records out."""

    name: str = SOURCE_SYSTEM
    pillar: str = SOURCE_PILLAR
    version: str = "1.0"
    produces: frozenset[str] = frozenset({receipt.RECORD_TYPE, report.RECORD_TYPE})
    consumes: frozenset[str] = frozenset(TEMPLATES)
    samples_dir: Path = Path(__file__).parent / "samples"

    def decode(self, native: bytes) -> Sequence[bytes | AdapterError]:
        """A TraKea export -> one canonical record, or the AdapterError refusing it, per receipt or report."""
        table = read_table(native)
        if report.TYPE_COLUMN in table.columns:
            return report.decode_reports(table)
        if receipt.ID_COLUMN in table.columns:
            return receipt.decode_receipts(table)
        raise table.header_error(
            "not a TraKea export: a receipt export's header has RECEIPT_ID, a report export's ROW_TYPE and REPORT_ID"
        )

    def encode(self, canonical: bytes, record_type: str) -> NativeDocument:
        """A canonical record -> the CSV TraKea reads: its own exports for its records, intake CSV for police's."""
        if record_type == receipt.RECORD_TYPE:
            content = receipt.encode_receipt(canonical)
        elif record_type == report.RECORD_TYPE:
            content = report.encode_report(canonical)
        elif record_type in TEMPLATES:
            content = encode_intake(canonical, TEMPLATES[record_type])
        else:
            known = ", ".join(sorted(self.produces | self.consumes))
            raise AdapterError(f"trakea does not take {record_type!r} records (it takes {known})", field=record_type)
        return NativeDocument(content, "csv", MEDIA_TYPE)
