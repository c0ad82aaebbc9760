"""Hostile XML through the hub's one way in (hardened parse, then schema): each attack is refused with a clear
message, in a fresh process, within 1 s and 50 MB beyond that process's start, touching no file or network."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

CANARY_DIR_PLACEHOLDER = "@CANARY@"
PORT_PLACEHOLDER = "@PORT@"

NS = "urn:icjs:record:v1"

ATTACKS: dict[str, bytes] = {
    "xxe-file": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://@CANARY@/secret">]><r>&x;</r>',
    "xxe-http": b'<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:@PORT@/x">]><r>&x;</r>',
    "xxe-parameter-entity": b'<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:@PORT@/p.dtd"> %p;]><r/>',
    "external-dtd": b'<!DOCTYPE r SYSTEM "http://127.0.0.1:@PORT@/r.dtd"><r/>',
    "billion-laughs": (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
        )
        + b"]><lolz>&lol9;</lolz>"
    ),
    "quadratic-blowup": b'<!DOCTYPE r [<!ENTITY a "' + b"x" * 50_000 + b'">]><r>' + b"&a;" * 20_000 + b"</r>",
    "xinclude": (
        b'<FirRegistered xmlns="urn:icjs:record:v1" xmlns:xi="http://www.w3.org/2001/XInclude">'
        b'<xi:include href="file://@CANARY@/secret" parse="text"/></FirRegistered>'
    ),
    "schema-location-hint": (
        b'<FirRegistered xmlns="urn:icjs:record:v1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        b'xsi:schemaLocation="urn:icjs:record:v1 http://127.0.0.1:@PORT@/evil.xsd"/>'
    ),
    "deep-nesting": b"<a>" * 100_000 + b"</a>" * 100_000,
    "huge-text-node": b"<r>" + b"A" * 30_000_000 + b"</r>",
    "many-attributes": b"<r " + b" ".join(f'a{i}="x"'.encode() for i in range(100_000)) + b"/>",
    "non-xml-bytes": bytes(range(256)) * 64,
    "truncated": b'<?xml version="1.0"?><FirRegistered xmlns="urn:icjs:record:v1"><Header><RecordId>',
}

EXPECTED = {
    "xxe-file": "DOCTYPE",
    "xxe-http": "DOCTYPE",
    "xxe-parameter-entity": "DOCTYPE",
    "external-dtd": "DOCTYPE",
    "billion-laughs": "DOCTYPE",
    "quadratic-blowup": "DOCTYPE",
    "xinclude": "XInclude",
    "schema-location-hint": "",
    "deep-nesting": "nesting deeper than 256",
    "huge-text-node": "over the limit",
    "many-attributes": "",
    "non-xml-bytes": "not well-formed",
    "truncated": "not well-formed",
}

# Runs in a fresh interpreter: the hub's entry for untrusted XML is parse -> schema registry.
_PROBE = r"""
import json, resource, sys, time
from pathlib import Path
from hub.schemas import InvalidRecord, SchemaRegistry
from hub.xml import XmlRefused, parse_untrusted
registry = SchemaRegistry()
registry.validate(parse_untrusted((Path(sys.argv[2])).read_bytes()))  # warm: compile the schema first
data = Path(sys.argv[1]).read_bytes()
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
outcome = "accepted"
try:
    root = parse_untrusted(data)
    schema, issues = registry.validate(root)
    if issues:
        outcome = "refused: " + "; ".join(str(i) for i in issues)[:500]
except (XmlRefused, InvalidRecord) as exc:
    outcome = "refused: " + str(exc)[:500]
elapsed = time.perf_counter() - t0
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "seconds": elapsed, "rss_growth_kb": rss1 - rss0}))
"""

EXAMPLE = Path(__file__).resolve().parents[2] / "schemas" / "v1" / "examples" / "fir-registered.xml"


class _Tripwire:
    """A TCP listener that records whether anything connected: no attack may reach the network."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack_is_refused_quickly_in_bounded_memory_touching_nothing(attack: str, tmp_path: Path) -> None:
    # Given a secret file and a network tripwire the attack points at
    canary = tmp_path / "canary"
    canary.mkdir()
    (canary / "secret").write_text("TOP-SECRET-CANARY")
    tripwire = _Tripwire()
    document = (
        ATTACKS[attack].replace(b"@CANARY@", str(canary).encode()).replace(b"@PORT@", str(tripwire.port).encode())
    )
    attack_file = tmp_path / "attack.xml"
    attack_file.write_bytes(document)
    # When it goes through the hub's parser and schema registry in a fresh process
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, str(attack_file), str(EXAMPLE)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        tripwire.close()
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    # Then it is refused, with the reason we expect, in under a second and 50 MB, and nothing was read or reached
    assert result["outcome"].startswith("refused: "), result
    assert EXPECTED[attack] in result["outcome"], result
    assert "TOP-SECRET-CANARY" not in result["outcome"]
    assert result["seconds"] < 1.0, result
    assert result["rss_growth_kb"] < 50 * 1024, result
    assert tripwire.hits == 0
