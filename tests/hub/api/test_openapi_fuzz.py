"""Schemathesis against the hub's own /openapi.json: generated requests to every operation, as an operator and
as a pillar, and never a server error (5xx other than the documented 503 for an unavailable dependency)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from hub.api.main import create_app
from hub.broker.connection import connect
from hub.broker.topology import apply_topology
from hub.config import Settings
from hub.services import Services


@pytest.mark.parametrize("role", ["operator", "pillar:police", "auditor"])
def test_no_operation_answers_with_a_server_error(settings: Settings, role: str) -> None:
    # Given the hub's API with its own broker vhost and database, and a key of the role
    services = Services.from_settings(settings)
    connection = connect(settings.amqp_url)
    apply_topology(connection, services.table, settings.retry_policy())
    connection.close()
    key = services.keys.add("fuzz", role)
    app = create_app(services=services)
    app.state.services = services  # the ASGI transport does not run the lifespan
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    # When schemathesis generates requests for every operation in /openapi.json
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case: schemathesis.Case) -> None:
            response = case.call(headers={"Authorization": f"Bearer {key}"})
            if response.status_code >= 500 and response.status_code != 503:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}")

        call()
    services.close()
    # Then no answer was a server error
    assert operations >= 12
    assert failures == []
