"""The hash chain detects any change to the log: edits, deletions, insertions, reordering, truncation."""

from __future__ import annotations

import dataclasses

from hub.audit.chain import GENESIS, AuditEntry, entry_hash, verify_chain


def _chain(n: int) -> list[AuditEntry]:
    entries, prev = [], GENESIS
    for seq in range(1, n + 1):
        fields = (seq, f"2026-11-24T10:00:{seq:02d}+00:00", "RECEIVED", f"rec-{seq}", 1, "police", "cli", "{}")
        digest = entry_hash(prev, *fields)
        entries.append(AuditEntry(*fields, prev_hash=prev, hash=digest))
        prev = digest
    return entries


def test_an_untouched_chain_verifies() -> None:
    entries = _chain(5)
    report = verify_chain(entries, head_seq=5, head_hash=entries[-1].hash)
    assert report.ok and report.entries == 5


def test_an_edited_entry_is_named() -> None:
    entries = _chain(5)
    entries[2] = dataclasses.replace(entries[2], event="DELIVERED")
    report = verify_chain(entries)
    assert report.problem is not None and report.problem.seq == 3
    assert "altered" in report.problem.reason


def test_a_deleted_entry_is_found() -> None:
    entries = _chain(5)
    del entries[1]
    report = verify_chain(entries)
    assert report.problem is not None and report.problem.seq == 3


def test_swapped_entries_are_found() -> None:
    entries = _chain(5)
    entries[1], entries[2] = entries[2], entries[1]
    assert verify_chain(entries).problem is not None


def test_an_edited_entry_with_a_recomputed_hash_breaks_the_next_link() -> None:
    # Given a forger who edits entry 2 and recomputes its hash
    entries = _chain(4)
    forged = dataclasses.replace(entries[1], actor="someone-else")
    forged = dataclasses.replace(
        forged,
        hash=entry_hash(
            forged.prev_hash,
            2,
            forged.at,
            forged.event,
            forged.record_id,
            forged.version,
            forged.pillar,
            forged.actor,
            forged.detail,
        ),
    )
    entries[1] = forged
    # Then entry 3 no longer chains to it
    report = verify_chain(entries)
    assert report.problem is not None and report.problem.seq == 3


def test_truncation_is_found_against_the_head() -> None:
    entries = _chain(5)
    report = verify_chain(entries[:3], head_seq=5, head_hash=entries[-1].hash)
    assert report.problem is not None and "head says 5" in report.problem.reason
