"""The web console: in-process for sign-in, roles and content; then in a real headless Chromium against the app
served by uvicorn, an operator replaying a dead letter and seeing it delivered."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
import uvicorn
from fastapi.testclient import TestClient
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from hub.api.deps import COOKIE
from hub.api.main import create_app
from hub.broker.connection import connect
from hub.broker.topology import apply_topology
from hub.config import Settings
from hub.services import Services
from hub.workers import WorkerPool
from tests.hub.fixtures import REPO, SAMPLE, PillarEndpoint

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = REPO / "test-artifacts" / "console"
DOCS_SCREENSHOT = REPO / "docs" / "console-overview.png"
FIR_KEY = "6-60-PS0031-2024-412"


def _topology(services: Services) -> None:
    connection = connect(services.settings.amqp_url)
    try:
        apply_topology(connection, services.table, services.settings.retry_policy())
    finally:
        connection.close()


@dataclass
class Console:
    client: TestClient
    services: Services
    keys: dict[str, str]

    def sign_in(self, who: str) -> None:
        self.client.cookies.clear()
        response = self.client.post("/console/login", data={"key": self.keys[who]}, follow_redirects=False)
        assert response.status_code == 303, response.text

    def ingest(self) -> str:
        [result] = self.services.ingestor.ingest("cas", SAMPLE.read_bytes(), source="fir.xml")
        assert result.record_id is not None
        return result.record_id


@pytest.fixture
def console(settings: Settings) -> Iterator[Console]:
    services = Services.from_settings(settings)
    _topology(services)
    keys = {
        "operator": services.keys.add("NOC", "operator"),
        "auditor": services.keys.add("CAG audit", "auditor"),
        "courts": services.keys.add("CIS Faridabad", "pillar:courts"),
    }
    with TestClient(create_app(services=services)) as client:
        yield Console(client, services, keys)
    services.close()


def _cells(html: str, row_id: str) -> list[str]:
    """The text of each cell of the table row with this id."""
    [row] = lxml.html.fromstring(html).xpath(f'//tr[@id="{row_id}"]')
    return [" ".join(cell.text_content().split()) for cell in row.xpath("th|td")]


def _denied(services: Services) -> list[str]:
    return [e.detail for e in services.audit.recent(["ACCESS_DENIED"])]


# --- in-process ---


def test_sign_in_sets_a_strict_http_only_cookie_and_sign_out_clears_it(console: Console) -> None:
    client = console.client
    # Anonymous: every page goes to the sign-in form, remembering where it was going
    response = client.get("/console/dead-letters?pillar=courts", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?next=/console/dead-letters%3Fpillar%3Dcourts"
    form = client.get("/console/login")
    assert form.status_code == 200 and 'name="key"' in form.text
    assert "frame-ancestors 'none'" in form.headers["content-security-policy"]
    # A wrong key: refused, no cookie
    response = client.post("/console/login", data={"key": "icjs_0000000000000000_nope"}, follow_redirects=False)
    assert response.status_code == 401 and "Unknown or revoked" in response.text and COOKIE not in client.cookies
    # A pillar's key: valid, but it has no console
    response = client.post("/console/login", data={"key": console.keys["courts"]}, follow_redirects=False)
    assert response.status_code == 401 and "has no console" in response.text and COOKIE not in client.cookies
    # The operator's key: the cookie, HttpOnly and SameSite=Strict, then back where they were going
    response = client.post(
        "/console/login",
        data={"key": console.keys["operator"], "next": "/console/dead-letters?pillar=courts"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/console/dead-letters?pillar=courts"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Path=/console" in cookie
    assert client.get("/console").status_code == 200
    # Never an open redirect
    response = client.post(
        "/console/login",
        data={"key": console.keys["operator"], "next": "//evil.example/console"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/console"
    # Signing out clears the cookie
    response = client.post("/console/logout", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/console/login"
    assert COOKIE not in client.cookies
    assert client.get("/console", follow_redirects=False).status_code == 303


def test_operators_see_flows_queues_and_adapters(console: Console) -> None:
    console.ingest()
    console.sign_in("operator")
    page = console.client.get("/console")
    assert page.status_code == 200
    text = page.text
    # The broker is up; courts has the FIR waiting in its queue, no consumer, no dead letter
    assert 'id="broker"' in text and ">OK<" in text
    # pillar, receives, delivered last hour, per second, depth, consumers, dead letters
    courts = _cells(text, "pillar-courts")
    assert courts[0] == "courts" and "fir-registered" in courts[1] and courts[2:] == ["0", "0.00", "1", "0", "0"]
    # The CAS adapter took one record, none refused
    cas = _cells(text, "adapter-cas")
    assert cas[0:2] == ["cas", "police"] and cas[4:] == ["1", "0", "0.0 %"] and cas[3].startswith("20")
    assert console.client.get("/console/dead-letters").status_code == 200
    assert "No dead letters" in console.client.get("/console/dead-letters?pillar=courts").text
    assert console.client.get("/console/dead-letters?pillar=nowhere").status_code == 404


def test_auditors_land_on_the_audit_log_and_may_not_operate(console: Console) -> None:
    record_id = console.ingest()
    console.sign_in("auditor")
    home = console.client.get("/console")
    assert home.status_code == 200 and "Last signed checkpoint" in home.text and 'name="key"' in home.text
    assert 'href="/console/dead-letters"' not in home.text
    # Dead letters and replays are for operators: 403, audited
    assert console.client.get("/console/dead-letters").status_code == 403
    replay = console.client.post("/console/dead-letters/replay", data={"pillar": "courts"}, follow_redirects=False)
    assert replay.status_code == 403
    assert sum("may not operate" in d for d in _denied(console.services)) == 2
    # But traces and cases are theirs
    assert console.client.get(f"/console/records/{record_id}").status_code == 200
    assert console.client.get(f"/console/cases/{FIR_KEY}").status_code == 200


def test_a_pillar_key_gets_no_console_page(console: Console) -> None:
    # Even with the cookie set by hand (sign-in refuses it)
    console.client.cookies.set(COOKIE, console.keys["courts"])
    assert console.client.get("/console").status_code == 403
    assert console.client.get("/console/audit").status_code == 403
    assert console.client.get(f"/console/cases/{FIR_KEY}").status_code == 403
    assert len(_denied(console.services)) == 3


def test_the_trace_the_case_and_no_content(console: Console) -> None:
    record_id = console.ingest()
    WorkerPool(console.services).run(idle_timeout_s=1.0)
    console.sign_in("operator")
    page = console.client.get(f"/console/records/{record_id}")
    assert page.status_code == 200
    timeline = page.text.split('id="timeline"')[1]
    events = [chunk.split('"')[0] for chunk in timeline.split('data-event="')[1:]]
    assert events[:3] == ["RECEIVED", "ACCEPTED", "ROUTED"]
    assert 'data-event="DELIVERED" data-pillar="courts"' in timeline
    assert 'data-event="DELIVERED" data-pillar="prosecution"' in timeline
    versions = page.text.split('id="versions"')[1].split("</table>")[0]
    assert "fir-registered" in versions and "courts, prosecution" in versions
    assert f'href="/console/cases/{FIR_KEY}"' in page.text
    # Metadata only: not the FIR's narrative or names
    assert "Ramesh" not in page.text and "रमेश" not in page.text
    # The case across pillars, found from the search form
    case = console.client.get("/console/cases", params={"key": FIR_KEY})
    assert case.status_code == 200 and case.url.path == f"/console/cases/{FIR_KEY}"
    assert record_id in case.text and "courts: delivered" in case.text and "prosecution: delivered" in case.text
    assert console.client.get("/console/cases/no-such-case").status_code == 404
    assert console.client.get("/console/records/no-such-record").status_code == 404
    found = console.client.get("/console/records", params={"id": record_id})
    assert found.url.path == f"/console/records/{record_id}"


def test_verify_now_shows_the_result_and_when(console: Console) -> None:
    console.ingest()
    console.services.audit.checkpoint()
    console.sign_in("auditor")
    before = console.client.get("/console/audit").text
    assert "never" in before and 'id="checkpoint"' in before
    checkpoint = console.services.audit.checkpoints()[-1]
    assert checkpoint.key_id in before and f"{checkpoint.tree_size} <span" in before
    page = console.client.post("/console/audit/verify")
    assert page.status_code == 200 and page.url.path == "/console/audit"
    assert "Audit log verified: OK." in page.text
    tile = page.text.split('id="last-verify"')[1].split('<form method="post"')[0]
    assert ">OK<" in tile and "by CAG audit" in tile
    # The flash shows once; the last verification stays
    again = console.client.get("/console/audit").text
    assert "Audit log verified" not in again and "by CAG audit" in again


# --- in a real browser ---


def _free_port() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture
def served(tmp_path: Path, settings: Settings) -> Iterator[tuple[str, Services, PillarEndpoint]]:
    """The hub with courts over HTTP (to an endpoint that can refuse), its app served by uvicorn on a free port."""
    endpoint = PillarEndpoint()
    table = tmp_path / "subscriptions.toml"
    table.write_text(
        'version = "console-test"\n'
        f'[pillars.courts]\ndelivery = "http"\nendpoint = "{endpoint.url}"\n'
        '[routes]\nfir-registered = { producer = "police", subscribers = ["courts"] }\n',
        encoding="utf-8",
    )
    services = Services.from_settings(
        settings.model_copy(update={"retry_delays": "100ms,200ms", "subscriptions": table})
    )
    _topology(services)
    sock = _free_port()
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(services=services), log_level="warning", ws="none", lifespan="on", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="console-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", services, endpoint
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()
        endpoint.down()
        services.close()


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    """Debian's headless Chromium through its chromedriver: a failure, never a skip, when either is missing."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(f"the console's browser test needs {CHROMIUM} and {CHROMEDRIVER} (apt install chromium-driver)")
    profile = tempfile.mkdtemp(prefix="icjs-console-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1360,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _shot(driver: WebDriver, name: str) -> Path:
    """The whole page (not only the window) as test-artifacts/console/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    width, height = driver.execute_script(
        "return [document.documentElement.clientWidth, document.documentElement.scrollHeight]"
    )
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def test_an_operator_replays_a_dead_letter_in_the_browser(
    served: tuple[str, Services, PillarEndpoint], browser: WebDriver
) -> None:
    base, services, endpoint = served
    wait = WebDriverWait(browser, 15)
    # Given a FIR that courts' endpoint refuses (503) until the record dies after its retries
    [result] = services.ingestor.ingest("cas", SAMPLE.read_bytes(), source="fir.xml")
    record_id = result.record_id
    assert record_id is not None
    endpoint.failing = {record_id}
    WorkerPool(services).run(idle_timeout_s=1.5)
    assert services.audit.record_info(record_id)[0]["dead_for"] == ["courts"]
    key = services.keys.add("NOC duty officer", "operator")

    # When the operator signs in
    browser.get(f"{base}/console")
    wait.until(expected_conditions.url_contains("/console/login"))
    browser.find_element(By.ID, "key").send_keys(key)
    _shot(browser, "01-sign-in")
    browser.find_element(By.ID, "sign-in").click()
    # Then the overview shows courts with one dead letter
    wait.until(expected_conditions.presence_of_element_located((By.ID, "pillars")))
    assert browser.current_url == f"{base}/console"
    assert browser.find_element(By.ID, "dead-courts").text == "1"
    assert browser.find_element(By.ID, "dead-total").find_element(By.CLASS_NAME, "value").text == "1"
    assert browser.find_element(By.ID, "broker").find_element(By.CLASS_NAME, "value").text == "OK"
    overview = _shot(browser, "02-overview")
    if os.environ.get("ICJS_UPDATE_DOCS") == "1":  # refresh the README's picture only when asked
        DOCS_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(overview, DOCS_SCREENSHOT)

    # When they open courts' dead letters
    browser.find_element(By.ID, "dead-courts").find_element(By.TAG_NAME, "a").click()
    row = wait.until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, f'tr[data-record="{record_id}"]'))
    )
    assert "pillar=courts" in browser.current_url
    assert "503" in row.find_element(By.CLASS_NAME, "reason").text
    assert row.find_element(By.CSS_SELECTOR, "td.n").text == "3"
    _shot(browser, "03-dead-letters")

    # And, the endpoint fixed, replay it
    endpoint.failing = set()
    row.find_element(By.CSS_SELECTOR, "button.replay").click()
    flash = wait.until(expected_conditions.presence_of_element_located((By.ID, "flash")))
    assert flash.text == f"Replayed 1 dead letter(s) for courts: {record_id}."
    assert browser.find_element(By.ID, "no-dead-letters").text == "No dead letters for courts."
    _shot(browser, "04-replayed")
    WorkerPool(services).run(idle_timeout_s=1.0)

    # Then the record's trace shows the replay, by this operator, and the delivery to courts
    browser.get(f"{base}/console/records/{record_id}")
    timeline = wait.until(expected_conditions.presence_of_element_located((By.ID, "timeline")))
    replayed = timeline.find_element(By.CSS_SELECTOR, 'tr[data-event="REPLAYED"]')
    assert "NOC duty officer" in replayed.text
    delivered = timeline.find_elements(By.CSS_SELECTOR, 'tr[data-event="DELIVERED"][data-pillar="courts"]')
    assert len(delivered) == 1 and "DELIVERED" in delivered[0].text
    assert browser.find_element(By.ID, "versions").find_element(By.CLASS_NAME, "ok-text").text == "courts"
    _shot(browser, "05-trace")
    assert endpoint.received == {f"{record_id}:1": 1}
