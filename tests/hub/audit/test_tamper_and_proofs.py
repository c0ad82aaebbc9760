"""Tamper evidence and offline proofs, on both backends: every change to the log is found; a proof checks out
with nothing but the file and the public key, and a forged or altered proof does not."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hub.audit.chain import AuditEntry, entry_hash, verify_chain
from hub.audit.proof import build_proof, check_proof
from hub.audit.signing import Signer, public_key_pem
from hub.audit.sql import SqlAuditStore
from hub.audit.store import AuditEvent, Event
from hub.retention import RetentionPolicy, parse_duration
from tests.hub.audit.conftest import run_sql


def _store(url: str, tmp_path: Path, every: int = 16) -> SqlAuditStore:
    return SqlAuditStore(url, signer=Signer(tmp_path / "keys"), checkpoint_every=every, checkpoint_interval_s=3600)


def _fill(store: SqlAuditStore, n: int) -> None:
    pillars = ["courts", "prosecution", "prisons"]
    for i in range(n):
        store.append([AuditEvent(Event.DELIVERED, f"rec-{i % 7}", 1, pillars[i % 3], "hub", {"n": i})])


def test_checkpoints_are_signed_every_n_entries_and_verified(audit_url: str, tmp_path: Path) -> None:
    store = _store(audit_url, tmp_path, every=10)
    _fill(store, 35)
    assert [c.tree_size for c in store.checkpoints()] == [10, 20, 30]
    report = store.verify()
    assert report.ok and report.checkpoints_checked == 3
    # A checkpoint whose signature was replaced is named
    run_sql(audit_url, "UPDATE audit_checkpoints SET signature = '" + "00" * 64 + "' WHERE tree_size = 20")
    report = store.verify()
    assert report.problem is not None and "not signed by the audit key" in report.problem.reason
    store.close()


def _rehash_from(entries: list[AuditEntry], start: int) -> list[AuditEntry]:
    """What a careful forger does: recompute every hash from ``start`` on so the chain holds again."""
    out = entries[:start]
    prev = out[-1].hash if out else "0" * 64
    for i, e in enumerate(entries[start:], start=start):
        e = dataclasses.replace(e, seq=i + 1, prev_hash=prev)
        e = dataclasses.replace(
            e, hash=entry_hash(prev, e.seq, e.at, e.event, e.record_id, e.version, e.pillar, e.actor, e.detail)
        )
        out.append(e)
        prev = e.hash
    return out


def test_200_random_tamperings_are_all_detected(audit_url: str, tmp_path: Path) -> None:
    # Given a log of 120 entries with signed checkpoints every 16, as stored
    store = _store(audit_url, tmp_path)
    _fill(store, 120)
    entries = list(store.entries())
    head_seq, head_hash = store.head()
    checkpoints = store.checkpoints()
    key = store.signer_public_key()
    assert verify_chain(entries, head_seq=head_seq, head_hash=head_hash, checkpoints=checkpoints, public_key=key).ok
    rng = random.Random(6962)
    kinds = ["modify", "modify-and-rehash", "delete", "insert", "reorder", "truncate", "rewrite-history"]
    detected = {kind: 0 for kind in kinds}
    # When the entries are tampered with at random, 200 times
    for trial in range(200):
        kind = kinds[trial % len(kinds)]
        forged = list(entries)
        i = rng.randrange(len(forged) - 1)
        if kind == "modify":
            forged[i] = dataclasses.replace(forged[i], actor=forged[i].actor + "x")
        elif kind == "modify-and-rehash":
            e = dataclasses.replace(forged[i], event="DEAD_LETTERED")
            forged[i] = dataclasses.replace(
                e,
                hash=entry_hash(e.prev_hash, e.seq, e.at, e.event, e.record_id, e.version, e.pillar, e.actor, e.detail),
            )
        elif kind == "delete":
            del forged[i]
        elif kind == "insert":
            forged.insert(i, dataclasses.replace(forged[i], detail='{"n":-1}'))
        elif kind == "reorder":
            forged[i], forged[i + 1] = forged[i + 1], forged[i]
        elif kind == "truncate":
            forged = forged[: rng.randrange(1, len(forged))]
        else:  # rewrite an entry inside the checkpointed history and recompute everything after it, head included
            i = rng.randrange(checkpoints[-1].tree_size)
            forged[i] = dataclasses.replace(forged[i], pillar="nobody")
            forged = _rehash_from(forged, i)
            head_hash_forged = forged[-1].hash
            report = verify_chain(
                forged, head_seq=len(forged), head_hash=head_hash_forged, checkpoints=checkpoints, public_key=key
            )
            detected[kind] += report.problem is not None
            continue
        report = verify_chain(forged, head_seq=head_seq, head_hash=head_hash, checkpoints=checkpoints, public_key=key)
        detected[kind] += report.problem is not None
    # Then every one is detected
    assert sum(detected.values()) == 200, detected
    store.close()


@pytest.mark.parametrize(
    ("kind", "statement"),
    [
        ("modify", "UPDATE audit_log SET actor = 'mallory' WHERE seq = 7"),
        ("delete", "DELETE FROM audit_log WHERE seq = 7"),
        (
            "insert",
            "INSERT INTO audit_log SELECT seq + 1000, at, event, record_id, version, pillar, actor, detail, "
            "prev_hash, hash, leaf FROM audit_log WHERE seq = 7",
        ),
        ("reorder", "UPDATE audit_log SET seq = CASE seq WHEN 7 THEN 8 ELSE 7 END WHERE seq IN (7, 8)"),
        ("truncate", "DELETE FROM audit_log WHERE seq > 30"),
    ],
)
def test_tampering_in_the_database_is_found(audit_url: str, tmp_path: Path, kind: str, statement: str) -> None:
    store = _store(audit_url, tmp_path)
    _fill(store, 40)
    assert store.verify().ok
    if kind == "reorder":
        # Both databases check the primary key per row: swap through a free number
        run_sql(audit_url, "UPDATE audit_log SET seq = -7 WHERE seq = 7")
        run_sql(audit_url, "UPDATE audit_log SET seq = 7 WHERE seq = 8")
        run_sql(audit_url, "UPDATE audit_log SET seq = 8 WHERE seq = -7")
    else:
        assert run_sql(audit_url, statement) >= 1
    assert not store.verify().ok
    store.close()


def _proof(audit_url: str, tmp_path: Path) -> tuple[dict, str]:
    store = _store(audit_url, tmp_path)
    _fill(store, 50)
    store.checkpoint()
    checkpoint = store.checkpoints()[-1]
    entries = list(store.entries(record_id="rec-3"))
    proof = build_proof(
        "rec-3", entries, checkpoint, store.leaf_hashes(checkpoint.tree_size), public_key_pem(store.signer_public_key())
    )
    pem = public_key_pem(store.signer_public_key())
    store.close()
    return proof, pem


def test_a_proof_checks_offline_and_any_alteration_is_refused(audit_url: str, tmp_path: Path) -> None:
    proof, pem = _proof(audit_url, tmp_path)
    good = json.dumps(proof).encode()
    result = check_proof(good, pem)
    assert result.ok, result.lines
    assert sum("included" in line for line in result.lines) == len(proof["entries"]) == 7

    def altered(change) -> bytes:
        copy = json.loads(good)
        change(copy)
        return json.dumps(copy).encode()

    forgeries = {
        "entry event": altered(lambda p: p["entries"][0]["entry"].update(event="DEAD_LETTERED")),
        "entry pillar": altered(lambda p: p["entries"][2]["entry"].update(pillar="nobody")),
        "inclusion path": altered(lambda p: p["entries"][1]["inclusion_proof"].__setitem__(0, "00" * 32)),
        "leaf index": altered(lambda p: p["entries"][1].update(leaf_index=0)),
        "checkpoint root": altered(lambda p: p["checkpoint"].update(root="11" * 32)),
        "checkpoint size": altered(lambda p: p["checkpoint"].update(tree_size=p["checkpoint"]["tree_size"] + 1)),
        "another record's entry": altered(lambda p: p["entries"][0]["entry"].update(record_id="rec-4")),
        "not json": b"{not json",
    }
    for what, forged in forgeries.items():
        assert not check_proof(forged, pem).ok, what


def test_a_proof_signed_by_another_key_is_refused_by_the_auditors_key(audit_url: str, tmp_path: Path) -> None:
    proof, pem = _proof(audit_url, tmp_path)
    # Given a forger who re-signs the checkpoint with a key of their own and embeds that key
    forger = Signer(tmp_path / "forger")
    cp = proof["checkpoint"]
    forged_cp = forger.sign(cp["tree_size"], cp["root"], cp["at"])
    proof["checkpoint"] = forged_cp.__dict__
    proof["public_key"] = public_key_pem(forger.public_key)
    document = json.dumps(proof).encode()
    # Then with the auditor's own copy of the hub's key it is refused
    assert not check_proof(document, pem).ok
    # And without one, the checker says it is trusting the file's key
    lenient = check_proof(document, None)
    assert any("public key inside the file" in line for line in lenient.lines)


def test_purged_payloads_keep_proofs_and_verify_valid_and_a_hold_keeps_its_payload(
    audit_url: str, tmp_path: Path
) -> None:
    from tests.hub.audit.test_sql_store import _builder, _record

    clock_now = ["2020-01-01T00:00:00+00:00"]
    store = SqlAuditStore(audit_url, signer=Signer(tmp_path / "keys"), clock=lambda: clock_now[0])
    ids = []
    for n in range(3):
        record = _record(n)
        _, admitted = store.admit(record.record_id, f"c{n}", _builder(n), [])
        assert admitted is not None
        ids.append(admitted.record_id)
    # Given a legal hold on case 1's FIR
    store.place_hold("6-60-PS1-2024-1", "judge.order", "stay order in WP 123/2025")
    policy = RetentionPolicy("t", parse_duration("7y"), {"fir-registered": parse_duration("1y")})
    as_of = datetime(2021, 6, 1, tzinfo=UTC)
    # When payloads past retention are purged
    clock_now[0] = "2021-06-01T00:00:00+00:00"
    purged = store.purge(lambda t, at: policy.is_due(t, at, as_of), actor="ops")
    # Then cases 0 and 2 lose their bytes but keep their hash; the held case keeps everything
    assert sorted(p[0] for p in purged) == sorted([ids[0], ids[2]])
    sha, content = store.payload(ids[0], 1) or ("", b"?")
    assert content is None and len(sha) == 64
    assert store.payload(ids[1], 1)[1] is not None  # type: ignore[index]
    # And the log, with its PURGED and HOLD entries, still verifies, and a purge a year early would purge nothing
    assert store.verify().ok
    assert store.purge(lambda t, at: policy.is_due(t, at, as_of - timedelta(days=400)), actor="ops") == []
    store.close()


def _append_many(url: str, worker: int, count: int) -> None:
    store = SqlAuditStore(url)
    for i in range(count):
        store.append([AuditEvent(Event.RECEIVED, f"w{worker}-{i}", 1, "police", f"proc-{worker}")])
    store.close()


def test_several_processes_writing_to_postgres_keep_one_verifiable_sequence(postgres_url: str) -> None:
    first = SqlAuditStore(postgres_url)
    first.head()  # create the schema once, as the first hub process would
    first.close()
    ctx = multiprocessing.get_context("spawn")
    processes = [ctx.Process(target=_append_many, args=(postgres_url, w, 100)) for w in range(4)]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=120)
        assert p.exitcode == 0
    store = SqlAuditStore(postgres_url)
    report = store.verify()
    assert report.ok, report.problem
    assert report.entries == 400
    assert {e.actor for e in store.entries()} == {f"proc-{w}" for w in range(4)}
    store.close()
