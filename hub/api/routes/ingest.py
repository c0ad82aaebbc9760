"""Pillars push native records over HTTP: one document per request, one result per record found."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from hub.api.deps import ServicesDep, deny, require
from hub.auth.roles import Permission, Principal
from hub.errors import TransientError
from hub.ingest import Outcome
from hub.plugins import UnknownAdapter

router = APIRouter(prefix="/v1/ingest", tags=["ingest"])


class RecordResult(BaseModel):
    outcome: str
    record_id: str | None
    record_type: str | None
    version: int | None = None
    subscribers: list[str] = []
    reason: str | None = None


class IngestResponse(BaseModel):
    accepted: int
    duplicates: int
    rejected: int
    records: list[RecordResult]


@router.post(
    "/{adapter}",
    response_model=IngestResponse,
    responses={
        401: {"description": "no or bad API key"},
        403: {"description": "the adapter belongs to another pillar"},
        404: {"description": "no such adapter"},
        413: {"description": "document too large"},
        422: {"description": "a record was refused; the reasons are in the body"},
        503: {"description": "the broker or the audit store is unavailable"},
    },
)
async def ingest(
    adapter: str,
    request: Request,
    response: Response,
    services: ServicesDep,
    principal: Annotated[Principal, Depends(require(Permission.INGEST))],
) -> IngestResponse:
    """Native bytes in, in the adapter's own format; record ids, or each refused record's reason, out."""
    try:
        pillar = services.adapters.get(adapter).pillar
    except UnknownAdapter as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    if pillar != principal.pillar:
        raise deny(services, principal, request, f"{principal.role} may not ingest through {adapter} ({pillar})")
    native = await request.body()
    if len(native) > services.settings.max_record_bytes * 16:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "document too large")
    source = request.headers.get("x-icjs-source", "http")
    try:
        # Ingest blocks on the database and the broker's confirm: off the event loop.
        results = await run_in_threadpool(
            services.ingestor.ingest, adapter, native, source=source, actor=principal.key_id
        )
    except TransientError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from None
    records = [
        RecordResult(
            outcome=str(r.outcome),
            record_id=r.record_id,
            record_type=r.record_type,
            version=r.version,
            subscribers=list(r.subscribers),
            reason=r.reason,
        )
        for r in results
    ]
    rejected = sum(r.outcome is Outcome.REJECTED for r in results)
    if rejected:
        response.status_code = status.HTTP_422_UNPROCESSABLE_CONTENT
    return IngestResponse(
        accepted=sum(r.outcome in (Outcome.ACCEPTED, Outcome.UNROUTABLE) for r in results),
        duplicates=sum(r.outcome is Outcome.DUPLICATE for r in results),
        rejected=rejected,
        records=records,
    )
