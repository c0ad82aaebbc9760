"""The lifecycle model: one synthetic criminal case from the offence to the appeal, as dated events.

Pure: ``simulate(world, index)`` draws everything from a random generator seeded by (seed, index), so a case is
the same whatever else is generated, and reads no clock and no file but the packaged tables. Each event is a
record some pillar would send (``record_type``), with the time its source system entered it and the facts its
record needs (``data``); ``hub.samples.canonical`` turns an event into canonical XML.

What happens, with attrition at every step (probabilities per offence in ``hub.samples.offences``):

FIR -> crime details -> arrest or surrender of each accused who is identified and caught (remand to judicial
custody: prison admission; bail: court order and prison release) -> seizures -> forensic request -> receipt ->
report -> final report (charge-sheet, or closure: untraced, false, civil nature...) -> prosecution scrutiny
(sometimes returned with objections first) -> court case -> hearings, orders, productions from prison ->
judgment (conviction, acquittal, compounding) -> convict admission, release -> appeal.

Nothing happens after ``AS_OF``: cases from 2026 are still under investigation or trial, which is what a real
snapshot of the system looks like. Numbers that must be unique and increase through the year (FIR serials,
CNRs, lab case numbers, prisoner ids) are ``Serial`` placeholders, filled in afterwards by ``allocate`` across
all cases, so that they follow the order of the dates they carry.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, TypeVar

from hub.samples import names as nm
from hub.samples.names import Name
from hub.samples.offences import OFFENCES, Exhibit, Offence
from hub.samples.places import HIGH_COURT_ESTABLISHMENT, LABS, VILLAGES, District, Lab, Prison, districts
from hub.statutes import penal_code_for

IST = timezone(timedelta(hours=5, minutes=30))
FIRST_OFFENCE = date(2022, 1, 1)
LAST_OFFENCE = date(2026, 9, 30)
AS_OF = datetime(2026, 11, 30, 23, 59, tzinfo=IST)  # the snapshot: nothing later is generated

T = TypeVar("T")

# "read with" sections: never a finding of their own
_JOINT = {("IPC", "34"), ("BNS", "3(5)"), ("IPC", "149"), ("BNS", "190")}


# ------------------------------------------------------------------------------------------------ serials


@dataclass(eq=False)
class Serial:
    """A number unique within ``scope`` (e.g. one police station's FIRs of one year), given in date order."""

    scope: tuple[Any, ...]
    at: datetime
    per_day: float  # how many the scope issues a day: spaces numbers like a real register's
    order: int
    value: int = 0


def allocate(serials: Iterable[Serial]) -> None:
    """Number every serial: within a scope, in the order of their dates, never below what the day of the year
    suggests for a register issuing ``per_day`` numbers a day, and never twice."""
    by_scope: dict[tuple[Any, ...], list[Serial]] = {}
    for serial in serials:
        by_scope.setdefault(serial.scope, []).append(serial)
    for scope in sorted(by_scope, key=repr):
        last = 0
        for serial in sorted(by_scope[scope], key=lambda s: (s.at, s.order)):
            day_of_year = serial.at.timetuple().tm_yday
            serial.value = max(last + 1, int(day_of_year * serial.per_day) + 1)
            last = serial.value


# ------------------------------------------------------------------------------------------------ people


@dataclass(frozen=True)
class Address:
    lines: tuple[str, ...]
    town: str
    district: int
    state: int
    pin: str | None


@dataclass(frozen=True)
class Officer:
    name: Name
    rank: str
    belt: str | None = None
    officer_id: str | None = None
    designation: str | None = None  # courts, labs and prisons: the post


@dataclass(eq=False)
class Person:
    key: str  # unique within the case: C (complainant), V1, A1, W1, R1 ...
    name: Name
    sex: str
    birth: date
    community: str = "hindu"
    relative: Name | None = None
    relation: str | None = None
    occupation: str | None = None
    address: Address | None = None
    permanent_address: Address | None = None
    voter_id: str | None = None
    driving_licence: str | None = None
    nafis: str | None = None
    aadhaar_token: str | None = None
    alias: tuple[str, str] | None = None  # (Devanagari nickname, Latin "Sonu Kala")
    religion: str | None = None
    social_category: str | None = None
    child: bool = False  # under 18 on the offence date: JJ Act 74 / POCSO 23
    sexual_victim: bool = False  # BNS 72 / IPC 228A
    deceased: bool = False
    placeholder: bool = False  # "अज्ञात": an accused the FIR cannot name

    def age_on(self, day: date) -> int:
        return day.year - self.birth.year - ((day.month, day.day) < (self.birth.month, self.birth.day))


@dataclass(eq=False)
class Custody:
    """One stay in prison under one prisoner id."""

    prison: Prison
    category: str  # undertrial | convict
    admitted_at: datetime
    prisoner: Serial
    register: Serial  # the admission register entry, the admission's source record id
    released_at: datetime | None = None

    @property
    def prisoner_id(self) -> str:
        kind = "UTP" if self.category == "undertrial" else "CNV"
        return f"{kind}/{self.prisoner.value}/{self.prisoner.scope[-1]}"

    def holds(self, moment: datetime) -> bool:
        return self.admitted_at <= moment and (self.released_at is None or moment < self.released_at)


@dataclass(eq=False)
class Accused:
    code: str
    person: Person
    fir_status: str  # known | suspected | unknown (the FIR names a placeholder)
    identified: bool = True  # unknown accused may be traced later
    ccl: bool = False  # child in conflict with law: Juvenile Justice Board, not prison
    arrested_at: datetime | None = None
    surrendered: bool = False
    arrest_status: str | None = None
    produced_at: datetime | None = None
    bailed_on: date | None = None  # out of custody on bail from this day (police or court bail)
    absconding: bool = False
    charged: bool = False
    custody: list[Custody] = field(default_factory=list)
    verdict: str | None = None  # convicted | acquitted | compounded
    in_prison_after_judgment: bool = False

    def custody_at(self, moment: datetime) -> Custody | None:
        for stay in self.custody:
            if stay.holds(moment):
                return stay
        return None


@dataclass(eq=False)
class CourtCase:
    establishment: str
    court_name: str
    court_number: str
    case_type: str
    case_type_name: str
    filed_on: date
    registered_on: date
    cnr_serial: Serial
    filing: Serial
    registration: Serial
    judge: Officer
    level: str = "trial"  # trial | bail | sessions-court | high-court

    @property
    def cnr(self) -> str:
        return f"{self.establishment}{self.cnr_serial.value:06d}{self.cnr_serial.scope[-1]}"

    @property
    def year(self) -> int:
        return self.registered_on.year


@dataclass
class Event:
    at: datetime  # when the source system entered the record: its CreatedAt
    record_type: str
    data: Any
    order: int = 0


@dataclass(eq=False)
class SeizedItem:
    serial: int
    description: str
    quantity: str
    unit: str
    value: int | None
    sealed: bool
    exhibit: Exhibit | None = None


@dataclass(eq=False)
class Seizure:
    register: Serial
    nature: str
    at: datetime
    place: str
    address: Address
    seized_from: Person | None
    professional_receiver: bool
    witnesses: list[Person]
    grounds: str
    items: list[SeizedItem]
    officer: Officer

    @property
    def register_number(self) -> str:
        return f"{self.register.value}/{self.register.scope[-1]}"


@dataclass(eq=False)
class ForensicCase:
    lab: Lab
    requested_at: datetime
    letter: str
    priority: str
    exhibits: list[tuple[str, Seizure, SeizedItem]]  # (exhibit number, seizure, item)
    forwarding: Officer
    carrier: Officer
    collected_from: Person | None = None
    received_at: datetime | None = None
    number: Serial | None = None
    receiver: Officer | None = None
    broken_seal: str | None = None  # exhibit number whose seal arrived broken
    reported_at: datetime | None = None
    report_number: int = 0
    analysts: dict[str, Officer] = field(default_factory=dict)

    @property
    def lab_case_number(self) -> str:
        assert self.number is not None
        return f"{self.lab.prefix}-{self.lab.short}/{self.number.scope[-1]}/{self.number.value}"


@dataclass(eq=False)
class FinalReport:
    register: Serial
    first_submitted: date
    report_date: date  # of the version sent: the resubmission, when the prosecution returned it
    kind: str  # charge-sheet | untraced | false | civil-nature | mistake-of-fact ...
    court: tuple[str, str, str]  # establishment, name, court number
    charged: list[Accused]
    not_charged: list[tuple[Accused, str, str]]
    witnesses: list[tuple[Person, str]]
    lab: ForensicCase | None
    forwarding: Officer

    @property
    def number(self) -> str:
        return f"{self.register.value}/{self.register.scope[-1]}"


@dataclass
class Scrutiny:
    register: Serial
    report: FinalReport
    report_date: date
    received_at: datetime
    decided_at: datetime
    prosecutor: Officer
    decision: str  # approved | returned
    objections: list[tuple[str, str]] = field(default_factory=list)
    resubmit_by: date | None = None


@dataclass
class Hearing:
    court_case: CourtCase
    on: date
    stage: str
    purpose: str
    business: str
    attendance: list[tuple[Accused, str]]
    witnesses: list[tuple[Person, str, str]]  # person, PW number, examination
    adjournment: tuple[str, str, str, int] | None  # sought by, reason, details, count
    next_on: date | None
    next_purpose: str | None


@dataclass
class Order:
    court_case: CourtCase
    on: date
    number: int
    kind: str  # CourtOrder OrderType
    summary: str
    concerns: list[tuple[Person, str, str | None]]  # person, role, accused code
    bail: tuple[int, int, list[str]] | None = None  # bond, sureties, conditions
    process: tuple[str, date] | None = None
    custody: list[tuple[Accused, str, Custody | None, date | None, date | None]] = field(default_factory=list)
    next_on: date | None = None
    in_camera: bool = False


@dataclass
class Admission:
    accused: Accused
    custody: Custody
    order_kind: str
    court: tuple[str, str, str]
    order_date: date
    warrant: str
    court_case: CourtCase | None
    custody_until: date | None
    escort: Officer
    admitted_by: Officer
    medical: Officer
    height: str
    weight: str
    marks: tuple[str, ...]
    charges: list[tuple[str, str]]


@dataclass
class Movement:
    accused: Accused
    custody: Custody
    kind: str  # CourtProduction | ReleaseOnBail | ReleaseOnCompletion | HospitalVisit
    at: datetime
    register: Serial
    court_case: CourtCase | None = None
    order_date: date | None = None
    order_reference: str | None = None
    escort: list[Officer] = field(default_factory=list)
    vehicle: str | None = None
    expected_return: datetime | None = None
    completed_on: date | None = None
    reason: str | None = None
    recorded_by: Officer | None = None
    remarks: str | None = None


@dataclass
class Finding:
    charge: tuple[str, str]
    result: str
    imprisonment: tuple[str, str | None] | None = None  # kind, ISO term
    fine: int | None = None
    default_term: str | None = None
    probation: str | None = None


@dataclass
class Verdict:
    accused: Accused
    findings: list[Finding]
    set_off_days: int | None = None
    compensation: tuple[Person, int] | None = None
    suspended_until: date | None = None
    committed_to: Prison | None = None


@dataclass
class Disposal:
    court_case: CourtCase
    judgment_on: date
    verdicts: list[Verdict]
    summary: str
    property_directions: str | None


@dataclass
class Appeal:
    appeal_case: CourtCase
    lower: CourtCase
    lower_judgment_on: date
    kind: str
    appellant: Accused | None  # None: the State appeals an acquittal
    respondents: list[Accused]
    filed_on: date
    decided_on: date
    result: str
    outcomes: list[Verdict]
    summary: str


@dataclass(eq=False)
class Case:
    index: int
    case_id: str
    seed: int
    district: District
    station_code: str
    station_name: str
    station_deva: str
    offence: Offence
    offence_at: datetime
    occurrence_to: datetime | None
    info_at: datetime
    registered_at: datetime
    info_type: str
    delay_reason: str | None
    fir: Serial
    place: Address
    place_description: str
    direction: str
    distance_km: str
    beat: str
    complainant: Person
    victims: list[Person]
    accused: list[Accused]
    witnesses: list[Person]
    io: Officer
    sho: Officer
    stolen: list[tuple[str, str, int]]  # (Devanagari description, category, value)
    events: list[Event] = field(default_factory=list)
    serials: list[Serial] = field(default_factory=list)

    @property
    def offence_date(self) -> date:
        return self.offence_at.date()

    @property
    def fir_year(self) -> int:
        return self.registered_at.year

    @property
    def fir_key(self) -> str:
        return f"6-{self.district.lgd}-{self.station_code}-{self.fir_year}-{self.fir.value}"

    @property
    def sexual(self) -> bool:
        return self.offence.sexual

    @property
    def juvenile(self) -> bool:
        return any(p.child for p in self.persons())

    def persons(self) -> list[Person]:
        people = [self.complainant, *self.victims, *(a.person for a in self.accused), *self.witnesses]
        return list(dict.fromkeys(people))

    def charges(self, accused_count: int | None = None) -> list[tuple[str, str]]:
        """The charges of the FIR, under the penal code the offence date requires, plus special acts."""
        code = penal_code_for(self.offence_date)
        sections = self.offence.ipc if code == "IPC" else self.offence.bns
        found = [(code, section) for section in sections]
        found += list(self.offence.special)
        if any(v.child for v in self.victims):
            found += list(self.offence.child_sections)
        count = len(self.accused) if accused_count is None else accused_count
        if count < 2:
            found = [c for c in found if c not in _JOINT]
        return found


# ------------------------------------------------------------------------------------------------ the world


class World:
    """What cases share: the seed, the staff of every institution, and a counter that orders serials."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._order = 0
        self._staff: dict[str, list[Officer]] = {}

    def next_order(self) -> int:
        self._order += 1
        return self._order

    def serial(self, case: Case | None, scope: tuple[Any, ...], at: datetime, per_day: float) -> Serial:
        serial = Serial(scope, at, per_day, self.next_order())
        if case is not None:
            case.serials.append(serial)
        return serial

    def staff(self, institution: str, count: int, make: Any) -> list[Officer]:
        """The ``count`` people of an institution, the same in every case of this seed."""
        if institution not in self._staff:
            rng = random.Random(f"icjs-samples/{self.seed}/staff/{institution}")
            self._staff[institution] = [make(rng, number) for number in range(1, count + 1)]
        return self._staff[institution]


_GOLDEN = 0.6180339887498949


def _offence_for(seed: int, index: int) -> Offence:
    """The offence of case ``index``: a Weyl sequence over the offences' weights, so that even a few hundred cases
    hold each kind of offence in its proportion (independent draws would give 5% sexual offences +- 3 in 200)."""
    start = int(stable_hex("offence-mix", seed, length=12), 16) / 16**12
    point = (start + index * _GOLDEN) % 1.0
    total = sum(o.weight for o in OFFENCES)
    reached = 0.0
    for offence in OFFENCES:
        reached += offence.weight / total
        if point < reached:
            return offence
    return OFFENCES[-1]


def _community(rng: random.Random, district: District) -> str:
    muslim = 0.75 if district.name == "Nuh" else 0.08
    sikh = 0.2 if district.name in ("Sirsa", "Ambala", "Kurukshetra", "Yamunanagar", "Kaithal") else 0.04
    roll = rng.random()
    return "muslim" if roll < muslim else "sikh" if roll < muslim + sikh else "hindu"


def _police(district: District, station_code: str, world: World) -> tuple[Officer, list[Officer], list[Officer]]:
    def make(rank: str, belt_base: int) -> Any:
        def officer(rng: random.Random, number: int) -> Officer:
            name = nm.person_name(rng, "male" if rng.random() < 0.88 else "female", "hindu")
            belt = f"{belt_base + rng.randrange(900)}/{district.abbr}"
            return Officer(name, rank, belt, f"HRP{rng.randrange(1995, 2021)}{rng.randrange(10000):04d}")

        return officer

    place = f"{district.lgd}/{station_code}"
    sho = world.staff(f"police/{place}/sho", 1, make("Inspector (SHO)", 40))[0]
    ios = world.staff(f"police/{place}/si", 2, make("SI", 1000)) + world.staff(
        f"police/{place}/asi", 2, make("ASI", 400)
    )
    hcs = world.staff(f"police/{place}/hc", 3, make("HC", 1500))
    return sho, ios, hcs


def _civilian_officer(designation: str, rank: str | None = None) -> Any:
    def officer(rng: random.Random, number: int) -> Officer:
        community = "sikh" if rng.random() < 0.08 else "hindu"
        return Officer(
            nm.person_name(rng, "male" if rng.random() < 0.6 else "female", community),
            rank or designation,
            designation=designation,
        )

    return officer


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[rng.randrange(len(items))]


def _weighted(rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    return rng.choices(items, weights=weights, k=1)[0]


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=IST)


def _minutes(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(minutes=rng.randint(low, high))


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def _office_hours(rng: random.Random, day: date) -> datetime:
    return _at(day, rng.randint(10, 16), rng.choice((0, 10, 15, 20, 30, 40, 45, 50)))


def _entered(rng: random.Random, moment: datetime, low: int = 5, high: int = 180) -> datetime:
    """When a source system's operator typed the record in: minutes to hours after the fact, with seconds."""
    return moment + timedelta(minutes=rng.randint(low, high), seconds=rng.randrange(60))


def _address(rng: random.Random, district: District, *, urban: bool | None = None) -> Address:
    urban = rng.random() < 0.55 if urban is None else urban
    if urban:
        from hub.samples.places import LOCALITIES

        locality = _pick(rng, LOCALITIES)[0]
        line = f"मकान नंबर {rng.randint(1, 2400)}, {locality}"
        return Address((line,), district.town_deva, district.lgd, 6, str(district.pin + rng.randrange(8)))
    village = _pick(rng, VILLAGES)[0]
    return Address(
        (f"गांव {village}", f"वार्ड नंबर {rng.randint(1, 15)}"),
        village,
        district.lgd,
        6,
        str(district.pin + 10 + rng.randrange(80)),
    )


_OCCUPATIONS_MALE = (
    "मजदूर (Labourer)",
    "किसान (Farmer)",
    "दुकानदार (Shopkeeper)",
    "ड्राइवर (Driver)",
    "प्राइवेट नौकरी (Private job)",
    "बेरोज़गार (Unemployed)",
    "मिस्त्री (Mason)",
    "कबाड़ी (Scrap dealer)",
)
_OCCUPATIONS_FEMALE = ("गृहिणी (Housewife)", "अध्यापिका (Teacher)", "प्राइवेट नौकरी (Private job)", "छात्रा (Student)")
_RELIGION = {"hindu": "हिन्दू (Hindu)", "muslim": "मुस्लिम (Muslim)", "sikh": "सिख (Sikh)"}


def _voter_id(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
    return f"{letters}{rng.randrange(10**7):07d}"


def _token(rng: random.Random) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    return "tok_" + "".join(rng.choice(alphabet) for _ in range(20))


def _person(
    rng: random.Random,
    key: str,
    district: District,
    offence_day: date,
    *,
    sex: str,
    age: tuple[int, int],
    community: str,
    relation: str | None = None,
    name: Name | None = None,
    occupation: str | None = None,
) -> Person:
    years = rng.randint(*age)
    birth = offence_day - timedelta(days=years * 365 + rng.randrange(365) + years // 4)
    name = name or nm.person_name(rng, sex, community)
    if relation is None:
        relation = "husband" if sex == "female" and years > 22 and rng.random() < 0.7 else "father"
    relative = nm.relative_name(rng, name, sex, community)
    if occupation is None and years >= 18:
        occupation = _pick(rng, _OCCUPATIONS_MALE if sex == "male" else _OCCUPATIONS_FEMALE)
    elif occupation is None:
        occupation = "छात्र/छात्रा (Student)"
    person = Person(
        key,
        name,
        sex,
        birth,
        community,
        relative,
        relation,
        occupation,
        _address(rng, district),
        voter_id=_voter_id(rng) if years >= 18 and rng.random() < 0.55 else None,
        aadhaar_token=_token(rng) if rng.random() < 0.35 else None,
        religion=_RELIGION[community],
        social_category=_weighted(rng, ("general", "obc", "sc"), (0.45, 0.35, 0.2)),
        child=years < 18,
    )
    if years >= 18 and rng.random() < 0.15:
        person.driving_licence = f"HR{rng.randint(1, 99):02d} {rng.randint(2005, 2022)}{rng.randrange(10**7):07d}"
    return person


def _nafis(rng: random.Random) -> str:
    return f"06{rng.randrange(10**8):08d}"


# ------------------------------------------------------------------------------------------------ simulate


@dataclass
class _Ctx:
    world: World
    rng: random.Random
    case: Case
    hcs: list[Officer]
    ios: list[Officer]

    def emit(self, at: datetime, record_type: str, data: Any) -> None:
        self.case.events.append(Event(at, record_type, data, self.world.next_order()))


def simulate(world: World, index: int) -> Case:
    """Case number ``index`` (from 1) of ``world``'s seed, with all its events up to ``AS_OF``."""
    rng = random.Random(f"icjs-samples/{world.seed}/case/{index}")
    district = _weighted(rng, districts(), [d.weight for d in districts()])
    offence = _offence_for(world.seed, index)
    women = [s for s in district.stations if s.women]
    others = [s for s in district.stations if not s.women]
    station = women[0] if offence.women_ps and rng.random() < 0.7 else _pick(rng, others)
    sho, ios, hcs = _police(district, station.code, world)
    io = _pick(rng, ios)

    day = FIRST_OFFENCE + timedelta(days=rng.randrange((LAST_OFFENCE - FIRST_OFFENCE).days + 1))
    night = offence.key in ("mv-theft", "house-theft")
    hour = rng.choice((22, 23, 0, 1, 2, 3)) if night else rng.randint(7, 21)
    offence_at = _at(day, hour, rng.randrange(0, 60, 5))
    occurrence_to = offence_at + timedelta(hours=rng.randint(2, 8)) if night else None
    known_after = occurrence_to or offence_at
    delay_reason = None
    info_type = _weighted(rng, ("written", "oral", "electronic"), (0.6, 0.3, 0.1))
    if offence.victim == "none":
        info_at = offence_at + _minutes(rng, 40, 150)
        info_type = "suo-motu"
    elif offence.sexual or offence.key in ("cruelty", "deceitful-intercourse"):
        info_at = known_after + _days(rng, 1, 30) + _minutes(rng, 0, 600)
        delay_reason = (
            "पीड़िता और परिवार सामाजिक बदनामी के डर से और आपसी बातचीत से मामला सुलझने की उम्मीद में देरी से थाने आए। "
            "(The victim and her family came late for fear of social stigma and in the hope of a settlement.)"
        )
    elif offence.key == "kidnapping":
        info_at = known_after + _days(rng, 1, 3) + _minutes(rng, 0, 300)
        delay_reason = "परिवार पहले रिश्तेदारों में तलाश करता रहा। (The family first searched among relatives.)"
    else:
        info_at = known_after + _minutes(rng, 20, 600)
    registered_at = info_at + _minutes(rng, 10, 80)

    community = _community(rng, district)
    offence_day = offence_at.date()
    place = _address(rng, district, urban=offence.place not in ("agricultural-field",))

    # --- people
    victims: list[Person] = []
    if offence.victim == "none":
        # The State's own case: a police officer of the station reports it; another one investigates.
        officer = _pick(rng, [o for o in ios if o is not io])
        complainant = Person(
            "C",
            officer.name,
            "male",
            offence_day - timedelta(days=rng.randint(30, 50) * 365),
            occupation=f"{officer.rank} {officer.belt}, थाना {station.name_deva}",
        )
    elif offence.victim == "complainant":
        female = offence.women_ps or rng.random() < 0.25
        complainant = _person(
            rng, "C", district, offence_day, sex="female" if female else "male", age=(19, 68), community=community
        )
        victims.append(complainant)
    else:
        complainant = _person(rng, "C", district, offence_day, sex="male", age=(36, 70), community=community)
        child = rng.random() < offence.child_victim
        if offence.key in ("murder",):
            victim = _person(
                rng, "V1", district, offence_day, sex="male", age=(20, 50), community=community, relation="father"
            )
        elif offence.key == "accident":
            victim = _person(
                rng, "V1", district, offence_day, sex="male", age=(50, 78), community=community, relation="father"
            )
        else:
            age = (6, 17) if child else (18, 24)
            victim = _person(
                rng,
                "V1",
                district,
                offence_day,
                sex="female",
                age=age,
                community=community,
                relation="father" if child or offence.key != "dowry-death" else "husband",
            )
        if victim.relation == "father":
            victim.relative = complainant.name
        victim.deceased = offence.key in ("murder", "dowry-death", "accident")
        victim.address = complainant.address
        victims.append(victim)
    for victim in victims:
        victim.sexual_victim = offence.sexual

    count = rng.randint(*offence.accused)
    accused: list[Accused] = []
    family = offence.key in ("cruelty", "dowry-death")
    for number in range(1, count + 1):
        if family and number == 1:
            person = _person(rng, f"A{number}", district, offence_day, sex="male", age=(24, 40), community=community)
        elif family:
            sex = "female" if number in (2, 4) else "male"
            relation = "husband" if sex == "female" else "father"
            person = _person(
                rng,
                f"A{number}",
                district,
                offence_day,
                sex=sex,
                age=(45, 68) if number < 4 else (20, 35),
                community=community,
                relation=relation,
            )
        else:
            person = _person(
                rng, f"A{number}", district, offence_day, sex="male", age=(19, 55), community=_community(rng, district)
            )
        if family and victims:
            surname = nm.family_surname(accused[0].person.name) if accused else None
            if surname is not None and len(person.name) >= 2 and person.name[-1] != nm.DEVI:
                person.name = (*person.name[:-1], surname)
        if rng.random() < 0.2 and not family:
            nickname = _pick(rng, nm.NICKNAMES)
            person.alias = (nickname[0], f"{person.name[0].latin[0]} {nickname[1]}")
        roll = rng.random()
        status = "known" if roll < offence.known else "unknown"
        if (
            status == "known"
            and offence.key in ("mv-theft", "house-theft", "snatching", "robbery")
            and rng.random() < 0.5
        ):
            status = "suspected"
        identified = status != "unknown" or rng.random() < offence.traced
        accused.append(Accused(f"A{number}", person, status, identified))
    if offence.victim == "none":
        accused[0].fir_status = "known"
        accused[0].identified = True
    if family:
        wife = victims[0]
        wife.relative, wife.relation = accused[0].person.name, "husband"
    # A child in conflict with law, now and then, where children are found among accused.
    if (
        offence.key in ("mv-theft", "snatching", "hurt", "robbery", "molestation", "house-theft", "trespass")
        and rng.random() < 0.008
    ):
        young = accused[-1]
        young.ccl = True
        years = rng.randint(15, 17)
        young.person.birth = offence_day - timedelta(days=years * 365 + rng.randrange(300) + years // 4)
        young.person.child = True
        young.person.relation = "father"
        young.person.voter_id = young.person.driving_licence = None
        young.person.occupation = "छात्र (Student)"

    witnesses = [
        _person(rng, f"W{n}", district, offence_day, sex="male", age=(25, 65), community=community)
        for n in range(1, rng.randint(1, 2) + 1)
    ]
    stolen = []
    for description, category, low, high in offence.stolen:
        stolen.append((description, category, rng.randrange(low, high + 1, 100)))

    fir_serial = world.serial(
        None, ("fir", district.lgd, station.code, registered_at.year), registered_at, 0.4 if station.women else 1.6
    )
    place_description = {
        "residence": "घर",
        "parking": "घर के बाहर",
        "road-street": "सड़क",
        "highway": "राष्ट्रीय राजमार्ग",
        "shop-market": "बाज़ार",
        "office": "दफ़्तर",
        "agricultural-field": "खेत",
        "open-area": "खुला मैदान",
    }.get(offence.place, "घटनास्थल")
    case = Case(
        index,
        f"c{index:05d}",
        world.seed,
        district,
        station.code,
        station.name_latin,
        station.name_deva,
        offence,
        offence_at,
        occurrence_to,
        info_at,
        registered_at,
        info_type,
        delay_reason,
        fir_serial,
        place,
        place_description,
        _pick(rng, ("N", "NE", "E", "SE", "S", "SW", "W", "NW")),
        f"{rng.randint(1, 25) / 2:g}",
        str(rng.randint(1, 9)),
        complainant,
        victims,
        accused,
        witnesses,
        io,
        sho,
        stolen,
    )
    case.serials.append(fir_serial)
    ctx = _Ctx(world, rng, case, hcs, ios)
    _investigate(ctx)
    # Records filed under the FIR are entered after it, even when what they record (a seizure at a checkpoint, an
    # arrest on the spot) happened before the FIR was written.
    fir_entered = case.events[0].at
    for event in case.events[1:]:
        if event.at <= fir_entered:
            event.at = fir_entered + timedelta(minutes=rng.randint(5, 40), seconds=rng.randrange(60))
    case.events = sorted((e for e in case.events if e.at <= AS_OF), key=lambda e: (e.at, e.order))
    return case


# ------------------------------------------------------------------------------------------------ investigation


def _investigate(ctx: _Ctx) -> None:
    rng, case, offence = ctx.rng, ctx.case, ctx.case.offence
    ctx.emit(_entered(rng, case.registered_at, 3, 40), "fir-registered", None)
    if rng.random() < 0.95:
        recorded = case.registered_at + _minutes(rng, 180, 1800)
        visited = case.registered_at + (recorded - case.registered_at) * rng.uniform(0.2, 0.8)
        visited = visited.replace(second=0, microsecond=0)
        ctx.emit(_entered(rng, recorded, 5, 60), "crime-details", (recorded, visited))

    for accused in case.accused:
        if accused.identified:
            _arrest(ctx, accused)

    seizures = _seize(ctx)
    forensic = _forensics(ctx, seizures)
    report = _final_report(ctx, seizures, forensic)
    court_case = judgment_on = None
    if report is not None and report.kind == "charge-sheet":
        approved = _scrutiny(ctx, report)
        court_case = _register_in_court(ctx, report, approved)
        months = rng.randint(12, 42) if offence.sessions else rng.randint(8, 36)
        judgment_on = court_case.registered_on + timedelta(days=months * 30 + rng.randrange(30))
    elif report is not None:
        _closure(ctx, report)
    _pretrial_bail(ctx, report, court_case, judgment_on)
    if report is not None and court_case is not None and judgment_on is not None:
        _trial(ctx, report, court_case, judgment_on)


def _produce_court(case: Case, sessions: bool = False) -> tuple[str, str, str]:
    district = case.district
    if sessions:
        return (district.sessions_establishment, f"Court of Additional Sessions Judge, {district.name}", "ASJ-02")
    return (
        district.magistrate_establishment,
        f"Court of Judicial Magistrate First Class, {district.name}",
        f"JMIC-0{1 + case.index % 5}",
    )


def _prison_staff(ctx: _Ctx, prison: Prison) -> tuple[Officer, Officer]:
    deputy = ctx.world.staff(f"prison/{prison.code}/deputy", 2, _civilian_officer("Deputy Superintendent (Jail)"))
    doctor = ctx.world.staff(f"prison/{prison.code}/doctor", 1, _civilian_officer("Medical Officer (Jail)"))
    return _pick(ctx.rng, deputy), doctor[0]


def _admit(
    ctx: _Ctx,
    accused: Accused,
    at: datetime,
    *,
    category: str,
    order_kind: str,
    court: tuple[str, str, str],
    order_date: date,
    court_case: CourtCase | None,
    custody_until: date | None,
    charges: list[tuple[str, str]],
) -> Custody:
    rng, case = ctx.rng, ctx.case
    prison = case.district.prison
    kind = "UTP" if category == "undertrial" else "CNV"
    custody = Custody(
        prison,
        category,
        at,
        ctx.world.serial(case, (prison.code, kind, at.year), at, 6.0 if kind == "UTP" else 1.5),
        ctx.world.serial(case, (prison.code, "ADM", at.year), at, 9.0),
    )
    accused.custody.append(custody)
    deputy, doctor = _prison_staff(ctx, prison)
    person = accused.person
    if person.nafis is None:
        person.nafis = _nafis(rng)
    height = f"{rng.randint(1520, 1840) / 10 if person.sex == 'male' else rng.randint(1450, 1700) / 10:.1f}"
    weight = f"{rng.randint(450, 900) / 10:.1f}"
    marks = _pick(
        rng,
        (
            ("बाईं भौंह के ऊपर कटे का पुराना निशान (old cut scar above the left eyebrow)",),
            ("दाहिने हाथ पर तिल (mole on the right hand)",),
            ('बाईं कलाई पर "ॐ" गुदा हुआ (tattoo "ॐ" on the left wrist)', "ठोड़ी पर निशान (scar on the chin)"),
        ),
    )
    warrant = f"{'JC' if order_kind == 'judicial-custody-remand' else 'CW'}/{rng.randint(100, 4999)}/{order_date.year}"
    ctx.emit(
        _entered(rng, at, 20, 120),
        "prison-admission",
        Admission(
            accused,
            custody,
            order_kind,
            court,
            order_date,
            warrant,
            court_case,
            custody_until,
            _pick(rng, ctx.hcs),
            deputy,
            doctor,
            height,
            weight,
            marks,
            charges,
        ),
    )
    return custody


def _arrest(ctx: _Ctx, accused: Accused) -> None:
    rng, case, offence = ctx.rng, ctx.case, ctx.case.offence
    if rng.random() >= offence.arrest and not accused.ccl:
        accused.absconding = offence.sessions or (not offence.bailable and rng.random() < 0.5)
        return
    if offence.victim == "none":
        arrested = case.registered_at + _minutes(rng, 10, 90)
    elif accused.fir_status == "unknown":
        arrested = _office_hours(rng, (case.registered_at + _days(rng, 8, 150)).date())
    else:
        arrested = case.registered_at + timedelta(hours=rng.randint(3, 24 * 20))
        arrested = arrested.replace(minute=rng.randrange(0, 60, 5))
    accused.arrested_at = arrested
    person = accused.person
    person.nafis = None if accused.ccl else _nafis(rng)
    max_months = offence.sentence.months[1] if offence.sentence.kind != "life" else 999
    produced = None
    jc = False
    if accused.ccl:
        status = "arrested-forwarded-to-court"
        produced = arrested + timedelta(hours=rng.randint(4, 20))
    elif (offence.sessions or not offence.bailable) and rng.random() < 0.12 and accused.fir_status == "known":
        accused.surrendered = True
        jc = rng.random() < offence.jc
        status = "surrendered-judicial-custody" if jc else "surrendered-bailed"
        arrested = accused.arrested_at = _office_hours(rng, arrested.date() + timedelta(days=1))
    elif offence.bailable:
        status = "arrested-released-on-bail" if rng.random() < 0.7 else "arrested-released-on-notice"
    elif rng.random() < offence.jc:
        jc = True
        status = (
            "arrested-police-custody-remand"
            if offence.sessions and rng.random() < 0.25
            else ("arrested-forwarded-to-court")
        )
        produced = arrested + timedelta(hours=rng.randint(6, 22))
    elif max_months <= 84 and rng.random() < 0.5:
        status = "arrested-released-on-notice"
    else:
        status = "arrested-forwarded-to-court"
        produced = arrested + timedelta(hours=rng.randint(6, 22))
    accused.arrest_status = status
    accused.produced_at = produced
    entered = _entered(rng, produced or arrested, 30, 240)
    ctx.emit(entered, "arrest-surrender", accused)
    if not jc:
        if not accused.ccl:
            accused.bailed_on = (produced or arrested).date()
        return
    # Judicial custody: the jail admits the accused on the magistrate's remand warrant.
    court = _produce_court(case, sessions=accused.surrendered and offence.sessions)
    remand_day = (produced or arrested).date()
    if status == "arrested-police-custody-remand":
        remand_day += timedelta(days=rng.randint(2, 5))
    admitted_at = _at(remand_day, rng.randint(17, 20), rng.randrange(0, 60, 5))
    custody = _admit(
        ctx,
        accused,
        admitted_at,
        category="undertrial",
        order_kind="judicial-custody-remand",
        court=court,
        order_date=remand_day,
        court_case=None,
        custody_until=remand_day + timedelta(days=14),
        charges=case.charges(),
    )
    serious = offence.sessions
    chance = 0.35 if offence.key == "murder" else 0.6 if serious else 0.92
    if rng.random() < chance:
        days = rng.randint(60, 540) if serious else rng.randint(7, 120)
        accused.bailed_on = remand_day + timedelta(days=days)
        custody.released_at = _at(accused.bailed_on, rng.randint(17, 20), rng.randrange(0, 60, 5))


def _seize(ctx: _Ctx) -> list[Seizure]:
    rng, case, offence = ctx.rng, ctx.case, ctx.case.offence
    seizures: list[Seizure] = []
    arrested = [a for a in case.accused if a.arrested_at is not None and not a.ccl]

    def memo(
        nature: str, at: datetime, place: str, seized_from: Person | None, grounds: str, items: list[SeizedItem]
    ) -> Seizure:
        witnesses = [case.witnesses[0]] if case.witnesses else []
        hc = _pick(rng, ctx.hcs)
        police_witness = Person(
            f"H{len(seizures) + 1}",
            hc.name,
            "male",
            at.date() - timedelta(days=40 * 365),
            occupation=f"मुख्य सिपाही {hc.belt} (Head Constable)",
        )
        witnesses.append(police_witness)
        register = ctx.world.serial(case, ("property", case.district.lgd, case.station_code, at.year), at, 0.9)
        seizure = Seizure(
            register, nature, at, place, case.place, seized_from, False, witnesses, grounds, items, case.io
        )
        seizures.append(seizure)
        ctx.emit(_entered(rng, at, 60, 300), "property-seizure", seizure)
        return seizure

    for nature, description in offence.seized:
        if nature == "stolen":
            if not arrested or rng.random() > 0.6 or not case.stolen:
                continue
            at = arrested[0].arrested_at + timedelta(hours=rng.randint(2, 40))  # type: ignore[operator]
            items = [
                SeizedItem(
                    n,
                    f"{what} (बरामद, पहचान हेतु टैग लगाया गया; recovered and tagged)",
                    "1",
                    "piece",
                    value,
                    sealed=category == "jewellery",
                )
                for n, (what, category, value) in enumerate(case.stolen, start=1)
            ]
            for x in offence.exhibits:
                if x.discipline != "cyber":
                    items.append(
                        SeizedItem(
                            len(items) + 1,
                            f"{x.deva} ({x.english}), कपड़े के पुलिंदे में सील (sealed in a cloth parcel)",
                            "1",
                            "parcel",
                            None,
                            True,
                            x,
                        )
                    )
            from_person = arrested[0].person
            receiver = rng.random() < 0.2
            seizure = memo(
                "stolen",
                at,
                "अभियुक्त की निशानदेही पर बरामदगी (recovered at the accused's instance)",
                from_person,
                "अभियुक्त के इंकशाफी बयान पर उसकी निशानदेही से बरामद। (Recovered at the accused's instance "
                "after his disclosure statement.)",
                items,
            )
            seizure.professional_receiver = receiver
        else:
            if nature == "unlawful-possession":
                at = case.offence_at + _minutes(rng, 5, 30)
                seized_from = case.accused[0].person
            elif arrested and rng.random() < 0.6:
                at = arrested[0].arrested_at + timedelta(hours=rng.randint(2, 30))  # type: ignore[operator]
                seized_from = arrested[0].person
            else:
                at = case.registered_at + timedelta(hours=rng.randint(2, 60))
                seized_from = None
            at = at.replace(second=0, microsecond=0)
            physical = [x for x in offence.exhibits if x.discipline != "cyber" or offence.key == "cheating"]
            items = [
                SeizedItem(
                    n,
                    f"{x.deva} ({x.english}), कपड़े के पुलिंदे में सील (sealed in a cloth parcel)",
                    "1",
                    "parcel",
                    None,
                    True,
                    x,
                )
                for n, x in enumerate(physical, start=1)
            ]
            if nature == "unlawful-possession" and offence.key == "ndps":
                grams = rng.randint(300, 4500)
                items.append(
                    SeizedItem(
                        len(items) + 1,
                        f"{description}: शेष {grams} ग्राम (remainder, {grams} g)",
                        f"{grams / 1000:.3f}",
                        "kg",
                        None,
                        True,
                    )
                )
            if offence.key == "accident":
                items.append(
                    SeizedItem(
                        len(items) + 1,
                        "दुर्घटनाग्रस्त वाहन, मालखाने में (the vehicle, in the property store)",
                        "1",
                        "vehicle",
                        rng.randrange(200000, 1500000, 1000),
                        False,
                    )
                )
            if not items:
                items.append(SeizedItem(1, description, "1", "piece", None, False))
            memo(
                nature,
                at,
                case.place_description,
                seized_from,
                f"{description} मौके पर कब्जे में लिया गया। ({description}: taken into possession.)",
                items,
            )
    # CCTV footage: the hard disk of a neighbour's recorder, taken in the first days.
    cctv = [x for x in offence.exhibits if x.discipline == "cyber" and offence.key != "cheating"]
    if cctv and rng.random() < 0.6:
        at = (case.registered_at + timedelta(hours=rng.randint(3, 72))).replace(second=0, microsecond=0)
        items = [
            SeizedItem(
                1, f"{cctv[0].deva} ({cctv[0].english}), एंटी-स्टैटिक लिफ़ाफ़े में सील", "1", "piece", None, True, cctv[0]
            )
        ]
        memo(
            "involved",
            at,
            "पड़ोसी के घर का सीसीटीवी डीवीआर (a neighbour's CCTV recorder)",
            None,
            "घटना की फुटेज के लिए हार्ड डिस्क कब्जे में ली गई। (The hard disk taken for the footage of the occurrence.)",
            items,
        )
    return seizures


def _lab_staff(ctx: _Ctx, lab: Lab, division: str) -> Officer:
    titles = {
        "dna": "Scientific Officer (DNA)",
        "biology-serology": "Assistant Director (Biology and Serology)",
        "toxicology": "Assistant Director (Toxicology)",
        "narcotics": "Scientific Officer (Narcotics)",
        "chemistry": "Assistant Chemical Examiner",
        "ballistics": "Assistant Director (Ballistics)",
        "physics": "Assistant Director (Physics)",
        "cyber": "Scientific Officer (Cyber Forensics)",
        "questioned-documents": "Assistant Director (Documents)",
    }
    return _pick(
        ctx.rng,
        ctx.world.staff(f"lab/{lab.code}/{division}", 2, _civilian_officer(titles.get(division, "Scientific Officer"))),
    )


def _forensics(ctx: _Ctx, seizures: list[Seizure]) -> ForensicCase | None:
    rng, case, offence = ctx.rng, ctx.case, ctx.case.offence
    sealed = [(s, item) for s in seizures for item in s.items if item.sealed and item.exhibit is not None]
    if not sealed or rng.random() >= offence.forensic:
        return None
    lab = (
        LABS["MDB"]
        if any(item.exhibit and item.exhibit.discipline == "dna" for _, item in sealed)
        else (case.district.lab)
    )
    requested = max(s.at for s, _ in sealed) + _days(rng, 1, 12)
    requested = _office_hours(rng, requested.date())
    priority = "most-urgent" if offence.sexual else "urgent" if offence.key in ("murder", "dowry-death") else "normal"
    collected = case.victims[0] if offence.sexual and case.victims else None
    forensic = ForensicCase(
        lab,
        requested,
        f"{rng.randint(100, 4999)}-{_pick(rng, ('I', 'II', 'SHO', 'Reader'))}",
        priority,
        [(str(n), s, item) for n, (s, item) in enumerate(sealed, start=1)],
        case.sho,
        _pick(rng, ctx.hcs),
        collected,
    )
    ctx.emit(_entered(rng, requested, 5, 90), "forensic-request", forensic)
    if rng.random() >= 0.97:
        return forensic
    received = _office_hours(rng, (requested + _days(rng, 1, 5)).date())
    forensic.received_at = received
    forensic.number = ctx.world.serial(case, ("lab", lab.code, received.year), received, lab.daily_cases)
    forensic.receiver = _pick(
        rng,
        ctx.world.staff(
            f"lab/{lab.code}/receipt", 2, _civilian_officer("Scientific Assistant, Sample Receiving Section")
        ),
    )
    if rng.random() < 0.04:
        forensic.broken_seal = forensic.exhibits[-1][0]
    ctx.emit(_entered(rng, received, 10, 60), "forensic-receipt", forensic)
    slow = any(item.exhibit and item.exhibit.discipline in ("dna", "toxicology") for _, _, item in forensic.exhibits)
    reported = _office_hours(rng, (received + _days(rng, 60, 240) if slow else received + _days(rng, 20, 120)).date())
    forensic.reported_at = reported
    forensic.report_number = rng.randint(300, 9000)
    for _, _, item in forensic.exhibits:
        assert item.exhibit is not None
        division = item.exhibit.discipline
        if division not in forensic.analysts:
            forensic.analysts[division] = _lab_staff(ctx, lab, division)
    ctx.emit(_entered(rng, reported, 1, 30), "forensic-report", forensic)
    return forensic


def _final_report(ctx: _Ctx, seizures: list[Seizure], forensic: ForensicCase | None) -> FinalReport | None:
    rng, case, offence = ctx.rng, ctx.case, ctx.case.offence
    identified = [a for a in case.accused if a.identified]
    arrests = [a.arrested_at for a in identified if a.arrested_at is not None]
    if not identified:
        kind = "untraced"
        day = (case.registered_at + _days(rng, 90, 400)).date()
    else:
        kind = "charge-sheet"
        roll = rng.random()
        for closure, chance in offence.closure:
            if roll < chance:
                kind = closure
                break
            roll -= chance
        start = max(arrests) if arrests else case.registered_at
        day = (start + _days(rng, 25, 150)).date()
    charged = [a for a in identified if not a.ccl] if kind == "charge-sheet" else []
    if identified and all(a.ccl for a in identified):
        return None  # only a child in conflict with law: the report goes to the Juvenile Justice Board
    not_charged: list[tuple[Accused, str, str]] = []
    for accused in identified:
        if accused.ccl:
            not_charged.append(
                (
                    accused,
                    "child-in-conflict-with-law",
                    "बाल अपचारी; अलग से किशोर न्याय बोर्ड के समक्ष रिपोर्ट। (Child in conflict with law: "
                    "reported separately to the Juvenile Justice Board.)",
                )
            )
    for accused in charged:
        accused.charged = True
    witnesses: list[tuple[Person, str]] = []
    if kind == "charge-sheet":
        if offence.victim != "none":
            witnesses.append((case.complainant, "complainant"))
        for victim in case.victims:
            if victim is not case.complainant and not victim.deceased:
                witnesses.append((victim, "eye-witness"))
        for witness in case.witnesses:
            witnesses.append((witness, "recovery-witness" if seizures else "eye-witness"))
    lab = forensic if forensic and forensic.reported_at and forensic.reported_at.date() < day else None
    first = day
    establishment = _produce_court(case, sessions=offence.sessions)
    register = ctx.world.serial(
        case, ("report", case.district.lgd, case.station_code, first.year), _at(first, 12, 0), 0.5
    )
    report = FinalReport(register, first, first, kind, establishment, charged, not_charged, witnesses, lab, case.sho)
    return report


_OBJECTIONS = (
    (
        "witness-statement",
        "The witnesses to the recovery memo have not been examined; record their statements under "
        "the applicable section and cite them in the list of witnesses.",
    ),
    ("missing-document", "The site plan and the copy of the general diary entry of the arrest are not on file."),
    ("forensic-report", "The report of the forensic science laboratory is awaited; file it or state its status."),
    ("accused-particulars", "The accused's previous involvement and complete address have not been verified."),
    (
        "electronic-evidence-certificate",
        "Electronic records are relied upon without the certificate the law of "
        "evidence requires from their owner; obtain and annex it.",
    ),
)


def _prosecutors(ctx: _Ctx) -> list[Officer]:
    def make(rng: random.Random, number: int) -> Officer:
        rank = "Deputy District Attorney" if number == 1 else "Assistant District Attorney"
        return Officer(
            nm.person_name(rng, "male" if rng.random() < 0.55 else "female", "hindu"),
            rank,
            officer_id=f"HRPRS-{ctx.case.district.abbr}-{rng.randrange(10000):04d}",
        )

    return ctx.world.staff(f"prosecution/{ctx.case.district.lgd}", 3, make)


def _scrutiny(ctx: _Ctx, report: FinalReport) -> datetime:
    """The prosecution's scrutiny of a charge-sheet (returned first, now and then); when it was approved."""
    rng, case = ctx.rng, ctx.case
    prosecutor = _pick(rng, _prosecutors(ctx))
    submitted = report.first_submitted
    if rng.random() < 0.3:
        received = _office_hours(rng, submitted + _days(rng, 1, 3))
        decided = _office_hours(rng, (received + _days(rng, 1, 7)).date())
        objections = rng.sample(_OBJECTIONS, rng.randint(1, 3))
        resubmit_by = decided.date() + timedelta(days=14)
        register = ctx.world.serial(case, ("scrutiny", case.district.lgd, received.year), received, 6)
        ctx.emit(
            _entered(rng, decided, 5, 60),
            "prosecution-scrutiny",
            Scrutiny(register, report, submitted, received, decided, prosecutor, "returned", objections, resubmit_by),
        )
        report.report_date = decided.date() + _days(rng, 4, 14)
    ctx.emit(_entered(rng, _office_hours(rng, report.report_date), 30, 300), "final-report", report)
    received = _office_hours(rng, report.report_date + _days(rng, 1, 3))
    decided = _office_hours(rng, (received + _days(rng, 1, 5)).date())
    register = ctx.world.serial(case, ("scrutiny", case.district.lgd, received.year), received, 6)
    ctx.emit(
        _entered(rng, decided, 5, 60),
        "prosecution-scrutiny",
        Scrutiny(register, report, report.report_date, received, decided, prosecutor, "approved"),
    )
    return decided


def _judges(ctx: _Ctx, establishment: str, designation: str) -> list[Officer]:
    return ctx.world.staff(f"court/{establishment}/{designation}", 3, _civilian_officer(designation))


def _court_case(
    ctx: _Ctx,
    establishment: str,
    name: str,
    number: str,
    case_type: str,
    type_name: str,
    filed: date,
    registered: date,
    designation: str,
    *,
    per_day: float,
    level: str = "trial",
) -> CourtCase:
    case = ctx.case
    at = _at(filed, 12, 0)
    return CourtCase(
        establishment,
        name,
        number,
        case_type,
        type_name,
        filed,
        registered,
        ctx.world.serial(case, ("cnr", establishment, filed.year), at, per_day),
        ctx.world.serial(case, ("filing", establishment, filed.year), at, per_day * 1.2),
        ctx.world.serial(
            case, ("registration", establishment, case_type, registered.year), _at(registered, 12, 0), per_day / 2
        ),
        _pick(ctx.rng, _judges(ctx, establishment, designation)),
        level,
    )


def _register_in_court(ctx: _Ctx, report: FinalReport, approved: datetime) -> CourtCase:
    rng, case, offence = ctx.rng, ctx.case, ctx.case.offence
    filed = approved.date() + _days(rng, 1, 6)
    registered = filed + _days(rng, 0, 4)
    if offence.sessions:
        special = "POCSO" in {statute for statute, _ in case.charges()}
        name = (
            f"Court of Additional Sessions Judge (Special Court under POCSO Act), {case.district.name}"
            if special
            else f"Court of Additional Sessions Judge, {case.district.name}"
        )
        court_case = _court_case(
            ctx,
            case.district.sessions_establishment,
            name,
            "ASJ-0" + str(2 + case.index % 3),
            "SC",
            "Sessions Case",
            filed,
            registered,
            "Additional Sessions Judge",
            per_day=3,
        )
    else:
        establishment, name, number = report.court
        court_case = _court_case(
            ctx,
            establishment,
            name,
            number,
            "CHI",
            "Challan",
            filed,
            registered,
            "Judicial Magistrate First Class",
            per_day=14,
        )
    first_hearing = registered + _days(rng, 7, 30)
    ctx.emit(
        _entered(rng, _office_hours(rng, registered), 10, 200),
        "court-case-registered",
        (court_case, report, first_hearing),
    )
    return court_case


_ADJOURNMENTS = (
    ("prosecution", "witness-absent", "Prosecution witness absent despite service."),
    ("defence", "counsel-absent", "Learned defence counsel not available; adjournment sought."),
    ("court", "paucity-of-time", "Heavy cause list; case adjourned for want of time."),
    ("court", "presiding-officer-on-leave", "Presiding officer on leave."),
    ("prosecution", "report-awaited", "Report of the forensic laboratory awaited."),
)

_STAGES = (
    (0.06, "appearance", "Appearance"),
    (0.12, "supply-of-copies", "Supply of copies"),
    (0.22, "charge", "Arguments on charge"),
    (0.75, "prosecution-evidence", "Prosecution Evidence"),
    (0.8, "statement-of-accused", "Statement of accused"),
    (0.88, "defence-evidence", "Defence Evidence"),
    (1.01, "final-arguments", "Final Arguments"),
)


def _stage(progress: float) -> tuple[str, str]:
    for limit, stage, purpose in _STAGES:
        if progress < limit:
            return stage, purpose
    return _STAGES[-1][1], _STAGES[-1][2]


def _pretrial_bail(
    ctx: _Ctx, report: FinalReport | None, court_case: CourtCase | None, judgment_on: date | None
) -> None:
    """Bail for those remanded to judicial custody, on a bail application of its own (with its own CNR) when it
    comes before the trial court has the case; none when the judgment comes first."""
    rng, case, offence = ctx.rng, ctx.case, ctx.case.offence
    for accused in case.accused:
        if not accused.custody:
            continue
        stay = accused.custody[0]
        if court_case is None and stay.released_at is None and report is not None:
            # A closure report: nothing left to hold the accused for.
            accused.bailed_on = report.report_date + _days(rng, 3, 12)
            stay.released_at = _at(accused.bailed_on, rng.randint(17, 20), rng.randrange(0, 60, 5))
        if accused.bailed_on is None or stay.released_at is None:
            continue
        if judgment_on is not None and accused.bailed_on >= judgment_on - timedelta(days=7):
            accused.bailed_on = stay.released_at = None
            continue
        if court_case is not None and accused.bailed_on >= court_case.registered_on:
            continue  # the trial court grants it (see _trial)
        sessions = offence.sessions
        est = case.district.sessions_establishment if sessions else case.district.magistrate_establishment
        filed = accused.bailed_on - _days(rng, 2, 10)
        application = _court_case(
            ctx,
            est,
            f"Court of Additional Sessions Judge, {case.district.name}"
            if sessions
            else f"Court of Judicial Magistrate First Class, {case.district.name}",
            "ASJ-01" if sessions else "JMIC-01",
            "BA",
            "Bail Application",
            filed,
            filed,
            "Additional Sessions Judge" if sessions else "Judicial Magistrate First Class",
            per_day=6,
            level="bail",
        )
        _bail(ctx, accused, stay, application, accused.bailed_on, 1)


def _closure(ctx: _Ctx, report: FinalReport) -> None:
    rng, case = ctx.rng, ctx.case
    ctx.emit(_entered(rng, _office_hours(rng, report.report_date), 30, 300), "final-report", report)
    if rng.random() < 0.6:
        received = _office_hours(rng, report.report_date + _days(rng, 1, 4))
        decided = _office_hours(rng, (received + _days(rng, 2, 20)).date())
        register = ctx.world.serial(case, ("scrutiny", case.district.lgd, received.year), received, 6)
        ctx.emit(
            _entered(rng, decided, 5, 60),
            "prosecution-scrutiny",
            Scrutiny(
                register, report, report.report_date, received, decided, _pick(rng, _prosecutors(ctx)), "approved"
            ),
        )


def _trial(ctx: _Ctx, report: FinalReport, court_case: CourtCase, judgment_on: date) -> None:
    rng, case, offence = ctx.rng, ctx.case, ctx.case.offence
    tried = [a for a in report.charged if not a.absconding]
    registered = court_case.registered_on
    hearing_days = []
    day = registered + _days(rng, 7, 30)
    while day < judgment_on:
        if day.weekday() == 6:
            day += timedelta(days=1)
        hearing_days.append(day)
        day += _days(rng, 25, 80)
    orders = 0

    def order(on: date, kind: str, summary: str, concerns: list[tuple[Person, str, str | None]], **more: Any) -> Order:
        nonlocal orders
        orders += 1
        made = Order(court_case, on, orders, kind, summary, concerns, in_camera=offence.sexual, **more)
        ctx.emit(_entered(rng, _at(on, rng.randint(15, 17), rng.randrange(60)), 10, 90), "court-order", made)
        return made

    # The absconders: warrants, then proclamation.
    for accused in report.charged:
        if accused.absconding and hearing_days:
            order(
                hearing_days[0],
                "warrant-non-bailable",
                f"Accused {accused.code} has not appeared despite summons. Non-bailable warrant to issue through the "
                f"SHO, PS {case.station_name}, returnable on the next date.",
                [(accused.person, "accused", accused.code)],
                process=(
                    f"SHO, PS {case.station_name}, {case.district.name}",
                    hearing_days[min(1, len(hearing_days) - 1)],
                ),
            )
            if len(hearing_days) > 3:
                order(
                    hearing_days[3],
                    "other",
                    f"Accused {accused.code} is avoiding arrest; proclamation published and the period has expired. He "
                    "is declared a proclaimed offender; proceedings against him are separated.",
                    [(accused.person, "accused", accused.code)],
                )
    if not tried:
        return  # everyone absconds: the case waits in the record room

    # Bail from the trial court for those still in judicial custody.
    for accused in tried:
        stay = accused.custody[0] if accused.custody else None
        if stay is None or accused.bailed_on is None or stay.released_at is None:
            continue
        if accused.bailed_on >= registered:
            orders += 1
            _bail(ctx, accused, stay, court_case, accused.bailed_on, orders)

    # Production warrants for those in custody when the case is registered.
    in_custody = [a for a in tried if a.custody_at(_at(registered, 12, 0))]
    if in_custody and hearing_days:
        order(
            registered,
            "production-warrant",
            "Charge-sheet received; cognizance taken. Accused in judicial custody to be produced on the date fixed.",
            [(a.person, "accused", a.code) for a in in_custody],
            custody=[(a, "produce", a.custody_at(_at(registered, 12, 0)), None, hearing_days[0]) for a in in_custody],
            next_on=hearing_days[0],
        )

    # Hearings, with productions from prison.
    pw_numbers = {id(person): f"PW{n}" for n, (person, _) in enumerate(report.witnesses, start=1)}
    to_examine = list(report.witnesses)
    adjournments = 0
    previous = registered
    for number, day in enumerate(hearing_days):
        progress = (day - registered).days / max((judgment_on - registered).days, 1)
        stage, purpose = _stage(progress)
        attendance = []
        for accused in tried:
            stay = accused.custody_at(_at(day, 10, 0))
            if stay is not None:
                status = "produced-from-custody" if rng.random() < 0.7 else "video-conference"
                if status == "produced-from-custody":
                    escort = [_pick(rng, ctx.hcs), _pick(rng, ctx.hcs)]
                    register = ctx.world.serial(case, (stay.prison.code, "MOV", day.year), _at(day, 8, 0), 40)
                    movement = Movement(
                        accused,
                        stay,
                        "CourtProduction",
                        _at(day, rng.randint(7, 9), rng.randrange(0, 60, 5)),
                        register,
                        court_case,
                        previous,
                        f"PW/{rng.randint(100, 4999)}/{previous.year}",
                        list(dict.fromkeys(escort)),
                        f"HR{rng.randint(10, 99)}GA{rng.randrange(10000):04d}",
                        _at(day, rng.randint(17, 18), rng.randrange(0, 60, 5)),
                        recorded_by=_prison_staff(ctx, stay.prison)[0],
                    )
                    ctx.emit(_entered(rng, movement.at, 2, 30), "prison-movement", movement)
            else:
                status = _weighted(rng, ("present", "exempted", "absent"), (0.85, 0.1, 0.05))
            attendance.append((accused, status))
        witnesses: list[tuple[Person, str, str]] = []
        adjournment = None
        if stage == "prosecution-evidence" and to_examine and rng.random() < 0.65:
            for _ in range(min(len(to_examine), rng.randint(1, 2))):
                person, _ = to_examine.pop(0)
                witnesses.append((person, pw_numbers[id(person)], "chief-and-cross"))
        elif rng.random() < 0.35:
            sought, reason, details = _pick(rng, _ADJOURNMENTS)
            if sought == "prosecution":
                adjournments += 1
            adjournment = (sought, reason, details, adjournments if sought == "prosecution" else 1)
        next_on = hearing_days[number + 1] if number + 1 < len(hearing_days) else judgment_on
        next_stage = _stage((next_on - registered).days / max((judgment_on - registered).days, 1))[1]
        next_purpose = "Judgment" if number + 1 == len(hearing_days) else next_stage
        business = _business(case, stage, witnesses, adjournment, attendance)
        ctx.emit(
            _entered(rng, _at(day, rng.randint(15, 17), rng.randrange(60)), 5, 120),
            "hearing-recorded",
            Hearing(
                court_case, day, stage, purpose, business, attendance, witnesses, adjournment, next_on, next_purpose
            ),
        )
        if stage == "prosecution-evidence" and adjournment and adjournment[1] == "witness-absent" and to_examine:
            person = to_examine[0][0]
            order(
                day,
                "summons",
                f"{pw_numbers[id(person)]} absent despite service. Fresh summons to issue through the SHO, "
                f"PS {case.station_name}, for the next date.",
                [(person, "witness", None)],
                process=(f"SHO, PS {case.station_name}, {case.district.name}", next_on),
            )
        previous = day
    _judgment(ctx, report, court_case, tried, judgment_on)


def _business(
    case: Case,
    stage: str,
    witnesses: list[tuple[Person, str, str]],
    adjournment: tuple[str, str, str, int] | None,
    attendance: list[tuple[Accused, str]],
) -> str:
    present = ", ".join(f"{a.code} {status.replace('-', ' ')}" for a, status in attendance)
    parts = [f"Present: APP for the State. Accused: {present}."]
    if witnesses:
        parts.append(" ".join(f"{number} examined and cross-examined." for _, number, _ in witnesses))
    if adjournment:
        parts.append(adjournment[2])
    parts.append(
        {
            "appearance": "Copies of the charge-sheet to be supplied.",
            "supply-of-copies": "Copies supplied; arguments on charge.",
            "charge": "Charge framed; accused pleaded not guilty and claimed trial.",
            "prosecution-evidence": "Remaining prosecution witnesses be summoned.",
            "statement-of-accused": "Statement of the accused recorded; the evidence denied; defence evidence sought.",
            "defence-evidence": "Defence evidence closed.",
            "final-arguments": "Arguments heard in part.",
        }.get(stage, "Adjourned.")
    )
    if case.sexual:
        parts.append("(Proceedings held in camera.)")
    return " ".join(parts)


def _bail(ctx: _Ctx, accused: Accused, stay: Custody, court_case: CourtCase, day: date, number: int) -> None:
    rng, case = ctx.rng, ctx.case
    bond = _pick(rng, (25000, 50000, 100000))
    summary = (
        f"Application for regular bail of accused {nm.usual(accused.person.name)} ({accused.code}), in judicial "
        f"custody since {stay.admitted_at.date():%d.%m.%Y}. Investigation is complete or near completion and the "
        f"trial will take time. Without commenting on the merits, the accused is admitted to bail on a personal "
        f"bond of Rs. {bond:,} with one surety in the like amount. Release warrant be sent to the Superintendent, "
        f"{stay.prison.name}."
    )
    made = Order(
        court_case,
        day,
        number,
        "bail-granted",
        summary,
        [(accused.person, "accused", accused.code)],
        bail=(
            bond,
            1,
            [
                "The accused shall appear on every date of hearing unless exempted.",
                "The accused shall not contact or influence the prosecution witnesses.",
            ],
        ),
        custody=[(accused, "release", stay, day, None)],
        in_camera=case.sexual,
    )
    ctx.emit(_entered(rng, _at(day, rng.randint(15, 16), rng.randrange(60)), 10, 90), "court-order", made)
    assert stay.released_at is not None
    register = ctx.world.serial(case, (stay.prison.code, "MOV", day.year), stay.released_at, 40)
    movement = Movement(
        accused,
        stay,
        "ReleaseOnBail",
        stay.released_at,
        register,
        court_case,
        day,
        f"RW/{rng.randint(100, 4999)}/{day.year}",
        recorded_by=_prison_staff(ctx, stay.prison)[0],
        remarks="Released on furnishing bail bonds as directed by the court.",
    )
    ctx.emit(_entered(rng, movement.at, 2, 40), "prison-movement", movement)


def _term(months: int) -> str:
    years, rest = divmod(months, 12)
    if years and rest:
        return f"P{years}Y{rest}M"
    return f"P{years}Y" if years else f"P{rest}M"


def _sentence(rng: random.Random, offence: Offence, custody_days: int) -> Finding:
    sentence = offence.sentence
    fine = rng.randrange(sentence.fine[0], sentence.fine[1] + 1, 500) if sentence.fine[1] else None
    if sentence.kind == "life":
        return Finding(("", ""), "convicted", ("life", None), fine, "P1Y" if fine else None)
    months = rng.randint(*sentence.months)
    if months == 0:
        return Finding(("", ""), "convicted", None, fine or 1000, "P1M")
    return Finding(
        ("", ""), "convicted", (sentence.kind, _term(months)), fine, _term(max(1, months // 6)) if fine else None
    )


def _months_of(term: str | None) -> int:
    if not term:
        return 0
    years = int(term[1:].split("Y")[0]) if "Y" in term else 0
    rest = term.split("Y")[-1].lstrip("P")
    months = int(rest.rstrip("M")) if rest.endswith("M") and rest.rstrip("M") else 0
    return years * 12 + months


def _judgment(ctx: _Ctx, report: FinalReport, court_case: CourtCase, tried: list[Accused], judgment_on: date) -> None:
    rng, case, offence = ctx.rng, ctx.case, ctx.case.offence
    compounded = offence.compoundable and rng.random() < 0.15
    case_convicts = rng.random() < offence.convict
    verdicts = []
    judgment_at = _at(judgment_on, 16, 0)
    for accused in tried:
        charges = [c for c in case.charges() if c not in _JOINT]
        substantive = charges[:1] if offence.special else charges
        custody_days = sum(((stay.released_at or judgment_at) - stay.admitted_at).days for stay in accused.custody)
        if compounded:
            verdict = "compounded"
        elif case_convicts and (len(tried) == 1 or rng.random() < 0.8):
            verdict = "convicted"
        else:
            verdict = "acquitted"
        accused.verdict = verdict
        findings = []
        probation = (
            verdict == "convicted"
            and offence.sentence.kind != "life"
            and offence.sentence.months[1] <= 36
            and rng.random() < 0.15
            and not accused.custody_at(judgment_at)
        )
        for index, charge in enumerate(substantive):
            if verdict != "convicted":
                findings.append(Finding(charge, verdict))
            elif index > 0 and rng.random() < 0.3:
                findings.append(Finding(charge, "acquitted"))
            elif probation:
                findings.append(Finding(charge, "convicted", probation="P1Y"))
            else:
                finding = _sentence(rng, offence, custody_days)
                finding.charge = charge
                findings.append(finding)
        result = Verdict(accused, findings)
        imprisoned = [f for f in findings if f.imprisonment is not None]
        if verdict == "convicted":
            result.set_off_days = custody_days or None
            if case.victims and rng.random() < 0.3:
                beneficiary = case.complainant if case.victims[0].deceased else case.victims[0]
                if beneficiary is not None:
                    result.compensation = (beneficiary, rng.randrange(5000, 100001, 5000))
            longest = max(
                (_months_of(f.imprisonment[1]) if f.imprisonment and f.imprisonment[1] else 999 for f in imprisoned),
                default=0,
            )
            in_custody = accused.custody_at(judgment_at) is not None
            if imprisoned and longest <= 36 and not in_custody:
                result.suspended_until = judgment_on + timedelta(days=30)
            elif imprisoned:
                result.committed_to = case.district.prison
        verdicts.append(result)
    convicted = [v for v in verdicts if v.accused.verdict == "convicted"]
    summary = (
        "The prosecution has proved its case beyond reasonable doubt against the accused convicted below; "
        if convicted
        else "The prosecution witnesses turned hostile or did not support the prosecution; the benefit of doubt "
        "goes to the accused; "
    ) + (
        "the parties have compounded the offence with the court's permission."
        if compounded
        else "findings are recorded accused-wise below."
    )
    disposal = Disposal(
        court_case,
        judgment_on,
        verdicts,
        summary,
        "Case property be disposed of after the period of appeal or revision." if case.stolen else None,
    )
    ctx.emit(_entered(rng, _at(judgment_on, 16, rng.randrange(0, 45)), 5, 60), "court-disposal", disposal)
    for verdict in verdicts:
        _after_judgment(ctx, court_case, verdict, judgment_on)


def _after_judgment(ctx: _Ctx, court_case: CourtCase, verdict: Verdict, judgment_on: date) -> None:
    rng, case, offence = ctx.rng, ctx.case, ctx.case.offence
    accused = verdict.accused
    judgment_at = _at(judgment_on, 17, 30)
    stay = accused.custody_at(judgment_at)
    court = (court_case.establishment, court_case.court_name, court_case.court_number)
    if accused.verdict != "convicted":
        if stay is not None:
            stay.released_at = _at(judgment_on, 19, rng.randrange(0, 60, 5))
            register = ctx.world.serial(case, (stay.prison.code, "MOV", judgment_on.year), stay.released_at, 40)
            ctx.emit(
                _entered(rng, stay.released_at, 2, 40),
                "prison-movement",
                Movement(
                    accused,
                    stay,
                    "ReleaseOnCompletion",
                    stay.released_at,
                    register,
                    court_case,
                    judgment_on,
                    f"RW/{rng.randint(100, 4999)}/{judgment_on.year}",
                    recorded_by=_prison_staff(ctx, stay.prison)[0],
                    remarks=(
                        f"Released: {'acquitted' if accused.verdict == 'acquitted' else 'offence compounded'} by the "
                        f"court's judgment of {judgment_on:%d.%m.%Y}."
                    ),
                ),
            )
        if accused.verdict == "acquitted" and rng.random() < (0.2 if offence.sessions else 0.08):
            _appeal(ctx, court_case, verdict, judgment_on, against_acquittal=True)
        return
    imprisoned = [f for f in verdict.findings if f.imprisonment is not None]
    appeals = rng.random() < (0.6 if imprisoned else 0.15)
    if imprisoned and verdict.suspended_until is None:
        if stay is not None:
            stay.released_at = judgment_at
        charges = [f.charge for f in verdict.findings if f.result == "convicted"]
        custody = _admit(
            ctx,
            accused,
            _at(judgment_on, 19, rng.randrange(0, 60, 5)),
            category="convict",
            order_kind="conviction-warrant",
            court=court,
            order_date=judgment_on,
            court_case=court_case,
            custody_until=None,
            charges=charges,
        )
        accused.in_prison_after_judgment = True
        longest = max(
            _months_of(f.imprisonment[1]) if f.imprisonment and f.imprisonment[1] else 10**4 for f in imprisoned
        )
        ends = judgment_on + timedelta(days=longest * 30 - (verdict.set_off_days or 0))
        if ends < AS_OF.date() and not appeals:
            ends = max(ends, judgment_on + timedelta(days=1))
            custody.released_at = _at(ends, rng.randint(9, 12), rng.randrange(0, 60, 5))
            register = ctx.world.serial(case, (custody.prison.code, "MOV", ends.year), custody.released_at, 40)
            ctx.emit(
                _entered(rng, custody.released_at, 2, 60),
                "prison-movement",
                Movement(
                    accused,
                    custody,
                    "ReleaseOnCompletion",
                    custody.released_at,
                    register,
                    court_case=court_case,
                    completed_on=ends,
                    recorded_by=_prison_staff(ctx, custody.prison)[0],
                    remarks="Released on completion of sentence after set-off and remission.",
                ),
            )
    elif imprisoned and not appeals and verdict.suspended_until is not None:
        # Did not appeal: surrenders when the suspension ends.
        surrender = verdict.suspended_until
        charges = [f.charge for f in verdict.findings if f.result == "convicted"]
        _admit(
            ctx,
            accused,
            _at(surrender, rng.randint(11, 16), rng.randrange(0, 60, 5)),
            category="convict",
            order_kind="conviction-warrant",
            court=court,
            order_date=judgment_on,
            court_case=court_case,
            custody_until=None,
            charges=charges,
        )
        accused.in_prison_after_judgment = True
    if appeals:
        _appeal(ctx, court_case, verdict, judgment_on, against_acquittal=False)


def _appeal(ctx: _Ctx, lower: CourtCase, verdict: Verdict, judgment_on: date, *, against_acquittal: bool) -> None:
    rng, case, offence = ctx.rng, ctx.case, ctx.case.offence
    accused = verdict.accused
    filed = judgment_on + (_days(rng, 10, 28) if verdict.suspended_until else _days(rng, 15, 85))
    high_court = offence.sessions
    if high_court:
        case_type = "CRA-AS" if against_acquittal else "CRA-S"
        appeal_case = _court_case(
            ctx,
            HIGH_COURT_ESTABLISHMENT,
            "High Court of Punjab and Haryana at Chandigarh",
            f"Bench-{1 + case.index % 30}",
            case_type,
            "Criminal Appeal (State)" if against_acquittal else "Criminal Appeal (Single Bench)",
            filed,
            filed + _days(rng, 0, 10),
            "Judge, High Court",
            per_day=40,
            level="high-court",
        )
        decided = filed + _days(rng, 360, 1400)
    else:
        appeal_case = _court_case(
            ctx,
            case.district.sessions_establishment,
            f"Court of Additional Sessions Judge, {case.district.name}",
            "ASJ-03",
            "CRA",
            "Criminal Appeal",
            filed,
            filed + _days(rng, 0, 6),
            "Additional Sessions Judge",
            per_day=4,
            level="sessions-court",
        )
        decided = filed + _days(rng, 180, 720)
    if against_acquittal:
        result = _weighted(rng, ("dismissed", "allowed"), (0.85, 0.15))
        kind = "against-acquittal"
    else:
        result = _weighted(rng, ("dismissed", "partly-allowed", "allowed"), (0.55, 0.2, 0.25))
        kind = "against-conviction"
    outcomes = []
    findings = []
    for finding in verdict.findings:
        if result == "allowed" and not against_acquittal:
            findings.append(Finding(finding.charge, "acquitted"))
        elif result == "allowed":
            convicted = _sentence(rng, offence, 0)
            convicted.charge = finding.charge
            findings.append(convicted)
        elif result == "partly-allowed" and finding.imprisonment and finding.imprisonment[1]:
            months = max(1, _months_of(finding.imprisonment[1]) // 2)
            findings.append(
                Finding(
                    finding.charge,
                    "convicted",
                    (finding.imprisonment[0], _term(months)),
                    finding.fine,
                    finding.default_term,
                )
            )
        else:
            findings.append(
                Finding(finding.charge, finding.result, finding.imprisonment, finding.fine, finding.default_term)
            )
    outcomes.append(Verdict(accused, findings))
    summary = {
        "dismissed": "No ground to interfere with the judgment under appeal; the appeal is dismissed.",
        "partly-allowed": "Conviction upheld; the sentence of imprisonment is reduced as below.",
        "allowed": "The judgment under appeal is set aside."
        + (
            " The respondent is convicted as below."
            if against_acquittal
            else " The appellant is acquitted; bail bonds discharged."
        ),
    }[result]
    appeal = Appeal(
        appeal_case,
        lower,
        judgment_on,
        kind,
        None if against_acquittal else accused,
        [accused],
        filed,
        decided,
        result,
        outcomes,
        summary,
    )
    # Entered by the evening the appellant walks out of (or into) prison.
    ctx.emit(_entered(rng, _at(decided, rng.randint(15, 16), rng.randrange(60)), 5, 60), "appeal-result", appeal)
    decided_at = _at(decided, 19, rng.randrange(0, 60, 5))
    stay = accused.custody_at(decided_at)
    if stay is not None and result == "allowed" and not against_acquittal:
        stay.released_at = decided_at
        register = ctx.world.serial(case, (stay.prison.code, "MOV", decided.year), decided_at, 40)
        ctx.emit(
            _entered(rng, decided_at, 2, 40),
            "prison-movement",
            Movement(
                accused,
                stay,
                "ReleaseOnCompletion",
                decided_at,
                register,
                appeal_case,
                decided,
                f"RW/{rng.randint(100, 4999)}/{decided.year}",
                recorded_by=_prison_staff(ctx, stay.prison)[0],
                remarks="Released on acquittal in appeal.",
            ),
        )
    elif (
        stay is None
        and any(f.imprisonment for f in outcomes[0].findings)
        and (result in ("dismissed", "partly-allowed") or (against_acquittal and result == "allowed"))
    ):
        # On bail during the appeal: the conviction stands, so the appellant surrenders to serve the sentence.
        surrender = decided + _days(rng, 7, 30)
        charges = [f.charge for f in outcomes[0].findings if f.result == "convicted"]
        court = (lower.establishment, lower.court_name, lower.court_number)
        _admit(
            ctx,
            accused,
            _at(surrender, rng.randint(11, 16), rng.randrange(0, 60, 5)),
            category="convict",
            order_kind="conviction-warrant",
            court=court,
            order_date=decided,
            court_case=lower,
            custody_until=None,
            charges=charges,
        )


def stable_hex(*parts: object, length: int = 64) -> str:
    """A deterministic hex string of ``parts`` (hash values, certificate serials)."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:length]
