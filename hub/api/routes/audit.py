"""The audit log for auditors: verification, checkpoints, proofs, the public key."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from hub.api.deps import CurrentPrincipal, ServicesDep, require
from hub.audit.proof import build_proof
from hub.audit.signing import public_key_pem
from hub.auth.roles import Permission, Principal

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get("/verify")
async def verify(services: ServicesDep, _: Annotated[Principal, Depends(require(Permission.AUDIT))]) -> dict[str, Any]:
    """Recompute the hash chain, every checkpoint's Merkle root and signature; name the first bad entry."""
    report = await run_in_threadpool(services.audit.verify)
    return {
        "ok": report.ok,
        "entries": report.entries,
        "head_hash": report.head_hash,
        "checkpoints_checked": report.checkpoints_checked,
        "problem": str(report.problem) if report.problem else None,
    }


@router.get("/checkpoints")
def checkpoints(
    services: ServicesDep, _: Annotated[Principal, Depends(require(Permission.READ_METADATA))]
) -> list[dict[str, Any]]:
    """Signed tree heads, oldest first."""
    return [c.__dict__ for c in services.audit.checkpoints()]


@router.get("/proofs/{record_id}")
async def proof(
    record_id: str, services: ServicesDep, _: Annotated[Principal, Depends(require(Permission.AUDIT))]
) -> dict[str, Any]:
    """A self-contained proof of the record's entries; `icjs-hub audit check FILE --public-key K` verifies it."""
    entries = list(services.audit.entries(record_id=record_id))
    if not entries:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no audit entries for {record_id}")

    def build() -> dict[str, Any]:
        services.audit.checkpoint()
        checkpoint = services.audit.checkpoints()[-1]
        return build_proof(
            record_id,
            entries,
            checkpoint,
            services.audit.leaf_hashes(checkpoint.tree_size),
            public_key_pem(services.audit.signer_public_key()),
        )

    return await run_in_threadpool(build)


@router.get("/public-key", response_class=PlainTextResponse)
def public_key(services: ServicesDep, _: CurrentPrincipal) -> str:
    """The Ed25519 public key (PEM) that signs the log's checkpoints."""
    return public_key_pem(services.audit.signer_public_key())
