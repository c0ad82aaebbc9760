"""adapters/notation.py: sections and dates as Indian police write them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from adapters.base import AdapterError
from adapters.notation import IST, parse_native_date, parse_native_datetime, parse_sections, script_of

BEFORE = date(2023, 5, 1)  # IPC era
AFTER = date(2024, 8, 3)  # BNS era


@pytest.mark.parametrize(
    ("text", "offence_date", "expected"),
    [
        ("302 IPC", BEFORE, [("IPC", "302")]),
        ("u/s 103(1) BNS", AFTER, [("BNS", "103(1)")]),
        ("379/34 IPC", BEFORE, [("IPC", "379"), ("IPC", "34")]),
        ("302, 201 IPC", BEFORE, [("IPC", "302"), ("IPC", "201")]),
        ("61/1/14 Excise Act", AFTER, [("PB_EXCISE", "61(1)")]),
        ("420 IPC & 66D IT Act", BEFORE, [("IPC", "420"), ("IT", "66D")]),
        ("420 IPC and 66D I.T. Act", BEFORE, [("IPC", "420"), ("IT", "66D")]),
        ("U/S 498-A, 406 I.P.C.", BEFORE, [("IPC", "498A"), ("IPC", "406")]),
        ("u/s 303 (2) bns", AFTER, [("BNS", "303(2)")]),
        ("303(2),3(5) BNS", AFTER, [("BNS", "303(2)"), ("BNS", "3(5)")]),
        ("IPC 302, 34", BEFORE, [("IPC", "302"), ("IPC", "34")]),
        ("IPC 302 & 25 Arms Act", BEFORE, [("IPC", "302"), ("ARMS", "25")]),
        ("302 r/w 34 IPC", BEFORE, [("IPC", "302"), ("IPC", "34")]),
        ("25 Arms Act, 1959", AFTER, [("ARMS", "25")]),
        ("3(1)(R) SC/ST Act", AFTER, [("SCST_POA", "3(1)(r)")]),
        ("Sec. 15 NDPS Act", AFTER, [("NDPS", "15")]),
        ("u/s 4 POCSO Act & 65(1) BNS", AFTER, [("POCSO", "4"), ("BNS", "65(1)")]),
        ("302  IPC ,  302 IPC", BEFORE, [("IPC", "302")]),
    ],
)
def test_section_notations_parse_to_statute_and_section(
    text: str, offence_date: date, expected: list[tuple[str, str]]
) -> None:
    # Given a section list as a police station wrote it
    # When it is parsed
    charges = parse_sections(text, offence_date, field="ACT_SEC", line=7)
    # Then each statute gets the sections written with it, normalised, once each
    assert charges == expected


@pytest.mark.parametrize(
    ("text", "offence_date", "rule"),
    [
        ("u/s 999 IPC", BEFORE, "'999' is not a known IPC section (IPC has sections 1 to 511)"),
        ("420 XYZ Act", BEFORE, "'XYZ Act' is not an act this hub knows"),
        ("302", BEFORE, "section 302 names no act"),
        ("IPC", BEFORE, "IPC is named without a section"),
        ("1959 Arms Act", AFTER, "'1959' is not a section number"),
    ],
)
def test_unknown_statutes_and_sections_are_refused_naming_field_and_line(
    text: str, offence_date: date, rule: str
) -> None:
    # Given a section list with something no statute table knows
    # When it is parsed
    with pytest.raises(AdapterError) as refused:
        parse_sections(text, offence_date, field="FIR_DETAILS[1]/ACT_SEC", line=14)
    # Then the refusal quotes the text, states the rule, and says where
    message = str(refused.value)
    assert message.startswith(f'FIR_DETAILS[1]/ACT_SEC: "{text}": {rule}')
    assert message.endswith("(line 14)")
    assert refused.value.field == "FIR_DETAILS[1]/ACT_SEC"
    assert refused.value.line == 14


def test_an_empty_section_list_is_refused() -> None:
    # Given an empty ACT_SEC
    # When it is parsed
    with pytest.raises(AdapterError, match="no act or section given") as refused:
        parse_sections("  ", AFTER, field="ACT_SEC", line=3)
    # Then the field is named
    assert refused.value.field == "ACT_SEC"


@pytest.mark.parametrize(
    ("text", "offence_date"),
    [
        ("379 IPC", date(2024, 6, 30)),  # the last day of the IPC
        ("303(2) BNS", date(2024, 7, 1)),  # the first day of the BNS
    ],
)
def test_the_penal_code_of_the_offence_date_is_accepted(text: str, offence_date: date) -> None:
    # Given a theft charged under the code in force on the offence date
    # When it is parsed
    charges = parse_sections(text, offence_date, field="ACT_SEC")
    # Then it is accepted
    assert len(charges) == 1


@pytest.mark.parametrize(
    ("text", "offence_date", "rule"),
    [
        ("379 IPC", date(2024, 7, 1), "offence on 2024-07-01 falls under BNS, not IPC (codes changed 2024-07-01)"),
        ("379 IPC", AFTER, "offence on 2024-08-03 falls under BNS, not IPC (codes changed 2024-07-01)"),
        ("303(2) BNS", date(2024, 6, 30), "offence on 2024-06-30 falls under IPC, not BNS (codes changed 2024-07-01)"),
        ("25 Arms Act & 379 IPC", AFTER, "falls under BNS, not IPC"),
    ],
)
def test_the_wrong_penal_code_for_the_offence_date_is_refused(text: str, offence_date: date, rule: str) -> None:
    # Given a charge under the penal code not in force on the offence date
    # When it is parsed
    with pytest.raises(AdapterError) as refused:
        parse_sections(text, offence_date, field="ACT_SEC", line=9)
    # Then the refusal says which code applies and why
    assert f'ACT_SEC: "{text}": ' in str(refused.value)
    assert rule in str(refused.value)


def test_special_acts_apply_whatever_the_date() -> None:
    # Given an Arms Act charge, not a penal code
    # When it is parsed for an offence before and after the new codes
    # Then both are accepted
    assert parse_sections("25 Arms Act", BEFORE, field="ACT_SEC") == [("ARMS", "25")]
    assert parse_sections("25 Arms Act", AFTER, field="ACT_SEC") == [("ARMS", "25")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/08/2024", "2024-08-03T00:00:00+05:30"),
        ("03-08-2024", "2024-08-03T00:00:00+05:30"),
        ("3.8.2024", "2024-08-03T00:00:00+05:30"),
        ("03/08/2024 14:35", "2024-08-03T14:35:00+05:30"),
        ("03/08/2024 14:35:09", "2024-08-03T14:35:09+05:30"),
        ("03/08/2024 02:35 PM", "2024-08-03T14:35:00+05:30"),
        ("03/08/2024 12:10 am", "2024-08-03T00:10:00+05:30"),
        ("2024-08-03T14:35:00", "2024-08-03T14:35:00+05:30"),
        ("2024-08-03T14:35:00+05:30", "2024-08-03T14:35:00+05:30"),
        ("2024-08-03T09:05:00Z", "2024-08-03T09:05:00+00:00"),
    ],
)
def test_native_date_times_parse_and_a_naive_time_is_ist(text: str, expected: str) -> None:
    # Given a date-time as CAS or an ISO system writes it
    # When it is parsed
    moment = parse_native_datetime(text, field="REG_DT")
    # Then it is an aware datetime, IST unless it said otherwise
    assert moment.isoformat() == expected
    assert moment.tzinfo is not None


def test_ist_is_five_and_a_half_hours_ahead_of_utc() -> None:
    # Given 14:35 in Faridabad
    moment = parse_native_datetime("03/08/2024 14:35", field="REG_DT")
    # When it is expressed in UTC
    # Then it is 09:05
    assert moment.astimezone(UTC) == datetime(2024, 8, 3, 9, 5, tzinfo=UTC)
    assert IST.utcoffset(None) == timedelta(hours=5, minutes=30)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("31/02/2024", "not a real date"),
        ("29/02/2023 10:00", "not a real date"),
        ("12/13/2024", "not a real date"),
        ("03/08/2024 25:00", "not a real date"),
        ("03/08/2024 13:00 PM", "hour 13 with PM is not a time"),
        ("yesterday evening", "is not a date"),
        ("03/08/0024 10:00", "year 24 is outside 1900 to 2100"),
        ("9999-12-31T23:59:00-05:00", "year 9999 is outside 1900 to 2100"),
        ("", "no date given"),
    ],
)
def test_impossible_dates_are_refused_naming_the_field(text: str, rule: str) -> None:
    # Given a date that cannot be
    # When it is parsed
    with pytest.raises(AdapterError) as refused:
        parse_native_datetime(text, field="FIR_DETAILS[1]/OCC_FROM_DT", line=13)
    # Then the refusal names the field, the line and the rule
    assert str(refused.value).startswith("FIR_DETAILS[1]/OCC_FROM_DT: ")
    assert rule in str(refused.value)
    assert str(refused.value).endswith("(line 13)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14/03/1979", date(1979, 3, 14)), ("14-03-1979", date(1979, 3, 14)), ("1979-03-14", date(1979, 3, 14))],
)
def test_birth_dates_parse(text: str, expected: date) -> None:
    # Given a birth date in any of the accepted forms
    # When it is parsed
    # Then it is that calendar date
    assert parse_native_date(text, field="DOB") == expected


def test_an_impossible_birth_date_is_refused() -> None:
    # Given 31 April
    # When it is parsed
    # Then it is refused naming the field
    with pytest.raises(AdapterError, match=r"^DOB: '31/04/1990' is not a real date"):
        parse_native_date("31/04/1990", field="DOB")


@pytest.mark.parametrize(
    "text, script",
    [
        ("Ramesh Kumar", "Latn"),
        ("रमेश कुमार", "Deva"),
        ("ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "Guru"),
        ("José Álvarez", "Latn"),
        ("रमेश Kumar", "Zyyy"),
        ("12/34 -", "Zzzz"),
        ("", "Zzzz"),
        ("Ωμέγα", "Zzzz"),
    ],
)
def test_the_script_of_a_name_is_read_from_its_letters(text: str, script: str) -> None:
    assert script_of(text) == script
