"""The file outbox: a file appears whole under its name or not at all; a batch is made durable together."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.errors import PermanentError, TransientError
from hub.outbox import FileOutbox


def _listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def _write(outbox: FileOutbox, pillar: str, record_id: str, content: bytes) -> Path:
    staged = outbox.stage(pillar, record_id, "xml", content)
    outbox.commit([staged])
    return staged.target


def test_a_written_file_is_there_whole_and_nothing_else_is_left(tmp_path: Path) -> None:
    outbox = FileOutbox(tmp_path)
    # When one record is written, then written again (a redelivery)
    path = _write(outbox, "courts", "rec-1", b"<r>1</r>")
    again = _write(outbox, "courts", "rec-1", b"<r>1</r>")
    # Then it is one file, whole, under the record's name, with no temporary file beside it
    assert path == again == tmp_path / "courts" / "rec-1.xml"
    assert path.read_bytes() == b"<r>1</r>"
    assert _listing(tmp_path / "courts") == ["rec-1.xml"]


def test_a_staged_batch_appears_only_when_committed(tmp_path: Path) -> None:
    outbox = FileOutbox(tmp_path)
    # Given three records staged for two pillars
    staged = [
        outbox.stage("courts", "rec-1", "xml", b"one"),
        outbox.stage("courts", "rec-2", "json", b"two"),
        outbox.stage("prisons", "rec-3", "json", b"three"),
    ]
    # Then none is visible under its name yet
    assert not any(name.startswith("rec-") for name in _listing(tmp_path / "courts") + _listing(tmp_path / "prisons"))
    # When the batch is committed
    outbox.commit(staged)
    # Then each is there, whole, and no temporary file is left
    assert _listing(tmp_path / "courts") == ["rec-1.xml", "rec-2.json"]
    assert _listing(tmp_path / "prisons") == ["rec-3.json"]
    assert [(tmp_path / s.target).read_bytes() for s in staged] == [b"one", b"two", b"three"]


def test_a_batch_that_cannot_be_committed_is_a_transient_error_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    outbox = FileOutbox(tmp_path)
    staged = [outbox.stage("courts", f"rec-{i}", "xml", b"x") for i in range(3)]
    # Given a directory standing where the second record's file must go
    (tmp_path / "courts" / "rec-1.xml").mkdir()
    (tmp_path / "courts" / "rec-1.xml" / "in-the-way").write_bytes(b"")
    # When the batch is committed / Then it fails as a transient error naming where
    with pytest.raises(TransientError, match="courts"):
        outbox.commit(staged)
    # And no temporary file is left; what did appear is whole
    assert not [name for name in _listing(tmp_path / "courts") if name.endswith(".part")]
    assert (tmp_path / "courts" / "rec-0.xml").read_bytes() == b"x"


@pytest.mark.parametrize("pillar, record_id", [("../etc", "r"), ("courts", "../../x"), ("courts", ".hidden")])
def test_unsafe_names_are_refused(tmp_path: Path, pillar: str, record_id: str) -> None:
    with pytest.raises(PermanentError, match="unsafe"):
        FileOutbox(tmp_path).stage(pillar, record_id, "xml", b"x")
    assert not any(tmp_path.iterdir())
