"""The hub's HTTP service, assembled: one router per concern, the console, metrics; the hub's parts built in the
lifespan (or shared with the workers of the same process)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from prometheus_client import REGISTRY, make_asgi_app

from hub.api.routes import audit, health, ingest, operations, records
from hub.broker import names
from hub.broker.admin import queue_stats
from hub.config import Settings
from hub.metrics import QueueDepthCollector
from hub.services import Services


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """The app. Pass ``services`` to share them with workers in the same process; otherwise they are built from
    ``settings`` (or the environment) at start-up and closed at shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = services is None
        app.state.services = services or Services.from_settings(settings or Settings())
        current = app.state.services

        def depths() -> list[tuple[str, int, int]]:
            pillars = current.table.subscriber_pillars()
            queues = [q for p in pillars for q in (names.deliver_queue(p), names.dead_queue(p))]
            return queue_stats(current.settings.amqp_url, queues, timeout_s=1.0)

        collector = QueueDepthCollector(depths)
        REGISTRY.register(collector)
        try:
            yield
        finally:
            REGISTRY.unregister(collector)
            if own:
                current.close()

    app = FastAPI(
        title="icjs-hub",
        version="0.1.0",
        description=(
            "Interoperability hub for the ICJS pillars: ingest, routing, delivery and a tamper-evident audit log. "
            "Every /v1 call needs an API key (Authorization: Bearer, or X-API-Key)."
        ),
        lifespan=lifespan,
    )
    app.include_router(health.router)
    app.include_router(ingest.router)
    app.include_router(records.router)
    app.include_router(audit.router)
    app.include_router(operations.router)
    app.mount("/metrics", make_asgi_app())
    try:
        from hub.api import console
    except ImportError:  # the console is optional until it is built
        pass
    else:
        app.include_router(console.router)
        app.mount("/console/static", console.static_files(), name="static")
    return app
