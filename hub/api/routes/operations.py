"""For operators: queues, dead letters and their replay, adapters' health, schemas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from hub.api.deps import CurrentPrincipal, ServicesDep, require
from hub.auth.roles import Permission, Principal
from hub.broker import names
from hub.broker.admin import queue_stats
from hub.dlq import list_dead, replay
from hub.errors import TransientError
from hub.routing import PILLARS

router = APIRouter(prefix="/v1", tags=["operations"])
Operator = Annotated[Principal, Depends(require(Permission.OPERATE))]


def overview(services: ServicesDep) -> dict[str, Any]:
    """Per pillar: queue depth, consumers, dead letters, deliveries in the last minute and hour."""
    pillars = list(services.table.subscriber_pillars())
    queues = [q for p in pillars for q in (names.deliver_queue(p), names.dead_queue(p))]
    try:
        stats = {q: (m, c) for q, m, c in queue_stats(services.settings.amqp_url, queues)}
        broker = "ok"
    except TransientError as exc:
        stats, broker = {}, f"unavailable: {exc}"
    now = datetime.now(UTC)
    last_minute = services.audit.counts_since("DELIVERED", (now - timedelta(minutes=1)).isoformat())
    last_hour = services.audit.counts_since("DELIVERED", (now - timedelta(hours=1)).isoformat())
    return {
        "broker": broker,
        "pillars": [
            {
                "pillar": p,
                "queue": names.deliver_queue(p),
                "depth": stats.get(names.deliver_queue(p), (None, None))[0],
                "consumers": stats.get(names.deliver_queue(p), (None, None))[1],
                "dead_letters": stats.get(names.dead_queue(p), (None, None))[0],
                "delivered_per_s_last_minute": round(last_minute.get(p, 0) / 60, 2),
                "delivered_last_hour": last_hour.get(p, 0),
                "subscribes_to": list(services.table.record_types_for(p)),
            }
            for p in pillars
        ],
    }


@router.get("/queues")
async def queues(services: ServicesDep, _: Operator) -> dict[str, Any]:
    """Depth, consumers and delivery rate of every pillar's queue, and its dead letters."""
    return await run_in_threadpool(overview, services)


@router.get("/dead-letters")
async def dead_letters(services: ServicesDep, _: Operator, pillar: str | None = None) -> list[dict[str, Any]]:
    """Dead letters: record id, type, reason, attempts, first and last failure."""
    if pillar is not None and pillar not in PILLARS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no pillar {pillar}")
    pillars = [pillar] if pillar else list(services.table.subscriber_pillars())
    try:
        letters = await run_in_threadpool(list_dead, services.settings.amqp_url, pillars)
    except TransientError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from None
    return [d.__dict__ for d in letters]


class ReplayRequest(BaseModel):
    pillar: str = Field(description="the pillar whose dead letters to replay")
    record_ids: list[str] | None = Field(default=None, description="these records only; omit for all")
    dry_run: bool = False


@router.post("/dead-letters/replay")
async def replay_dead(body: ReplayRequest, services: ServicesDep, principal: Operator) -> dict[str, Any]:
    """Move dead letters back to delivery after fixing their cause; audited REPLAYED with who did it."""
    if body.pillar not in PILLARS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no pillar {body.pillar}")
    wanted = set(body.record_ids) if body.record_ids is not None else None
    try:
        done = await run_in_threadpool(
            lambda: replay(
                services.settings.amqp_url,
                services.audit,
                body.pillar,
                record_ids=wanted,
                actor=f"{principal.name} ({principal.key_id})",
                dry_run=body.dry_run,
            )
        )
    except TransientError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from None
    return {"replayed": [d.__dict__ for d in done], "dry_run": body.dry_run}


def adapter_health(services: ServicesDep) -> list[dict[str, Any]]:
    recent = services.audit.recent(["RECEIVED", "REJECTED"], limit=5000)
    health: dict[str, dict[str, Any]] = {
        a.name: {
            "adapter": a.name,
            "pillar": a.pillar,
            "version": a.version,
            "produces": sorted(a.produces),
            "consumes": sorted(a.consumes),
            "last_record_at": None,
            "received": 0,
            "rejected": 0,
        }
        for a in services.adapters.all()
    }
    for entry in recent:
        name = entry.detail_data().get("adapter")
        if name not in health:
            continue
        row = health[name]
        row["last_record_at"] = row["last_record_at"] or entry.at
        row["received" if entry.event == "RECEIVED" else "rejected"] += 1
    for row in health.values():
        row["error_rate"] = round(row["rejected"] / row["received"], 3) if row["received"] else 0.0
    broken = [{"adapter": b.name, "broken": b.reason} for b in services.adapters.broken]
    return [*health.values(), *broken]


@router.get("/adapters")
async def adapters(services: ServicesDep, _: Operator) -> list[dict[str, Any]]:
    """Installed adapters and their health over the latest 5,000 records: last record, error rate."""
    return await run_in_threadpool(adapter_health, services)


@router.get("/schemas")
def schemas(services: ServicesDep, _: CurrentPrincipal) -> list[dict[str, Any]]:
    """Every record type and version the hub validates, with its producer and consumers."""
    rows = []
    for schema in services.schemas.schemas():
        route = services.table.route(schema.record_type)
        rows.append(
            {
                "record_type": schema.record_type,
                "version": schema.version,
                "namespace": schema.namespace,
                "root_element": schema.root_element,
                "producer": route.producer if route else None,
                "consumers": list(route.subscribers) if route else [],
            }
        )
    return rows


@router.get("/schemas/{record_type}/{version}", response_class=PlainTextResponse)
def schema(record_type: str, version: str, services: ServicesDep, _: CurrentPrincipal) -> str:
    """The XSD of one record type and version."""
    matches = [s for s in services.schemas.schemas() if s.record_type == record_type and s.version == version]
    if not matches:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no schema {record_type} {version}")
    return matches[0].path.read_text(encoding="utf-8")
