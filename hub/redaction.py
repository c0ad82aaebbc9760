"""Redaction by law: pure functions from (canonical record, receiving pillar, policy) to the bytes that pillar
may see, and the list of what was withheld.

Who is protected is computed from the record (its charges, its persons' ages and flags); the policy says which
pillar and record type are entitled to see each class of protected person and which fields everyone else loses
(hub/redaction.toml). Name is replaced by a placeholder and the other fields removed, so the redacted record
still validates against its schema and outbound adapters can encode it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from hub.errors import PermanentError
from hub.statutes import is_sexual_offence
from hub.xml import parse_untrusted

PROTECTED_CLASSES = ("sexual-offence-victim", "child", "protected-witness")
PLACEHOLDER = "[identity withheld: {rule}]"


class BadRedactionPolicy(PermanentError):
    pass


@dataclass(frozen=True)
class Rule:
    name: str
    law: str
    protects: str
    entitled: tuple[str, ...]  # "pillar:record-type", record-type may be *
    fields: tuple[str, ...]

    def entitles(self, pillar: str, record_type: str) -> bool:
        return f"{pillar}:{record_type}" in self.entitled or f"{pillar}:*" in self.entitled


@dataclass(frozen=True)
class Policy:
    version: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Redaction:
    content: bytes
    withheld: tuple[str, ...]  # "Person[@id='P2']/Name (sexual-offence-victim)", ...
    policy_version: str


def parse_policy(data: dict[str, Any], source: str) -> Policy:
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise BadRedactionPolicy(f"{source}: version: a non-empty string is required")
    rules = []
    for index, raw in enumerate(data.get("rules") or [], start=1):
        where = f"{source}: rules[{index}]"
        protects = raw.get("protects")
        if protects not in PROTECTED_CLASSES:
            raise BadRedactionPolicy(f"{where}.protects: {protects!r} is not one of {', '.join(PROTECTED_CLASSES)}")
        fields = tuple(raw.get("fields") or ())
        if not fields:
            raise BadRedactionPolicy(f"{where}.fields: name at least one field")
        entitled = tuple(raw.get("entitled") or ())
        for entry in entitled:
            if ":" not in entry:
                raise BadRedactionPolicy(f"{where}.entitled: {entry!r} is not pillar:record-type")
        rules.append(Rule(str(raw.get("name") or protects), str(raw.get("law") or ""), protects, entitled, fields))
    return Policy(version, tuple(rules))


def load_policy(path: Path | None = None) -> Policy:
    if path is None:
        text = resources.files("hub").joinpath("redaction.toml").read_text(encoding="utf-8")
        source = "hub/redaction.toml"
    else:
        text = path.read_text(encoding="utf-8")
        source = str(path)
    try:
        return parse_policy(tomllib.loads(text), source)
    except tomllib.TOMLDecodeError as exc:
        raise BadRedactionPolicy(f"{source}: {exc}") from None


def protected_persons(root: etree._Element) -> dict[str, set[str]]:
    """Person id -> the protected classes it belongs to, computed from the record alone."""
    ns = etree.QName(root).namespace or ""
    q = f"{{{ns}}}"
    persons = {p.get("id"): p for p in root.iter(f"{q}Person") if p.get("id")}
    found: dict[str, set[str]] = {}

    def mark(person_id: str | None, kind: str) -> None:
        if person_id in persons:
            found.setdefault(person_id, set()).add(kind)

    reference = _reference_date(root, q)
    for person_id, person in persons.items():
        protection = person.find(f"{q}Protection")
        if protection is not None:
            if protection.get("sexualOffenceVictim") in ("true", "1"):
                mark(person_id, "sexual-offence-victim")
            if protection.get("child") in ("true", "1"):
                mark(person_id, "child")
            if protection.get("protectedWitness") in ("true", "1"):
                mark(person_id, "protected-witness")
        if _is_minor(person, q, reference):
            mark(person_id, "child")
    if _charges_sexual_offence(root, q):
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            local = etree.QName(element).localname
            if ("Victim" in local or local == "Complainant") and element.get("personRef"):
                mark(element.get("personRef"), "sexual-offence-victim")
    return found


def _charges_sexual_offence(root: etree._Element, q: str) -> bool:
    for charge in root.iter(f"{q}Charge"):
        statute = (charge.findtext(f"{q}Statute") or "").strip()
        section = (charge.findtext(f"{q}Section") or "").strip()
        if is_sexual_offence(statute, section):
            return True
    return False


def _reference_date(root: etree._Element, q: str) -> date | None:
    created = root.findtext(f"{q}Header/{q}CreatedAt")
    try:
        return date.fromisoformat(created.strip()[:10]) if created else None
    except ValueError:
        return None


def _is_minor(person: etree._Element, q: str, reference: date | None) -> bool:
    age = person.findtext(f"{q}AgeYears")
    if age is not None and age.strip().isdigit():
        return int(age) < 18
    born = person.findtext(f"{q}BirthDate")
    if born and reference:
        try:
            birth = date.fromisoformat(born.strip()[:10])
        except ValueError:
            return False
        years = reference.year - birth.year - ((reference.month, reference.day) < (birth.month, birth.day))
        return years < 18
    return False


def redact(canonical: bytes, record_type: str, pillar: str, policy: Policy) -> Redaction:
    """The bytes ``pillar`` may receive of this record. Unchanged (same bytes) when nothing is withheld."""
    root = parse_untrusted(canonical)
    protected = protected_persons(root)
    if not protected:
        return Redaction(canonical, (), policy.version)
    ns = etree.QName(root).namespace or ""
    q = f"{{{ns}}}"
    persons = {p.get("id"): p for p in root.iter(f"{q}Person") if p.get("id")}
    withheld: list[str] = []
    secrets: set[str] = set()
    for person_id, classes in sorted(protected.items()):
        person = persons[person_id]
        for rule in policy.rules:
            if rule.protects not in classes or rule.entitles(pillar, record_type):
                continue
            secrets |= _identifying_strings(person, q, rule.fields)
            for field in rule.fields:
                for element in person.findall(f"{q}{field}"):
                    if field == "Name":
                        placeholder = PLACEHOLDER.format(rule=rule.name)
                        if element.text != placeholder:
                            element.text = placeholder
                            element.set("script", "Latn")
                            withheld.append(f"Person[@id='{person_id}']/Name ({rule.name})")
                    else:
                        person.remove(element)
                        withheld.append(f"Person[@id='{person_id}']/{field} ({rule.name})")
    if not withheld:
        return Redaction(canonical, (), policy.version)
    # A word shared with an unprotected person's name ("सिंह", "Kumar") identifies nobody by itself; scrubbing it
    # would mangle other people's names. Whole names and address lines are always scrubbed.
    unprotected = {pid: p for pid, p in persons.items() if pid not in protected}
    shared = {w for p in unprotected.values() for w in _name_words(p, q)}
    secrets = {s for s in secrets if " " in s or s not in shared}
    withheld.extend(_scrub_free_text(root, secrets))
    content = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")
    return Redaction(content, tuple(dict.fromkeys(withheld)), policy.version)


_NAME_FIELDS = ("Name", "NameRomanised", "Alias", "Relative/Name", "Relative/NameRomanised")
_ADDRESS_FIELDS = ("Address/Line", "PermanentAddress/Line")
_MIN_TOKEN = 3  # "राम", "Ram": shorter tokens are too common to mean anyone


def _identifying_strings(person: etree._Element, q: str, fields: tuple[str, ...]) -> set[str]:
    """The withheld names (whole and word by word) and address lines of a protected person, as they may recur in
    free text such as the FIR narrative."""
    found: set[str] = set()
    for path in _NAME_FIELDS:
        if path.split("/")[0] not in fields:
            continue
        for element in person.findall("/".join(f"{q}{step}" for step in path.split("/"))):
            text = " ".join((element.text or "").split())
            if text and not text.startswith("[identity withheld"):
                found.add(text)
                found.update(token.strip(".,") for token in text.split() if len(token.strip(".,")) >= _MIN_TOKEN)
    for path in _ADDRESS_FIELDS:
        if path.split("/")[0] not in fields:
            continue
        for element in person.findall("/".join(f"{q}{step}" for step in path.split("/"))):
            text = " ".join((element.text or "").split())
            if text:
                found.add(text)
                # "मकान नंबर 1187, सेक्टर 28" is written "मकान नंबर 1187 सेक्टर 28" in a narrative: parts too
                found.update(part.strip() for part in text.split(",") if len(part.strip()) >= _MIN_TOKEN)
    return found


def _name_words(person: etree._Element, q: str) -> set[str]:
    words: set[str] = set()
    for path in _NAME_FIELDS:
        for element in person.findall("/".join(f"{q}{step}" for step in path.split("/"))):
            words.update(w.strip(".,") for w in (element.text or "").split())
    return words


def _scrub_free_text(root: etree._Element, secrets: set[str]) -> list[str]:
    """Replace every occurrence of a protected person's names and address lines in the record's text, longest
    first so that a full name goes before its parts. Over-redaction of a common word is the price of never
    leaking a name through a narrative."""
    if not secrets:
        return []
    import re

    pattern = re.compile("|".join(re.escape(s) for s in sorted(secrets, key=len, reverse=True)), re.IGNORECASE)
    scrubbed: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        text = element.text
        if text and not text.startswith("[identity withheld") and pattern.search(text):
            element.text = pattern.sub("[withheld]", text)
            scrubbed.append(f"{etree.QName(element).localname} (text naming a protected person)")
    return list(dict.fromkeys(scrubbed))
