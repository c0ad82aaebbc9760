"""The schema registry: every (record type, version) the hub knows, compiled once, validating with lxml.

Layout on disk: ``schemas/<version>/<record-type>.xsd``, each including ``common.xsd`` and declaring exactly one
global element, the record's root, in the namespace ``urn:icjs:record:<version>``. A document's namespace and
root element name select its schema; nothing in the document (no schemaLocation hint) is ever followed.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lxml import etree

from hub.errors import PermanentError
from hub.record import CANONICAL_NS_PREFIX

XSD_NS = "http://www.w3.org/2001/XMLSchema"


@dataclass(frozen=True)
class ValidationIssue:
    """One reason a document is invalid: where (line, XPath) and what (rule, message)."""

    line: int | None
    path: str
    rule: str
    message: str

    def __str__(self) -> str:
        line = f"line {self.line}: " if self.line is not None else ""
        return f"{line}{self.path}: {self.message} [{self.rule}]"


class InvalidRecord(PermanentError):
    """The document is well-formed but not a valid canonical record; carries every issue found."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(issue) for issue in issues))


@dataclass(frozen=True)
class RecordSchema:
    record_type: str  # kebab-case, the XSD's file stem
    version: str  # "v1"
    namespace: str
    root_element: str  # local name of the global element
    path: Path


def default_schema_dir() -> Path:
    return Path(str(resources.files("schemas")))


class SchemaRegistry:
    """Knows every schema under a directory; compiles each lazily, once per thread (lxml schemas are not
    thread-safe while validating)."""

    def __init__(self, schema_dir: Path | None = None) -> None:
        self._dir = schema_dir or default_schema_dir()
        self._by_root: dict[tuple[str, str], RecordSchema] = {}
        self._by_type: dict[tuple[str, str], RecordSchema] = {}
        for version_dir in sorted(p for p in self._dir.iterdir() if p.is_dir() and p.name.startswith("v")):
            for xsd in sorted(version_dir.glob("*.xsd")):
                if xsd.stem == "common":
                    continue
                schema = _describe(xsd, version_dir.name)
                self._by_root[(schema.namespace, schema.root_element)] = schema
                self._by_type[(schema.record_type, schema.version)] = schema
        self._local = threading.local()

    def schemas(self) -> list[RecordSchema]:
        return sorted(self._by_type.values(), key=lambda s: (s.record_type, s.version))

    def get(self, record_type: str, version: str = "v1") -> RecordSchema:
        try:
            return self._by_type[(record_type, version)]
        except KeyError:
            known = ", ".join(f"{t} ({v})" for t, v in sorted(self._by_type))
            raise PermanentError(f"unknown record type {record_type!r} {version}; known: {known}") from None

    def schema_for(self, root: etree._Element) -> RecordSchema:
        """The schema a document claims by its root element, or PermanentError naming what was found."""
        qname = etree.QName(root)
        schema = self._by_root.get((qname.namespace or "", qname.localname))
        if schema is None:
            if not (qname.namespace or "").startswith(CANONICAL_NS_PREFIX):
                raise InvalidRecord(
                    [
                        ValidationIssue(
                            root.sourceline,
                            f"/{qname.localname}",
                            "namespace",
                            f"root element is not in a canonical namespace ({CANONICAL_NS_PREFIX}<version>); "
                            f"found {qname.namespace or 'no namespace'!r}",
                        )
                    ]
                )
            raise InvalidRecord(
                [
                    ValidationIssue(
                        root.sourceline,
                        f"/{qname.localname}",
                        "record-type",
                        f"no schema declares root element {qname.localname!r} in {qname.namespace}",
                    )
                ]
            )
        return schema

    def validate(self, root: etree._Element) -> tuple[RecordSchema, list[ValidationIssue]]:
        """Validate a parsed document against the schema its root selects; every error, not just the first."""
        schema = self.schema_for(root)
        compiled = self._compiled(schema)
        if compiled.validate(root):
            return schema, []
        tree = root.getroottree()
        issues = [
            ValidationIssue(
                entry.line or None,
                _readable_path(tree, entry.path, entry.line, entry.message),
                "xsd",
                _clean(entry.message),
            )
            for entry in compiled.error_log
        ]
        return schema, issues

    def _compiled(self, schema: RecordSchema) -> etree.XMLSchema:
        cache: dict[Path, etree.XMLSchema] | None = getattr(self._local, "compiled", None)
        if cache is None:
            cache = self._local.compiled = {}
        compiled = cache.get(schema.path)
        if compiled is None:
            # One compile at a time in the process: lxml compiles without the GIL, and libxml2's schema compiler
            # is not safe in two threads at once (the bench's 16 ingest threads, compiling together on a loaded
            # machine, failed with "xmlSchemaPValAttrNodeValue, the given type is not a built-in type").
            # Our own schema files are trusted: xs:include of common.xsd must be resolved from disk.
            with _COMPILE_LOCK:
                compiled = cache[schema.path] = etree.XMLSchema(etree.parse(str(schema.path)))
        return compiled


_COMPILE_LOCK = threading.Lock()


def _describe(xsd: Path, version: str) -> RecordSchema:
    doc = etree.parse(str(xsd)).getroot()
    namespace = doc.get("targetNamespace") or ""
    elements = doc.findall(f"{{{XSD_NS}}}element")
    if len(elements) != 1:
        raise PermanentError(f"{xsd}: a record schema declares exactly one global element, found {len(elements)}")
    return RecordSchema(xsd.stem, version, namespace, elements[0].get("name") or "", xsd)


def _clean(message: str) -> str:
    # libxml2 writes "Element '{urn:icjs:record:v1}Cnr': ..."; the namespace is noise to a reader.
    return message.replace("{urn:icjs:record:v1}", "")


def _readable_path(tree: etree._ElementTree, path: str | None, line: int | None, message: str = "") -> str:
    """libxml2 reports ``/*/*[2]``; a reader wants ``/FirRegistered/RegisteredAt``. For identity-constraint
    errors (key, keyref, unique) it reports no path, only a line: the first element on that line stands in."""
    if path and path != "/":
        try:
            found = tree.xpath(path)
        except etree.XPathError:
            return path
        if isinstance(found, list) and len(found) == 1 and isinstance(found[0], etree._Element):
            return element_path(found[0])
        return path
    if line:
        named = _ELEMENT_NAMED.search(message)
        on_line = [e for e in tree.getroot().iter() if isinstance(e.tag, str) and e.sourceline == line]
        for element in on_line:
            if named is None or etree.QName(element).localname == named.group(1):
                return element_path(element)
        if on_line:
            return element_path(on_line[0])
    return "/"


_ELEMENT_NAMED = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'")


def element_path(element: etree._Element) -> str:
    """``/FirRegistered/Charges/Charge[2]/Section``: local names, positions only where siblings share a name."""
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        name = etree.QName(node).localname
        parent = node.getparent()
        if parent is not None:
            same = [sibling for sibling in parent if sibling.tag == node.tag]
            if len(same) > 1:
                name = f"{name}[{same.index(node) + 1}]"
        steps.append(name)
        node = parent
    return "/" + "/".join(reversed(steps))
