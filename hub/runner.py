"""``icjs-hub run``: the production entry point. The HTTP API (uvicorn) and one delivery worker per subscriber
pillar, in one process, sharing the hub's parts. Ctrl-C or SIGTERM stops both cleanly."""

from __future__ import annotations

import logging
import signal
import threading

from hub.broker.connection import connect
from hub.broker.topology import apply_topology
from hub.services import Services
from hub.workers import WorkerPool

log = logging.getLogger(__name__)


def run_hub(services: Services, *, host: str, port: int, api: bool = True, pillars: list[str] | None = None) -> int:
    connection = connect(services.settings.amqp_url, timeout_s=services.settings.connect_timeout_s)
    try:
        apply_topology(connection, services.table, services.settings.retry_policy())
    finally:
        connection.close()
    pool = WorkerPool(services, pillars)
    pool.start()
    print(f"delivery workers: {', '.join(pool.runners)}", flush=True)
    stopped = threading.Event()
    if not api:
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        try:
            while not stopped.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        pool.stop()
        return 0

    import uvicorn

    from hub.api.main import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(services=services), host=host, port=port, log_level="info"))
    print(f"API on http://{host}:{port}  (OpenAPI: /docs)", flush=True)
    try:
        server.run()  # handles SIGINT/SIGTERM itself
    finally:
        pool.stop()
    return 0
