"""Pillars push native records over HTTP: one document per request, one result per record found."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from hub.api.deps import ServicesDep
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
        404: {"description": "no such adapter"},
        422: {"description": "a record was refused"},
        503: {"description": "the broker or the audit store is unavailable"},
    },
)
async def ingest(adapter: str, request: Request, response: Response, services: ServicesDep) -> IngestResponse:
    """Native bytes in (the adapter's own format); record ids, or the reasons each record was refused, out."""
    native = await request.body()
    if len(native) > services.settings.max_record_bytes * 16:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "document too large")
    actor = request.headers.get("x-icjs-actor", "http")
    source = request.headers.get("x-icjs-source", "http")
    try:
        # Ingest blocks on the database and the broker's confirm: off the event loop.
        results = await run_in_threadpool(services.ingestor.ingest, adapter, native, source=source, actor=actor)
    except UnknownAdapter as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
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
        response.status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    return IngestResponse(
        accepted=sum(r.outcome in (Outcome.ACCEPTED, Outcome.UNROUTABLE) for r in results),
        duplicates=sum(r.outcome is Outcome.DUPLICATE for r in results),
        rejected=rejected,
        records=records,
    )
