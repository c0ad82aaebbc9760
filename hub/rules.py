"""Rules a schema cannot say: checked after XSD validation, on any record type, each naming line and path.

- the header's RecordId is the deterministic id of its source system, record type and source record id;
- the header's RecordType is the type its root element declares;
- every charge names a known section of a known statute, and IPC or BNS as the offence date requires;
- an occurrence window runs forwards and ends before the record was registered.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from lxml import etree

from hub.record import record_id
from hub.schemas import RecordSchema, ValidationIssue, element_path
from hub.statutes import NEW_CODES_FROM, PENAL_CODE_BEFORE, PENAL_CODE_FROM, penal_code_for, section_problem


def check_rules(root: etree._Element, schema: RecordSchema) -> list[ValidationIssue]:
    """Every rule broken by a schema-valid document, in document order."""
    return [*_header_rules(root, schema), *_charge_rules(root), *_time_rules(root)]


def _child(parent: etree._Element, name: str) -> etree._Element | None:
    # Runs on every ingest: an explicit namespace, because lxml's "{*}" wildcard costs several times more.
    # iterchildren filters in C; find() goes through ElementPath and costs several times more.
    tag = parent.tag.rsplit("}", 1)[0] + "}" + name if parent.tag[0] == "{" else name
    return next(parent.iterchildren(tag), None)


def _text(parent: etree._Element, name: str) -> str:
    found = _child(parent, name)
    return (found.text or "").strip() if found is not None else ""


def _issue(element: etree._Element, rule: str, message: str) -> ValidationIssue:
    return ValidationIssue(element.sourceline, element_path(element), rule, message)


def _header_rules(root: etree._Element, schema: RecordSchema) -> list[ValidationIssue]:
    header = _child(root, "Header")
    if header is None:
        return []
    issues = []
    declared_type = _child(header, "RecordType")
    if declared_type is not None and (declared_type.text or "").strip() != schema.record_type:
        issues.append(
            _issue(
                declared_type,
                "header-record-type",
                f"RecordType {declared_type.text!r} does not match the root element, which is a {schema.record_type!r}",
            )
        )
    expected = record_id(_text(header, "SourceSystem"), schema.record_type, _text(header, "SourceRecordId"))
    given = _child(header, "RecordId")
    if given is not None and (given.text or "").strip() != expected:
        issues.append(
            _issue(
                given,
                "header-record-id",
                f"RecordId {given.text!r} is not the id of this source record; expected {expected} "
                "(record_id(SourceSystem, RecordType, SourceRecordId))",
            )
        )
    return issues


def _charge_rules(root: etree._Element) -> list[ValidationIssue]:
    issues = []
    for charge in root.iter(f"{{{etree.QName(root).namespace}}}Charge"):
        statute = _text(charge, "Statute")
        section_el = _child(charge, "Section")
        section = _text(charge, "Section")
        problem = section_problem(statute, section)
        if problem is not None and section_el is not None:
            issues.append(_issue(section_el, "section-known", problem))
        offence_text = _text(charge, "OffenceDate")
        if statute in (PENAL_CODE_BEFORE, PENAL_CODE_FROM) and offence_text:
            offence = date.fromisoformat(offence_text[:10])
            required = penal_code_for(offence)
            if statute != required:
                statute_el = _child(charge, "Statute")
                assert statute_el is not None
                issues.append(
                    _issue(
                        statute_el,
                        "penal-code-by-date",
                        f"{section} {statute}: an offence on {offence} falls under {required}, not {statute} "
                        f"(BNS replaced IPC for offences from {NEW_CODES_FROM})",
                    )
                )
    return issues


IST = timezone(timedelta(hours=5, minutes=30))


def _when(element: etree._Element | None) -> datetime | None:
    if element is None or not (element.text or "").strip():
        return None
    moment = datetime.fromisoformat((element.text or "").strip())
    # A time without an offset is Indian Standard Time, the only zone the pillars' systems record in.
    return moment if moment.tzinfo else moment.replace(tzinfo=IST)


def _time_rules(root: etree._Element) -> list[ValidationIssue]:
    issues = []
    occurrence = _child(root, "Occurrence")
    registered = _child(root, "RegisteredAt")
    if occurrence is None:
        return issues
    start_el, end_el = _child(occurrence, "From"), _child(occurrence, "To")
    start, end, registered_at = _when(start_el), _when(end_el), _when(registered)
    if start and end and end < start and end_el is not None:
        issues.append(
            _issue(end_el, "occurrence-order", f"occurrence ends ({end.isoformat()}) before it starts ({start})")
        )
    if start and registered_at and registered_at < start and registered is not None:
        issues.append(
            _issue(
                registered,
                "registered-after-occurrence",
                f"registered at {registered_at.isoformat()}, before the occurrence began ({start.isoformat()})",
            )
        )
    return issues
