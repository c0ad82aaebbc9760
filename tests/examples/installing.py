"""Installing an adapter package the way a pillar's IT team would, into a throwaway directory, and running the hub
against it in a subprocess: the hub finds the adapter only through the package's entry point, never its code."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "icjs-adapter-example"

# What building a package leaves in its source tree, and what the hub writes when it runs.
BUILD_LEFTOVERS = ("build", "dist", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis")


def _builds_wheels_offline() -> bool:
    """Whether this environment's setuptools builds a wheel by itself: from 70.1 on, or with the wheel package."""
    if importlib.util.find_spec("wheel") is not None:
        return True
    found = re.match(r"(\d+)\.(\d+)", importlib.metadata.version("setuptools"))
    return found is not None and (int(found[1]), int(found[2])) >= (70, 1)


def pip_install(package: Path, site: Path) -> None:
    """``pip install --no-deps --target site package``; without build isolation when setuptools can do without it
    (no index needed), else with it (pip fetches setuptools for the build)."""
    command = [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(package)]
    if _builds_wheels_offline():
        command.insert(-1, "--no-build-isolation")
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=hub_env(None))
    if done.returncode != 0:
        pytest.fail(f"pip install of {package} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def copy_package(source: Path, destination: Path) -> Path:
    """A copy of a package's source, so that building it leaves nothing in the work tree."""
    return Path(shutil.copytree(source, destination, ignore=shutil.ignore_patterns(*BUILD_LEFTOVERS, "*.egg-info")))


def hub_env(site: Path | None, **settings: str) -> dict[str, str]:
    """This environment without any ICJS_ setting, with ``site`` on the path and the given ICJS_ settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ICJS_") and key != "PYTHONPATH"}
    if site is not None:
        env["PYTHONPATH"] = str(site)
    env.update({f"ICJS_{key.upper()}": value for key, value in settings.items()})
    return env


def run_hub(site: Path, *args: str, cwd: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """``python -m hub.cli ARGS`` with the installed package on the path; ``cwd`` outside the work tree."""
    return subprocess.run(
        [sys.executable, "-m", "hub.cli", *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=cwd,
        env=hub_env(site, **settings),
    )


def run_python(site: Path, script: str, *, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=cwd, env=hub_env(site)
    )


def listed(output: str) -> dict[str, list[str]]:
    """``icjs-hub adapters list`` output -> {name: [pillar, version, produces...]}."""
    rows = [line.split() for line in output.splitlines()[1:] if line.strip() and not line.startswith("BROKEN")]
    return {row[0]: row[1:] for row in rows}
