"""The generator's promises: deterministic per seed, valid canonical records, coherent case lifecycles, realistic
proportions, and the same person spelt differently by different pillars."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, datetime
from importlib import resources

from lxml import etree

from hub.redaction import protected_persons
from hub.rules import check_rules
from hub.samples.canonical import PILLAR, RECORD_TYPES
from hub.samples.generate import generate_canonical
from hub.schemas import SchemaRegistry
from tests.hub.samples.conftest import NS, Sample


def _text(root: etree._Element, path: str) -> str | None:
    found = root.find(path, NS)
    return None if found is None or found.text is None else found.text.strip()


def _fir_key(root: etree._Element) -> str | None:
    key = root.find("r:Header/r:CaseKeys/r:FirKey", NS)
    if key is None:
        return None
    parts = [
        key.findtext(f"r:{name}", namespaces=NS)
        for name in ("StateCode", "DistrictCode", "PoliceStationCode", "Year", "Serial")
    ]
    return "-".join(p or "" for p in parts)


def _day(text: str | None) -> date:
    assert text is not None
    return date.fromisoformat(text[:10])


def test_same_count_and_seed_give_identical_records() -> None:
    # Given two runs with the same number of cases and seed
    # When both generate their canonical records
    first = [(r.case_id, r.sequence, r.record_type, r.content) for r in generate_canonical(40, 17)]
    second = [(r.case_id, r.sequence, r.record_type, r.content) for r in generate_canonical(40, 17)]
    # Then every record is the same, byte for byte, in the same order
    assert first == second
    assert len(first) > 40


def test_different_seeds_give_different_cases() -> None:
    # Given two seeds
    # When each generates 40 cases
    one = {r.content for r in generate_canonical(40, 1)}
    two = {r.content for r in generate_canonical(40, 2)}
    # Then the records have (practically) nothing in common
    assert len(one & two) == 0


def test_every_canonical_record_of_50_cases_passes_the_hubs_checks() -> None:
    # Given the canonical records of 50 cases
    registry = SchemaRegistry()
    records = list(generate_canonical(50, 5))
    # When each is validated against its schema and the hub's rules
    problems = []
    for record in records:
        root = etree.fromstring(record.content)
        schema, issues = registry.validate(root)
        issues = issues or check_rules(root, schema)
        problems += [f"{record.case_id} {record.record_type}: {issue}" for issue in issues]
        # and its header says which pillar's system produced it
        assert _text(root, "r:Header/r:SourceSystem") == record.source_system
        assert _text(root, "r:Header/r:SourcePillar") == PILLAR[record.source_system]
    # Then none is refused
    assert problems == []


def test_a_few_hundred_cases_cover_every_record_type(sample_200: Sample) -> None:
    # Given 200 cases
    # When their records are counted by type
    counts = Counter(r.record_type for r in sample_200.records)
    # Then every type of the lifecycle occurs, the FIR once per case
    assert set(counts) == set(RECORD_TYPES)
    assert counts["fir-registered"] == 200
    assert counts["hearing-recorded"] > counts["court-case-registered"] > counts["court-disposal"]


def test_record_ids_and_case_keys_are_unique_across_cases(sample_200: Sample) -> None:
    # Given the records of 200 cases
    # When their record ids and each case's keys are collected
    record_ids = Counter(r.record_id for r in sample_200.records)
    owners: dict[tuple[str, str], set[str]] = {}
    for case_id, entries in sample_200.by_case.items():
        for _, root in entries:
            for kind, path in (
                ("fir", None),
                ("cnr", "r:Header/r:CaseKeys/r:Cnr"),
                ("lab", "r:Header/r:CaseKeys/r:LabCaseNumber"),
            ):
                value = _fir_key(root) if kind == "fir" else _text(root, path or "")
                if value is not None:
                    owners.setdefault((kind, value), set()).add(case_id)
            prisoner = root.find("r:Header/r:CaseKeys/r:PrisonerId", NS)
            if prisoner is not None:
                owners.setdefault(("prisoner", f"{prisoner.get('prisonCode')}:{prisoner.text}"), set()).add(case_id)
    # Then no record id is issued twice and no key belongs to two cases
    assert [rid for rid, n in record_ids.items() if n > 1] == []
    assert {key: cases for key, cases in owners.items() if len(cases) > 1} == {}


def test_fir_keys_use_real_haryana_lgd_districts_and_both_penal_codes(sample_200: Sample) -> None:
    # Given the LGD district codes of Haryana
    text = resources.files("hub.data").joinpath("haryana-districts.csv").read_text(encoding="utf-8")
    lgd = {row["lgd_district_code"] for row in csv.DictReader(text.splitlines())}
    # When the FIRs of 200 cases are read
    firs = [root for entries in sample_200.by_case.values() for r, root in entries if r.record_type == "fir-registered"]
    districts = {root.findtext("r:Header/r:CaseKeys/r:FirKey/r:DistrictCode", namespaces=NS) for root in firs}
    years = Counter(_day(_text(root, "r:Occurrence/r:From")).year for root in firs)
    statutes = Counter(s.text for root in firs for s in root.iterfind("r:Charges/r:Charge/r:Statute", NS))
    # Then every district is a real one, offences spread over 2022-2026, under IPC and BNS both
    assert districts <= lgd
    assert len(districts) >= 15
    assert set(years) == {2022, 2023, 2024, 2025, 2026}
    assert statutes["IPC"] > 20 and statutes["BNS"] > 20


def test_each_case_keeps_one_fir_key_and_its_court_and_lab_keys_agree(sample_200: Sample) -> None:
    for case_id, entries in sample_200.by_case.items():
        # Given one case's records
        fir_keys = {_fir_key(root) for _, root in entries} - {None}
        by_type: dict[str, list[etree._Element]] = {}
        for record, root in entries:
            by_type.setdefault(record.record_type, []).append(root)
        # Then they all name the same FIR
        assert len(fir_keys) == 1, case_id
        # and the lab's receipt and report name the same lab case
        labs = {
            _text(root, "r:Header/r:CaseKeys/r:LabCaseNumber")
            for t in ("forensic-receipt", "forensic-report")
            for root in by_type.get(t, [])
        }
        assert len(labs) <= 1, case_id
        # and the judgment and the hearings belong to the registered case, the appeal to its lower court case
        registered = {_text(root, "r:Header/r:CaseKeys/r:Cnr") for root in by_type.get("court-case-registered", [])}
        assert len(registered) <= 1, case_id
        for kind in ("hearing-recorded", "court-disposal"):
            for root in by_type.get(kind, []):
                assert _text(root, "r:Header/r:CaseKeys/r:Cnr") in registered, (case_id, kind)
        for root in by_type.get("appeal-result", []):
            assert _text(root, "r:LowerCourtCase/r:Cnr") in registered, case_id
        # and every prisoner moved was admitted first, under the same prisoner id
        admitted = set()
        for record, root in entries:
            prisoner = root.find("r:Header/r:CaseKeys/r:PrisonerId", NS)
            if record.record_type == "prison-admission":
                admitted.add((prisoner.get("prisonCode"), prisoner.text))
            elif record.record_type == "prison-movement":
                assert (prisoner.get("prisonCode"), prisoner.text) in admitted, case_id


def test_each_case_happens_in_order(sample_200: Sample) -> None:
    for case_id, entries in sample_200.by_case.items():
        # Given one case's records, in the order the generator numbered them
        created = [datetime.fromisoformat(r.created_at) for r, _ in entries]
        first: dict[str, etree._Element] = {}
        for record, root in entries:
            first.setdefault(record.record_type, root)
        # Then their systems entered them in that order
        assert created == sorted(created), case_id
        fir = first["fir-registered"]
        assert entries[0][0].record_type == "fir-registered", case_id
        occurred = datetime.fromisoformat(_text(fir, "r:Occurrence/r:From") or "")
        registered = datetime.fromisoformat(_text(fir, "r:RegisteredAt") or "")
        assert occurred <= registered, case_id
        # and arrests follow the FIR, the lab's steps follow each other, the court follows the final report
        for record, root in entries:
            if record.record_type == "arrest-surrender":
                when = _text(root, "r:Arrest/r:ArrestedAt") or _text(root, "r:Surrender/r:SurrenderedAt")
                assert datetime.fromisoformat(when or "") >= registered, case_id
        if "forensic-report" in first:
            requested = datetime.fromisoformat(_text(first["forensic-request"], "r:RequestedAt") or "")
            received = datetime.fromisoformat(_text(first["forensic-receipt"], "r:ReceivedAt") or "")
            dispatched = datetime.fromisoformat(_text(first["forensic-report"], "r:DispatchedAt") or "")
            assert requested < received < dispatched, case_id
        if "court-case-registered" in first:
            report_date = _day(_text(first["final-report"], "r:ReportDate"))
            court = first["court-case-registered"]
            registered_on = _day(_text(court, "r:Registration/r:Date"))
            assert report_date <= registered_on, case_id
            hearings = [
                _day(_text(root, "r:HearingDate")) for r, root in entries if r.record_type == "hearing-recorded"
            ]
            assert hearings == sorted(set(hearings)), case_id
            assert all(day >= registered_on for day in hearings), case_id
            if "court-disposal" in first:
                judgment = _day(_text(first["court-disposal"], "r:JudgmentDate"))
                assert hearings and judgment > hearings[-1], case_id
        if "appeal-result" in first:
            appeal = first["appeal-result"]
            judgment = _day(_text(first["court-disposal"], "r:JudgmentDate"))
            assert judgment < _day(_text(appeal, "r:FilingDate")) < _day(_text(appeal, "r:DecisionDate")), case_id


def test_convictions_and_convict_admissions_come_only_after_a_trial(sample_200: Sample) -> None:
    convictions = 0
    for case_id, entries in sample_200.by_case.items():
        # Given one case's records in timeline order
        seen: set[str] = set()
        convicted_codes: set[str] = set()
        for record, root in entries:
            if record.record_type == "court-disposal":
                # Then a judgment comes after the case was registered in court and heard
                assert {"court-case-registered", "hearing-recorded"} <= seen, case_id
                tried = {a.get("code") for a in root.iterfind("r:Verdict", NS)}
                for verdict in root.iterfind("r:Verdict", NS):
                    if any(r.text == "convicted" for r in verdict.iterfind("r:Finding/r:Result", NS)):
                        convicted_codes.add(verdict.get("code") or "")
                        convictions += 1
                assert tried, case_id
            if record.record_type == "appeal-result":
                assert "court-disposal" in seen, case_id
            if record.record_type == "prison-admission" and _text(root, "r:Category") == "convict":
                # and nobody is admitted as a convict without a conviction (at trial or on appeal)
                assert "court-disposal" in seen, case_id
                assert convicted_codes or "appeal-result" in seen, case_id
            seen.add(record.record_type)
    assert convictions > 10


def test_sexual_offence_and_juvenile_cases_come_in_realistic_proportions(sample_500: Sample) -> None:
    # Given 500 cases
    cases = sample_500.cases
    # When the sexual-offence cases and those with a person under 18 are counted
    sexual = sum(case.sexual for case in cases)
    juvenile = sum(case.juvenile for case in cases)
    # Then they are a few in a hundred, as in registered crime
    assert 0.03 * 500 <= sexual <= 0.07 * 500
    assert 0.01 * 500 <= juvenile <= 0.05 * 500


def test_redaction_finds_the_protected_persons_in_those_cases(sample_500: Sample) -> None:
    # Given the FIRs of 500 cases
    flagged_sexual = flagged_child = 0
    for case in sample_500.cases:
        fir = next(root for r, root in sample_500.by_case[case.case_id] if r.record_type == "fir-registered")
        # When the hub works out whom the law protects
        classes = {kind for kinds in protected_persons(fir).values() for kind in kinds}
        # Then every sexual-offence FIR protects its victim, and every FIR naming a child protects the child
        if case.sexual:
            assert "sexual-offence-victim" in classes, case.case_id
            victims = fir.findall("r:Persons/r:Person/r:Protection[@sexualOffenceVictim='true']", NS)
            assert victims, case.case_id
            flagged_sexual += 1
        if any(p.child for p in case.victims) or any(
            a.person.child and a.fir_status != "unknown" for a in case.accused
        ):
            assert "child" in classes, case.case_id
            flagged_child += 1
        if not case.sexual and not case.juvenile:
            assert classes == set(), case.case_id
    assert flagged_sexual >= 15 and flagged_child >= 5


def test_pillars_spell_the_same_person_differently(sample_200: Sample) -> None:
    # Given the accused of 200 cases as police (CAS) and the other pillars write them
    police: dict[tuple[str, str], str] = {}
    others: dict[tuple[str, str], set[str]] = {}
    devanagari: dict[tuple[str, str], set[str]] = {}
    for case_id, entries in sample_200.by_case.items():
        for record, root in entries:
            refs = [(a.get("personRef"), a.get("code")) for a in root.iter("{urn:icjs:record:v1}Accused")]
            refs += [(a.get("personRef"), a.get("code")) for a in root.iterfind("r:Attendance", NS)]
            if record.record_type == "arrest-surrender":
                refs = [("P1", _text(root, "r:AccusedCode"))]
            for person_ref, code in refs:
                person = root.find(f"r:Persons/r:Person[@id='{person_ref}']", NS)
                if person is None or code is None:
                    continue
                name = person.find("r:Name", NS)
                romanised = _text(person, "r:NameRomanised")
                latin = romanised if name.get("script") == "Deva" else name.text
                key = (case_id, code)
                if name.get("script") == "Deva" and name.text != "अज्ञात":
                    devanagari.setdefault(key, set()).add(name.text or "")
                if name.text == "अज्ञात":
                    continue  # the FIR's placeholder for an accused it cannot name yet
                if record.source_system == "cas":
                    police.setdefault(key, latin or "")
                else:
                    others.setdefault(key, set()).add(latin or "")
    # When their romanised names are compared across pillars
    shared = [key for key in police if key in others]
    differing = [key for key in shared if others[key] - {police[key]}]
    variants = {name for key in differing for name in others[key]}
    # Then many are spelt differently somewhere, in the ways DOMAIN.md lists, while the Devanagari stays the same
    assert len(shared) > 50
    assert len(differing) >= 0.3 * len(shared)
    assert any(
        token in name
        for name in variants
        for token in ("Mohd.", "Md.", "Mohammed", "Muhammad", "Sing ", "Choudhary", "Chowdhury", "Lakshmi", "inder")
    )
    assert all(len(names) == 1 for key, names in devanagari.items() if key in shared)
