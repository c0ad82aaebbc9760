"""RFC 6962 Merkle hashing and proofs, checked against a naive recursive definition and against tampering."""

from __future__ import annotations

import hashlib

import pytest

from hub.audit.merkle import (
    EMPTY_ROOT,
    Frontier,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)


def _mth(leaves: list[bytes]) -> bytes:
    """RFC 6962 section 2.1, written as the RFC writes it."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + _mth(leaves[:k]) + _mth(leaves[k:])).digest()


LEAVES = [f"entry {i}".encode() for i in range(40)]


def test_prefixes_match_the_rfc_definition() -> None:
    hashes = [leaf_hash(x) for x in LEAVES]
    frontier = Frontier()
    assert frontier.root() == EMPTY_ROOT
    for n in range(1, len(LEAVES) + 1):
        frontier.append(hashes[n - 1])
        assert frontier.root() == _mth(LEAVES[:n]) == root(hashes[:n])


def test_rfc_6962_hashing_prefixes() -> None:
    assert leaf_hash(b"a") == hashlib.sha256(b"\x00a").digest()
    assert node_hash(b"l", b"r") == hashlib.sha256(b"\x01lr").digest()


def test_a_frontier_resumes_where_it_stopped() -> None:
    hashes = [leaf_hash(x) for x in LEAVES]
    first = Frontier()
    first.extend(hashes[:23])
    resumed = Frontier(first.size, first.hashes())
    resumed.extend(hashes[23:])
    assert resumed.root() == root(hashes)
    with pytest.raises(ValueError):
        Frontier(23, first.hashes()[:-1])


@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 9, 31, 40])
def test_every_inclusion_proof_verifies_and_a_wrong_one_does_not(size: int) -> None:
    hashes = [leaf_hash(x) for x in LEAVES[:size]]
    head = root(hashes)
    for index in range(size):
        proof = inclusion_proof(index, hashes)
        assert verify_inclusion(hashes[index], index, size, proof, head)
        assert not verify_inclusion(leaf_hash(b"forged"), index, size, proof, head)
        if size > 1:
            assert not verify_inclusion(hashes[index], (index + 1) % size, size, proof, head)


@pytest.mark.parametrize(("old", "new"), [(1, 2), (3, 7), (4, 8), (6, 8), (7, 40), (8, 9), (16, 40), (40, 40)])
def test_consistency_proofs_verify_and_a_rewritten_history_does_not(old: int, new: int) -> None:
    hashes = [leaf_hash(x) for x in LEAVES[:new]]
    old_root, new_root = root(hashes[:old]), root(hashes)
    proof = consistency_proof(old, hashes) if old != new else []
    assert verify_consistency(old, new, old_root, new_root, proof)
    # A log that changed one old entry is not consistent with the earlier head
    rewritten = [leaf_hash(b"rewritten"), *hashes[1:]]
    assert not verify_consistency(old, new, old_root, root(rewritten), proof)
