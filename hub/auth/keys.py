"""API keys, stored hashed in the hub's database (the same one as the audit log, its own table).

A key reads ``icjs_<key id>_<secret>``: the id finds the row, the secret is compared (in constant time) with its
stored SHA-256. The secret has 256 bits of entropy, so a fast hash is enough; a slow password hash would only slow
every request. The key itself is shown once, when made.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from hub.audit.sql import engine_url
from hub.auth.roles import Principal, check_role
from hub.errors import AuditUnavailable

metadata = sa.MetaData()

api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("key_id", sa.String(16), primary_key=True),
    sa.Column("secret_sha256", sa.String(64), nullable=False),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("revoked_at", sa.String(40), nullable=True),
)


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    name: str
    role: str
    created_at: str
    revoked_at: str | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class KeyStore:
    def __init__(self, url: str) -> None:
        self._url = engine_url(url)
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    def _db(self) -> Engine:
        with self._lock:
            if self._engine is None:
                url = sa.make_url(self._url)
                is_sqlite = url.get_backend_name() == "sqlite"
                if is_sqlite and url.database and url.database != ":memory:":
                    Path(url.database).parent.mkdir(parents=True, exist_ok=True)
                engine = sa.create_engine(self._url, connect_args={"timeout": 30} if is_sqlite else {})
                try:
                    metadata.create_all(engine)
                except DBAPIError as exc:
                    engine.dispose()
                    raise AuditUnavailable(f"cannot open the key store: {exc.orig}") from None
                self._engine = engine
            return self._engine

    def add(self, name: str, role: str) -> str:
        """Make a key; returns it (the only time it is shown)."""
        role = check_role(role)
        key_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        with self._db().begin() as conn:
            conn.execute(
                sa.insert(api_keys).values(
                    key_id=key_id,
                    secret_sha256=_digest(secret),
                    name=name,
                    role=role,
                    created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            )
        return f"icjs_{key_id}_{secret}"

    def authenticate(self, key: str) -> Principal | None:
        parts = key.split("_", 2)
        if len(parts) != 3 or parts[0] != "icjs" or len(parts[1]) != 16:
            return None
        try:
            with self._db().connect() as conn:
                row = conn.execute(sa.select(api_keys).where(api_keys.c.key_id == parts[1])).first()
        except DBAPIError as exc:
            raise AuditUnavailable(f"key store failed: {exc.orig}") from None
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.secret_sha256, _digest(parts[2])):
            return None
        return Principal(row.key_id, row.name, row.role)

    def list(self) -> list[KeyInfo]:
        with self._db().connect() as conn:
            rows = conn.execute(sa.select(api_keys).order_by(api_keys.c.created_at, api_keys.c.key_id)).all()
        return [KeyInfo(r.key_id, r.name, r.role, r.created_at, r.revoked_at) for r in rows]

    def revoke(self, key_id: str) -> bool:
        with self._db().begin() as conn:
            done = conn.execute(
                sa.update(api_keys)
                .where(api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC).isoformat(timespec="seconds"))
            )
        return bool(done.rowcount)

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
