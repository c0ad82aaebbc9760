"""Signed checkpoints: the Ed25519 key that signs the log's tree heads, and the signed statement itself.

The private key lives under ICJS_DATA_DIR/keys/ (made on first use, readable by its owner only); the public key is
what auditors and courts are given (`icjs-hub audit public-key`) to check proofs without trusting the hub.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_FILE = "audit-ed25519.pem"


@dataclass(frozen=True)
class Checkpoint:
    """A signed tree head: the Merkle root over the first ``tree_size`` entries, at a time, by a key."""

    tree_size: int
    root: str  # hex
    at: str
    key_id: str
    signature: str  # hex

    def statement(self) -> bytes:
        return signed_statement(self.tree_size, self.root, self.at, self.key_id)


def signed_statement(tree_size: int, root_hex: str, at: str, key_id: str) -> bytes:
    """The exact bytes that are signed; a proof checker rebuilds them from the checkpoint's fields."""
    return f"icjs-hub audit checkpoint v1\ntree_size={tree_size}\nroot={root_hex}\nat={at}\nkey={key_id}\n".encode()


def key_id_of(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_public_key(pem: str | bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def signature_valid(checkpoint: Checkpoint, public_key: Ed25519PublicKey) -> bool:
    if key_id_of(public_key) != checkpoint.key_id:
        return False
    try:
        public_key.verify(bytes.fromhex(checkpoint.signature), checkpoint.statement())
    except (InvalidSignature, ValueError):
        return False
    return True


class Signer:
    """Signs checkpoints with the hub's key, creating the key on first use. Creating a Signer reads nothing."""

    def __init__(self, key_dir: Path) -> None:
        self._path = key_dir / KEY_FILE
        self._key: Ed25519PrivateKey | None = None

    def _private(self) -> Ed25519PrivateKey:
        if self._key is None:
            if self._path.exists():
                key = serialization.load_pem_private_key(self._path.read_bytes(), password=None)
                if not isinstance(key, Ed25519PrivateKey):
                    raise ValueError(f"{self._path} is not an Ed25519 private key")
                self._key = key
            else:
                self._key = Ed25519PrivateKey.generate()
                self._path.parent.mkdir(parents=True, exist_ok=True)
                pem = self._key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
                # Create readable by the owner only, and never overwrite a key another process just made.
                try:
                    fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                except FileExistsError:
                    self._key = None
                    return self._private()
                with os.fdopen(fd, "wb") as handle:
                    handle.write(pem)
        return self._key

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self._private().public_key()

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_key)

    def sign(self, tree_size: int, root_hex: str, at: str) -> Checkpoint:
        key_id = self.key_id
        signature = self._private().sign(signed_statement(tree_size, root_hex, at, key_id)).hex()
        return Checkpoint(tree_size, root_hex, at, key_id, signature)
