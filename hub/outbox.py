"""File-drop delivery: ``<outbox>/<pillar>/<record id>.<ext>``, written atomically and durably.

The file appears whole or not at all (write to a temporary name in the same directory, fsync, rename, fsync the
directory), and writing the same record again replaces it with identical bytes: a redelivery is harmless.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from hub.errors import PermanentError, TransientError

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class FileOutbox:
    def __init__(self, root: Path) -> None:
        self._root = root

    def path_for(self, pillar: str, record_id: str, extension: str) -> Path:
        for part in (pillar, record_id, extension):
            if not _SAFE_NAME.match(part) or ".." in part:
                raise PermanentError(f"refusing unsafe outbox name part {part!r}")
        return self._root / pillar / f"{record_id}.{extension}"

    def write(self, pillar: str, record_id: str, extension: str, content: bytes) -> Path:
        target = self.path_for(pillar, record_id, extension)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{record_id}.", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError as exc:
            raise TransientError(f"cannot write {target}: {exc}") from None
        return target
