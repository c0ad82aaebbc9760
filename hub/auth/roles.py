"""Roles and what each may do: pure, so the policy is tested without HTTP.

- ``pillar:<name>`` ingests only through adapters of its own pillar (and so only the record types that pillar
  produces) and reads only what was delivered to it;
- ``operator`` sees metadata, queues and dead letters and replays them; reading a record's content is break-glass,
  with a stated reason that is audited;
- ``auditor`` reads traces, proofs and the log's verification, never payloads.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hub.errors import PermanentError
from hub.routing import PILLARS


class Permission(enum.Enum):
    INGEST = "ingest"
    READ_METADATA = "read-metadata"
    READ_OWN_DELIVERIES = "read-own-deliveries"
    READ_PAYLOAD_BREAK_GLASS = "read-payload-break-glass"
    TRACE = "trace"
    AUDIT = "audit"
    OPERATE = "operate"  # queues, dead letters, replay, adapters' health


_ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "operator": frozenset(
        {Permission.READ_METADATA, Permission.READ_PAYLOAD_BREAK_GLASS, Permission.TRACE, Permission.OPERATE}
    ),
    "auditor": frozenset({Permission.READ_METADATA, Permission.TRACE, Permission.AUDIT}),
    "pillar": frozenset({Permission.INGEST, Permission.READ_OWN_DELIVERIES}),
}


class BadRole(PermanentError):
    pass


@dataclass(frozen=True)
class Principal:
    key_id: str
    name: str
    role: str  # "operator", "auditor" or "pillar:<name>"

    @property
    def pillar(self) -> str | None:
        return self.role.split(":", 1)[1] if self.role.startswith("pillar:") else None

    def can(self, permission: Permission) -> bool:
        return permission in _ROLE_PERMISSIONS[self.role.split(":", 1)[0]]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


def check_role(role: str) -> str:
    """The role, or BadRole saying which roles exist."""
    if role in ("operator", "auditor"):
        return role
    if role.startswith("pillar:") and role.split(":", 1)[1] in PILLARS:
        return role
    raise BadRole(f"{role!r} is not a role; roles: operator, auditor, " + ", ".join(f"pillar:{p}" for p in PILLARS))
