"""Canonical XML (urn:icjs:record:v1) for each event of a synthetic case, as its producing pillar's system would
describe it: the header's SourceSystem is that system's adapter name, RecordId is ``record_id(...)`` of it, and
every date, key and person agrees with the rest of the case.

Elements are written in the schema's order (schemas/v1/*.xsd); the schema examples in schemas/v1/examples are
the model for what each field holds. Persons are written as each pillar spells them (``hub.samples.names``).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from lxml import etree

from hub.record import record_id
from hub.samples import names as nm
from hub.samples.lifecycle import (
    Accused,
    Address,
    Admission,
    Appeal,
    Case,
    CourtCase,
    Custody,
    Disposal,
    Event,
    FinalReport,
    Finding,
    ForensicCase,
    Hearing,
    Movement,
    Officer,
    Order,
    Person,
    Scrutiny,
    Seizure,
    Verdict,
    stable_hex,
)
from hub.samples.places import STATE_CODE, STATE_NAME

NS = "urn:icjs:record:v1"

PRODUCER = {
    "fir-registered": "cas",
    "crime-details": "cas",
    "arrest-surrender": "cas",
    "property-seizure": "cas",
    "forensic-request": "cas",
    "final-report": "cas",
    "forensic-receipt": "trakea",
    "forensic-report": "trakea",
    "prosecution-scrutiny": "eprosecution",
    "court-case-registered": "ecourts",
    "hearing-recorded": "ecourts",
    "court-order": "ecourts",
    "court-disposal": "ecourts",
    "appeal-result": "ecourts",
    "prison-admission": "eprisons",
    "prison-movement": "eprisons",
}
PILLAR = {
    "cas": "police",
    "trakea": "forensics",
    "eprosecution": "prosecution",
    "ecourts": "courts",
    "eprisons": "prisons",
}
ROOT = {
    "fir-registered": "FirRegistered",
    "crime-details": "CrimeDetails",
    "arrest-surrender": "ArrestSurrender",
    "property-seizure": "PropertySeizure",
    "forensic-request": "ForensicRequest",
    "forensic-receipt": "ForensicReceipt",
    "forensic-report": "ForensicReport",
    "final-report": "FinalReport",
    "prosecution-scrutiny": "ProsecutionScrutiny",
    "court-case-registered": "CourtCaseRegistered",
    "hearing-recorded": "HearingRecorded",
    "court-order": "CourtOrder",
    "prison-admission": "PrisonAdmission",
    "prison-movement": "PrisonMovement",
    "court-disposal": "CourtDisposal",
    "appeal-result": "AppealResult",
}
RECORD_TYPES = tuple(ROOT)


@dataclass(frozen=True)
class CanonicalRecord:
    """One generated canonical record and where it belongs."""

    case_id: str
    sequence: int  # position in the case's timeline, from 1
    record_type: str
    source_system: str
    source_record_id: str
    record_id: str
    created_at: str
    content: bytes


# ------------------------------------------------------------------------------------------------ helpers


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def sub(parent: etree._Element, name: str, text: object = None, attrib: dict[str, str] | None = None) -> etree._Element:
    element = etree.SubElement(parent, _q(name), attrib or {})
    if text is not None:
        element.text = str(text)
    return element


def _opt(parent: etree._Element, name: str, text: object) -> None:
    if text is not None:
        sub(parent, name, text)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _fir_key(parent: etree._Element, case: Case) -> None:
    key = sub(parent, "FirKey")
    sub(key, "StateCode", STATE_CODE)
    sub(key, "DistrictCode", case.district.lgd)
    sub(key, "PoliceStationCode", case.station_code)
    sub(key, "Year", case.fir_year)
    sub(key, "Serial", case.fir.value)


def _prisoner_id(parent: etree._Element, stay: Custody, name: str = "PrisonerId") -> None:
    sub(parent, name, stay.prisoner_id, {"stateCode": str(STATE_CODE), "prisonCode": stay.prison.code})


def _header(
    root: etree._Element,
    record_type: str,
    source_record_id: str,
    created_at: datetime,
    case: Case,
    *,
    fir: bool = True,
    cnr: str | None = None,
    lab: str | None = None,
    prisoner: Custody | None = None,
) -> None:
    system = PRODUCER[record_type]
    header = sub(root, "Header")
    sub(header, "RecordId", record_id(system, record_type, source_record_id))
    sub(header, "RecordType", record_type)
    sub(header, "Version", 1)
    sub(header, "SourceSystem", system)
    sub(header, "SourcePillar", PILLAR[system])
    sub(header, "SourceRecordId", source_record_id)
    sub(header, "CreatedAt", _iso(created_at))
    keys = sub(header, "CaseKeys")
    if fir:
        _fir_key(keys, case)
    _opt(keys, "Cnr", cnr)
    _opt(keys, "LabCaseNumber", lab)
    if prisoner is not None:
        _prisoner_id(keys, prisoner)


def _charges(
    parent: etree._Element, case: Case, charges: list[tuple[str, str]] | None = None, name: str = "Charges"
) -> None:
    wrapper = sub(parent, name) if name else parent
    for statute, section in charges if charges is not None else case.charges():
        _charge(wrapper, case, statute, section)


def _charge(parent: etree._Element, case: Case, statute: str, section: str) -> None:
    charge = sub(parent, "Charge")
    sub(charge, "Statute", statute)
    sub(charge, "Section", section)
    sub(charge, "OffenceDate", case.offence_date.isoformat())


def _address(parent: etree._Element, address: Address, name: str = "Address") -> None:
    element = sub(parent, name)
    for line in address.lines:
        sub(element, "Line", line)
    sub(element, "VillageOrTown", address.town)
    sub(element, "DistrictCode", address.district)
    sub(element, "StateCode", address.state)
    _opt(element, "PinCode", address.pin)


def _officer(parent: etree._Element, name: str, officer: Officer, *, script: str = "Latn") -> None:
    element = sub(parent, name)
    if script == "Deva":
        sub(element, "Name", nm.deva(officer.name), {"script": "Deva"})
    else:
        sub(element, "Name", nm.usual(officer.name), {"script": "Latn"})
    sub(element, "Rank", officer.rank)
    _opt(element, "BeltNumber", officer.belt)
    _opt(element, "OfficerId", officer.officer_id)


def _official(parent: etree._Element, name: str, officer: Officer, *, romanised: bool = True) -> None:
    """The Name/NameRomanised/Designation shape of labs, prisons and courts."""
    element = sub(parent, name)
    if romanised:
        sub(element, "Name", nm.deva(officer.name), {"script": "Deva"})
        sub(element, "NameRomanised", nm.usual(officer.name))
    else:
        sub(element, "Name", nm.usual(officer.name), {"script": "Latn"})
    sub(element, "Designation", officer.designation or officer.rank)


def _judge(parent: etree._Element, name: str, judge: Officer) -> None:
    _official(parent, name, judge, romanised=False)


def _court(parent: etree._Element, name: str, court: tuple[str, str, str]) -> None:
    element = sub(parent, name)
    sub(element, "EstablishmentCode", court[0])
    sub(element, "Name", court[1])
    sub(element, "CourtNumber", court[2])


def _court_of(court_case: CourtCase) -> tuple[str, str, str]:
    return (court_case.establishment, court_case.court_name, court_case.court_number)


def _prison(parent: etree._Element, stay: Custody, name: str = "Prison") -> None:
    element = sub(parent, name)
    sub(element, "StateCode", STATE_CODE)
    sub(element, "PrisonCode", stay.prison.code)
    sub(element, "Name", stay.prison.name)


def _lab(parent: etree._Element, forensic: ForensicCase) -> None:
    lab = sub(parent, "Lab")
    sub(lab, "LabCode", forensic.lab.code)
    sub(lab, "Name", forensic.lab.name)


def _case_number(parent: etree._Element, name: str, court_case: CourtCase) -> None:
    element = sub(parent, name)
    sub(element, "CaseType", court_case.case_type)
    sub(element, "Number", court_case.registration.value)
    sub(element, "Year", court_case.year)


# ------------------------------------------------------------------------------------------------ persons


def spelling(case: Case, person: Person, system: str, *, relative: bool = False) -> tuple[str, str, str | None]:
    """(Name, its script, NameRomanised) of a person (or of the person's relative) as ``system`` writes it.

    Police (CAS) writes the Devanagari name and its usual romanisation; prosecution and prisons the Devanagari
    name and a spelling of their own; courts (e-Courts) write English only, now and then with initials. The
    spelling depends only on the seed, the case, the person and the system, so it is the same in all of one
    system's records.
    """
    name = person.relative if relative else person.name
    assert name is not None
    rng = random.Random(f"icjs-samples/{case.seed}/{case.index}/{person.key}/{system}/{relative}")
    if system == "cas" or person.placeholder:
        return nm.deva(name), "Deva", nm.usual(name)
    if system == "ecourts":
        return nm.variant(name, rng, initials=rng.random() < 0.12), "Latn", None
    return nm.deva(name), "Deva", nm.variant(name, rng)


class Persons:
    """The Persons of one record: each person once, numbered P1, P2... in the order first referred to."""

    def __init__(self, case: Case, system: str, on: date) -> None:
        self.case = case
        self.system = system
        self.on = on
        self.ids: dict[int, str] = {}
        self.entries: list[tuple[str, Person, dict[str, Any]]] = []

    def ref(self, person: Person, **options: Any) -> str:
        found = self.ids.get(id(person))
        if found is None:
            found = self.ids[id(person)] = f"P{len(self.ids) + 1}"
            self.entries.append((found, person, options))
        return found

    def write(self, parent: etree._Element, name: str = "Persons") -> None:
        if not self.entries:
            return
        element = sub(parent, name)
        for person_id, person, options in self.entries:
            self._person(element, person_id, person, **options)

    def _person(
        self,
        parent: etree._Element,
        person_id: str,
        person: Person,
        *,
        full: bool = True,
        age_only: bool = False,
        extended: bool = False,
        address: bool = True,
    ) -> None:
        element = sub(parent, "Person", attrib={"id": person_id})
        if person.placeholder:
            sub(element, "Name", nm.deva(person.name), {"script": "Deva"})
            sub(element, "NameRomanised", nm.usual(person.name))
            sub(element, "Sex", "unknown")
            return
        text, script, romanised = spelling(self.case, person, self.system)
        sub(element, "Name", text, {"script": script})
        _opt(element, "NameRomanised", romanised if romanised != text else None)
        if person.alias is not None and full:
            sub(element, "Alias", person.alias[1], {"script": "Latn"})
        if person.relative is not None and person.relation is not None:
            relative = sub(element, "Relative")
            text, script, romanised = spelling(self.case, person, self.system, relative=True)
            sub(relative, "Name", text, {"script": script})
            _opt(relative, "NameRomanised", romanised if romanised != text else None)
            sub(relative, "Relation", person.relation)
        if age_only:
            sub(element, "AgeYears", _stated_age(person, self.case.offence_date))
        else:
            sub(element, "BirthDate", person.birth.isoformat())
        sub(element, "Sex", person.sex)
        if full:
            sub(element, "Nationality", "IN")
            for kind, number in (
                ("voter-id", person.voter_id),
                ("driving-licence", person.driving_licence),
                ("nafis", person.nafis),
            ):
                if number is not None:
                    identity = sub(element, "Identity")
                    sub(identity, "Kind", kind)
                    sub(identity, "Number", number)
            _opt(element, "AadhaarToken", person.aadhaar_token if self.system == "cas" else None)
        if full or person.address is None:
            _opt(element, "Occupation", person.occupation)
        if address and person.address is not None:
            _address(element, person.address)
        flags = {"sexualOffenceVictim": person.sexual_victim, "child": person.child}
        if any(flags.values()):
            sub(element, "Protection", attrib={key: "true" for key, on in flags.items() if on})
        if extended:
            _opt(element, "Religion", person.religion)
            _opt(element, "SocialCategory", person.social_category)
            if person.permanent_address is not None:
                _address(element, person.permanent_address, "PermanentAddress")


def _stated_age(person: Person, on: date) -> int:
    """An age as a form states it: exact for the young, roughly for adults (never across 18)."""
    age = person.age_on(on)
    if age >= 24:
        wobble = int(stable_hex(person.key, person.birth, length=2), 16) % 5 - 2
        return age + wobble
    return age


def _relative_person(accused: Accused) -> Person:
    person = accused.person
    assert person.relative is not None
    sex = "male" if person.relation in ("father", "husband") else "female"
    return Person(
        f"{person.key}R", person.relative, sex, person.birth - timedelta(days=25 * 365), address=person.address
    )


# ------------------------------------------------------------------------------------------------ records


def build(case: Case, event: Event) -> tuple[str, bytes]:
    """(source record id, canonical XML) of one event."""
    root = etree.Element(_q(ROOT[event.record_type]), nsmap={None: NS})
    rng = random.Random(f"icjs-samples/{case.seed}/{case.index}/{event.order}")
    source_record_id = _BUILDERS[event.record_type](root, case, event, rng)
    content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return source_record_id, content


def _fir(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    source = case.fir_key
    _header(root, "fir-registered", source, event.at, case)
    sub(root, "RegisteredAt", _iso(case.registered_at))
    sub(root, "GdEntryNumber", f"{rng.randint(1, 60):03d}")
    sub(root, "InformationReceivedAt", _iso(case.info_at))
    sub(root, "InformationType", case.info_type)
    occurrence = sub(root, "Occurrence")
    sub(occurrence, "From", _iso(case.offence_at))
    _opt(occurrence, "To", _iso(case.occurrence_to) if case.occurrence_to else None)
    place = sub(root, "Place")
    sub(place, "DirectionFromPs", case.direction)
    sub(place, "DistanceKm", case.distance_km)
    sub(place, "Beat", case.beat)
    _address(place, case.place)
    _charges(root, case)
    persons = Persons(case, "cas", case.registered_at.date())
    civilian = case.offence.victim != "none"
    persons.ref(case.complainant, full=civilian, address=civilian)
    accused_refs = []
    for accused in case.accused:
        if accused.fir_status == "unknown":
            placeholder = Person(f"{accused.code}U", (nm.UNKNOWN,), "unknown", accused.person.birth, placeholder=True)
            accused_refs.append((persons.ref(placeholder), accused))
        else:
            accused_refs.append((persons.ref(accused.person, full=False, age_only=True), accused))
    victim_refs = [persons.ref(v, full=False, age_only=v is not case.complainant) for v in case.victims]
    persons.write(root)
    sub(root, "Complainant", attrib={"personRef": "P1"})
    for person_id, accused in accused_refs:
        sub(root, "Accused", attrib={"personRef": person_id, "code": accused.code, "status": accused.fir_status})
    for person_id in victim_refs:
        sub(root, "Victim", attrib={"personRef": person_id})
    _opt(root, "DelayReason", case.delay_reason)
    if case.stolen:
        stolen = sub(root, "PropertyStolen")
        for description, _, value in case.stolen:
            item = sub(stolen, "Item")
            sub(item, "Description", description)
            sub(item, "ValueInr", value)
        sub(stolen, "TotalValueInr", sum(value for _, _, value in case.stolen))
    sub(root, "Narrative", _narrative(case))
    sub(
        root,
        "ActionTaken",
        f"मुकदमा दर्ज करके तफ्तीश {case.io.rank} {nm.deva(case.io.name)} के सुपुर्द की गई। "
        f"(Case registered; investigation entrusted to {case.io.rank} {nm.usual(case.io.name)}.)",
    )
    _officer(root, "InvestigatingOfficer", case.io)
    sub(root, "SentToCourtAt", _iso(case.registered_at + timedelta(hours=2 + case.index % 5, minutes=15)))
    return source


def _who(case: Case) -> str:
    named = [a for a in case.accused if a.fir_status != "unknown"]
    return nm.deva(named[0].person.name) if named else "अज्ञात व्यक्ति"


def _narrative(case: Case) -> str:
    item = case.stolen[0][0] if case.stolen else "रकम"
    text = case.offence.narrative.format(
        who=_who(case), place=" ".join(case.place.lines[:1]), date=f"{case.offence_date:%d/%m/%Y}", item=item
    )
    return f"सेवा में, थाना प्रबंधक थाना {case.station_deva}। {text}\n({case.offence.gloss})"


_INJURY = {
    "murder": "fatal",
    "dowry-death": "fatal",
    "accident": "fatal",
    "grievous-hurt": "grievous",
    "attempt-murder": "grievous",
    "hurt": "simple",
    "rioting": "simple",
    "trespass": "simple",
    "robbery": "simple",
}


def _crime_details(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    recorded, visited = event.data
    source = case.fir_key
    _header(root, "crime-details", source, event.at, case)
    sub(root, "RecordedAt", _iso(recorded))
    _charges(root, case)
    head = sub(root, "CrimeHead")
    sub(head, "Code", case.offence.head[0])
    sub(head, "MajorHead", case.offence.head[1])
    sub(head, "MinorHead", case.offence.head[2])
    mo = sub(root, "ModusOperandi")
    sub(mo, "Code", case.offence.mo[0])
    sub(mo, "Description", case.offence.mo[1])
    place = sub(root, "PlaceOfOccurrence")
    sub(place, "Kind", case.offence.place)
    sub(place, "Description", f"{case.place_description}, {case.place.lines[0]}")
    _address(place, case.place)
    visit = sub(root, "SceneVisit")
    sub(visit, "VisitedAt", _iso(visited))
    sub(
        visit,
        "Observations",
        "मौका मुआयना किया, नक्शा मौका तैयार किया, गवाहों के बयान लिए। (Scene inspected, site plan "
        "prepared, witnesses' statements recorded.)",
    )
    persons = Persons(case, "cas", recorded.date())
    refs = [persons.ref(v, full=False) for v in case.victims]
    persons.write(root)
    for person_id in refs:
        victim = sub(root, "Victim", attrib={"personRef": person_id})
        sub(victim, "Injury", _INJURY.get(case.offence.key, "none"))
        sub(
            victim,
            "RelationToAccused",
            "परिचित (acquaintance)" if case.offence.victim == "other" or case.sexual else "अनजान (stranger)",
        )
    motive = sub(root, "Motive")
    sub(motive, "Kind", case.offence.motive)
    if case.stolen:
        stolen = sub(root, "Property")
        for description, category, value in case.stolen:
            item = sub(stolen, "Item")
            sub(item, "Category", category)
            sub(item, "Involvement", "stolen")
            sub(item, "Description", description)
            sub(item, "ValueInr", value)
        sub(stolen, "TotalValueInr", sum(value for _, _, value in case.stolen))
    sketch = sub(root, "Sketch")
    sub(sketch, "Reference", f"CAS-DOC-SP-{case.fir_key}-1")
    sub(sketch, "PreparedAt", _iso(visited + timedelta(minutes=35)))
    _officer(root, "InvestigatingOfficer", case.io)
    return source


_STATUS_COURT = {
    "arrested-forwarded-to-court",
    "arrested-police-custody-remand",
}


def _arrest(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    accused: Accused = event.data
    assert accused.arrested_at is not None and accused.arrest_status is not None
    source = f"{case.fir_key}-{accused.code}"
    _header(root, "arrest-surrender", source, event.at, case)
    sub(root, "AccusedCode", accused.code)
    gd = f"{rng.randint(1, 60):03d}"
    if accused.surrendered:
        surrender = sub(root, "Surrender")
        sub(surrender, "SurrenderedAt", _iso(accused.arrested_at))
        sessions = case.offence.sessions
        _court(
            surrender,
            "Court",
            (
                case.district.sessions_establishment if sessions else case.district.magistrate_establishment,
                f"Court of {'Additional Sessions Judge' if sessions else 'Judicial Magistrate First Class'}, "
                f"{case.district.name}",
                "ASJ-01" if sessions else "JMIC-01",
            ),
        )
        sub(surrender, "GdEntryNumber", gd)
        sub(surrender, "Status", accused.arrest_status)
    else:
        arrest = sub(root, "Arrest")
        sub(arrest, "ArrestedAt", _iso(accused.arrested_at))
        sub(arrest, "GdEntryNumber", gd)
        place = sub(arrest, "Place")
        at_scene = case.offence.victim == "none" or accused.person.address is None
        where = case.place if at_scene else accused.person.address
        assert where is not None
        sub(
            place,
            "Description",
            "घटनास्थल पर, नाके से (at the scene, at the checkpoint)"
            if at_scene
            else f"{where.lines[0]} के पास, अभियुक्त के घर के निकट (near the accused's house)",
        )
        _address(place, where)
        sub(arrest, "Status", accused.arrest_status)
        if accused.arrest_status in _STATUS_COURT and accused.produced_at is not None:
            if accused.ccl:
                _court(
                    arrest,
                    "ProducedBefore",
                    (f"HR{case.district.letters}J1", f"Juvenile Justice Board, {case.district.name}", "JJB-1"),
                )
            else:
                _court(
                    arrest,
                    "ProducedBefore",
                    (
                        case.district.magistrate_establishment,
                        f"Court of Judicial Magistrate First Class, {case.district.name}",
                        "Duty-JMIC",
                    ),
                )
            sub(arrest, "ProducedAt", _iso(accused.produced_at))
    _charges(root, case)
    sub(
        root,
        "GroundsOfArrest",
        "गिरफ्तारी के आधार और जमानत के अधिकार की जानकारी दी गई। (Told the grounds of arrest and of the right to bail.)",
    )
    persons = Persons(case, "cas", accused.arrested_at.date())
    persons.ref(accused.person, extended=True)
    relative = _relative_person(accused) if accused.person.relative is not None else None
    if relative is not None:
        persons.ref(relative, full=False)
    witnesses = [w for w in case.witnesses[:1]]
    for witness in witnesses:
        persons.ref(witness, full=False)
    persons.write(root)
    sub(root, "Arrestee", attrib={"personRef": "P1"})
    sub(root, "Injuries", "कोई चोट नहीं (no injuries)")
    medical = sub(root, "MedicalExamination")
    sub(medical, "ExaminedAt", _iso(accused.arrested_at + timedelta(hours=2, minutes=10)))
    sub(medical, "Facility", f"नागरिक अस्पताल, {case.district.town_deva} (Civil Hospital, {case.district.town_latin})")
    sub(medical, "Findings", "No fresh external injury.")
    if relative is not None:
        informed = sub(root, "RelativeInformed", attrib={"personRef": "P2"})
        sub(informed, "Relation", accused.person.relation or "other")
        sub(informed, "InformedAt", _iso(accused.arrested_at + timedelta(minutes=25)))
        sub(informed, "InformedBy", "phone")
    sub(root, "FingerprintsTaken", "false" if accused.ccl else "true")
    if accused.person.alias is not None:
        sub(root, "RiskFlag", "habitual-offender")
    for witness in witnesses:
        sub(root, "Witness", attrib={"personRef": persons.ids[id(witness)]})
    _officer(root, "Officer", case.io)
    return source


def _seizure(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    seizure: Seizure = event.data
    source = f"{case.fir_key}-P{seizure.register.value}-{seizure.register.scope[-1]}"
    _header(root, "property-seizure", source, event.at, case)
    sub(root, "PropertyRegisterNumber", seizure.register_number)
    sub(root, "Nature", seizure.nature)
    sub(root, "SeizedAt", _iso(seizure.at))
    place = sub(root, "Place")
    sub(place, "Description", seizure.place)
    _address(place, seizure.address)
    _charges(root, case)
    persons = Persons(case, "cas", seizure.at.date())
    if seizure.seized_from is not None:
        persons.ref(seizure.seized_from, full=False)
    for witness in seizure.witnesses:
        persons.ref(witness, full=False)
    persons.write(root)
    if seizure.seized_from is not None:
        sub(
            root,
            "SeizedFrom",
            attrib={
                "personRef": persons.ids[id(seizure.seized_from)],
                "professionalReceiver": "true" if seizure.professional_receiver else "false",
            },
        )
    for witness in seizure.witnesses:
        sub(root, "Witness", attrib={"personRef": persons.ids[id(witness)]})
    sub(root, "Grounds", seizure.grounds)
    items = sub(root, "Items")
    initials = "".join(token.latin[0][0] for token in case.io.name[:2]).upper()
    for entry in seizure.items:
        item = sub(items, "Item", attrib={"serial": str(entry.serial)})
        sub(item, "Description", entry.description)
        sub(item, "Quantity", entry.quantity, {"unit": entry.unit})
        _opt(item, "ValueInr", entry.value)
        sub(item, "Sealed", "true" if entry.sealed else "false")
        _opt(item, "SealSpecimen", f"{initials} (गोल, पीतल; round brass seal)" if entry.sealed else None)
    sub(root, "SealHandedTo", attrib={"personRef": persons.ids[id(seizure.witnesses[0])]})
    _officer(root, "SeizingOfficer", seizure.officer)
    return source


def _forensic_request(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    forensic: ForensicCase = event.data
    source = f"{case.fir_key}-FSL-1"
    _header(root, "forensic-request", source, event.at, case)
    sub(root, "LetterNumber", forensic.letter)
    sub(root, "RequestedAt", _iso(forensic.requested_at))
    _lab(root, forensic)
    sub(root, "Priority", forensic.priority)
    if forensic.priority != "normal":
        sub(
            root,
            "PriorityReason",
            "Sexual offence: the report is needed within the time the law allows for the investigation."
            if case.sexual
            else "Death case: the report is needed to file the final report.",
        )
    _charges(root, case)
    sub(root, "BriefFacts", case.offence.gloss)
    persons = Persons(case, "cas", forensic.requested_at.date())
    if forensic.collected_from is not None:
        persons.ref(forensic.collected_from, full=False, address=False)
    persons.write(root)
    exhibits = sub(root, "Exhibits")
    initials = "".join(token.latin[0][0] for token in case.io.name[:2]).upper()
    for number, seizure, item in forensic.exhibits:
        assert item.exhibit is not None
        exhibit = sub(exhibits, "Exhibit", attrib={"number": number})
        sub(exhibit, "PropertyRegisterNumber", seizure.register_number)
        sub(exhibit, "SeizureMemoSerial", item.serial)
        sub(exhibit, "Description", f"{item.exhibit.deva} ({item.exhibit.english})")
        sub(exhibit, "SealImpression", f"{initials} (गोल, पीतल; round brass seal)")
        if forensic.collected_from is not None and item.exhibit.discipline == "dna":
            sub(exhibit, "CollectedFrom", attrib={"personRef": "P1"})
    for number, _, item in forensic.exhibits:
        assert item.exhibit is not None
        examination = sub(root, "Examination", attrib={"exhibit": number})
        sub(examination, "Discipline", item.exhibit.discipline)
        sub(examination, "Question", item.exhibit.question)
    _officer(root, "ForwardingOfficer", forensic.forwarding)
    _officer(root, "Carrier", forensic.carrier)
    return source


def _qr(forensic: ForensicCase, number: str) -> str:
    assert forensic.number is not None
    return f"TRK{forensic.number.scope[-1] % 100:02d}-HR-{forensic.number.value}-{int(number):03d}"


def _forensic_receipt(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    forensic: ForensicCase = event.data
    assert forensic.received_at is not None and forensic.receiver is not None
    source = f"{forensic.lab_case_number}/R1"
    _header(root, "forensic-receipt", source, event.at, case, lab=forensic.lab_case_number)
    _lab(root, forensic)
    sub(root, "ReceivedAt", _iso(forensic.received_at))
    _official(root, "ReceivedBy", forensic.receiver)
    letter = sub(root, "ForwardingLetter")
    sub(letter, "Number", forensic.letter)
    sub(letter, "Date", forensic.requested_at.date().isoformat())
    sub(root, "Priority", forensic.priority)
    sub(
        root,
        "DueBy",
        (forensic.received_at.date() + timedelta(days=30 if forensic.priority != "normal" else 60)).isoformat(),
    )
    exhibits = sub(root, "Exhibits")
    initials = "".join(token.latin[0][0] for token in case.io.name[:2]).upper()
    for number, seizure, item in forensic.exhibits:
        assert item.exhibit is not None
        exhibit = sub(exhibits, "Exhibit")
        sub(exhibit, "ExhibitNumber", number)
        memo = sub(exhibit, "SeizureMemo")
        sub(memo, "PropertyRegisterNumber", seizure.register_number)
        sub(memo, "Serial", item.serial)
        sub(exhibit, "Description", item.exhibit.english)
        sub(exhibit, "Packaging", f'Sealed parcel, seal impression "{initials}", one')
        broken = forensic.broken_seal == number
        sub(exhibit, "SealCondition", "broken" if broken else "intact")
        if broken:
            sub(
                exhibit,
                "SealRemarks",
                "One seal on the parcel was found cracked; the other tallied with the specimen "
                "seal. Contents tallied with the forwarding letter; accepted and resealed with the lab's seal.",
            )
        sub(exhibit, "QrCode", _qr(forensic, number))
        sub(exhibit, "AssignedDivision", item.exhibit.discipline)
    sub(root, "Remarks", f'Specimen seal impression "{initials}" received with the forwarding letter.')
    return source


_DIVISION_CODE = {
    "dna": "DNA",
    "biology-serology": "BIO",
    "toxicology": "TOX",
    "narcotics": "NAR",
    "chemistry": "CHE",
    "ballistics": "BAL",
    "physics": "PHY",
    "cyber": "CYB",
    "questioned-documents": "QD",
}


def _forensic_report(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    forensic: ForensicCase = event.data
    assert forensic.reported_at is not None and forensic.number is not None
    source = f"{forensic.lab_case_number}/RPT1"
    _header(root, "forensic-report", source, event.at, case, lab=forensic.lab_case_number)
    _lab(root, forensic)
    divisions = list(forensic.analysts)
    codes = "-".join(_DIVISION_CODE.get(d, "GEN") for d in divisions)
    sub(root, "ReportNumber", f"FSL-{forensic.lab.short}/{codes}/{forensic.number.scope[-1]}/{forensic.report_number}")
    exhibits = sub(root, "Exhibits")
    for number, _, item in forensic.exhibits:
        assert item.exhibit is not None
        exhibit = sub(exhibits, "Exhibit")
        sub(exhibit, "ExhibitNumber", number)
        sub(exhibit, "QrCode", _qr(forensic, number))
        sub(exhibit, "Description", item.exhibit.english)
        sub(exhibit, "SealCondition", "intact")
    analysts = sub(root, "Analysts")
    ids = {}
    for index, division in enumerate(divisions, start=1):
        ids[division] = f"AN{index}"
        analyst = sub(analysts, "Analyst", attrib={"id": ids[division]})
        officer = forensic.analysts[division]
        sub(analyst, "Name", nm.deva(officer.name), {"script": "Deva"})
        sub(analyst, "NameRomanised", nm.usual(officer.name))
        sub(analyst, "Designation", officer.designation or officer.rank)
        sub(analyst, "Division", division)
    findings = sub(root, "Findings")
    for division in divisions:
        entries = [(n, i) for n, _, i in forensic.exhibits if i.exhibit and i.exhibit.discipline == division]
        exhibit = entries[0][1].exhibit
        assert exhibit is not None
        finding = sub(findings, "Finding", attrib={"analystRef": ids[division]})
        for number, _ in entries:
            sub(finding, "ExhibitNumber", number)
        sub(finding, "Division", division)
        roll = rng.random()
        outcome = "positive" if roll < 0.8 else "negative" if roll < 0.92 else "inconclusive"
        if outcome == "positive":
            sub(finding, "Result", exhibit.result)
            sub(finding, "Conclusion", exhibit.conclusion)
        else:
            sub(finding, "Result", "The examination gave no result bearing on the question asked.")
            sub(
                finding,
                "Conclusion",
                "No opinion can be given on the question asked."
                if outcome == "inconclusive"
                else "The examination does not support the proposition in the question.",
            )
        sub(finding, "Outcome", outcome)
    sub(root, "Remarks", "Exhibits resealed with the lab's seal and returned with the report.")
    signer = forensic.analysts[divisions[0]]
    signature = sub(root, "ESignature")
    _official(signature, "Signer", signer)
    sub(signature, "CertificateSerial", stable_hex(case.seed, case.index, "cert", length=16).upper())
    sub(signature, "CertificateIssuer", "(n)Code Solutions CA 2014")
    sub(signature, "SignedAt", _iso(forensic.reported_at - timedelta(minutes=25)))
    sub(signature, "SignedDocumentSha256", stable_hex(case.seed, case.index, "report"))
    sub(root, "DispatchedAt", _iso(forensic.reported_at))
    return source


def _fr_source(case: Case, report: FinalReport) -> str:
    return f"{case.fir_key}-FR-{report.register.value}"


def _status_on(accused: Accused, day: date) -> str:
    moment = (
        datetime.combine(day, datetime.min.time(), tzinfo=accused.custody[0].admitted_at.tzinfo) + timedelta(hours=12)
        if accused.custody
        else None
    )
    if moment is not None and accused.custody_at(moment) is not None:
        return "judicial-custody"
    if accused.arrested_at is not None and accused.arrested_at.date() <= day:
        return "released-on-notice" if accused.arrest_status == "arrested-released-on-notice" else "on-bail"
    return "absconding" if accused.absconding else "not-arrested"


def _events_before(case: Case, record_type: str, day: date) -> Iterator[Event]:
    for event in case.events:
        if event.record_type == record_type and event.at.date() <= day:
            yield event


_CLOSURE_GROUNDS = {
    "untraced": "पूरी तफ्तीश के बावजूद अभियुक्त का कोई सुराग नहीं मिला; सुराग मिलने पर तफ्तीश फिर शुरू की जाएगी। (Despite "
    "investigation the offender could not be traced; the case will be reopened should a lead emerge.)",
    "false": "तफ्तीश में शिकायत झूठी पाई गई; गवाहों ने घटना का समर्थन नहीं किया। (The complaint was found false in "
    "investigation; the witnesses did not support the occurrence.)",
    "civil-nature": "मामला लेन-देन का दीवानी विवाद पाया गया। (The matter was found to be a civil dispute over money.)",
    "mistake-of-fact": "घटना तथ्य की भूल से दर्ज हुई पाई गई। (The case was found registered on a mistake of fact.)",
}


def _final_report(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    report: FinalReport = event.data
    source = _fr_source(case, report)
    _header(root, "final-report", source, event.at, case)
    sub(root, "ReportNumber", report.number)
    sub(root, "ReportDate", report.report_date.isoformat())
    sub(root, "Sequence", "original")
    _court(root, "Court", report.court)
    _charges(root, case)
    _officer(root, "InvestigatingOfficer", case.io)
    persons = Persons(case, "cas", report.report_date)
    for accused in report.charged:
        persons.ref(accused.person)
    for accused, _, _ in report.not_charged:
        persons.ref(accused.person, full=False)
    closure_accused = [a for a in case.accused if a.identified and not a.ccl] if report.kind != "charge-sheet" else []
    for accused in closure_accused:
        persons.ref(accused.person, full=False)
    civilian = case.offence.victim != "none"
    persons.ref(case.complainant, full=civilian, address=civilian)
    witnesses = [(person, kind) for person, kind in report.witnesses]
    io_person = Person(
        "IO",
        case.io.name,
        "male",
        case.offence_date - timedelta(days=40 * 365),
        occupation=f"{case.io.rank} {case.io.belt}, थाना {case.station_name} (investigating officer)",
    )
    if report.kind == "charge-sheet":
        witnesses.append((io_person, "police"))
    for person, _ in witnesses:
        persons.ref(person, full=False)
    persons.write(root)
    sub(root, "Complainant", attrib={"personRef": persons.ids[id(case.complainant)]})
    if report.kind == "charge-sheet":
        sheet = sub(root, "ChargeSheet")
        for accused in report.charged:
            entry = sub(sheet, "Accused", attrib={"personRef": persons.ids[id(accused.person)], "code": accused.code})
            sub(entry, "NameVerified", "true" if accused.arrested_at else "false")
            if accused.person.alias is not None:
                sub(entry, "CriminalNumber", f"{case.district.abbr}-HS-{case.fir_year - 2}-{case.index % 1000:04d}")
            status = _status_on(accused, report.report_date)
            if accused.arrested_at is not None and accused.arrested_at.date() <= report.report_date:
                sub(entry, "ArrestedOn", accused.arrested_at.date().isoformat())
                if status == "on-bail" and accused.bailed_on is not None and accused.bailed_on <= report.report_date:
                    sub(entry, "ReleasedOnBailOn", accused.bailed_on.isoformat())
            for statute, section in case.charges():
                _charge(entry, case, statute, section)
            sub(entry, "Status", status)
    else:
        closure = sub(root, "ClosureReport")
        sub(closure, "Kind", report.kind)
        sub(closure, "Grounds", _CLOSURE_GROUNDS.get(report.kind, _CLOSURE_GROUNDS["false"]))
    for accused, reason, details in report.not_charged:
        entry = sub(
            root, "AccusedNotChargeSheeted", attrib={"personRef": persons.ids[id(accused.person)], "code": accused.code}
        )
        sub(entry, "Reason", reason)
        sub(entry, "Details", details)
    for accused in closure_accused:
        entry = sub(
            root, "AccusedNotChargeSheeted", attrib={"personRef": persons.ids[id(accused.person)], "code": accused.code}
        )
        sub(entry, "Reason", "no-role-found" if report.kind == "false" else "other")
    for person, kind in witnesses:
        sub(root, "Witness", attrib={"personRef": persons.ids[id(person)], "kind": kind})
    documents = sub(root, "Documents")
    serial = 1
    sub(
        sub(documents, "Document", attrib={"serial": str(serial)}),
        "Description",
        f"FIR {case.fir.value}/{case.fir_year} की प्रति (copy of the FIR)",
    )
    seizures = [e.data for e in _events_before(case, "property-seizure", report.report_date)]
    arrests = [e.data for e in _events_before(case, "arrest-surrender", report.report_date)]
    for accused in arrests:
        serial += 1
        document = sub(documents, "Document", attrib={"serial": str(serial)})
        sub(document, "Description", f"गिरफ्तारी मेमो अभियुक्त {accused.code} (arrest memo of {accused.code})")
        sub(document, "Reference", f"{case.fir_key}-{accused.code}")
    for seizure in seizures:
        serial += 1
        document = sub(documents, "Document", attrib={"serial": str(serial)})
        sub(document, "Description", f"फर्द बरामदगी, मालखाना रजिस्टर {seizure.register_number} (seizure memo)")
        sub(document, "Reference", f"{case.fir_key}-P{seizure.register.value}-{seizure.register.scope[-1]}")
    if seizures:
        objects = sub(root, "MaterialObjects")
        for seizure in seizures:
            for item in seizure.items:
                entry = sub(objects, "MaterialObject")
                sub(entry, "PropertyRegisterNumber", seizure.register_number)
                sub(entry, "SeizureMemoSerial", item.serial)
                sub(entry, "Description", item.description)
    if report.lab is not None and report.lab.reported_at is not None:
        lab = sub(root, "LabResult")
        sub(lab, "LabCaseNumber", report.lab.lab_case_number)
        _lab(lab, report.lab)
        sub(lab, "ReportDate", report.lab.reported_at.date().isoformat())
    if case.sexual and report.kind == "charge-sheet":
        sub(root, "VictimMedicalReportAttached", "true")
    sub(root, "BriefFacts", case.offence.gloss)
    _officer(root, "ForwardingOfficer", report.forwarding)
    return source


def _scrutiny(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    scrutiny: Scrutiny = event.data
    report = scrutiny.report
    source = f"HR-{case.district.abbr}/SCR/{scrutiny.register.scope[-1]}/{scrutiny.register.value:05d}"
    _header(root, "prosecution-scrutiny", source, event.at, case)
    element = sub(root, "Report")
    sub(element, "ReportNumber", report.number)
    sub(element, "Kind", report.kind)
    sub(element, "Sequence", "original")
    sub(element, "ReportDate", scrutiny.report_date.isoformat())
    sub(element, "FinalReportRecordId", record_id("cas", "final-report", _fr_source(case, report)))
    _officer(element, "InvestigatingOfficer", case.io)
    office = sub(root, "ProsecutionOffice")
    sub(office, "Name", f"Office of the District Attorney, {case.district.name}")
    sub(office, "StateCode", STATE_CODE)
    sub(office, "DistrictCode", case.district.lgd)
    _officer(root, "Prosecutor", scrutiny.prosecutor, script="Deva")
    sub(root, "ReceivedAt", _iso(scrutiny.received_at))
    sub(root, "DecidedAt", _iso(scrutiny.decided_at))
    _charges(root, case)
    persons = Persons(case, "eprosecution", scrutiny.decided_at.date())
    refs = [(persons.ref(a.person), a) for a in report.charged]
    persons.write(root)
    for person_id, accused in refs:
        sub(root, "Accused", attrib={"personRef": person_id, "code": accused.code})
    decision = sub(root, "Decision")
    if scrutiny.decision == "returned":
        returned = sub(decision, "ReturnedWithObjections")
        for category, text in scrutiny.objections:
            objection = sub(returned, "Objection")
            sub(objection, "Category", category)
            sub(objection, "Text", text)
        _opt(returned, "ResubmitBy", scrutiny.resubmit_by.isoformat() if scrutiny.resubmit_by else None)
    else:
        approved = sub(decision, "Approved")
        sub(
            approved,
            "Remarks",
            "Fit to be filed in court."
            if report.kind == "charge-sheet"
            else "The closure report may be filed before the court; the complainant be informed.",
        )
    if report.kind == "charge-sheet":
        names = ", ".join(f"{a.code} {nm.usual(a.person.name)}" for a in report.charged)
        opinion = (
            f"On the material collected a prima facie case is made out against accused {names} under the "
            f"sections charged. अभियोग पत्र न्यायालय में प्रस्तुत करने योग्य है।"
        )
    else:
        opinion = "The grounds given for closure are borne out by the case diary. रद्द/अनट्रेस रिपोर्ट स्वीकार करने योग्य।"
    sub(root, "LegalOpinion", opinion)
    return source


def _custody_status(accused: Accused, day: date) -> str:
    status = _status_on(accused, day)
    return "not-arrested" if status == "released-on-notice" else status


def _court_case_registered(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    court_case, report, first_hearing = event.data
    source = court_case.cnr
    _header(root, "court-case-registered", source, event.at, case, cnr=court_case.cnr)
    case_type = sub(root, "CaseType")
    sub(case_type, "Code", court_case.case_type)
    sub(case_type, "Name", court_case.case_type_name)
    filing = sub(root, "Filing")
    sub(filing, "Number", court_case.filing.value)
    sub(filing, "Year", court_case.filed_on.year)
    sub(filing, "Date", court_case.filed_on.isoformat())
    registration = sub(root, "Registration")
    sub(registration, "Number", court_case.registration.value)
    sub(registration, "Year", court_case.year)
    sub(registration, "Date", court_case.registered_on.isoformat())
    _court(root, "Court", _court_of(court_case))
    _judge(root, "PresidingOfficer", court_case.judge)
    sheet = sub(root, "ChargeSheet")
    sub(sheet, "Number", report.number)
    sub(sheet, "Date", report.report_date.isoformat())
    sub(sheet, "Kind", "original")
    sub(root, "CognizanceDate", court_case.registered_on.isoformat())
    _charges(root, case)
    persons = Persons(case, "ecourts", court_case.registered_on)
    refs = [(persons.ref(a.person), a) for a in report.charged]
    victims = [persons.ref(v, full=False) for v in case.victims]
    persons.write(root)
    complainant = sub(root, "Complainant")
    state = sub(complainant, "State")
    sub(state, "StateCode", STATE_CODE)
    sub(state, "Name", STATE_NAME)
    for person_id, accused in refs:
        sub(
            root,
            "Accused",
            attrib={
                "personRef": person_id,
                "code": accused.code,
                "custodyStatus": _custody_status(accused, court_case.registered_on),
            },
        )
    for person_id in victims:
        sub(root, "Victim", attrib={"personRef": person_id})
    prosecutor = _prosecutor_name(case)
    sub(root, "Prosecutor", prosecutor, {"script": "Latn"})
    sub(root, "FirstHearingDate", first_hearing.isoformat())
    return source


def _prosecutor_name(case: Case) -> str:
    rng = random.Random(f"icjs-samples/{case.seed}/app/{case.district.lgd}/{case.index % 3}")
    return nm.usual(nm.person_name(rng, "male", "hindu"))


def _hearing(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    hearing: Hearing = event.data
    court_case = hearing.court_case
    source = f"{court_case.cnr}/H/{hearing.on.isoformat()}"
    _header(root, "hearing-recorded", source, event.at, case, cnr=court_case.cnr)
    sub(root, "HearingDate", hearing.on.isoformat())
    _court(root, "Court", _court_of(court_case))
    _judge(root, "PresidingOfficer", court_case.judge)
    sub(root, "Purpose", hearing.purpose)
    sub(root, "BusinessDone", hearing.business)
    sub(root, "Stage", hearing.stage)
    persons = Persons(case, "ecourts", hearing.on)
    attendance = [(persons.ref(a.person, full=False, address=False), a, status) for a, status in hearing.attendance]
    witnesses = [(persons.ref(p, full=False, address=False), number, exam) for p, number, exam in hearing.witnesses]
    persons.write(root)
    for person_id, accused, status in attendance:
        sub(root, "Attendance", attrib={"personRef": person_id, "code": accused.code, "status": status})
    for person_id, number, exam in witnesses:
        sub(root, "WitnessExamined", attrib={"personRef": person_id, "number": number, "examination": exam})
    if hearing.adjournment is not None:
        sought, reason, details, count = hearing.adjournment
        adjournment = sub(root, "Adjournment")
        sub(adjournment, "SoughtBy", sought)
        sub(adjournment, "Reason", reason)
        sub(adjournment, "Details", details)
        sub(adjournment, "Count", count)
    _opt(root, "NextHearingDate", hearing.next_on.isoformat() if hearing.next_on else None)
    _opt(root, "NextPurpose", hearing.next_purpose)
    return source


def _order(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    order: Order = event.data
    court_case = order.court_case
    source = f"{court_case.cnr}/O/{order.on.isoformat()}/{order.number}"
    stays = [stay for _, _, stay, _, _ in order.custody if stay is not None]
    _header(
        root, "court-order", source, event.at, case, cnr=court_case.cnr, prisoner=stays[0] if len(stays) == 1 else None
    )
    sub(root, "OrderDate", order.on.isoformat())
    sub(root, "OrderNumber", order.number)
    _court(root, "Court", _court_of(court_case))
    _judge(root, "PresidingOfficer", court_case.judge)
    sub(root, "OrderType", order.kind)
    sub(root, "InCamera", "true" if order.in_camera else "false")
    sub(root, "Summary", order.summary)
    persons = Persons(case, "ecourts", order.on)
    concerns = [(persons.ref(p), role, code) for p, role, code in order.concerns]
    for accused, *_ in order.custody:
        persons.ref(accused.person)
    persons.write(root)
    for person_id, role, code in concerns:
        attrib = {"personRef": person_id, "role": role}
        if code is not None:
            attrib["accusedCode"] = code
        sub(root, "Concerns", attrib=attrib)
    if order.bail is not None:
        bond, sureties, conditions = order.bail
        terms = sub(root, "BailTerms")
        sub(terms, "BondAmountInr", bond)
        sub(terms, "SuretyCount", sureties)
        sub(terms, "SuretyAmountInr", bond)
        for condition in conditions:
            sub(terms, "Condition", condition)
    if order.process is not None:
        process = sub(root, "Process")
        sub(process, "AddressedTo", order.process[0])
        sub(process, "ReturnableOn", order.process[1].isoformat())
    for accused, kind, stay, since, produce_on in order.custody:
        direction = sub(root, "CustodyDirection", attrib={"personRef": persons.ids[id(accused.person)]})
        sub(direction, "Kind", kind)
        if stay is not None:
            _prison(direction, stay)
            _prisoner_id(direction, stay)
        _opt(direction, "From", since.isoformat() if since else None)
        if produce_on is not None:
            sub(direction, "ProduceOn", produce_on.isoformat())
            sub(direction, "ProductionMode", "in-person")
        if kind == "release":
            sub(direction, "IfNotRequiredInOtherCase", "true")
    _opt(root, "NextHearingDate", order.next_on.isoformat() if order.next_on else None)
    return source


def _admission(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    admission: Admission = event.data
    stay = admission.custody
    cnr = admission.court_case.cnr if admission.court_case is not None else None
    source = f"{stay.prison.code}/ADM/{stay.register.scope[-1]}/{stay.register.value:05d}"
    _header(root, "prison-admission", source, event.at, case, cnr=cnr, prisoner=stay)
    _prison(root, stay)
    sub(root, "AdmittedAt", _iso(stay.admitted_at))
    sub(root, "Category", stay.category)
    order = sub(root, "CommitmentOrder")
    sub(order, "Kind", admission.order_kind)
    _court(order, "Court", admission.court)
    sub(order, "OrderDate", admission.order_date.isoformat())
    sub(order, "WarrantNumber", admission.warrant)
    _fir_key(order, case)
    _opt(order, "Cnr", cnr)
    _opt(order, "CustodyUntil", admission.custody_until.isoformat() if admission.custody_until else None)
    _charges(order, case, admission.charges)
    persons = Persons(case, "eprisons", stay.admitted_at.date())
    persons.ref(admission.accused.person)
    persons.write(root)
    prisoner = sub(root, "Prisoner", attrib={"personRef": "P1"})
    for mark in admission.marks:
        sub(prisoner, "IdentificationMark", mark)
    sub(root, "BiometricsCaptured", "true")
    health = sub(root, "Health")
    sub(health, "ExaminedAt", _iso(stay.admitted_at + timedelta(minutes=25)))
    _official(health, "MedicalOfficer", admission.medical)
    sub(health, "Condition", "fit")
    sub(health, "HeightCm", admission.height)
    sub(health, "WeightKg", admission.weight)
    sub(health, "Notes", "No fresh injury. No history of chronic illness reported.")
    _officer(root, "EscortedBy", admission.escort)
    _officer(root, "AdmittedBy", admission.admitted_by, script="Deva")
    sub(root, "Remarks", "Personal search done; cash and belongings deposited in the jail's property store.")
    return source


def _movement(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    movement: Movement = event.data
    stay = movement.custody
    court_case = movement.court_case
    assert court_case is not None
    source = f"{stay.prison.code}/MOV/{movement.register.scope[-1]}/{movement.register.value:06d}"
    _header(root, "prison-movement", source, event.at, case, cnr=court_case.cnr, prisoner=stay)
    _prison(root, stay)
    persons = Persons(case, "eprisons", movement.at.date())
    persons.ref(movement.accused.person, full=False)
    persons.write(root)
    sub(root, "Prisoner", attrib={"personRef": "P1"})
    wrapper = sub(root, "Movement")
    element = sub(wrapper, movement.kind)
    sub(element, "At", _iso(movement.at))
    origin = sub(element, "From")
    _prison(origin, stay)

    def court_order(parent: etree._Element) -> None:
        assert court_case is not None and movement.order_date is not None
        _court(parent, "Court", _court_of(court_case))
        sub(parent, "Cnr", court_case.cnr)
        sub(parent, "OrderDate", movement.order_date.isoformat())
        _opt(parent, "OrderReference", movement.order_reference)

    if movement.kind == "CourtProduction":
        _court(sub(element, "To"), "Court", _court_of(court_case))
        escort = sub(element, "Escort")
        sub(escort, "Unit", f"Police Lines {case.district.name}, court escort guard")
        for officer in movement.escort:
            _officer(escort, "Officer", officer)
        _opt(escort, "VehicleNumber", movement.vehicle)
        court_order(sub(sub(element, "Authority"), "CourtOrder"))
        _opt(element, "ExpectedReturnAt", _iso(movement.expected_return) if movement.expected_return else None)
    elif movement.kind == "ReleaseOnBail":
        court_order(sub(element, "Authority"))
    elif movement.kind == "ReleaseOnCompletion":
        _opt(element, "SentenceCompletedOn", movement.completed_on.isoformat() if movement.completed_on else None)
        if movement.order_date is not None:
            court_order(sub(sub(element, "Authority"), "CourtOrder"))
    if movement.recorded_by is not None:
        _officer(root, "RecordedBy", movement.recorded_by, script="Deva")
    _opt(root, "Remarks", movement.remarks)
    return source


def _sentence(parent: etree._Element, finding: Finding, name: str = "Sentence") -> None:
    sentence = sub(parent, name)
    if finding.imprisonment is not None:
        imprisonment = sub(sentence, "Imprisonment")
        sub(imprisonment, "Kind", finding.imprisonment[0])
        _opt(imprisonment, "Term", finding.imprisonment[1])
    if finding.fine is not None:
        fine = sub(sentence, "Fine")
        sub(fine, "AmountInr", finding.fine)
        if finding.default_term is not None:
            default = sub(fine, "InDefault")
            sub(default, "Kind", "simple")
            sub(default, "Term", finding.default_term)
    if finding.probation is not None and name == "Sentence":
        probation = sub(sentence, "Probation")
        sub(probation, "Term", finding.probation)
        sub(probation, "BondAmountInr", 20000)


def _disposal(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    disposal: Disposal = event.data
    court_case = disposal.court_case
    source = court_case.cnr
    _header(root, "court-disposal", source, event.at, case, cnr=court_case.cnr)
    report = next(e.data for e in case.events if e.record_type == "final-report")
    sheet = sub(root, "ChargeSheet")
    sub(sheet, "Number", report.number)
    sub(sheet, "Date", report.report_date.isoformat())
    _case_number(root, "CaseNumber", court_case)
    _court(root, "Court", _court_of(court_case))
    _judge(root, "PresidingOfficer", court_case.judge)
    sub(root, "JudgmentDate", disposal.judgment_on.isoformat())
    persons = Persons(case, "ecourts", disposal.judgment_on)
    refs = [persons.ref(v.accused.person, full=False) for v in disposal.verdicts]
    for verdict in disposal.verdicts:
        if verdict.compensation is not None:
            persons.ref(verdict.compensation[0], full=False)
    persons.write(root)
    total = 0
    for person_id, verdict in zip(refs, disposal.verdicts, strict=True):
        element = sub(root, "Verdict", attrib={"personRef": person_id, "code": verdict.accused.code})
        for finding in verdict.findings:
            entry = sub(element, "Finding")
            _charge(entry, case, *finding.charge)
            sub(entry, "Result", finding.result)
            if finding.result == "convicted":
                _sentence(entry, finding)
                total += finding.fine or 0
        if sum(1 for f in verdict.findings if f.imprisonment) > 1:
            sub(element, "SentencesConcurrent", "true")
        _opt(element, "SetOffDays", verdict.set_off_days)
        if verdict.compensation is not None:
            compensation = sub(element, "Compensation", attrib={"personRef": persons.ids[id(verdict.compensation[0])]})
            sub(compensation, "AmountInr", verdict.compensation[1])
        _opt(
            element, "SentenceSuspendedUntil", verdict.suspended_until.isoformat() if verdict.suspended_until else None
        )
        if verdict.committed_to is not None:
            committed = sub(element, "CommittedTo")
            sub(committed, "StateCode", STATE_CODE)
            sub(committed, "PrisonCode", verdict.committed_to.code)
            sub(committed, "Name", verdict.committed_to.name)
    if total:
        sub(root, "TotalFineInr", total)
    _opt(root, "PropertyDirections", disposal.property_directions)
    sub(root, "Summary", disposal.summary)
    return source


def _appeal(root: etree._Element, case: Case, event: Event, rng: random.Random) -> str:
    appeal: Appeal = event.data
    court_case = appeal.appeal_case
    source = court_case.cnr
    _header(root, "appeal-result", source, event.at, case, cnr=court_case.cnr)
    _case_number(root, "AppealNumber", court_case)
    sub(root, "FilingDate", appeal.filed_on.isoformat())
    _court(root, "AppellateCourt", _court_of(court_case))
    sub(root, "CourtLevel", court_case.level)
    _judge(root, "Judge", court_case.judge)
    sub(root, "AppealKind", appeal.kind)
    lower = sub(root, "LowerCourtCase")
    sub(lower, "Cnr", appeal.lower.cnr)
    _case_number(lower, "CaseNumber", appeal.lower)
    _court(lower, "Court", _court_of(appeal.lower))
    sub(lower, "JudgmentDate", appeal.lower_judgment_on.isoformat())
    persons = Persons(case, "ecourts", appeal.decided_on)
    people = [persons.ref(a.person, full=False) for a in appeal.respondents]
    persons.write(root)

    def state(parent: etree._Element) -> None:
        element = sub(parent, "State")
        sub(element, "StateCode", STATE_CODE)
        sub(element, "Name", STATE_NAME)

    if appeal.appellant is not None:
        sub(
            sub(root, "Appellant"),
            "Person",
            attrib={"personRef": people[0], "role": "accused", "accusedCode": appeal.appellant.code},
        )
        state(sub(root, "Respondent"))
    else:
        state(sub(root, "Appellant"))
        for person_id, accused in zip(people, appeal.respondents, strict=True):
            sub(
                sub(root, "Respondent"),
                "Person",
                attrib={"personRef": person_id, "role": "accused", "accusedCode": accused.code},
            )
    sub(root, "DecisionDate", appeal.decided_on.isoformat())
    sub(root, "Result", appeal.result)
    for person_id, outcome in zip(people, appeal.outcomes, strict=True):
        element = sub(root, "Outcome", attrib={"personRef": person_id, "code": outcome.accused.code})
        for finding in outcome.findings:
            entry = sub(element, "Finding")
            _charge(entry, case, *finding.charge)
            sub(entry, "Result", finding.result)
            if (
                finding.result == "convicted"
                and appeal.result != "dismissed"
                and (finding.imprisonment is not None or finding.fine is not None)
            ):
                _sentence(entry, finding, "ModifiedSentence")
    sub(root, "Summary", appeal.summary)
    return source


_BUILDERS = {
    "fir-registered": _fir,
    "crime-details": _crime_details,
    "arrest-surrender": _arrest,
    "property-seizure": _seizure,
    "forensic-request": _forensic_request,
    "forensic-receipt": _forensic_receipt,
    "forensic-report": _forensic_report,
    "final-report": _final_report,
    "prosecution-scrutiny": _scrutiny,
    "court-case-registered": _court_case_registered,
    "hearing-recorded": _hearing,
    "court-order": _order,
    "prison-admission": _admission,
    "prison-movement": _movement,
    "court-disposal": _disposal,
    "appeal-result": _appeal,
}


def records_of(case: Case) -> list[CanonicalRecord]:
    """Every event of a case as a canonical record, in the order of the case's timeline."""
    found = []
    for sequence, event in enumerate(case.events, start=1):
        source_record_id, content = build(case, event)
        system = PRODUCER[event.record_type]
        found.append(
            CanonicalRecord(
                case.case_id,
                sequence,
                event.record_type,
                system,
                source_record_id,
                record_id(system, event.record_type, source_record_id),
                _iso(event.at),
                content,
            )
        )
    return found


__all__ = ["PILLAR", "PRODUCER", "RECORD_TYPES", "CanonicalRecord", "Verdict", "build", "records_of", "spelling"]
