"""What the record-schema tests share: the shipped files, edits of an example by path, validation as the hub
validates (the schema registry on a hardened parse, then hub.rules), and checks of the XSD files themselves."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from lxml import etree

import schemas
from hub.record import record_id
from hub.rules import check_rules
from hub.schema_model import describe, load
from hub.schemas import SchemaRegistry, ValidationIssue
from hub.xml import parse_untrusted

V1 = Path(schemas.__file__).parent / "v1"
FIR_EXAMPLE = V1 / "examples" / "fir-registered.xml"
XS = "http://www.w3.org/2001/XMLSchema"
R = "urn:icjs:record:v1"
NS = {"r": R}

Change = Callable[[etree._Element], None]
"""An edit of a parsed record, in place."""


# The shipped files


def xsd_path(record_type: str) -> Path:
    """schemas/v1/<record_type>.xsd."""
    return V1 / f"{record_type}.xsd"


def example_path(record_type: str) -> Path:
    """schemas/v1/examples/<record_type>.xml."""
    return V1 / "examples" / f"{record_type}.xml"


def parse_example(record_type: str) -> etree._Element:
    """The shipped example of ``record_type``, parsed as the hub parses anything from outside."""
    return parse_untrusted(example_path(record_type).read_bytes())


def fir_example() -> etree._Element:
    """The fir-registered example, which the other examples continue."""
    return parse_untrusted(FIR_EXAMPLE.read_bytes())


def find(root: etree._Element, path: str) -> etree._Element:
    """The first element at ``path`` (``r:`` is the record namespace), which must be there."""
    found = root.find(path, NS)
    assert found is not None, path
    return found


def fir_key_texts(root: etree._Element) -> list[str | None]:
    """The parts of the header's FIR key, in order."""
    return [child.text for child in find(root, "r:Header/r:CaseKeys/r:FirKey")]


# Edits by path (ElementPath, ``r:`` for the record namespace): each returns a Change that edits afresh every time it
# is applied, so one Change can serve as a pytest parameter; ``element`` builds what ``insert`` and ``replace`` put in.


def element(name: str, text: str | None = None, *children: etree._Element, **attributes: str) -> etree._Element:
    """A new record element ``name`` with ``text``, ``children`` and ``attributes``."""
    made = etree.Element(f"{{{R}}}{name}", **attributes)
    made.text = text
    made.extend(children)
    return made


def set_text(path: str, text: str) -> Change:
    """Set the text of the element at ``path``."""

    def change(root: etree._Element) -> None:
        find(root, path).text = text

    return change


def set_attribute(path: str, name: str, value: str) -> Change:
    """Set attribute ``name`` of the element at ``path``."""

    def change(root: etree._Element) -> None:
        find(root, path).set(name, value)

    return change


def remove_attribute(path: str, name: str) -> Change:
    """Drop attribute ``name`` of the element at ``path``."""

    def change(root: etree._Element) -> None:
        del find(root, path).attrib[name]

    return change


def remove(path: str) -> Change:
    """Remove the element at ``path``."""

    def change(root: etree._Element) -> None:
        found = find(root, path)
        found.getparent().remove(found)

    return change


def remove_all(path: str) -> Change:
    """Remove every element at ``path`` (there may be none)."""

    def change(root: etree._Element) -> None:
        for found in root.findall(path, NS):
            found.getparent().remove(found)

    return change


def insert(path: str, new: etree._Element, *, inside: bool = False) -> Change:
    """Put a copy of ``new`` right after the element at ``path`` or, ``inside``, as its last child."""

    def change(root: etree._Element) -> None:
        found = find(root, path)
        if inside:
            found.append(copy.deepcopy(new))
        else:
            found.addnext(copy.deepcopy(new))

    return change


def replace(path: str, new: etree._Element) -> Change:
    """Put a copy of ``new`` in the place of the element at ``path``."""

    def change(root: etree._Element) -> None:
        found = find(root, path)
        found.addprevious(copy.deepcopy(new))
        found.getparent().remove(found)

    return change


def duplicate(path: str, *, copies: int = 1, **attributes: str) -> Change:
    """Follow the element at ``path`` by ``copies`` copies of itself, each with ``attributes`` set."""

    def change(root: etree._Element) -> None:
        found = find(root, path)
        for _ in range(copies):
            twin = copy.deepcopy(found)
            for name, value in attributes.items():
                twin.set(name, value)
            found.addnext(twin)

    return change


def changed(root: etree._Element, *changes: Change) -> etree._Element:
    """``root`` after applying ``changes`` in order."""
    for change in changes:
        change(root)
    return root


def combined(*changes: Change) -> Change:
    """One Change that applies ``changes`` in order."""

    def change(root: etree._Element) -> None:
        changed(root, *changes)

    return change


# Validation as the hub validates


def reparsed(root: etree._Element, *, xml_declaration: bool = False) -> etree._Element:
    """``root`` serialized and parsed again as the hub would receive it, so every element has a line."""
    if xml_declaration:
        return parse_untrusted(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return parse_untrusted(etree.tostring(root))


def hub_issues(
    registry: SchemaRegistry, root: etree._Element, *, reparse: bool = True, xml_declaration: bool = False
) -> list[ValidationIssue]:
    """What the hub would refuse the document for: schema issues or, when there are none, rule issues.
    ``reparse``: validate ``reparsed(root)`` (with ``xml_declaration``) rather than ``root`` itself."""
    document = reparsed(root, xml_declaration=xml_declaration) if reparse else root
    schema, issues = registry.validate(document)
    return issues or check_rules(document, schema)


def is_at(
    issue: ValidationIssue, path: str | None, *, suffix: bool = False, root: etree._Element | None = None
) -> bool:
    """The issue is at ``path``: anywhere when it is None; its path ends with it when ``suffix``; else its path is it.
    Given the validated ``root``, an issue with no path but the line of the element at ``path`` counts as well:
    libxml2 reports some identity-constraint failures with a line but no path."""
    if path is None:
        return True
    if issue.path.endswith(path) if suffix else issue.path == path:
        return True
    if root is None:
        return False
    steps = "/".join(f"r:{step}" for step in path.strip("/").split("/"))
    located = root.getroottree().xpath(f"/{steps}", namespaces=NS)[0]
    return issue.path == "/" and issue.line is not None and issue.line == located.sourceline


def assert_refused(
    issues: list[ValidationIssue],
    reason: str,
    path: str | None,
    *,
    suffix: bool = False,
    root: etree._Element | None = None,
) -> None:
    """Some issue is at ``path`` (as ``is_at`` takes it) and has ``reason`` in its message."""
    assert any(is_at(issue, path, suffix=suffix, root=root) and reason in issue.message for issue in issues), issues


def assert_valid_example(registry: SchemaRegistry, record_type: str, root_element: str) -> None:
    """The shipped example is selected as ``record_type`` by its ``root_element`` and has no schema or rule issue."""
    root = parse_example(record_type)
    schema, issues = registry.validate(root)
    assert (schema.record_type, schema.root_element) == (record_type, root_element)
    assert issues == []
    assert check_rules(root, schema) == []


def assert_header_from(root: etree._Element, record_type: str, system: str, pillar: str) -> None:
    """The header names ``system`` of ``pillar`` as its source, with the deterministic RecordId the hub derives."""
    header = find(root, "r:Header")
    assert find(header, "r:SourceSystem").text == system
    assert find(header, "r:SourcePillar").text == pillar
    source_record_id = find(header, "r:SourceRecordId").text
    assert find(header, "r:RecordId").text == record_id(system, record_type, source_record_id)


# The XSD files


def assert_declares_one_root(xsd: Path, root_element: str, *, prefixed_types: bool = True) -> None:
    """``xsd`` declares one global element, ``root_element``; and, ``prefixed_types``, every type it defines is
    prefixed with that name, so no two record schemas clash."""
    root = etree.parse(str(xsd)).getroot()
    assert [declared.get("name") for declared in root.findall(f"{{{XS}}}element")] == [root_element]
    if prefixed_types:
        for kind in ("complexType", "simpleType"):
            for declaration in root.findall(f"{{{XS}}}{kind}"):
                assert declaration.get("name", "").startswith(root_element), declaration.get("name")


def assert_documented(xsd: Path, *, described: bool = False) -> None:
    """Every type, element and attribute of ``xsd`` carries documentation, for `schemas show`; an anonymous
    simple type is documented by its element. ``described``: so does every field hub.schema_model describes."""
    tree = etree.parse(str(xsd))
    for kind in ("complexType", "simpleType", "element", "attribute"):
        for declaration in tree.iter(f"{{{XS}}}{kind}"):
            if declaration.get("name") is None and kind == "simpleType":
                continue
            doc = declaration.findtext(f"{{{XS}}}annotation/{{{XS}}}documentation")
            assert doc and doc.strip(), f"{xsd.name}: {kind} {declaration.get('name')} has no documentation"
    if described:
        assert all(field.documentation for field in describe(load(xsd)))
