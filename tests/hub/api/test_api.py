"""The HTTP API in-process, against the real RabbitMQ: each role gets what it may, and no more."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from hub.api.main import create_app
from hub.audit.proof import check_proof
from hub.broker.connection import connect
from hub.broker.topology import apply_topology
from hub.config import Settings
from hub.services import Services
from hub.workers import WorkerPool
from tests.hub.fixtures import SAMPLE

BAD = SAMPLE.parents[3] / "tests" / "adapters" / "cas" / "bad" / "unknown-section.xml"


@dataclass
class Hub:
    client: TestClient
    services: Services
    keys: dict[str, str]

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}


@pytest.fixture
def hub(settings: Settings) -> Iterator[Hub]:
    services = Services.from_settings(settings)
    connection = connect(settings.amqp_url)
    apply_topology(connection, services.table, settings.retry_policy())
    connection.close()
    keys = {
        "police": services.keys.add("CCTNS Faridabad", "pillar:police"),
        "courts": services.keys.add("CIS Faridabad", "pillar:courts"),
        "prisons": services.keys.add("e-Prisons DJFBD", "pillar:prisons"),
        "operator": services.keys.add("NOC", "operator"),
        "auditor": services.keys.add("CAG audit", "auditor"),
    }
    with TestClient(create_app(services=services)) as client:
        yield Hub(client, services, keys)
    services.close()


def _ingest(hub: Hub) -> str:
    response = hub.client.post("/v1/ingest/cas", content=SAMPLE.read_bytes(), headers=hub.as_("police"))
    assert response.status_code == 200, response.text
    return response.json()["records"][0]["record_id"]


def test_anonymous_and_unknown_keys_get_401(hub: Hub) -> None:
    assert hub.client.get("/v1/queues").status_code == 401
    assert hub.client.get("/v1/queues", headers={"X-API-Key": "icjs_0000000000000000_nope"}).status_code == 401
    assert hub.client.get("/healthz").status_code == 200


def test_a_pillar_ingests_through_its_own_adapter_only_and_the_attempt_is_audited(hub: Hub) -> None:
    record_id = _ingest(hub)
    assert len(record_id) == 36
    # When courts tries to push a police FIR
    response = hub.client.post("/v1/ingest/cas", content=SAMPLE.read_bytes(), headers=hub.as_("courts"))
    # Then 403, audited with who tried what
    assert response.status_code == 403
    denied = hub.services.audit.recent(["ACCESS_DENIED"])
    assert denied and "may not ingest through cas" in denied[0].detail and denied[0].pillar == "courts"
    # And an operator may not ingest at all
    assert hub.client.post("/v1/ingest/cas", content=b"<x/>", headers=hub.as_("operator")).status_code == 403


def test_a_refused_record_comes_back_422_with_its_reason(hub: Hub) -> None:
    response = hub.client.post("/v1/ingest/cas", content=BAD.read_bytes(), headers=hub.as_("police"))
    assert response.status_code == 422
    body = response.json()
    assert body["rejected"] == 1 and "999" in body["records"][0]["reason"] and "cas:" in body["records"][0]["reason"]


def test_content_is_break_glass_for_operators_own_deliveries_for_pillars_and_never_for_auditors(hub: Hub) -> None:
    record_id = _ingest(hub)
    WorkerPool(hub.services).run(idle_timeout_s=1.0)
    url = f"/v1/records/{record_id}/versions/1/content"
    # Operators: metadata freely; content only with a stated reason, which is audited
    meta = hub.client.get(f"/v1/records/{record_id}", headers=hub.as_("operator")).json()
    assert meta[0]["delivered_to"] == ["courts", "prosecution"] and "content" not in meta[0]
    assert hub.client.get(url, headers=hub.as_("operator")).status_code == 400
    reason = "complaint 17/2026 from the court about a missing FIR"
    response = hub.client.get(url, params={"reason": reason}, headers=hub.as_("operator"))
    assert response.status_code == 200 and record_id.encode() in response.content
    viewed = [e for e in hub.services.audit.entries(record_id=record_id) if e.event == "VIEWED"]
    assert len(viewed) == 1 and reason in viewed[0].detail
    # Pillars: what was delivered to them; not what was not
    assert hub.client.get(url, headers=hub.as_("courts")).status_code == 200
    assert hub.client.get(url, headers=hub.as_("prisons")).status_code == 403
    # Auditors: never content
    assert hub.client.get(url, params={"reason": reason}, headers=hub.as_("auditor")).status_code == 403


def test_auditors_trace_verify_and_take_proofs_that_check_offline(hub: Hub) -> None:
    record_id = _ingest(hub)
    trace = hub.client.get(f"/v1/trace/{record_id}", headers=hub.as_("auditor")).json()
    assert [e["event"] for e in trace["entries"]][:3] == ["RECEIVED", "ACCEPTED", "ROUTED"]
    case = hub.client.get("/v1/cases/6-60-PS0031-2024-412", headers=hub.as_("auditor")).json()
    assert case["records"][0]["record_id"] == record_id
    verify = hub.client.get("/v1/audit/verify", headers=hub.as_("auditor")).json()
    assert verify["ok"] is True
    proof = hub.client.get(f"/v1/audit/proofs/{record_id}", headers=hub.as_("auditor")).json()
    key = hub.client.get("/v1/audit/public-key", headers=hub.as_("auditor")).text
    assert check_proof(json.dumps(proof).encode(), key).ok
    # An auditor does not operate
    assert hub.client.get("/v1/queues", headers=hub.as_("auditor")).status_code == 403


def test_operators_see_queues_dead_letters_adapters_and_schemas(hub: Hub) -> None:
    _ingest(hub)
    queues = hub.client.get("/v1/queues", headers=hub.as_("operator")).json()
    courts = next(p for p in queues["pillars"] if p["pillar"] == "courts")
    assert courts["depth"] == 1 and "fir-registered" in courts["subscribes_to"]
    assert hub.client.get("/v1/dead-letters", headers=hub.as_("operator")).json() == []
    adapters = hub.client.get("/v1/adapters", headers=hub.as_("operator")).json()
    cas = next(a for a in adapters if a["adapter"] == "cas")
    assert cas["received"] >= 1 and cas["error_rate"] == 0.0 and cas["last_record_at"]
    schemas = hub.client.get("/v1/schemas", headers=hub.as_("operator")).json()
    assert {"fir-registered", "appeal-result"} <= {s["record_type"] for s in schemas}
    xsd = hub.client.get("/v1/schemas/fir-registered/v1", headers=hub.as_("courts"))
    assert xsd.status_code == 200 and "FirRegistered" in xsd.text


def test_metrics_and_readiness(hub: Hub) -> None:
    _ingest(hub)
    metrics = hub.client.get("/metrics/").text
    assert 'icjs_records_received_total{adapter="cas"}' in metrics
    assert "icjs_queue_depth" in metrics and "icjs_audit_append_seconds" in metrics
    ready = hub.client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["broker"] == "ok"
