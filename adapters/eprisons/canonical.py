"""Building canonical XML (decode) and reading it (encode), each refusal naming the canonical element."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError, parse_native_xml


def q(name: str) -> str:
    return f"{{{CANONICAL_NS}}}{name}"


def add(parent: etree._Element, name: str, text: str | None = None, **attrib: str) -> etree._Element:
    # Most elements have no attributes, and SubElement is a third faster without an (empty) attribute dict.
    element = etree.SubElement(parent, q(name), attrib) if attrib else etree.SubElement(parent, q(name))
    if text is not None:
        element.text = text
    return element


def add_optional(parent: etree._Element, name: str, text: str | None) -> None:
    if text is not None:
        add(parent, name, text)


def new_root(name: str) -> etree._Element:
    return etree.Element(q(name), nsmap={None: CANONICAL_NS})


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@dataclass(frozen=True)
class Canon:
    """One canonical element being encoded, and its path for refusals."""

    element: etree._Element
    path: str

    @property
    def line(self) -> int | None:
        return self.element.sourceline

    def error(self, message: str, name: str | None = None) -> AdapterError:
        return AdapterError(message, field=self.path if name is None else f"{self.path}/{name}", line=self.line)

    def _by_tag(self) -> dict[object, list[etree._Element]]:
        """The children by tag, in document order, gathered on the first lookup and kept on this Canon.

        Encoders ask one element (the root, the header, a person) for many children by name; ``iterchildren(tag)``
        parsed the tag and walked the children again for every one of those questions.
        """
        try:
            return self._index  # type: ignore[no-any-return]
        except AttributeError:
            index: dict[object, list[etree._Element]] = {}
            for element in self.element:
                index.setdefault(element.tag, []).append(element)  # a comment's tag is a function: never asked for
            object.__setattr__(self, "_index", index)  # a cache, not a field: the dataclass is frozen
            return index

    def children(self, name: str) -> list[Canon]:
        found = self._by_tag().get(q(name), ())
        if len(found) == 1:
            return [Canon(found[0], f"{self.path}/{name}")]
        return [Canon(element, f"{self.path}/{name}[{index}]") for index, element in enumerate(found, start=1)]

    def child(self, name: str) -> Canon | None:
        found = self._by_tag().get(q(name))
        return None if found is None else Canon(found[0], f"{self.path}/{name}")

    def required(self, name: str) -> Canon:
        found = self.child(name)
        if found is None:
            raise self.error("required element is missing", name)
        return found

    def value(self) -> str:
        if len(self.element):
            raise self.error("expected text, found child elements")
        value = (self.element.text or "").strip()
        if not value:
            raise self.error("is empty")
        return value

    def text(self, name: str) -> str | None:
        found = self._by_tag().get(q(name))
        if found is None:
            return None
        return self._leaf_value(found[0], name)

    def required_text(self, name: str) -> str:
        found = self._by_tag().get(q(name))
        if found is None:
            raise self.error("required element is missing", name)
        return self._leaf_value(found[0], name)

    def _leaf_value(self, element: etree._Element, name: str) -> str:
        """``Canon(element, path/name).value()``, without building the Canon unless it is needed for a refusal."""
        if not len(element):
            value = (element.text or "").strip()
            if value:
                return value
        return Canon(element, f"{self.path}/{name}").value()

    def attr(self, name: str) -> str | None:
        value = self.element.get(name)
        return None if value is None else value.strip()

    def required_attr(self, name: str) -> str:
        value = self.attr(name)
        if not value:
            raise self.error("required attribute is missing", f"@{name}")
        return value

    def kind(self) -> str:
        """The local name of the element."""
        return etree.QName(self.element).localname


def read_canonical(canonical: bytes, root_name: str) -> Canon:
    """Parse canonical XML with the hardened parser and check its root is ``root_name`` in the canonical namespace."""
    if not isinstance(canonical, bytes | bytearray):
        raise AdapterError(f"expected canonical XML bytes, got {type(canonical).__name__}", field="document")
    root = parse_native_xml(bytes(canonical))
    if root.tag != q(root_name):
        raise AdapterError(
            f"root element is {root.tag!r}; expected {root_name} in namespace {CANONICAL_NS}",
            field=etree.QName(root).localname if isinstance(root.tag, str) else "document",
            line=root.sourceline,
        )
    return Canon(root, root_name)
