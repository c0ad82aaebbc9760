"""Reading and writing TraKea's CSV: rows that know their number and line, cells that name themselves.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2. A row's line is
the line of the file it begins on (a quoted cell may span several lines). Every refusal about a cell names it as
``row N, column X`` so the lab's data-entry operator can find it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from adapters.base import AdapterError

MEDIA_TYPE = "text/csv; charset=utf-8"

# C0 controls other than tab and line breaks, DEL, C1 controls and non-characters cannot be carried in XML (and
# have no business in a lab register).
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass(frozen=True)
class Row:
    """One data row of a TraKea CSV: its cells by column name, and the cells the header does not name."""

    number: int
    line: int
    cells: dict[str, str]
    stray: tuple[int, ...] = field(default=())  # 1-based positions of non-empty cells under no column name

    def field(self, column: str | None) -> str:
        return f"row {self.number}" if column is None else f"row {self.number}, column {column}"

    def error(self, message: str, column: str | None = None) -> AdapterError:
        return AdapterError(message, field=self.field(column), line=self.line)

    def value(self, column: str) -> str | None:
        """The cell's text, NFC-normalised, line breaks made LF, trimmed; None when empty or not in the file."""
        raw = self.cells.get(column)
        if not raw:  # missing or empty, as most cells of a wide export are: nothing to clean
            return None
        if "\r" in raw:
            raw = raw.replace("\r\n", "\n").replace("\r", "\n")
        text = unicodedata.normalize("NFC", raw).strip()
        if not text:
            return None
        bad = _FORBIDDEN.search(text)
        if bad is not None:
            raise self.error(f"contains the control character U+{ord(bad.group()):04X}", column)
        return text

    def same(self, column: str) -> str | None:
        """The value with inner runs of whitespace made one space: how two cells are compared."""
        text = self.value(column)
        return None if text is None else " ".join(text.split())

    def check_stray(self) -> None:
        if self.stray:
            raise self.error(
                "a value under no column name (the header is shorter or has a blank name here)", f"{self.stray[0]}"
            )


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    header_line: int = 1

    def header_error(self, message: str, column: str | None = None) -> AdapterError:
        where = "row 1" if column is None else f"row 1, column {column}"
        return AdapterError(message, field=where, line=self.header_line)


def read_table(native: bytes) -> Table:
    """Parse a UTF-8 CSV (a byte-order mark is allowed) into its header and non-blank data rows.

    Raises AdapterError for what is not a CSV at all: not UTF-8, no header, broken quoting, duplicate columns.
    """
    try:
        text = native.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = native[: exc.start].count(b"\n") + 1
        raise AdapterError(
            f"not UTF-8 text (byte 0x{native[exc.start]:02X} at offset {exc.start}); TraKea exports are UTF-8",
            field="document",
            line=line,
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[Row] = []
    number = 0
    last_line = 0
    try:
        for cells in reader:
            number += 1
            start, last_line = last_line + 1, reader.line_num
            if header is None:
                header = [unicodedata.normalize("NFC", name).strip().upper() for name in cells]
                _check_header(header, start)
                continue
            if not any(cell.strip() for cell in cells):
                continue
            named = {name: cell for name, cell in zip(header, cells, strict=False) if name}
            stray = tuple(
                position
                for position, cell in enumerate(cells, start=1)
                if cell.strip() and (position > len(header) or not header[position - 1])
            )
            rows.append(Row(number, start, named, stray))
    except csv.Error as exc:
        raise AdapterError(f"not a well-formed CSV row: {exc}", field=f"row {number + 1}", line=last_line + 1) from None
    if header is None or not any(header):
        raise AdapterError("empty: a TraKea export starts with a header row of column names", field="row 1", line=1)
    return Table(tuple(header), tuple(rows))


def _check_header(header: list[str], line: int) -> None:
    seen: set[str] = set()
    for name in header:
        if not name:
            continue
        if name in seen:
            raise AdapterError("the column appears twice in the header", field=f"row 1, column {name}", line=line)
        seen.add(name)


def write_table(columns: Sequence[str], rows: Iterable[dict[str, str]]) -> bytes:
    """A CSV as TraKea writes it: UTF-8 without BOM, CRLF line ends, quoted only where needed."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode("utf-8")
