"""Records: metadata for operators and auditors; content only as delivered to a pillar, or break-glass."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status

from hub.api.deps import CurrentPrincipal, ServicesDep, deny, require
from hub.audit.store import AuditEvent, Event
from hub.auth.roles import Permission, Principal
from hub.redaction import redact
from hub.trace import describe

router = APIRouter(prefix="/v1", tags=["records"])


@router.get("/records/{record_id}")
def record(
    record_id: str, services: ServicesDep, _: Annotated[Principal, Depends(require(Permission.READ_METADATA))]
) -> list[dict[str, Any]]:
    """A record's versions: type, source, case keys, subscribers, where delivered and where dead. No content."""
    found = services.audit.record_info(record_id)
    if not found:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no record {record_id}")
    return found


@router.get("/records/{record_id}/versions/{version}/content", response_class=Response)
def content(
    record_id: str,
    version: int,
    request: Request,
    services: ServicesDep,
    principal: CurrentPrincipal,
    reason: Annotated[str | None, Query(min_length=10, max_length=500)] = None,
) -> Response:
    """The record's canonical XML. A pillar gets it as it was delivered to it (redacted as it was); an operator
    only with a stated reason (break-glass, audited VIEWED); an auditor never."""
    infos = [v for v in services.audit.record_info(record_id) if v["version"] == version]
    if not infos:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no record {record_id} version {version}")
    info = infos[0]
    if principal.pillar is not None:
        if principal.pillar not in info["delivered_to"]:
            raise deny(services, principal, request, f"{record_id} v{version} was not delivered to {principal.pillar}")
    elif principal.can(Permission.READ_PAYLOAD_BREAK_GLASS):
        if reason is None:
            raise HTTPException(status.HTTP_400_BAD_REQUEST, "state a reason (?reason=...): this read is audited")
    else:
        raise deny(services, principal, request, f"role {principal.role} may not read record content")
    stored = services.audit.payload(record_id, version)
    if stored is None or stored[1] is None:
        raise HTTPException(status.HTTP_410_GONE, "the content was purged at the end of its retention; its hash stays")
    body = stored[1]
    if principal.pillar is not None:
        body = redact(body, info["record_type"], principal.pillar, services.policy).content
    detail = {"reason": reason or "own delivery", "role": principal.role, "name": principal.name}
    services.audit.append([AuditEvent(Event.VIEWED, record_id, version, principal.pillar, principal.key_id, detail)])
    return Response(body, media_type="application/xml")


@router.get("/trace/{record_id}")
def trace(
    record_id: str, services: ServicesDep, _: Annotated[Principal, Depends(require(Permission.TRACE))]
) -> dict[str, Any]:
    """A record's audit timeline: received, accepted, routed, redacted, delivered, retried, dead, replayed."""
    entries = list(services.audit.entries(record_id=record_id))
    if not entries:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no audit entries for {record_id}")
    return {"record_id": record_id, "entries": [_entry(e) for e in entries]}


@router.get("/cases/{case_key}")
def case(
    case_key: str, services: ServicesDep, _: Annotated[Principal, Depends(require(Permission.TRACE))]
) -> dict[str, Any]:
    """One case (FIR key, CNR, lab case number or prisoner id) across the pillars: its records and deliveries."""
    found = services.audit.records_for_case(case_key)
    if not found:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no records linked to {case_key}")
    return {
        "case": case_key,
        "records": [
            {
                "record_id": record_id,
                "version": version,
                "record_type": record_type,
                "entries": [_entry(e) for e in services.audit.entries(record_id=record_id)],
            }
            for record_id, version, record_type in found
        ],
    }


def _entry(entry: Any) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at,
        "event": entry.event,
        "version": entry.version,
        "pillar": entry.pillar,
        "actor": entry.actor,
        "detail": entry.detail_data(),
        "line": describe(entry),
    }
