"""Statutes and sections: which code applies on a date, which sections exist, which are sexual offences.

Pure and loaded once from the sourced tables in hub/data (see hub/data/SOURCES.md). The IPC-BNS table lists
the sections that matter most in practice, not every section of either code; a section outside the table is
still known when its number lies within the code (IPC 1-511, BNS 1-358, ...). That refuses "u/s 999 IPC" without
refusing a real but rarely used section.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

# BNS, BNSS and BSA came into force on this date; offences before it stay under IPC, CrPC and the Evidence Act
# (BNSS 531).
NEW_CODES_FROM = date(2024, 7, 1)

PENAL_CODE_BEFORE = "IPC"
PENAL_CODE_FROM = "BNS"

# Highest section number in each code, from the Acts as enacted.
_SECTION_RANGES: dict[str, int] = {
    "IPC": 511,
    "BNS": 358,
    "CRPC": 484,
    "BNSS": 531,
    "IEA": 167,
    "BSA": 170,
    "POCSO": 46,
}

# "103(1)", "498A", "376AB", "3(1)(r)", "125(a)"
SECTION_PATTERN = re.compile(r"^(?P<number>\d{1,3})(?P<suffix>[A-Z]{0,3})(?P<sub>(\([0-9a-z]{1,3}\)){0,3})$")


@dataclass(frozen=True)
class SectionInfo:
    statute: str
    section: str
    offence: str
    sexual_offence: bool


@dataclass(frozen=True)
class _Tables:
    listed: dict[tuple[str, str], SectionInfo]
    special_acts: dict[str, frozenset[str]]  # act code -> sections named in the table (may be empty)


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("hub.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _tables() -> _Tables:
    listed: dict[tuple[str, str], SectionInfo] = {}
    for row in _read_csv("ipc-bns.csv"):
        sexual = row["category"].strip() == "sexual_offence"
        for statute, key in (("IPC", "ipc_section"), ("BNS", "bns_section")):
            for section in _split_sections(row[key]):
                listed[(statute, section)] = SectionInfo(statute, section, row["offence"], sexual)
    for row in _read_csv("pocso-sections.csv"):
        section = row["section"].strip()
        listed[("POCSO", section)] = SectionInfo("POCSO", section, row["offence"], True)
    for row in _read_csv("crpc-bnss.csv"):
        for statute, key in (("CRPC", "crpc_section"), ("BNSS", "bnss_section")):
            for section in _split_sections(row[key]):
                listed[(statute, section)] = SectionInfo(statute, section, row["subject"], False)
    special: dict[str, frozenset[str]] = {}
    for row in _read_csv("special-acts.csv"):
        code = row["act_code"].strip()
        special[code] = frozenset(s.strip() for s in row["common_sections"].split(";") if s.strip())
    return _Tables(listed, special)


def _split_sections(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[/;]", cell) if part.strip()]


def known_statutes() -> frozenset[str]:
    """Statute codes a charge may carry: the general codes and the special acts in hub/data."""
    return frozenset(_SECTION_RANGES) | frozenset(_tables().special_acts)


def penal_code_for(offence_date: date) -> str:
    """IPC for an offence before 1 July 2024, BNS from that day on."""
    return PENAL_CODE_FROM if offence_date >= NEW_CODES_FROM else PENAL_CODE_BEFORE


def section_problem(statute: str, section: str) -> str | None:
    """Why (statute, section) is not a known section, or None when it is."""
    statute = statute.upper()
    if statute not in known_statutes():
        return f"{statute!r} is not a known statute (known: {', '.join(sorted(known_statutes()))})"
    match = SECTION_PATTERN.match(section)
    if match is None:
        return f"{section!r} is not a section number"
    if (statute, section) in _tables().listed:
        return None
    top = _SECTION_RANGES.get(statute)
    if top is not None and not 1 <= int(match["number"]) <= top:
        return f"{section!r} is not a known {statute} section ({statute} has sections 1 to {top})"
    return None


def is_sexual_offence(statute: str, section: str) -> bool:
    """True for the offences whose victims the law keeps anonymous: BNS 64-71, IPC 376-series, POCSO."""
    statute = statute.upper()
    if statute == "POCSO":
        return True
    info = _tables().listed.get((statute, section))
    if info is not None and info.sexual_offence:
        return True
    match = SECTION_PATTERN.match(section)
    if match is None:
        return False
    number = int(match["number"])
    if statute == "BNS":
        return 64 <= number <= 71
    if statute == "IPC":
        return number in (375, 376)
    return False
