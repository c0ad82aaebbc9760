"""The envelope that flows through the hub: a validated canonical record and what the hub knows of it."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from lxml import etree

CANONICAL_NS_PREFIX = "urn:icjs:record:"

# Fixed forever: changing it would change every record id ever issued.
_RECORD_ID_NAMESPACE = uuid.UUID("6f1c9a52-0d7e-5b8e-9a43-1c2f7b0e4d11")


def record_id(source_system: str, record_type: str, source_record_id: str) -> str:
    """The deterministic id of a record: the same source record always gets the same id (UUID version 5)."""
    return str(uuid.uuid5(_RECORD_ID_NAMESPACE, f"{source_system}\x1f{record_type}\x1f{source_record_id}"))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class CaseKeys:
    """The case identifiers a record links to, each in its canonical text form, or None."""

    fir_key: str | None = None  # "<state>-<district>-<police station>-<year>-<serial>", e.g. "6-60-PS0012-2024-123"
    cnr: str | None = None
    lab_case_number: str | None = None
    prisoner_id: str | None = None

    def present(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Record:
    """A canonical record that passed validation. Stages return new values; nothing mutates one."""

    record_id: str
    record_type: str
    version: int
    schema_version: str  # "v1": the namespace's version, not the record's
    source_system: str
    source_pillar: str
    source_record_id: str
    created_at: str
    case_keys: CaseKeys
    canonical: bytes
    sha256: str


def _text(parent: etree._Element, ns: str, path: str) -> str | None:
    found = parent.find(path.replace("r:", f"{{{ns}}}"))
    if found is None or found.text is None:
        return None
    return found.text.strip()


def fir_key_text(state: str, district: str, police_station: str, year: str, serial: str) -> str:
    return f"{int(state)}-{int(district)}-{police_station}-{int(year)}-{int(serial)}"


def read_case_keys(root: etree._Element) -> CaseKeys:
    ns = etree.QName(root).namespace or ""
    keys = root.find(f"{{{ns}}}Header/{{{ns}}}CaseKeys")
    if keys is None:
        return CaseKeys()
    fir = keys.find(f"{{{ns}}}FirKey")
    fir_key = None
    if fir is not None:
        parts = [_text(fir, ns, f"r:{name}") or "" for name in _FIR_KEY_PARTS]
        fir_key = fir_key_text(*parts)
    return CaseKeys(
        fir_key=fir_key,
        cnr=_text(keys, ns, "r:Cnr"),
        lab_case_number=_text(keys, ns, "r:LabCaseNumber"),
        prisoner_id=_text(keys, ns, "r:PrisonerId"),
    )


_FIR_KEY_PARTS = ("StateCode", "DistrictCode", "PoliceStationCode", "Year", "Serial")


def record_from_valid(root: etree._Element, canonical: bytes, record_type: str, schema_version: str) -> Record:
    """Build the envelope of a document that already passed schema validation (so the header is complete)."""
    ns = etree.QName(root).namespace or ""
    header = root.find(f"{{{ns}}}Header")
    assert header is not None  # guaranteed by the schema

    def field(name: str) -> str:
        value = _text(header, ns, f"r:{name}")
        assert value is not None  # guaranteed by the schema
        return value

    return Record(
        record_id=field("RecordId"),
        record_type=record_type,
        version=int(field("Version")),
        schema_version=schema_version,
        source_system=field("SourceSystem"),
        source_pillar=field("SourcePillar"),
        source_record_id=field("SourceRecordId"),
        created_at=field("CreatedAt"),
        case_keys=read_case_keys(root),
        canonical=canonical,
        sha256=sha256_hex(canonical),
    )


def with_version(root: etree._Element, canonical: bytes, version: int, supersedes: int | None) -> bytes:
    """The canonical bytes with the header's Version (and Supersedes) set as the hub assigned them.

    The hub owns versions: a source record's first accepted content is version 1, each changed content the next
    one, superseding the one before. Unchanged bytes come back as they are.
    """
    ns = etree.QName(root).namespace or ""
    header = root.find(f"{{{ns}}}Header")
    assert header is not None  # guaranteed by the schema
    version_el = header.find(f"{{{ns}}}Version")
    supersedes_el = header.find(f"{{{ns}}}Supersedes")
    assert version_el is not None
    current = (version_el.text or "").strip()
    current_supersedes = (supersedes_el.text or "").strip() if supersedes_el is not None else None
    wanted_supersedes = str(supersedes) if supersedes is not None else None
    if current == str(version) and current_supersedes == wanted_supersedes:
        return canonical
    version_el.text = str(version)
    if wanted_supersedes is None:
        if supersedes_el is not None:
            header.remove(supersedes_el)
    else:
        if supersedes_el is None:
            supersedes_el = etree.Element(f"{{{ns}}}Supersedes")
            supersedes_el.tail = version_el.tail
            version_el.addnext(supersedes_el)
        supersedes_el.text = wanted_supersedes
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")
