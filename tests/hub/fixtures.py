"""Test data: many distinct, valid CAS FIR exports made from one shipped sample, and a pillar's HTTP endpoint."""

from __future__ import annotations

import re
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from hub.record import record_id

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "adapters" / "cas" / "samples" / "fir-faridabad-theft-2024.xml"
_FIR_NO = re.compile(r"<FIR_NO>\d+/2024</FIR_NO>")


def fir_block() -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    start, end = text.index("<FIR_DETAILS>"), text.index("</FIR_DETAILS>") + len("</FIR_DETAILS>")
    return text[start:end]


def cas_export(serials: range | list[int]) -> bytes:
    """One CAS export holding a FIR for each serial (same FIR otherwise: PS0031 Faridabad, 2024)."""
    block = fir_block()
    assert _FIR_NO.search(block), "the sample's FIR_NO changed shape"
    firs = "\n".join(_FIR_NO.sub(f"<FIR_NO>{n}/2024</FIR_NO>", block) for n in serials)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<CAS_EXPORT VERSION="1.0">\n{firs}\n</CAS_EXPORT>\n'.encode()


def fir_record_id(serial: int) -> str:
    return record_id("cas", "fir-registered", f"6-60-PS0031-2024-{serial}")


class PillarEndpoint:
    """A pillar's HTTP endpoint on 127.0.0.1: counts what it receives per record; can answer 503 for chosen
    records, and can go down (stop listening) and come back on the same port."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.failing: set[str] = set()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.port = 0
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/icjs"

    def up(self) -> None:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                self.rfile.read(length)
                record = self.headers.get("X-ICJS-Record-Id", "")
                if record in endpoint.failing:
                    self.send_response(503)
                    self.end_headers()
                    self.wfile.write(b"busy")
                    return
                with endpoint._lock:
                    endpoint.received[self.headers.get("Idempotency-Key", "")] += 1
                self.send_response(201)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def duplicates(self) -> dict[str, int]:
        return {key: n for key, n in self.received.items() if n > 1}
