"""Self-contained proofs of what the log says about one record, and their offline check.

A proof holds the record's entries, each with its Merkle inclusion proof against one signed checkpoint, and that
checkpoint. Checking needs nothing but the file and the hub's public key: no database, no network. A checker that
is given the key (``--public-key``) trusts only that key; the copy inside the file is a convenience and is
reported as such.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from hub.audit.chain import AuditEntry, leaf_of
from hub.audit.merkle import inclusion_proof, verify_inclusion
from hub.audit.signing import Checkpoint, load_public_key, public_key_pem, signature_valid

FORMAT = "icjs-hub-proof/1"


def build_proof(
    record_id: str,
    entries: list[AuditEntry],
    checkpoint: Checkpoint,
    leaf_hashes: list[bytes],
    public_key_pem_text: str,
) -> dict[str, Any]:
    """``leaf_hashes`` are the leaves of the checkpoint's tree (entries 1..tree_size)."""
    if len(leaf_hashes) != checkpoint.tree_size:
        raise ValueError("the leaves do not match the checkpoint's tree size")
    proved = []
    for entry in entries:
        if entry.seq > checkpoint.tree_size:
            raise ValueError(f"entry {entry.seq} is not covered by the checkpoint over {checkpoint.tree_size}")
        proved.append(
            {
                "entry": {
                    k: getattr(entry, k)
                    for k in ("seq", "at", "event", "record_id", "version", "pillar", "actor", "detail")
                },
                "leaf_index": entry.seq - 1,
                "inclusion_proof": [h.hex() for h in inclusion_proof(entry.seq - 1, leaf_hashes)],
            }
        )
    return {
        "format": FORMAT,
        "record_id": record_id,
        "checkpoint": checkpoint.__dict__,
        "entries": proved,
        "public_key": public_key_pem_text,
    }


@dataclass
class ProofCheck:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append(f"FAIL {line}")

    def say(self, line: str) -> None:
        self.lines.append(line)


def check_proof(document: bytes, public_key_pem_text: str | None = None) -> ProofCheck:
    """Verify a proof file offline. Every entry must be included in the signed tree; the signature must be the
    hub's (the given key, or else the file's own copy, which is reported)."""
    result = ProofCheck()
    try:
        proof = json.loads(document)
        checkpoint = Checkpoint(**proof["checkpoint"])
        items = proof["entries"]
        record_id = proof["record_id"]
        if proof.get("format") != FORMAT:
            result.fail(f"not an {FORMAT} file (format {proof.get('format')!r})")
            return result
    except (ValueError, KeyError, TypeError) as exc:
        result.fail(f"not a readable proof file: {exc}")
        return result
    if public_key_pem_text is None:
        public_key_pem_text = proof.get("public_key")
        result.say("note: checking with the public key inside the file; pass --public-key to trust your own copy")
    try:
        key = load_public_key(public_key_pem_text or "")
    except (ValueError, TypeError) as exc:
        result.fail(f"unusable public key: {exc}")
        return result
    if signature_valid(checkpoint, key):
        result.say(
            f"checkpoint: {checkpoint.tree_size} entries, root {checkpoint.root[:16]}…, signed {checkpoint.at} "
            f"by key {checkpoint.key_id}: signature valid"
        )
    else:
        result.fail(f"the checkpoint's signature is not valid for key {public_key_pem(key).splitlines()[1][:24]}…")
    root = bytes.fromhex(checkpoint.root)
    if not items:
        result.fail("the proof holds no entries")
    for item in items:
        try:
            entry = AuditEntry(**item["entry"], prev_hash="", hash="")
            index = int(item["leaf_index"])
            path = [bytes.fromhex(h) for h in item["inclusion_proof"]]
        except (KeyError, TypeError, ValueError) as exc:
            result.fail(f"an unreadable entry: {exc}")
            continue
        if entry.record_id != record_id:
            result.fail(f"entry {entry.seq} is about record {entry.record_id}, not {record_id}")
        if index != entry.seq - 1:
            result.fail(f"entry {entry.seq} claims leaf {index}")
            continue
        if verify_inclusion(leaf_of(entry), index, checkpoint.tree_size, path, root):
            result.say(f"#{entry.seq} {entry.at} {entry.event} {entry.pillar or '-'}: included")
        else:
            result.fail(f"entry {entry.seq} ({entry.event}) is not in the signed tree: it was altered or invented")
    result.say("PROOF VALID" if result.ok else "PROOF INVALID")
    return result
