"""Timelines for auditors: one record's entries, or one case's records and where each went."""

from __future__ import annotations

from hub.audit.chain import AuditEntry
from hub.audit.store import AuditStore

_SUMMARY_KEYS = ("source", "reason", "routing_key", "subscribers", "path", "sha256")


def describe(entry: AuditEntry) -> str:
    """One line of a timeline: sequence, time, event, pillar, actor and the detail that matters."""
    detail = entry.detail_data()
    parts = []
    for key in _SUMMARY_KEYS:
        if key in detail:
            value = detail[key]
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            if key == "sha256":
                value = str(value)[:16] + "…"
            parts.append(f"{key}={value}")
    version = f"v{entry.version}" if entry.version is not None else "  "
    return (
        f"#{entry.seq:<6} {entry.at}  {entry.event:<13} {version:<3} {entry.pillar or '-':<12} "
        f"{entry.actor:<8} {'  '.join(parts)}"
    )


def print_record(audit: AuditStore, record_id: str) -> int:
    entries = list(audit.entries(record_id=record_id))
    if not entries:
        print(f"no audit entries for record {record_id}")
        return 1
    print(f"record {record_id}: {len(entries)} audit entries")
    for entry in entries:
        print("  " + describe(entry))
    return 0


def print_case(audit: AuditStore, case_key: str) -> int:
    found = audit.records_for_case(case_key)
    if not found:
        print(f"no records linked to case {case_key}")
        return 1
    print(f"case {case_key}: {len(found)} record(s)")
    for record_id, version, record_type in found:
        print(f"\n{record_type} {record_id} v{version}")
        for entry in audit.entries(record_id=record_id):
            print("  " + describe(entry))
    return 0
