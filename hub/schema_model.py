"""What a record schema says, as data: every element and attribute path, its occurrence, type, constraints and
documentation (introspected with xmlschema); and which differences between two versions break consumers.

A change is breaking when a document valid under the old schema may be invalid under the new one, or a consumer
written for the old one may miss data it relied on: an element or attribute removed, a new required one, an
optional one made required, fewer occurrences allowed, or a type narrowed (different base type, enumeration
values removed, shorter maximum length, longer minimum length, tighter bounds or digits, a pattern added or
changed).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xmlschema

XS = "{http://www.w3.org/2001/XMLSchema}"
_MAX_DEPTH = 32  # far deeper than any record; stops a recursive type from looping


@dataclass(frozen=True)
class FieldInfo:
    path: str  # /FirRegistered/Header/RecordId ; attributes as /FirRegistered/Accused/@code
    min_occurs: int
    max_occurs: int | None  # None: unbounded
    type_name: str
    simple: bool
    primitive: str | None  # the XSD built-in a simple type derives from
    facets: dict[str, Any] = field(default_factory=dict)
    documentation: str = ""

    @property
    def occurs(self) -> str:
        upper = "n" if self.max_occurs is None else str(self.max_occurs)
        return f"{self.min_occurs}..{upper}"


@dataclass(frozen=True)
class CompatIssue:
    path: str
    change: str
    breaking: bool

    def __str__(self) -> str:
        return f"{'BREAKING' if self.breaking else 'compatible'}: {self.path}: {self.change}"


def load(path: Path) -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(path))


def describe(schema: xmlschema.XMLSchema10) -> list[FieldInfo]:
    """Every element and attribute reachable from the schema's global element(s), in document order."""
    fields: list[FieldInfo] = []
    for element in schema.elements.values():
        fields.extend(_walk(element, "", 0))
    return fields


def _doc(component: Any) -> str:
    annotation = getattr(component, "annotation", None)
    if annotation is None or not annotation.documentation:
        return ""
    return " ".join(" ".join((d.text or "").split()) for d in annotation.documentation).strip()


def _walk(element: Any, parent: str, depth: int) -> Iterator[FieldInfo]:
    path = f"{parent}/{element.local_name}"
    xsd_type = element.type
    yield _field(path, element.min_occurs, element.max_occurs, xsd_type, _doc(element) or _doc(xsd_type))
    if depth >= _MAX_DEPTH:
        return
    for name, attribute in (getattr(xsd_type, "attributes", None) or {}).items():
        if name is None:
            continue
        local = name.split("}")[-1]
        required = 1 if attribute.use == "required" else 0
        yield _field(f"{path}/@{local}", required, 1, attribute.type, _doc(attribute) or _doc(attribute.type))
    if not xsd_type.is_simple() and not xsd_type.has_simple_content():
        for child in element.iterchildren():
            yield from _walk(child, path, depth + 1)


def _field(path: str, min_occurs: int, max_occurs: int | None, xsd_type: Any, doc: str) -> FieldInfo:
    simple = xsd_type.is_simple() or xsd_type.has_simple_content()
    simple_type = xsd_type if xsd_type.is_simple() else getattr(xsd_type, "content", None)
    primitive = None
    facets: dict[str, Any] = {}
    if simple and simple_type is not None and hasattr(simple_type, "primitive_type"):
        primitive_type = simple_type.primitive_type
        primitive = getattr(primitive_type, "local_name", None)
        facets = _effective_facets(simple_type)
    name = xsd_type.local_name or f"(anonymous {primitive or 'complex'})"
    return FieldInfo(path, min_occurs, max_occurs, name, simple, primitive, facets, doc)


def _effective_facets(xsd_type: Any) -> dict[str, Any]:
    """Facets from the type and its bases; the nearest restriction wins, patterns from every level apply."""
    facets: dict[str, Any] = {}
    patterns: list[str] = []
    chain = []
    current = xsd_type
    while current is not None and len(chain) < 20:
        chain.append(current)
        current = getattr(current, "base_type", None)
    for level in reversed(chain):  # most general first, so narrower levels override
        enumeration = getattr(level, "enumeration", None)
        if enumeration:
            facets["enumeration"] = tuple(str(v) for v in enumeration)
        level_patterns = getattr(level, "patterns", None)
        if level_patterns is not None:
            patterns.extend(level_patterns.regexps)
        for key, facet in (getattr(level, "facets", None) or {}).items():
            local = str(key).replace(XS, "")
            if local in ("enumeration", "pattern", "assertion") or facet is None:
                continue
            value = getattr(facet, "value", None)
            if value is not None:
                facets[local] = value
    if patterns:
        facets["pattern"] = tuple(patterns)
    return facets


_LOWER_BOUNDS = ("minLength", "minInclusive", "minExclusive")
_UPPER_BOUNDS = ("maxLength", "maxInclusive", "maxExclusive", "totalDigits", "fractionDigits")


def compare(old: list[FieldInfo], new: list[FieldInfo]) -> list[CompatIssue]:
    """Differences from ``old`` to ``new``, breaking ones first."""
    before = {f.path: f for f in old}
    after = {f.path: f for f in new}
    issues: list[CompatIssue] = []
    for path, was in before.items():
        now = after.get(path)
        if now is None:
            if _parent(path) in after or _parent(path) == "":
                issues.append(CompatIssue(path, "removed", True))
            continue
        issues.extend(_compare_field(was, now))
    for path, now in after.items():
        if path in before:
            continue
        parent_existed = _parent(path) in before
        if not parent_existed:
            continue  # inside a new element: judged with that element
        if now.min_occurs > 0:
            issues.append(CompatIssue(path, f"new required {'attribute' if '/@' in path else 'element'}", True))
        else:
            issues.append(CompatIssue(path, f"new optional {'attribute' if '/@' in path else 'element'}", False))
    issues.sort(key=lambda i: (not i.breaking, i.path))
    return issues


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0]


def _compare_field(was: FieldInfo, now: FieldInfo) -> Iterator[CompatIssue]:
    path = was.path
    if now.min_occurs > was.min_occurs:
        yield CompatIssue(path, f"now required (occurs {was.occurs} -> {now.occurs})", True)
    elif now.min_occurs < was.min_occurs:
        yield CompatIssue(path, f"now optional (occurs {was.occurs} -> {now.occurs}); consumers may miss it", True)
    was_max = float("inf") if was.max_occurs is None else was.max_occurs
    now_max = float("inf") if now.max_occurs is None else now.max_occurs
    if now_max < was_max:
        yield CompatIssue(path, f"fewer occurrences allowed ({was.occurs} -> {now.occurs})", True)
    elif now_max > was_max:
        yield CompatIssue(path, f"more occurrences allowed ({was.occurs} -> {now.occurs})", was.max_occurs == 1)
    if was.simple != now.simple:
        kind = "simple -> complex" if was.simple else "complex -> simple"
        yield CompatIssue(path, f"type changed {kind} ({was.type_name} -> {now.type_name})", True)
        return
    if not was.simple:
        return
    if was.primitive != now.primitive:
        yield CompatIssue(path, f"base type changed ({was.primitive} -> {now.primitive})", True)
    yield from _compare_facets(path, was.facets, now.facets)


def _compare_facets(path: str, was: dict[str, Any], now: dict[str, Any]) -> Iterator[CompatIssue]:
    old_enum, new_enum = was.get("enumeration"), now.get("enumeration")
    if new_enum is not None:
        if old_enum is None:
            yield CompatIssue(path, f"narrowed: now limited to {', '.join(new_enum)}", True)
        elif set(old_enum) - set(new_enum):
            removed = ", ".join(sorted(set(old_enum) - set(new_enum)))
            yield CompatIssue(path, f"narrowed: enumeration values removed ({removed})", True)
        elif set(new_enum) - set(old_enum):
            added = ", ".join(sorted(set(new_enum) - set(old_enum)))
            yield CompatIssue(path, f"enumeration values added ({added}); consumers must accept them", False)
    if was.get("pattern") != now.get("pattern") and now.get("pattern"):
        yield CompatIssue(path, f"narrowed: pattern changed to {' and '.join(now['pattern'])}", True)
    for facet in _LOWER_BOUNDS:
        if facet in now and (facet not in was or _gt(now[facet], was[facet])):
            yield CompatIssue(path, f"narrowed: {facet} {was.get(facet, 'none')} -> {now[facet]}", True)
    for facet in _UPPER_BOUNDS:
        if facet in now and (facet not in was or _gt(was[facet], now[facet])):
            yield CompatIssue(path, f"narrowed: {facet} {was.get(facet, 'none')} -> {now[facet]}", True)
    if "length" in now and was.get("length") != now["length"]:
        yield CompatIssue(path, f"narrowed: length {was.get('length', 'any')} -> {now['length']}", True)


def _gt(a: Any, b: Any) -> bool:
    try:
        return bool(a > b)
    except TypeError:
        return str(a) != str(b)
