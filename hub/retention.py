"""Retention of payloads per record class: pure functions over the policy in hub/retention.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path

from hub.errors import PermanentError

_DURATION = re.compile(r"^\s*(\d+)\s*([dmy])\s*$")


class BadRetentionPolicy(PermanentError):
    pass


def parse_duration(text: str) -> timedelta:
    """``90d``, ``18m`` (30-day months), ``7y`` (365-day years, plus a day per four for leap years)."""
    match = _DURATION.match(text)
    if match is None:
        raise BadRetentionPolicy(f"{text!r} is not a duration (examples: 90d, 18m, 7y)")
    n, unit = int(match[1]), match[2]
    days = {"d": n, "m": 30 * n, "y": 365 * n + n // 4}[unit]
    return timedelta(days=days)


@dataclass(frozen=True)
class RetentionPolicy:
    version: str
    default: timedelta
    classes: dict[str, timedelta] = field(default_factory=dict)

    def keep_for(self, record_type: str) -> timedelta:
        return self.classes.get(record_type, self.default)

    def is_due(self, record_type: str, stored_at: str, as_of: datetime) -> bool:
        """Is a payload stored at ``stored_at`` (ISO 8601) past its class's retention on ``as_of``?"""
        return datetime.fromisoformat(stored_at) + self.keep_for(record_type) <= as_of


def load_retention(path: Path | None = None) -> RetentionPolicy:
    if path is None:
        text = resources.files("hub").joinpath("retention.toml").read_text(encoding="utf-8")
        source = "hub/retention.toml"
    else:
        text, source = path.read_text(encoding="utf-8"), str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadRetentionPolicy(f"{source}: {exc}") from None
    try:
        return RetentionPolicy(
            version=str(data["version"]),
            default=parse_duration(str(data["default"])),
            classes={k: parse_duration(str(v)) for k, v in (data.get("classes") or {}).items()},
        )
    except KeyError as exc:
        raise BadRetentionPolicy(f"{source}: {exc.args[0]} is required") from None
