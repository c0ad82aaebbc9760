"""Which code applies on a date, which sections exist, which offences protect their victims' identity."""

from __future__ import annotations

from datetime import date

import pytest

from hub.statutes import is_sexual_offence, penal_code_for, section_problem


@pytest.mark.parametrize(
    ("offence", "code"),
    [(date(2024, 6, 30), "IPC"), (date(2024, 7, 1), "BNS"), (date(2019, 1, 1), "IPC"), (date(2025, 3, 9), "BNS")],
)
def test_penal_code_is_chosen_by_offence_date(offence: date, code: str) -> None:
    assert penal_code_for(offence) == code


@pytest.mark.parametrize(
    ("statute", "section"),
    [
        ("IPC", "379"),
        ("IPC", "498A"),
        ("BNS", "103(1)"),
        ("BNS", "303(2)"),
        ("POCSO", "4"),
        ("NDPS", "20"),
        ("IPC", "376AB"),
        ("SCST_POA", "3(1)(r)"),
        ("bns", "64"),
    ],
)
def test_known_sections_are_accepted(statute: str, section: str) -> None:
    assert section_problem(statute, section) is None


@pytest.mark.parametrize(
    ("statute", "section", "message"),
    [
        ("IPC", "999", "'999' is not a known IPC section (IPC has sections 1 to 511)"),
        ("BNS", "400", "'400' is not a known BNS section"),
        ("IPC", "3O2", "'3O2' is not a section number"),
        ("XYZ", "1", "'XYZ' is not a known statute"),
    ],
)
def test_unknown_sections_are_named(statute: str, section: str, message: str) -> None:
    problem = section_problem(statute, section)
    assert problem is not None and message in problem


@pytest.mark.parametrize(
    ("statute", "section", "sexual"),
    [
        ("BNS", "64", True),
        ("BNS", "69", True),
        ("BNS", "71", True),
        ("BNS", "72", False),
        ("IPC", "376", True),
        ("IPC", "376AB", True),
        ("POCSO", "6", True),
        ("IPC", "379", False),
        ("BNS", "103(1)", False),
    ],
)
def test_sexual_offences_are_recognised(statute: str, section: str, sexual: bool) -> None:
    assert is_sexual_offence(statute, section) is sexual
