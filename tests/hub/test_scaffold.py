"""``icjs-hub adapters new NAME``: a new adapter package that installs with pip and passes ``adapters check``
as made, found by the hub through its entry point alone; names that cannot be an adapter's are refused."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from hub.cli import main
from hub.errors import PermanentError
from hub.scaffold import scaffold
from tests.examples.installing import hub_env, listed, pip_install, run_hub

NAME = "scaffold_probe"
PACKAGE = f"icjs_adapter_{NAME}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A package scaffolded for NAME and pip-installed into a directory of its own: (package, site)."""
    root = tmp_path_factory.mktemp("scaffolded")
    package = scaffold(NAME, root / "src")
    pip_install(package, root / "site")
    return package, root / "site"


def test_the_package_has_a_project_an_adapter_samples_a_readme_and_tests(tmp_path: Path) -> None:
    # Given a name no installed adapter has
    # When the scaffold writes its package
    target = scaffold("pb_courts", tmp_path)
    # Then it is out/icjs-adapter-<name>, with the project, the adapter module, samples, README and a test
    assert target == tmp_path / "icjs-adapter-pb_courts"
    written = {path.relative_to(target).as_posix() for path in target.rglob("*") if path.is_file()}
    for expected in (
        "pyproject.toml",
        "README.md",
        "icjs_adapter_pb_courts/__init__.py",
        "icjs_adapter_pb_courts/hearing.py",
        "tests/test_adapter.py",
    ):
        assert expected in written
    samples = [name for name in written if name.startswith("icjs_adapter_pb_courts/samples/")]
    assert len(samples) >= 2
    # And no template suffix or unfilled placeholder is left in any file
    assert not [name for name in written if name.endswith(".tmpl")]
    for name in written:
        text = (target / name).read_text(encoding="utf-8")
        assert "$name" not in text and "$package" not in text and "$distribution" not in text, name
    # And the project registers the adapter's class under its name in the hub's entry-point group
    project = tomllib.loads((target / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "icjs-adapter-pb-courts"
    assert "icjs-hub>=0.1" in project["project"]["dependencies"]
    assert project["project"]["entry-points"]["icjs_hub.adapters"] == {"pb_courts": "icjs_adapter_pb_courts:Adapter"}
    # And the adapter speaks as its own system
    assert 'NAME = "pb_courts"' in (target / "icjs_adapter_pb_courts" / "__init__.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name",
    ["", "x", "Courts", "1courts", "_courts", "delhi-courts", "delhi courts", "délhi", "a" * 32, "courts\n"],
)
def test_a_name_that_cannot_be_an_adapters_is_refused_and_nothing_written(name: str, tmp_path: Path) -> None:
    # Given a name that is not 2 to 31 lower-case letters, digits and '_' starting with a letter
    # When it is scaffolded / Then it is refused, saying what a name must be, and nothing is written
    with pytest.raises(PermanentError, match="lower-case letters, digits and '_'"):
        scaffold(name, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_name_of_an_installed_adapter_is_refused(tmp_path: Path) -> None:
    # Given the hub's own CAS adapter, installed under the name cas
    # When a new adapter is scaffolded under that name / Then it is refused, naming what has it
    with pytest.raises(PermanentError, match=r"'cas' is already installed \(adapters\.cas:CasAdapter\)"):
        scaffold("cas", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_directory_is_never_overwritten(tmp_path: Path) -> None:
    # Given a package already scaffolded and then edited
    target = scaffold("pb_courts", tmp_path)
    readme = target / "README.md"
    readme.write_text("my own notes\n", encoding="utf-8")
    # When the same name is scaffolded into the same place
    with pytest.raises(PermanentError, match="already exists"):
        scaffold("pb_courts", tmp_path)
    # Then the edit is still there
    assert readme.read_text(encoding="utf-8") == "my own notes\n"


def test_the_cli_scaffolds_and_says_what_to_do_next(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Given an output directory / When `icjs-hub adapters new` runs
    code = main(["adapters", "new", "pb_courts", "--out", str(tmp_path)])
    # Then it exits 0, naming the package and the next steps
    out = capsys.readouterr().out
    assert code == 0
    assert f"created {tmp_path / 'icjs-adapter-pb_courts'}" in out
    assert "icjs-hub adapters check pb_courts" in out
    # And a bad name exits 1 with the reason on standard error
    assert main(["adapters", "new", "Bad-Name", "--out", str(tmp_path)]) == 1
    assert "is not valid" in capsys.readouterr().err


def test_the_installed_package_passes_adapters_check(installed: tuple[Path, Path], tmp_path: Path) -> None:
    # Given the scaffolded package pip-installed, and no hub code changed
    _package, site = installed
    # When `icjs-hub adapters check NAME` runs with it on the path
    done = run_hub(site, "adapters", "check", NAME, cwd=tmp_path)
    # Then every check of the conformance kit passes
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASSED: 5/5 checks" in done.stdout
    assert "[FAIL]" not in done.stdout


def test_the_installed_package_is_listed_with_its_pillar_and_record_type(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    # Given the scaffolded package pip-installed
    _package, site = installed
    # When `icjs-hub adapters list` runs
    done = run_hub(site, "adapters", "list", cwd=tmp_path)
    # Then the new adapter is listed beside the hub's own, as a courts adapter producing hearing-recorded
    assert done.returncode == 0, done.stdout + done.stderr
    adapters = listed(done.stdout)
    assert adapters[NAME] == ["courts", "0.1.0", "hearing-recorded", "-"]
    assert "cas" in adapters


def test_the_packages_own_tests_pass_against_the_installed_package(installed: tuple[Path, Path]) -> None:
    # Given the scaffolded package pip-installed
    package, site = installed
    # When its own tests run, from its own directory
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=package,
        env=hub_env(site),
    )
    # Then they pass
    assert done.returncode == 0, done.stdout + done.stderr
    assert " passed" in done.stdout and "failed" not in done.stdout
