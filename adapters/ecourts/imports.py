"""What CIS imports from ICJS: police, forensic, prosecution and prison records, as a CIS "ICJS import" JSON.

CIS does not keep these records as they are; it reads them to link them to its cases (by CNR, else by FIR) and to
show them to the court. So the import is one envelope with the keys CIS matches on, in CIS's own spelling
(``cino``, ``fir.police_st_code``, ``fir_no``, ``fir_year``, dates dd-mm-yyyy), the acts and sections for its act
table, and the record's content in ``data``: the canonical elements with snake_case names, repeated elements as
lists, dates as CIS writes them. Redacted records (a withheld name, missing optional fields) import as they are.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError, NativeDocument, parse_native_xml
from adapters.ecourts.jsonio import dumps
from adapters.ecourts.mapping import local
from adapters.notation import IST

CONSUMED = frozenset(
    {
        "fir-registered",
        "arrest-surrender",
        "property-seizure",
        "forensic-report",
        "final-report",
        "prosecution-scrutiny",
        "prison-admission",
        "prison-movement",
    }
)

# Elements that may repeat in the consumed schemas: always lists in ``data``, so a CIS importer sees one shape.
_LISTS = frozenset(
    {
        "Accused",
        "AccusedNotChargeSheeted",
        "Alias",
        "Analyst",
        "Charge",
        "Document",
        "Exhibit",
        "ExhibitNumber",
        "Finding",
        "IdentificationMark",
        "Identity",
        "Item",
        "LabResult",
        "Line",
        "MaterialObject",
        "Objection",
        "Officer",
        "Person",
        "RelativeInformed",
        "RiskFlag",
        "Victim",
        "Witness",
    }
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+\-]\d{2}:\d{2})$")


def root_name(record_type: str) -> str:
    """fir-registered -> FirRegistered: the canonical root element of a record type."""
    return "".join(part.capitalize() for part in record_type.split("-"))


def encode_import(canonical: bytes, record_type: str) -> NativeDocument:
    root = parse_native_xml(canonical)
    expected = f"{{{CANONICAL_NS}}}{root_name(record_type)}"
    if root.tag != expected:
        raise AdapterError(
            f"root element is {local(root)!r}; a {record_type} record's root is {root_name(record_type)} "
            f"in {CANONICAL_NS}",
            field=local(root),
        )
    header = _child(root, "Header")
    if header is None:
        raise AdapterError("the record has no Header", field=f"{root_name(record_type)}/Header")
    declared = _text(header, "RecordType")
    if declared != record_type:
        raise AdapterError(f"Header/RecordType is {declared!r}, not {record_type!r}", field="Header/RecordType")
    for name in ("RecordId", "SourceSystem", "SourceRecordId", "CreatedAt"):
        if not _text(header, name):
            raise AdapterError(f"the record's Header has no {name}", field=f"Header/{name}")

    envelope: dict[str, Any] = {
        "import_type": record_type,
        "icjs": {
            "record_id": _text(header, "RecordId"),
            "version": _text(header, "Version"),
            "source_system": _text(header, "SourceSystem"),
            "source_pillar": _text(header, "SourcePillar"),
            "source_record_id": _text(header, "SourceRecordId"),
            "created_at": _value(_text(header, "CreatedAt")),
        },
    }
    keys = _child(header, "CaseKeys")
    if keys is not None:
        cnr = _text(keys, "Cnr")
        if cnr:
            envelope["cino"] = cnr
        fir = _child(keys, "FirKey")
        if fir is not None:
            envelope["fir"] = {
                "state_code": _number(_text(fir, "StateCode")),
                "dist_code": _number(_text(fir, "DistrictCode")),
                "police_st_code": _text(fir, "PoliceStationCode"),
                "fir_no": _number(_text(fir, "Serial")),
                "fir_year": _number(_text(fir, "Year")),
            }
        lab = _text(keys, "LabCaseNumber")
        if lab:
            envelope["lab_case_no"] = lab
        prisoner = _child(keys, "PrisonerId")
        if prisoner is not None:
            envelope["prisoner"] = {
                "prisoner_id": (prisoner.text or "").strip(),
                "state_code": _number(prisoner.get("stateCode") or ""),
                "prison_code": prisoner.get("prisonCode"),
            }
    acts = _acts(root)
    if acts:
        envelope["acts"] = acts
    envelope["data"] = _object(root, skip=("Header",))
    content = dumps(envelope).encode("utf-8") + b"\n"
    return NativeDocument(content, "json", "application/json")


def _child(parent: etree._Element, name: str) -> etree._Element | None:
    return next(parent.iterchildren(f"{{{CANONICAL_NS}}}{name}"), None)


def _text(parent: etree._Element, name: str) -> str:
    found = _child(parent, name)
    return "" if found is None else (found.text or "").strip()


_NUMBER = re.compile(r"\d{1,9}")
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _number(text: str) -> Any:
    return int(text) if _NUMBER.fullmatch(text) else text


def _value(text: str) -> Any:
    """Dates as CIS writes them (dd-mm-yyyy, IST date-times dd-mm-yyyy hh:mm:ss); other text as it is."""
    try:
        if _DATE.match(text):
            return date.fromisoformat(text).strftime("%d-%m-%Y")
        if _DATETIME.match(text):
            return datetime.fromisoformat(text).astimezone(IST).strftime("%d-%m-%Y %H:%M:%S")
    except (ValueError, OverflowError):
        pass
    return text


def _acts(root: etree._Element) -> list[dict[str, str]]:
    """The distinct acts and sections the record charges, for CIS's act table."""
    seen: list[dict[str, str]] = []
    for charge in root.iter(f"{{{CANONICAL_NS}}}Charge"):
        entry = {"act": _text(charge, "Statute"), "section": _text(charge, "Section")}
        if entry["act"] and entry["section"] and entry not in seen:
            seen.append(entry)
    return seen


@lru_cache(maxsize=1024)  # the same few hundred element names recur in every record; a regex sub each time added up
def _snake(name: str) -> str:
    return _CAMEL_HUMP.sub("_", name).lower()


def _object(element: etree._Element, skip: tuple[str, ...] = ()) -> Any:
    """An element as JSON: attributes and children as snake_case keys; text alone as a value."""
    # Each child's local name is worked out once (it was three times); most elements are leaves, with no children
    # to look through.
    elements = (
        [(child, name) for child in element if isinstance(child.tag, str) and (name := local(child)) not in skip]
        if len(element)
        else []
    )
    attributes = {key: value for key, value in element.items() if key != "script"}
    text = (element.text or "").strip()
    if not elements and not attributes:
        return _value(text) if text else True  # an empty element is a flag that is set
    result: dict[str, Any] = {_snake(key): _value(value) for key, value in attributes.items()}
    if text and not elements:
        result["value"] = _value(text)
    for child, name in elements:
        key = _snake(name)
        value = _object(child)
        if name in _LISTS:
            result.setdefault(key, []).append(value)
        elif key in result:
            existing = result[key]
            result[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            result[key] = value
    return result
