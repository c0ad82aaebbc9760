"""examples/icjs-adapter-example: a third party's adapter package, made with ``icjs-hub adapters new demo_courts``.
Installed with pip beside the hub, it passes ``adapters check``, its records pass the hub's own checks, and its
hearings go through a real ingest to RabbitMQ; no hub code names it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hub.record import record_id
from hub.scaffold import scaffold
from tests.examples.installing import BUILD_LEFTOVERS, EXAMPLE, copy_package, listed, pip_install, run_hub, run_python

NAME = "demo_courts"
SAMPLES = EXAMPLE / "icjs_adapter_demo_courts" / "samples"
FARIDABAD = SAMPLES / "hearing-faridabad-2025-02-18.json"
GURUGRAM = SAMPLES / "hearings-gurugram-2025.json"


def _id(source_record_id: str) -> str:
    return record_id(NAME, "hearing-recorded", source_record_id)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example pip-installed (from a copy: building leaves nothing in the work tree) into a directory of its own."""
    root = tmp_path_factory.mktemp("example")
    pip_install(copy_package(EXAMPLE, root / "src"), root / "site")
    return root / "site"


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and not any(part in BUILD_LEFTOVERS or part.endswith(".egg-info") for part in path.relative_to(root).parts)
    }


def test_the_example_is_exactly_what_the_scaffold_makes(tmp_path: Path) -> None:
    # Given the committed example / When the scaffold makes demo_courts afresh
    fresh = scaffold(NAME, tmp_path)
    # Then they hold the same files, byte for byte (regenerate the example when the templates change)
    example, made = _files(EXAMPLE), _files(fresh)
    assert sorted(example) == sorted(made)
    assert [name for name in made if example[name] != made[name]] == []


def test_the_installed_example_passes_adapters_check_and_is_listed(site: Path, tmp_path: Path) -> None:
    # Given the example pip-installed / When `adapters check demo_courts` and `adapters list` run
    check = run_hub(site, "adapters", "check", NAME, cwd=tmp_path)
    listing = run_hub(site, "adapters", "list", cwd=tmp_path)
    # Then every check passes, and demo_courts is listed as a courts adapter that produces hearing-recorded
    assert check.returncode == 0, check.stdout + check.stderr
    assert "PASSED: 5/5 checks" in check.stdout
    assert listing.returncode == 0, listing.stdout + listing.stderr
    assert listed(listing.stdout)[NAME] == ["courts", "0.1.0", "hearing-recorded", "-"]


def test_the_adapter_check_finds_a_bad_sample_directory(site: Path, tmp_path: Path) -> None:
    # Given a directory whose only sample has a hearing the adapter refuses (a stage that does not exist)
    document = json.loads(FARIDABAD.read_bytes())
    document["hearings"][0]["stage"] = "lunch"
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "bad.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    # When `adapters check --samples DIR` runs on it
    done = run_hub(site, "adapters", "check", NAME, "--samples", str(samples), "--examples", "20", cwd=tmp_path)
    # Then it fails, naming the file and the JSON pointer of the member at fault
    assert done.returncode == 1, done.stdout + done.stderr
    assert "bad.json record 1: refused: /hearings/0/stage: 'lunch' is not one of" in done.stdout


def test_the_samples_decode_into_records_the_hub_accepts(site: Path, tmp_path: Path) -> None:
    # Given the installed adapter, found through the hub's entry points
    script = f"""
import json, pathlib
from hub.conformance import accept
from hub.plugins import AdapterRegistry
from hub.schemas import SchemaRegistry
adapter = AdapterRegistry.from_entry_points().get({NAME!r})
schemas = SchemaRegistry()
for path in {[str(FARIDABAD), str(GURUGRAM)]!r}:
    for item in adapter.decode(pathlib.Path(path).read_bytes()):
        record = accept(schemas, adapter, item)
        print(json.dumps([record.record_id, record.record_type, record.source_system, record.source_pillar,
                          record.case_keys.cnr, record.case_keys.fir_key]))
"""
    # When each sample is decoded and put through the checks ingest makes (schema, rules, own system and pillar)
    done = run_python(site, script, cwd=tmp_path)
    # Then every hearing is a valid record with the deterministic id of its CNR and date, linked to its case
    assert done.returncode == 0, done.stdout + done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    faridabad = ("HRFB010012342024", "6-60-PS0031-2024-412")
    gurugram = ("HRGR010004562024", "6-62-PS0112-2024-287")
    assert records == [
        [_id("HRFB010012342024/H/2025-02-18"), "hearing-recorded", NAME, "courts", *faridabad],
        [_id("HRGR010004562024/H/2025-03-04"), "hearing-recorded", NAME, "courts", *gurugram],
        [_id("HRGR010004562024/H/2025-03-18"), "hearing-recorded", NAME, "courts", *gurugram],
    ]


@pytest.mark.broker
def test_a_sample_is_ingested_and_routed_to_the_hearing_subscribers(site: Path, tmp_path: Path, amqp_url: str) -> None:
    # Given a hub of its own (fresh vhost, data directory) with its topology applied
    settings = {"amqp_url": amqp_url, "data_dir": str(tmp_path / "var"), "connect_timeout_s": "5"}
    topology = run_hub(site, "topology", "apply", cwd=tmp_path, **settings)
    assert topology.returncode == 0, topology.stdout + topology.stderr
    # When the example's Gurugram sample is ingested through the CLI with --adapter demo_courts
    done = run_hub(site, "ingest", "--adapter", NAME, str(GURUGRAM), cwd=tmp_path, **settings)
    # Then both hearings are accepted and routed to the pillars that subscribe to hearing-recorded
    assert done.returncode == 0, done.stdout + done.stderr
    subscribers = "-> prosecution, police, prisons"
    assert done.stdout.splitlines() == [
        f"accepted {_id('HRGR010004562024/H/2025-03-04')} hearing-recorded v1 {subscribers}",
        f"accepted {_id('HRGR010004562024/H/2025-03-18')} hearing-recorded v1 {subscribers}",
    ]
    # And ingesting the same file again routes nothing new
    again = run_hub(site, "ingest", "--adapter", NAME, str(GURUGRAM), cwd=tmp_path, **settings)
    assert again.returncode == 0, again.stdout + again.stderr
    assert [line.split()[0] for line in again.stdout.splitlines()] == ["duplicate", "duplicate"]
