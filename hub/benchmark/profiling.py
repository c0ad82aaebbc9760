"""Reading py-spy's raw (collapsed-stack) output: where each hub process spent its CPU samples, by function,
both in the function itself (self) and anywhere below it (inclusive)."""

from __future__ import annotations

import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")


def find_py_spy() -> str | None:
    beside = Path(sys.executable).with_name("py-spy")
    if beside.is_file():
        return str(beside)
    return shutil.which("py-spy")


def _short(path: str) -> str:
    for marker in ("site-packages/", "/lib/python3."):
        if marker in path:
            tail = path.split(marker, 1)[1]
            return tail if marker == "site-packages/" else "stdlib/" + tail.split("/", 1)[-1]
    for marker in ("/hub/", "/adapters/"):
        if marker in path:
            return marker.strip("/") + "/" + path.rsplit(marker, 1)[1]
    return path


def _frame(text: str) -> str:
    match = _FRAME.match(text.strip())
    if match is None:
        return text.strip()
    return f"{match['func']} ({_short(match['file'])})"


@dataclass
class Profile:
    samples: int
    self_: Counter[str]
    inclusive: Counter[str]

    def top(self, n: int, *, inclusive: bool = False, only: str | None = None) -> list[tuple[str, float]]:
        counts = self.inclusive if inclusive else self.self_
        rows = [(k, v) for k, v in counts.most_common() if only is None or only in k]
        return [(k, 100.0 * v / max(self.samples, 1)) for k, v in rows[:n]]


def read_profile(path: Path) -> Profile:
    """A py-spy ``--format raw`` file: one line per distinct stack, root first, then its sample count."""
    self_: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    samples = 0
    if not path.is_file():
        return Profile(0, self_, inclusive)
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_frame(f) for f in stack.split(";")]
        samples += count
        self_[frames[-1]] += count
        for name in set(frames):
            inclusive[name] += count
    return Profile(samples, self_, inclusive)


def merge(profiles: list[Profile]) -> Profile:
    total = Profile(0, Counter(), Counter())
    for profile in profiles:
        total.samples += profile.samples
        total.self_.update(profile.self_)
        total.inclusive.update(profile.inclusive)
    return total
