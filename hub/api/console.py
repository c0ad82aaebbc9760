"""The web console: server-rendered pages on the same app as the API, for operators (flows, queues, adapters,
dead letters and their replay) and auditors (traces, cases, the audit log's checkpoints and verification).

Sign-in takes an API key and keeps it in an HttpOnly, SameSite=Strict cookie (``deps.COOKIE``) scoped to
/console. The pages show metadata only, never a record's content. Role checks are those of the API: a refused
page is audited ACCESS_DENIED, as a refused API call is.

CSRF: every state-changing form (sign-in, sign-out, replay, verify) is a same-origin POST, and the cookie that
carries the key is SameSite=Strict, so a browser never sends it with a request started by another site. Within
this scope that suffices; there are no CSRF tokens. Pages also forbid framing (CSP frame-ancestors 'none') and
posting forms elsewhere (form-action 'self').
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote, urlsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, status
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from hub.api.deps import COOKIE, ServicesDep, deny
from hub.api.routes.operations import adapter_health, overview
from hub.audit.chain import AuditEntry
from hub.auth.roles import Permission, Principal
from hub.dlq import list_dead, replay
from hub.errors import TransientError
from hub.routing import PILLARS
from hub.services import Services

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
FLASH = "icjs_flash"
SESSION_S = 12 * 3600  # one shift
LOGIN = "/console/login"

router = APIRouter(prefix="/console", include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES)


def _when(value: object) -> str:
    """An ISO time as ``2026-03-01 02:59:07.123`` in UTC (every page says UTC); anything else as it is."""
    if not isinstance(value, str):
        return "–" if value is None else str(value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text}.{moment.microsecond // 1000:03d}" if moment.microsecond else text


templates.env.filters["when"] = _when

_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

# The detail keys worth a column in a timeline, in this order; the rest follow.
_DETAIL_FIRST = (
    "reason",
    "error",
    "to",
    "mode",
    "attempt",
    "attempts",
    "delay_ms",
    "from",
    "queue",
    "subscribers",
    "routing_key",
    "fields",
    "adapter",
    "source",
    "record_type",
    "sha256",
)
_DETAIL_SKIP = {"case_keys"}


def static_files() -> StaticFiles:
    """The console's stylesheet (no external CDN or fonts)."""
    return StaticFiles(directory=STATIC)


# --- who is looking ---


def _viewer(request: Request, services: ServicesDep) -> Principal:
    """The principal of the console's cookie; without a valid one, off to sign in (and back here after)."""
    key = request.cookies.get(COOKIE)
    principal = services.keys.authenticate(key) if key else None
    if principal is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(status.HTTP_303_SEE_OTHER, headers={"Location": f"{LOGIN}?next={quote(target)}"})
    return principal


Viewer = Annotated[Principal, Depends(_viewer)]


def _refused(request: Request, services: Services, who: Principal, permission: Permission) -> Response | None:
    """None when ``who`` may; otherwise the (audited) 403 page."""
    if who.can(permission):
        return None
    why = f"role {who.role} may not {permission.value}"
    deny(services, who, request, why)  # appends ACCESS_DENIED; the page below is the answer
    return _page(request, "forbidden.html", who, {"why": why}, status.HTTP_403_FORBIDDEN)


def _safe_next(target: str | None) -> str:
    """Only a console path of this site: never an open redirect."""
    if not target:
        return "/console"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or not parts.path.startswith("/console"):
        return "/console"
    if parts.path.startswith(LOGIN):
        return "/console"
    return target


# --- rendering ---


def _page(
    request: Request,
    template: str,
    who: Principal | None,
    context: dict[str, Any] | None = None,
    status_code: int = status.HTTP_200_OK,
) -> Response:
    flash = request.cookies.get(FLASH)
    response = templates.TemplateResponse(
        request,
        template,
        {
            "who": who,
            "operator": who is not None and who.can(Permission.OPERATE),
            "tracer": who is not None and who.can(Permission.TRACE),
            "flash": unquote(flash) if flash else None,
            "now": _now(),
            **(context or {}),
        },
        status_code=status_code,
        headers=_HEADERS,
    )
    if flash:
        response.delete_cookie(FLASH, path="/console")
    return response


def _redirect(target: str, flash: str | None = None) -> RedirectResponse:
    response = RedirectResponse(target, status.HTTP_303_SEE_OTHER)
    if flash:
        # Read once by the next page; HttpOnly and strict like the key's cookie.
        response.set_cookie(FLASH, quote(flash), path="/console", httponly=True, samesite="strict", max_age=60)
    return response


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _unavailable(request: Request, who: Principal, exc: TransientError) -> Response:
    return _page(request, "unavailable.html", who, {"problem": str(exc)}, status.HTTP_503_SERVICE_UNAVAILABLE)


def _detail(entry: AuditEntry) -> list[tuple[str, str]]:
    """The entry's detail as short (key, value) pairs, the telling ones first."""
    data = entry.detail_data()
    keys = [k for k in _DETAIL_FIRST if k in data] + sorted(k for k in data if k not in _DETAIL_FIRST)
    pairs = []
    for key in keys:
        if key in _DETAIL_SKIP:
            continue
        value = data[key]
        if isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            text = ", ".join(f"{k}={v}" for k, v in value.items())
        else:
            text = str(value)
        if key == "sha256":
            text = text[:16] + "…"
        pairs.append((key, text if len(text) <= 160 else text[:159] + "…"))
    return pairs


# --- signing in and out ---


@router.get("/login")
def login_form(request: Request, then: Annotated[str | None, Query(alias="next", max_length=500)] = None) -> Response:
    return _page(request, "login.html", None, {"next": _safe_next(then)})


@router.post("/login")
def login(
    request: Request,
    services: ServicesDep,
    key: Annotated[str, Form(max_length=200)] = "",
    then: Annotated[str | None, Form(alias="next", max_length=500)] = None,
) -> Response:
    principal = services.keys.authenticate(key.strip()) if key.strip() else None
    if principal is None or not principal.can(Permission.TRACE):
        error = (
            "Unknown or revoked API key."
            if principal is None
            else f"A {principal.role} key has no console: use an operator or auditor key."
        )
        return _page(request, "login.html", None, {"next": _safe_next(then), "error": error}, 401)
    response = RedirectResponse(_safe_next(then), status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        COOKIE,
        key.strip(),
        max_age=SESSION_S,
        path="/console",
        httponly=True,
        samesite="strict",
        # Secure when served over HTTPS (behind a TLS proxy, run uvicorn with --proxy-headers so it knows).
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse(LOGIN, status.HTTP_303_SEE_OTHER)
    response.delete_cookie(COOKIE, path="/console", httponly=True, samesite="strict")
    return response


# --- operators ---


@router.get("")
def home(request: Request, services: ServicesDep, who: Viewer) -> Response:
    """Operators: flows, queues, dead letters, adapters, the broker. Auditors: the audit log's status."""
    if not who.can(Permission.OPERATE) and who.can(Permission.AUDIT):
        return _audit_page(request, services, who)
    if refused := _refused(request, services, who, Permission.OPERATE):
        return refused
    try:
        flows = overview(services)
        adapters = adapter_health(services)
    except TransientError as exc:
        return _unavailable(request, who, exc)
    dead_total = sum(p["dead_letters"] or 0 for p in flows["pillars"])
    return _page(
        request,
        "overview.html",
        who,
        {"flows": flows, "adapters": adapters, "dead_total": dead_total, "refresh_s": 30},
    )


@router.get("/dead-letters")
def dead_letters(request: Request, services: ServicesDep, who: Viewer, pillar: str | None = None) -> Response:
    if refused := _refused(request, services, who, Permission.OPERATE):
        return refused
    pillars = list(services.table.subscriber_pillars())
    if pillar is not None and pillar not in pillars:
        return _page(request, "not_found.html", who, {"what": f"no subscriber pillar {pillar}"}, 404)
    try:
        letters = list_dead(services.settings.amqp_url, [pillar] if pillar else pillars)
    except TransientError as exc:
        return _unavailable(request, who, exc)
    with_letters = sorted({d.pillar for d in letters})
    return _page(
        request,
        "dead_letters.html",
        who,
        {"letters": letters, "pillar": pillar, "pillars": pillars, "with_letters": with_letters},
    )


@router.post("/dead-letters/replay")
def replay_dead(
    request: Request,
    services: ServicesDep,
    who: Viewer,
    pillar: Annotated[str, Form(max_length=32)],
    record_id: Annotated[str | None, Form(max_length=64)] = None,
    back: Annotated[str | None, Form(max_length=32)] = None,
) -> Response:
    """One dead letter (``record_id``) or all of a pillar's back to delivery; audited REPLAYED with who did it."""
    if refused := _refused(request, services, who, Permission.OPERATE):
        return refused
    if pillar not in PILLARS:
        return _page(request, "not_found.html", who, {"what": f"no pillar {pillar}"}, 404)
    try:
        done = replay(
            services.settings.amqp_url,
            services.audit,
            pillar,
            record_ids={record_id} if record_id else None,
            actor=f"{who.name} ({who.key_id})",
        )
    except TransientError as exc:
        return _unavailable(request, who, exc)
    if done:
        ids = ", ".join(d.record_id for d in done[:5]) + (f" and {len(done) - 5} more" if len(done) > 5 else "")
        flash = f"Replayed {len(done)} dead letter(s) for {pillar}: {ids}."
    else:
        flash = f"Nothing replayed for {pillar}: " + (
            f"{record_id} is no longer a dead letter." if record_id else "no dead letters."
        )
    target = "/console/dead-letters" + (f"?pillar={quote(back)}" if back in PILLARS else "")
    return _redirect(target, flash)


# --- operators and auditors ---


@router.get("/records")
def find_record(
    request: Request, services: ServicesDep, who: Viewer, wanted: Annotated[str, Query(alias="id", max_length=64)] = ""
) -> Response:
    if refused := _refused(request, services, who, Permission.TRACE):
        return refused
    if wanted.strip():
        return _redirect(f"/console/records/{quote(wanted.strip(), safe='')}")
    return _redirect("/console/cases")


@router.get("/records/{record_id}")
def record(request: Request, services: ServicesDep, who: Viewer, record_id: str) -> Response:
    """A record's trace: every audit entry, and its versions' metadata. Never its content."""
    if refused := _refused(request, services, who, Permission.TRACE):
        return refused
    entries = list(services.audit.entries(record_id=record_id))
    versions = services.audit.record_info(record_id)
    if not entries and not versions:
        return _page(request, "not_found.html", who, {"what": f"no audit entries for record {record_id}"}, 404)
    case_keys = sorted(
        {v[k] for v in versions for k in ("fir_key", "cnr", "lab_case_number", "prisoner_id") if v.get(k)}
    )
    timeline = [{"entry": e, "detail": _detail(e)} for e in entries]
    return _page(
        request,
        "record.html",
        who,
        {"record_id": record_id, "timeline": timeline, "versions": versions, "case_keys": case_keys},
    )


@router.get("/cases")
def cases(request: Request, services: ServicesDep, who: Viewer, key: str = "") -> Response:
    if refused := _refused(request, services, who, Permission.TRACE):
        return refused
    if key.strip():
        return _redirect(f"/console/cases/{quote(key.strip(), safe='')}")
    return _page(request, "cases.html", who)


@router.get("/cases/{key:path}")
def case(request: Request, services: ServicesDep, who: Viewer, key: str) -> Response:
    """One case (FIR key, CNR, lab case number or prisoner id) across the pillars: its records, their deliveries."""
    if refused := _refused(request, services, who, Permission.TRACE):
        return refused
    found = services.audit.records_for_case(key)
    if not found:
        return _page(request, "cases.html", who, {"key": key, "missing": True}, 404)
    infos: dict[str, list[dict[str, Any]]] = {}
    rows = []
    for record_id, version, record_type in found:
        if record_id not in infos:
            infos[record_id] = services.audit.record_info(record_id)
        info = next((v for v in infos[record_id] if v["version"] == version), {})
        subscribers = info.get("subscribers", [])
        deliveries = [
            (
                p,
                "delivered"
                if p in info.get("delivered_to", [])
                else "dead"
                if p in info.get("dead_for", [])
                else "pending",
            )
            for p in subscribers
        ]
        rows.append(
            {
                "record_id": record_id,
                "version": version,
                "record_type": record_type,
                "source": f"{info.get('source_system', '?')} ({info.get('source_pillar', '?')})",
                "deliveries": deliveries,
            }
        )
    return _page(request, "case.html", who, {"key": key, "rows": rows})


@router.get("/audit")
def audit(request: Request, services: ServicesDep, who: Viewer) -> Response:
    if refused := _refused(request, services, who, Permission.READ_METADATA):
        return refused
    return _audit_page(request, services, who)


@router.post("/audit/verify")
def verify(request: Request, services: ServicesDep, who: Viewer) -> Response:
    """Recompute the chain, the checkpoints' roots and signatures now; the result stays on the audit page."""
    if refused := _refused(request, services, who, Permission.READ_METADATA):
        return refused
    try:
        report = services.audit.verify()
    except TransientError as exc:
        return _unavailable(request, who, exc)
    request.app.state.console_last_verify = {
        "at": _now(),
        "by": f"{who.name} ({who.key_id})",
        "ok": report.ok,
        "entries": report.entries,
        "checkpoints_checked": report.checkpoints_checked,
        "head_hash": report.head_hash,
        "problem": str(report.problem) if report.problem else None,
    }
    flash = "Audit log verified: OK." if report.ok else f"Audit log verification FAILED at {report.problem}."
    return _redirect("/console/audit", flash)


def _audit_page(request: Request, services: Services, who: Principal) -> Response:
    try:
        head_seq, head_hash = services.audit.head()
        checkpoints = services.audit.checkpoints()
    except TransientError as exc:
        return _unavailable(request, who, exc)
    last_verify = None
    with contextlib.suppress(AttributeError):
        last_verify = request.app.state.console_last_verify
    return _page(
        request,
        "audit.html",
        who,
        {
            "entries": head_seq,
            "head_hash": head_hash,
            "checkpoint": checkpoints[-1] if checkpoints else None,
            "checkpoint_count": len(checkpoints),
            "last_verify": last_verify,
        },
    )
