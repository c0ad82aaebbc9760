"""``icjs-hub adapters new NAME``: a new adapter as a package of its own, that passes ``adapters check`` as made.

The package is written from the templates in ``hub/templates/adapter/`` (package data, read through
``importlib.resources``). A file whose name ends in ``.tmpl`` is a ``string.Template``: ``$name`` (the adapter's
name), ``$package`` (its Python package, ``icjs_adapter_<name>``) and ``$distribution`` (its distribution,
``icjs-adapter-<name>``) are filled in and the suffix dropped; a folder named ``package`` becomes the Python
package; any other file is copied as it is. Python templates are named ``*.py.tmpl`` so that nothing lints,
imports or collects them inside the hub.
"""

from __future__ import annotations

import re
import shutil
import string
from collections.abc import Iterator
from importlib.metadata import entry_points
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from hub.errors import PermanentError
from hub.plugins import ENTRY_POINT_GROUP

__all__ = ["NAME_PATTERN", "check_name", "scaffold"]

NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]{1,30}")
TEMPLATE_SUFFIX = ".tmpl"
PACKAGE_FOLDER = "package"


def check_name(name: str) -> None:
    """Refuse a name that cannot be an adapter's (PermanentError saying why)."""
    if not NAME_PATTERN.fullmatch(name):
        raise PermanentError(
            f"adapter name {name!r} is not valid: 2 to 31 characters, lower-case letters, digits and '_', "
            "starting with a letter (e.g. delhi_courts)"
        )
    taken = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    if name in taken:
        raise PermanentError(
            f"an adapter named {name!r} is already installed ({taken[name]}); every adapter needs a name of its own"
        )


def scaffold(name: str, out: Path) -> Path:
    """Write the package ``out/icjs-adapter-<name>/`` for a new adapter ``name``; return its directory.

    Raises PermanentError for an invalid or installed name, or when the directory already exists.
    """
    check_name(name)
    target = Path(out) / f"icjs-adapter-{name}"
    if target.exists():
        raise PermanentError(f"{target} already exists; remove it or choose another --out")
    values = {"name": name, "package": f"icjs_adapter_{name}", "distribution": f"icjs-adapter-{name.replace('_', '-')}"}
    rendered = [(path, _render(template, values)) for path, template in _templates(values["package"])]
    try:
        target.mkdir(parents=True)
    except OSError as exc:
        if target.exists():  # made by someone else since the check above
            raise PermanentError(f"{target} already exists; remove it or choose another --out") from None
        raise PermanentError(f"cannot create {target}: {exc.strerror or exc}") from None
    try:
        for path, content in rendered:
            destination = target.joinpath(*path.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
    except OSError as exc:
        shutil.rmtree(target, ignore_errors=True)  # no half-made package left behind
        raise PermanentError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def template_root() -> Traversable:
    return files("hub") / "templates" / "adapter"


def _templates(package: str) -> Iterator[tuple[PurePosixPath, Traversable]]:
    """Every template file, sorted, with the path it is written to inside the new package's directory."""

    def walk(folder: Traversable, path: PurePosixPath) -> Iterator[tuple[PurePosixPath, Traversable]]:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            if entry.is_dir():
                yield from walk(entry, path / (package if entry.name == PACKAGE_FOLDER else entry.name))
            else:
                yield path / entry.name.removesuffix(TEMPLATE_SUFFIX), entry

    root = template_root()
    if not root.is_dir():
        raise PermanentError("the adapter templates are missing from this installation of icjs-hub")
    yield from walk(root, PurePosixPath())


def _render(template: Traversable, values: dict[str, str]) -> bytes:
    if not template.name.endswith(TEMPLATE_SUFFIX):
        return template.read_bytes()
    return string.Template(template.read_text(encoding="utf-8")).substitute(values).encode("utf-8")
