"""File-drop delivery: ``<outbox>/<pillar>/<record id>.<ext>``, written atomically and durably.

The file appears whole or not at all (write to a temporary name in the same directory, make it durable, rename,
fsync the directory), and writing the same record again replaces it with identical bytes: a redelivery is
harmless. A batch of files shares the work that makes them durable: ``stage`` writes each to its temporary name,
``commit`` makes them all durable at once (one syncfs of the file system where Linux has it, else an fsync per
file), renames them, and fsyncs each directory once.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hub.errors import PermanentError, TransientError

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


@dataclass(frozen=True)
class Staged:
    """A file written under its temporary name, not yet durable nor visible."""

    temporary: Path
    target: Path


class FileOutbox:
    def __init__(self, root: Path) -> None:
        self._root = root
        self._made: set[Path] = set()  # directories known to exist: no mkdir per file

    def path_for(self, pillar: str, record_id: str, extension: str) -> Path:
        for part in (pillar, record_id, extension):
            if not _SAFE_NAME.match(part) or ".." in part:
                raise PermanentError(f"refusing unsafe outbox name part {part!r}")
        return self._root / pillar / f"{record_id}.{extension}"

    def stage(self, pillar: str, record_id: str, extension: str, content: bytes) -> Staged:
        """Write the file under a temporary name in its directory; ``commit`` makes it appear."""
        target = self.path_for(pillar, record_id, extension)
        try:
            if target.parent not in self._made:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(target.parent)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{record_id}.", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            self._made.discard(target.parent)  # perhaps removed under us: make it again next time
            raise TransientError(f"cannot write {target}: {exc}") from None
        return Staged(Path(tmp), target)

    def commit(self, staged: Sequence[Staged]) -> None:
        """Make the staged files durable, then give each its name, durably. On failure none is reported
        delivered (TransientError); a file already renamed is whole, and the retry writes it again."""
        if not staged:
            return
        try:
            _make_durable([s.temporary for s in staged])
            for item in staged:
                os.replace(item.temporary, item.target)
            for directory in {item.target.parent for item in staged}:
                _fsync_dir(directory)
        except OSError as exc:
            for item in staged:
                with contextlib.suppress(OSError):
                    item.temporary.unlink(missing_ok=True)
            raise TransientError(f"cannot write to {staged[0].target.parent}: {exc}") from None


def _fsync_dir(directory: Path) -> None:
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _load_syncfs() -> ctypes._NamedFuncPointer | None:
    try:
        return ctypes.CDLL(None, use_errno=True).syncfs  # Linux: flush one file system's dirty data
    except (AttributeError, OSError):
        return None


_syncfs = _load_syncfs()


def _make_durable(paths: Sequence[Path]) -> None:
    """The files' contents on disk: one syncfs for a batch (each fsync is a journal commit of its own), an fsync
    per file for one file or where syncfs is missing. syncfs reports write-back errors since Linux 5.8."""
    if len(paths) > 1 and _syncfs is not None:
        fd = os.open(paths[0], os.O_RDONLY)
        try:
            if _syncfs(fd) != 0:
                errno = ctypes.get_errno()
                raise OSError(errno, os.strerror(errno))
        finally:
            os.close(fd)
        return
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
