"""Canonical police records -> TraKea's case intake CSV (what the lab's Sample Receiving Section imports).

One CSV per record, one row per line item (an exhibit's examination, a seized item, a property item), the record's
own columns repeated on every row; RECORD_TYPE names TraKea's intake template. TraKea shows the police columns
(FIR, officers, persons) to the Sample Receiving Section only; analysts see the lab case number and the exhibits.
The hub redacts before encoding, so a person's name may read "[identity withheld: ...]" and optional identity
fields may be missing: every column here may be empty except the record's id and FIR.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from adapters.base import AdapterError
from adapters.trakea.codes import DIVISION
from adapters.trakea.csvio import write_table
from adapters.trakea.fields import DATE, DATETIME, Where, q
from adapters.trakea.layout import parse_canonical

Cells = dict[str, str]


@dataclass(frozen=True)
class Template:
    record_type: str
    root: str
    code: str  # RECORD_TYPE of TraKea's intake template
    record: Callable[[etree._Element], Cells]
    items: Callable[[etree._Element], list[Cells]]
    columns: tuple[str, ...]


COMMON_COLUMNS = (
    "RECORD_TYPE",
    "ICJS_RECORD_ID",
    "ICJS_VERSION",
    "SOURCE_SYSTEM",
    "SOURCE_RECORD_ID",
    "CREATED_DT",
    "FIR_STATE_CD",
    "FIR_DIST_CD",
    "FIR_PS_CD",
    "FIR_NO",
    "CNR",
    "LAB_CASE_NO",
)


def encode_intake(canonical: bytes, template: Template) -> bytes:
    root = parse_canonical(canonical, template.root)
    record = {"RECORD_TYPE": template.code, **_common(root), **template.record(root)}
    items = template.items(root) or [{}]
    return write_table(template.columns, [record | item for item in items])


# ------------------------------------------------------------------------------------------- reading helpers


@lru_cache(maxsize=512)  # the paths are the few constants of this module; rebuilding one per lookup cost more
def _path(path: str) -> str:
    return "/".join(step if step in (".", "..") else q(step) for step in path.split("/"))


def t(scope: etree._Element | None, path: str) -> str:
    """The text at ``path`` (one line per element joined by "; "), or "" when absent."""
    if scope is None:
        return ""
    # One step, as most paths here are, is the children of that name: the same elements in the same order as
    # findall gives, without ElementPath's parsing and generator chain on each of a record's ~50 lookups.
    one_step = "/" not in path and path not in (".", "..")
    matches = scope.iterchildren(q(path)) if one_step else scope.findall(_path(path))
    texts = []
    for found in matches:
        text = (found.text or "").strip()
        if text:
            texts.append(text)
    return "; ".join(texts)


def when(scope: etree._Element | None, path: str) -> str:
    value = t(scope, path)
    return DATETIME.write([value], Where(path, None)) if value else ""


def day(scope: etree._Element | None, path: str) -> str:
    value = t(scope, path)
    return DATE.write([value], Where(path, None)) if value else ""


def _common(root: etree._Element) -> Cells:
    name = etree.QName(root).localname
    header = root.find(q("Header"))
    fir = None if header is None else header.find(_path("CaseKeys/FirKey"))
    if header is None or fir is None or not t(header, "SourceRecordId"):
        raise AdapterError("a record for TraKea needs its header and FIR key", field=f"{name}/Header/CaseKeys/FirKey")
    return {
        "ICJS_RECORD_ID": t(header, "RecordId"),
        "ICJS_VERSION": t(header, "Version"),
        "SOURCE_SYSTEM": t(header, "SourceSystem"),
        "SOURCE_RECORD_ID": t(header, "SourceRecordId"),
        "CREATED_DT": when(header, "CreatedAt"),
        "FIR_STATE_CD": t(fir, "StateCode"),
        "FIR_DIST_CD": t(fir, "DistrictCode"),
        "FIR_PS_CD": t(fir, "PoliceStationCode"),
        "FIR_NO": f"{t(fir, 'Serial')}/{t(fir, 'Year')}",
        "CNR": t(header, "CaseKeys/Cnr"),
        "LAB_CASE_NO": t(header, "CaseKeys/LabCaseNumber"),
    }


def sections(root: etree._Element) -> tuple[str, str]:
    """Charges as an FIR writes them ("303(2), 317(2) BNS & 25 ARMS"), and the earliest offence date."""
    by_statute: dict[str, list[str]] = {}
    dates: list[str] = []
    for charge in root.findall(_path("Charges/Charge")):
        by_statute.setdefault(t(charge, "Statute"), []).append(t(charge, "Section"))
        if t(charge, "OffenceDate"):
            dates.append(t(charge, "OffenceDate"))
    text = " & ".join(f"{', '.join(numbers)} {statute}" for statute, numbers in by_statute.items())
    return text, DATE.write([min(dates)], Where("Charges/Charge/OffenceDate", None)) if dates else ""


def person_name(person: etree._Element | None) -> str:
    """A person as the receiving section needs them: name as written, romanised in brackets."""
    if person is None:
        return ""
    name, romanised = t(person, "Name"), t(person, "NameRomanised")
    return f"{name} ({romanised})" if romanised and romanised != name else name


def persons(root: etree._Element) -> dict[str, etree._Element]:
    return {person.get("id", ""): person for person in root.findall(_path("Persons/Person"))}


def referred(root: etree._Element, role: str) -> list[etree._Element]:
    everyone = persons(root)
    return [everyone[ref] for element in root.findall(q(role)) if (ref := element.get("personRef", "")) in everyone]


def officer(scope: etree._Element | None, prefix: str) -> Cells:
    return {
        f"{prefix}_NAME": t(scope, "Name"),
        f"{prefix}_RANK": t(scope, "Rank"),
        f"{prefix}_BELT_NO": t(scope, "BeltNumber"),
    }


def address(scope: etree._Element | None) -> str:
    if scope is None:
        return ""
    parts = [t(line, ".") for line in scope.findall(q("Line"))]
    parts += [t(scope, "VillageOrTown"), t(scope, "PinCode")]
    return ", ".join(part for part in parts if part)


def yes_no(value: str) -> str:
    return {"true": "Y", "1": "Y", "false": "N", "0": "N"}.get(value, "")


def division(value: str) -> str:
    return DIVISION.write([value], Where("Discipline", None)) if value else ""


def _columns(*groups: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(column for group in groups for column in group))


# ------------------------------------------------------------------------------------------ forensic-request


def _request(root: etree._Element) -> Cells:
    charged, offence = sections(root)
    return {
        "LETTER_NO": t(root, "LetterNumber"),
        "LETTER_DT": when(root, "RequestedAt"),
        "LAB_CD": t(root, "Lab/LabCode"),
        "LAB_NAME": t(root, "Lab/Name"),
        "PRIORITY": {"normal": "NORMAL", "urgent": "URGENT", "most-urgent": "MOST URGENT"}.get(t(root, "Priority"), ""),
        "PRIORITY_REASON": t(root, "PriorityReason"),
        "SECTIONS": charged,
        "OFFENCE_DT": offence,
        "BRIEF_FACTS": t(root, "BriefFacts"),
        **officer(root.find(q("ForwardingOfficer")), "FWD_OFFICER"),
        **officer(root.find(q("Carrier")), "CARRIER"),
    }


def _request_items(root: etree._Element) -> list[Cells]:
    everyone = persons(root)
    rows: list[Cells] = []
    for exhibit in root.findall(_path("Exhibits/Exhibit")):
        number = exhibit.get("number", "")
        source = exhibit.find(q("CollectedFrom"))
        person = everyone.get(source.get("personRef", "")) if source is not None else None
        item = {
            "EXHIBIT_NO": number,
            "MALKHANA_NO": t(exhibit, "PropertyRegisterNumber"),
            "MEMO_SR_NO": t(exhibit, "SeizureMemoSerial"),
            "EXHIBIT_DESC": t(exhibit, "Description"),
            "SEAL_IMPRESSION": t(exhibit, "SealImpression"),
            "COLLECTED_FROM": person_name(person),
            "COLLECTED_FROM_SEX": t(person, "Sex"),
            "COLLECTED_FROM_AGE": t(person, "AgeYears"),
            "COLLECTED_FROM_DOB": day(person, "BirthDate"),
        }
        examinations = [e for e in root.findall(q("Examination")) if e.get("exhibit") == number]
        for examination in examinations or [None]:
            rows.append(
                item | {"DIVISION": division(t(examination, "Discipline")), "QUESTION": t(examination, "Question")}
            )
    return rows


REQUEST = Template(
    "forensic-request",
    "ForensicRequest",
    "FSL_REQUEST",
    _request,
    _request_items,
    _columns(
        COMMON_COLUMNS,
        ("LETTER_NO", "LETTER_DT", "LAB_CD", "LAB_NAME", "PRIORITY", "PRIORITY_REASON", "SECTIONS", "OFFENCE_DT"),
        ("BRIEF_FACTS", "FWD_OFFICER_NAME", "FWD_OFFICER_RANK", "FWD_OFFICER_BELT_NO"),
        ("CARRIER_NAME", "CARRIER_RANK", "CARRIER_BELT_NO"),
        ("EXHIBIT_NO", "MALKHANA_NO", "MEMO_SR_NO", "EXHIBIT_DESC", "SEAL_IMPRESSION"),
        ("COLLECTED_FROM", "COLLECTED_FROM_SEX", "COLLECTED_FROM_AGE", "COLLECTED_FROM_DOB", "DIVISION", "QUESTION"),
    ),
)


# ------------------------------------------------------------------------------------------ property-seizure


def _seizure(root: etree._Element) -> Cells:
    charged, offence = sections(root)
    seized_from = referred(root, "SeizedFrom")
    witnesses = referred(root, "Witness")
    handed_to = referred(root, "SealHandedTo")
    source = root.find(q("SeizedFrom"))
    return {
        "MALKHANA_NO": t(root, "PropertyRegisterNumber"),
        "NATURE": t(root, "Nature").upper().replace("-", " "),
        "SEIZED_DT": when(root, "SeizedAt"),
        "SEIZED_PLACE": t(root, "Place/Description"),
        "SEIZED_PLACE_ADDRESS": address(root.find(_path("Place/Address"))),
        "SECTIONS": charged,
        "OFFENCE_DT": offence,
        "SEIZED_FROM": person_name(seized_from[0]) if seized_from else "",
        "PROF_RECEIVER": yes_no(source.get("professionalReceiver", "")) if source is not None else "",
        "WITNESS_1": person_name(witnesses[0]) if witnesses else "",
        "WITNESS_2": person_name(witnesses[1]) if len(witnesses) > 1 else "",
        "GROUNDS": t(root, "Grounds"),
        "SEAL_HANDED_TO": person_name(handed_to[0]) if handed_to else "",
        **officer(root.find(q("SeizingOfficer")), "SEIZING_OFFICER"),
    }


def _seizure_items(root: etree._Element) -> list[Cells]:
    return [
        {
            "MEMO_SR_NO": item.get("serial", ""),
            "EXHIBIT_NO": t(item, "ExhibitNumber"),
            "ITEM_DESC": t(item, "Description"),
            "QTY": t(item, "Quantity"),
            "QTY_UNIT": (item.find(q("Quantity")).get("unit", "") if item.find(q("Quantity")) is not None else ""),
            "VALUE_INR": t(item, "ValueInr"),
            "SEALED": yes_no(t(item, "Sealed")),
            "SEAL_SPECIMEN": t(item, "SealSpecimen"),
        }
        for item in root.findall(_path("Items/Item"))
    ]


SEIZURE = Template(
    "property-seizure",
    "PropertySeizure",
    "SEIZURE_MEMO",
    _seizure,
    _seizure_items,
    _columns(
        COMMON_COLUMNS,
        ("MALKHANA_NO", "NATURE", "SEIZED_DT", "SEIZED_PLACE", "SEIZED_PLACE_ADDRESS", "SECTIONS", "OFFENCE_DT"),
        ("SEIZED_FROM", "PROF_RECEIVER", "WITNESS_1", "WITNESS_2", "GROUNDS", "SEAL_HANDED_TO"),
        ("SEIZING_OFFICER_NAME", "SEIZING_OFFICER_RANK", "SEIZING_OFFICER_BELT_NO"),
        ("MEMO_SR_NO", "EXHIBIT_NO", "ITEM_DESC", "QTY", "QTY_UNIT", "VALUE_INR", "SEALED", "SEAL_SPECIMEN"),
    ),
)


# --------------------------------------------------------------------------------------------- crime-details


def _victims(root: etree._Element) -> str:
    everyone = persons(root)
    shown = []
    for victim in root.findall(q("Victim")):
        person = everyone.get(victim.get("personRef", ""))
        details = [t(person, "Sex"), t(person, "AgeYears") and f"{t(person, 'AgeYears')} years"]
        details.append(t(victim, "Injury") and f"injury: {t(victim, 'Injury')}")
        shown.append(f"{person_name(person)} [{', '.join(d for d in details if d)}]")
    return "; ".join(shown)


def _crime(root: etree._Element) -> Cells:
    charged, offence = sections(root)
    visited_by = root.find(_path("SceneVisit/VisitedBy"))
    return {
        "RECORDED_DT": when(root, "RecordedAt"),
        "SECTIONS": charged,
        "OFFENCE_DT": offence,
        "CRIME_HEAD_CD": t(root, "CrimeHead/Code"),
        "CRIME_HEAD": t(root, "CrimeHead/MajorHead"),
        "CRIME_MINOR_HEAD": t(root, "CrimeHead/MinorHead"),
        "MO_CD": t(root, "ModusOperandi/Code"),
        "MO_DESC": t(root, "ModusOperandi/Description"),
        "PLACE_KIND": t(root, "PlaceOfOccurrence/Kind").upper().replace("-", " "),
        "PLACE_DESC": t(root, "PlaceOfOccurrence/Description"),
        "PLACE_ADDRESS": address(root.find(_path("PlaceOfOccurrence/Address"))),
        "SCENE_VISIT_DT": when(root, "SceneVisit/VisitedAt"),
        "SCENE_VISITED_BY": " ".join(filter(None, (t(visited_by, "Rank"), t(visited_by, "Name")))),
        "SCENE_OBSERVATIONS": t(root, "SceneVisit/Observations"),
        "VICTIMS": _victims(root),
        "MOTIVE": t(root, "Motive/Kind").upper().replace("-", " "),
        "MOTIVE_DESC": t(root, "Motive/Description"),
        "TOTAL_VALUE_INR": t(root, "Property/TotalValueInr"),
        "SKETCH_REF": t(root, "Sketch/Reference"),
        "SKETCH_DESC": t(root, "Sketch/Description"),
        **officer(root.find(q("InvestigatingOfficer")), "IO"),
    }


def _crime_items(root: etree._Element) -> list[Cells]:
    return [
        {
            "ITEM_SR": str(number),
            "ITEM_CATEGORY": t(item, "Category").upper().replace("-", " "),
            "ITEM_INVOLVEMENT": t(item, "Involvement").upper().replace("-", " "),
            "ITEM_DESC": t(item, "Description"),
            "ITEM_VALUE_INR": t(item, "ValueInr"),
        }
        for number, item in enumerate(root.findall(_path("Property/Item")), start=1)
    ]


CRIME = Template(
    "crime-details",
    "CrimeDetails",
    "CRIME_DETAILS",
    _crime,
    _crime_items,
    _columns(
        COMMON_COLUMNS,
        ("RECORDED_DT", "SECTIONS", "OFFENCE_DT", "CRIME_HEAD_CD", "CRIME_HEAD", "CRIME_MINOR_HEAD", "MO_CD"),
        ("MO_DESC", "PLACE_KIND", "PLACE_DESC", "PLACE_ADDRESS", "SCENE_VISIT_DT", "SCENE_VISITED_BY"),
        ("SCENE_OBSERVATIONS", "VICTIMS", "MOTIVE", "MOTIVE_DESC", "TOTAL_VALUE_INR", "SKETCH_REF", "SKETCH_DESC"),
        ("IO_NAME", "IO_RANK", "IO_BELT_NO"),
        ("ITEM_SR", "ITEM_CATEGORY", "ITEM_INVOLVEMENT", "ITEM_DESC", "ITEM_VALUE_INR"),
    ),
)

TEMPLATES = {template.record_type: template for template in (CRIME, SEIZURE, REQUEST)}
