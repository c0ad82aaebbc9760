"""The hub's HTTP service, assembled: one router per concern, the hub's parts built in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from hub.api.routes import health, ingest
from hub.config import Settings
from hub.services import Services


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """The app. Pass ``services`` to share them with workers in the same process; otherwise they are built from
    ``settings`` (or the environment) at start-up and closed at shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = services is None
        app.state.services = services or Services.from_settings(settings or Settings())
        try:
            yield
        finally:
            if own:
                app.state.services.close()

    app = FastAPI(
        title="icjs-hub",
        version="0.1.0",
        description="Interoperability hub for the ICJS pillars: ingest, routing, delivery and audit.",
        lifespan=lifespan,
    )
    app.include_router(health.router)
    app.include_router(ingest.router)
    return app
