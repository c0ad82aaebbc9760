"""Dependencies for route handlers: the hub's parts (built once in the app's lifespan) and the caller."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import APIKeyCookie, APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from hub.audit.store import AuditEvent, Event
from hub.auth.roles import Permission, Principal
from hub.services import Services

COOKIE = "icjs_key"

_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer icjs_<key id>_<secret>")
_header = APIKeyHeader(name="X-API-Key", auto_error=False)
_cookie = APIKeyCookie(name=COOKIE, auto_error=False)


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_principal(
    services: ServicesDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header: Annotated[str | None, Depends(_header)],
    cookie: Annotated[str | None, Depends(_cookie)],
) -> Principal:
    key = (bearer.credentials if bearer else None) or header or cookie
    if not key:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "an API key is required", {"WWW-Authenticate": "Bearer"})
    principal = services.keys.authenticate(key)
    if principal is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown or revoked API key", {"WWW-Authenticate": "Bearer"})
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def deny(services: Services, principal: Principal, request: Request, why: str) -> HTTPException:
    """A 403, audited: who tried what."""
    detail = {"method": request.method, "path": request.url.path, "why": why, "role": principal.role}
    services.audit.append([AuditEvent(Event.ACCESS_DENIED, None, None, principal.pillar, principal.key_id, detail)])
    return HTTPException(status.HTTP_403_FORBIDDEN, why)


def require(permission: Permission) -> Callable[..., Principal]:
    def dependency(principal: CurrentPrincipal, services: ServicesDep, request: Request) -> Principal:
        if not principal.can(permission):
            raise deny(services, principal, request, f"role {principal.role} may not {permission.value}")
        return principal

    return dependency
