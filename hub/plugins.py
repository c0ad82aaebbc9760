"""Finds adapters through the ``icjs_hub.adapters`` entry points, once, with errors that list what exists."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points

from adapters.base import Adapter
from hub.errors import PermanentError

ENTRY_POINT_GROUP = "icjs_hub.adapters"


class UnknownAdapter(PermanentError):
    pass


@dataclass(frozen=True)
class BrokenAdapter:
    name: str
    reason: str


class AdapterRegistry:
    def __init__(self, adapters: dict[str, Adapter], broken: list[BrokenAdapter] | None = None) -> None:
        self._adapters = dict(adapters)
        self.broken = list(broken or [])

    @classmethod
    def from_entry_points(cls) -> AdapterRegistry:
        """Load every installed adapter. One that fails to load is reported in ``broken``; it never stops the
        others."""
        adapters: dict[str, Adapter] = {}
        broken: list[BrokenAdapter] = []
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            try:
                adapter = ep.load()()
            except Exception as exc:
                broken.append(BrokenAdapter(ep.name, f"{type(exc).__name__}: {exc}"))
                continue
            if not isinstance(adapter, Adapter):
                broken.append(BrokenAdapter(ep.name, "does not implement the Adapter protocol"))
                continue
            adapters[ep.name] = adapter
        return cls(adapters, broken)

    def names(self) -> list[str]:
        return sorted(self._adapters)

    def get(self, name: str) -> Adapter:
        try:
            return self._adapters[name]
        except KeyError:
            known = ", ".join(self.names()) or "none installed"
            raise UnknownAdapter(f"unknown adapter {name!r}; installed adapters: {known}") from None

    def all(self) -> list[Adapter]:
        return [self._adapters[name] for name in self.names()]
