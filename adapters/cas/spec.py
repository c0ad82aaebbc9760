"""The mapping between CAS records and canonical records, one table per record type, used in both directions.

A record type is described once, as a sequence of parts in the canonical schema's order. Each part knows the
native element names it reads, how to turn them into canonical elements (``decode``) and how to write canonical
elements back as native ones (``encode``). Because both directions are driven by the same table, what decode
reads is exactly what encode writes, which keeps the round trip lossless.

- ``Leaf``: one native element <-> one canonical value (element text, attribute, or an element's attribute);
- ``Group``: a native element holding parts <-> a canonical element holding them (either side may be flat);
- ``Choice``: exactly one of several groups (an arrest or a surrender);
- ``Charges``, ``Persons``, ``Address`` and the record ``Header`` are parts with their own rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from lxml import etree

from adapters.base import CANONICAL_NS, AdapterError
from adapters.cas.native import Node
from adapters.cas.values import Conv
from adapters.notation import IST

# ------------------------------------------------------------------------------------------- canonical helpers


_NS_PREFIX = f"{{{CANONICAL_NS}}}"


def q(name: str) -> str:
    return _NS_PREFIX + name


def add(
    parent: etree._Element, name: str, text: str | None = None, attrib: dict[str, str] | None = None
) -> etree._Element:
    # Most elements have no attributes: SubElement without an (empty) attribute dict is measurably cheaper, and a
    # record adds a hundred elements or so.
    element = (
        etree.SubElement(parent, _NS_PREFIX + name, attrib) if attrib else etree.SubElement(parent, _NS_PREFIX + name)
    )
    if text is not None:
        element.text = text
    return element


def kids(parent: etree._Element, name: str) -> list[etree._Element]:
    """The canonical children of ``parent`` called ``name``, in order."""
    return list(parent.iterchildren(q(name)))


def kid(parent: etree._Element, name: str) -> etree._Element | None:
    found = kids(parent, name)
    if len(found) > 1:
        raise AdapterError(f"appears {len(found)} times; at most once expected", field=path_of(found[1]))
    return found[0] if found else None


def need(parent: etree._Element, name: str) -> etree._Element:
    found = kid(parent, name)
    if found is None:
        raise AdapterError("required element is missing", field=f"{path_of(parent)}/{name}")
    return found


def text_of(parent: etree._Element, name: str) -> str | None:
    found = kid(parent, name)
    if found is None:
        return None
    if len(found):
        raise AdapterError("expected text, found child elements", field=path_of(found))
    return (found.text or "").strip()


def need_text(parent: etree._Element, name: str) -> str:
    value = text_of(parent, name)
    if not value:
        raise AdapterError("required element is missing or empty", field=f"{path_of(parent)}/{name}")
    return value


def path_of(element: etree._Element) -> str:
    """A canonical element's path, e.g. FinalReport/ChargeSheet/Accused[2]/Charge, for encode's refusals."""
    steps = []
    node: etree._Element | None = element
    while node is not None:
        name = etree.QName(node).localname
        parent = node.getparent()
        if parent is not None:
            same = list(parent.iterchildren(node.tag))
            if len(same) > 1:
                name = f"{name}[{same.index(node) + 1}]"
        steps.append(name)
        node = parent
    return "/".join(reversed(steps))


def sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    """A native element."""
    element = etree.SubElement(parent, name)
    if text is not None:
        element.text = text
    return element


# ------------------------------------------------------------------------------------------- contexts


class Ctx:
    """What decoding one native record needs besides the element at hand: its dates and the keys seen so far."""

    def __init__(
        self,
        record: Node,
        *,
        offence_date: Callable[[], date],
        reference_date: Callable[[], date],
    ) -> None:
        self.record = record
        self._offence_date = offence_date
        self._reference_date = reference_date
        self._keys: dict[str, set[str]] = {}

    def offence_date(self) -> date:
        """The date an ACT_SEC without its own OFFENCE_DT charges from (it chooses IPC or BNS)."""
        return self._offence_date()

    def reference_date(self) -> date:
        """The date persons' ages are taken on (a child is under 18 on it) and no birth date may follow."""
        return self._reference_date()

    def register(self, scope: str, value: str, where: Node, what: str) -> None:
        seen = self._keys.setdefault(scope, set())
        if value in seen:
            raise where.error(f"{what} {value!r} is given twice in this record")
        seen.add(value)

    def require(self, scope: str, value: str, where: Node) -> None:
        if value not in self._keys.get(scope, set()):
            holder, key = REFERRED.get(scope, (scope.upper(), scope.upper()))
            raise where.error(f"no {holder} in this record has {key} {value!r}")


# What a reference points at, for its refusal: scope -> (native element, its key field).
REFERRED = {"person": ("PERSON", "PERSON_ID"), "exhibit": ("EXHIBIT", "EXHIBIT_NO")}


@dataclass
class ECtx:
    """What encoding one canonical record needs: the offence date ACT_SECs default to."""

    offence_default: date | None = None


@dataclass(frozen=True)
class DocRow:
    """One line of the README's field tables."""

    native: str
    required: str
    fmt: str
    canonical: str
    doc: str = ""


class Part:
    def names(self) -> tuple[str, ...]:
        """Native element names this part reads directly under its native parent."""
        raise NotImplementedError

    def decode(self, node: Node, out: etree._Element, ctx: Ctx) -> None:
        raise NotImplementedError

    def encode(self, rec: etree._Element, out: etree._Element, ectx: ECtx) -> None:
        raise NotImplementedError

    def rows(self, native: str, canonical: str) -> Iterator[DocRow]:
        """README rows, with the native and canonical paths of the parent."""
        return iter(())

    def present(self, rec: etree._Element) -> bool:
        """Whether the canonical parent holds anything this part would write."""
        return True


def _join(prefix: str, name: str) -> str:
    return f"{prefix}/{name}" if prefix else name


def _occurs(required: bool, many: bool, low: int = 0, high: int | None = None) -> str:
    if many:
        low = max(low, 1 if required else 0)
        return f"{low}–{high}" if high else f"{low}+"
    return "yes" if required else "no"


# ------------------------------------------------------------------------------------------- leaves


@dataclass(frozen=True)
class Leaf(Part):
    """One native element with text <-> one canonical value.

    ``canonical`` is an element name (``GdEntryNumber``), an attribute of the parent (``@serial``), or an attribute
    of a new element (``Witness/@personRef``). ``unique`` refuses the same value twice within the record (its
    scope's name); ``key`` also registers it for ``refers`` to check against.
    """

    native: str
    canonical: str
    conv: Conv
    required: bool = False
    many: bool = False
    low: int = 0
    high: int | None = None
    unique: str | None = None
    refers: str | None = None
    what: str = ""
    doc: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.native,)

    def decode(self, node: Node, out: etree._Element, ctx: Ctx) -> None:
        if self.many:
            items = node.children(self.native)
            low = max(self.low, 1 if self.required else 0)
            if len(items) < low:
                raise node.error(f"required field is missing (at least {low})", self.native)
            if self.high is not None and len(items) > self.high:
                extra = items[self.high]
                raise extra.error(f"at most {self.high} may be given")
            for item in items:
                text = item.own_text()
                if text is None:
                    raise item.error("is empty")
                self._put(out, self.conv.read(text, item), item, ctx)
            return
        child = node.child(self.native)
        text = None if child is None else child.own_text()
        if child is None or text is None:
            if self.required:
                raise node.error("required field is missing or empty", self.native)
            return
        self._put(out, self.conv.read(text, child), child, ctx)

    def _put(self, out: etree._Element, value: str, where: Node, ctx: Ctx) -> None:
        what = self.what or self.native
        if self.refers is not None:
            ctx.require(self.refers, value, where)
        if self.unique is not None:
            ctx.register(self.unique, value, where, what)
        if self.canonical.startswith("@"):
            out.set(self.canonical[1:], value)
        elif "/@" in self.canonical:
            element, attribute = self.canonical.split("/@")
            add(out, element, attrib={attribute: value})
        else:
            add(out, self.canonical, value, self.conv.attributes(value))

    def values(self, rec: etree._Element) -> list[tuple[str, str]]:
        """The canonical values this leaf writes, each with its path."""
        if self.canonical.startswith("@"):
            value = rec.get(self.canonical[1:])
            return [] if value is None else [(value, f"{path_of(rec)}/{self.canonical}")]
        if "/@" in self.canonical:
            element, attribute = self.canonical.split("/@")
            found = []
            for item in kids(rec, element):
                value = item.get(attribute)
                if value is None:
                    raise AdapterError("required attribute is missing", field=f"{path_of(item)}/@{attribute}")
                found.append((value, f"{path_of(item)}/@{attribute}"))
            return found
        found = []
        for item in kids(rec, self.canonical):
            if len(item):
                raise AdapterError("expected text, found child elements", field=path_of(item))
            found.append((item.text or "", path_of(item)))
        return found

    def present(self, rec: etree._Element) -> bool:
        return bool(self.values(rec))

    def encode(self, rec: etree._Element, out: etree._Element, ectx: ECtx) -> None:
        found = self.values(rec)
        if not self.many and len(found) > 1:
            raise AdapterError(f"appears {len(found)} times; CAS keeps one", field=found[1][1])
        if self.required and not found:
            raise AdapterError("required value is missing", field=f"{path_of(rec)}/{self.canonical}")
        if self.high is not None and len(found) > self.high:
            raise AdapterError(f"CAS keeps at most {self.high}", field=found[self.high][1])
        for value, where in found:
            sub(out, self.native, self.conv.write(value, where))

    def rows(self, native: str, canonical: str) -> Iterator[DocRow]:
        yield DocRow(
            _join(native, self.native),
            _occurs(self.required, self.many, self.low, self.high),
            self.conv.fmt,
            _join(canonical, self.canonical),
            self.doc,
        )


@dataclass(frozen=True)
class TextWithAttribute(Part):
    """Two native elements -> one canonical element with text and an attribute (a quantity and its unit)."""

    native: str
    native_attribute: str
    canonical: str
    attribute: str
    conv: Conv
    attribute_conv: Conv
    doc: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.native, self.native_attribute)

    def decode(self, node: Node, out: etree._Element, ctx: Ctx) -> None:
        value = self.conv.read(node.required_text(self.native), node.required_child(self.native))
        extra = self.attribute_conv.read(
            node.required_text(self.native_attribute), node.required_child(self.native_attribute)
        )
        add(out, self.canonical, value, {self.attribute: extra})

    def encode(self, rec: etree._Element, out: etree._Element, ectx: ECtx) -> None:
        element = need(rec, self.canonical)
        where = path_of(element)
        attribute = element.get(self.attribute)
        if attribute is None:
            raise AdapterError("required attribute is missing", field=f"{where}/@{self.attribute}")
        sub(out, self.native, self.conv.write(element.text or "", where))
        sub(out, self.native_attribute, self.attribute_conv.write(attribute, f"{where}/@{self.attribute}"))

    def rows(self, native: str, canonical: str) -> Iterator[DocRow]:
        yield DocRow(_join(native, self.native), "yes", self.conv.fmt, _join(canonical, self.canonical), self.doc)
        yield DocRow(
            _join(native, self.native_attribute),
            "yes",
            self.attribute_conv.fmt,
            _join(canonical, f"{self.canonical}/@{self.attribute}"),
            "",
        )


# ------------------------------------------------------------------------------------------- groups


@dataclass(frozen=True)
class Group(Part):
    """A native element holding parts <-> a canonical element holding them.

    ``native=None``: the parts sit directly in the native parent (CAS keeps them flat); the canonical element is
    made when any of them is given (or always, when required). ``canonical=None``: the native element is a list
    wrapper the canonical record does not have (VICTIM_LIST).
    """

    native: str | None
    canonical: str | None
    parts: tuple[Part, ...]
    required: bool = False
    many: bool = False
    high: int | None = None
    doc: str = ""

    def inner(self) -> tuple[str, ...]:
        return self._inner

    # Computed once per table rather than on every element decoded (the tables never change).
    @cached_property
    def _inner(self) -> tuple[str, ...]:
        return tuple(name for part in self.parts for name in part.names())

    def names(self) -> tuple[str, ...]:
        return self._inner if self.native is None else (self.native,)

    def decode(self, node: Node, out: etree._Element, ctx: Ctx) -> None:
        if self.native is None:
            if self.required or any(node.child(name) is not None for name in self.inner()):
                self._fill(node, out, ctx)
            return
        if self.many:
            items = node.children(self.native)
            if self.required and not items:
                raise node.error("required field is missing", self.native)
            if self.high is not None and len(items) > self.high:
                raise items[self.high].error(f"at most {self.high} may be given")
        else:
            item = node.child(self.native)
            if item is None:
                if self.required:
                    raise node.error("required field is missing", self.native)
                return
            items = [item]
        for item in items:
            item.only(*self.inner())
            self._fill(item, out, ctx)

    def _fill(self, node: Node, out: etree._Element, ctx: Ctx) -> None:
        target = out if self.canonical is None else add(out, self.canonical)
        for part in self.parts:
            part.decode(node, target, ctx)

    def present(self, rec: etree._Element) -> bool:
        if self.canonical is None:
            return any(part.present(rec) for part in self.parts)
        return bool(kids(rec, self.canonical))

    def encode(self, rec: etree._Element, out: etree._Element, ectx: ECtx) -> None:
        if self.canonical is None:
            if not self.required and not self.present(rec):
                return
            wrapper = etree.Element(self.native or "_")
            for part in self.parts:
                part.encode(rec, wrapper, ectx)
            if len(wrapper):
                out.append(wrapper)
            return
        found = kids(rec, self.canonical)
        if self.required and not found:
            raise AdapterError("required element is missing", field=f"{path_of(rec)}/{self.canonical}")
        if not self.many and len(found) > 1:
            raise AdapterError(f"appears {len(found)} times; CAS keeps one", field=path_of(found[1]))
        if self.high is not None and len(found) > self.high:
            raise AdapterError(f"CAS keeps at most {self.high}", field=path_of(found[self.high]))
        for element in found:
            target = out if self.native is None else sub(out, self.native)
            for part in self.parts:
                part.encode(element, target, ectx)

    def rows(self, native: str, canonical: str) -> Iterator[DocRow]:
        inner_native = native if self.native is None else _join(native, self.native)
        inner_canonical = canonical if self.canonical is None else _join(canonical, self.canonical)
        if self.native is not None:
            yield DocRow(
                inner_native,
                _occurs(self.required, self.many, 0, self.high),
                "group",
                inner_canonical if self.canonical is not None else "(list; no element of its own)",
                self.doc,
            )
        for part in self.parts:
            yield from part.rows(inner_native, inner_canonical)


@dataclass(frozen=True)
class Choice(Part):
    """Exactly one of several native groups, each mapping to its own canonical element."""

    options: tuple[Group, ...]

    def names(self) -> tuple[str, ...]:
        return self._names

    @cached_property
    def _names(self) -> tuple[str, ...]:
        return tuple(name for option in self.options for name in option.names())

    def decode(self, node: Node, out: etree._Element, ctx: Ctx) -> None:
        given = [option for option in self.options if any(node.child(n) is not None for n in option.names())]
        labels = " or ".join(option.names()[0] for option in self.options)
        if not given:
            raise node.error(f"required field is missing: give {labels}", self.options[0].names()[0])
        if len(given) > 1:
            raise node.error(f"give {labels}, not both", given[1].names()[0])
        given[0].decode(node, out, ctx)

    def encode(self, rec: etree._Element, out: etree._Element, ectx: ECtx) -> None:
        given = [option for option in self.options if option.canonical and kids(rec, option.canonical)]
        labels = " or ".join(str(option.canonical) for option in self.options)
        if len(given) != 1:
            raise AdapterError(f"expected exactly one of {labels}", field=path_of(rec))
        given[0].encode(rec, out, ectx)

    def rows(self, native: str, canonical: str) -> Iterator[DocRow]:
        heads = [option.names()[0] for option in self.options]
        for option, head in zip(self.options, heads, strict=True):
            others = " or ".join(other for other in heads if other != head)
            for row in option.rows(native, canonical):
                if row.native == _join(native, head):
                    row = DocRow(row.native, f"yes, or {others}", row.fmt, row.canonical, row.doc)
                yield row


def ist_date(moment: datetime) -> date:
    return moment.astimezone(IST).date()
