"""Liveness and readiness for orchestrators and load balancers."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from hub.api.deps import ServicesDep
from hub.broker.connection import connect
from hub.errors import HubError

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(services: ServicesDep, response: Response) -> dict[str, str]:
    """RabbitMQ and the audit database are reachable: the hub can take records."""
    checks: dict[str, str] = {}
    try:
        connect(services.settings.amqp_url, timeout_s=2).close()
        checks["broker"] = "ok"
    except HubError as exc:
        checks["broker"] = f"unavailable: {exc}"
    try:
        services.audit.head()
        checks["database"] = "ok"
    except HubError as exc:
        checks["database"] = f"unavailable: {exc}"
    ready = all(v == "ok" for v in checks.values())
    response.status_code = status.HTTP_200_OK if ready else status.HTTP_503_SERVICE_UNAVAILABLE
    return {"status": "ready" if ready else "not ready", **checks}
