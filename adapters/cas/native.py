"""Reading CAS's native export: elements with their paths and lines, and CAS's codes for values.

Every refusal names the native field as a path from the FIR (``FIR_DETAILS[2]/ACCUSED_LIST/ACCUSED[1]/GENDER``)
and the line of the export it was read from, so a CAS operator can find it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from lxml import etree

from adapters.base import AdapterError


class Node:
    """One native element and the path it is reported under (treat as immutable).

    A plain class with slots rather than a frozen dataclass: decode makes one per field it reads, and a frozen
    dataclass's __init__ cost more than twice as much.
    """

    __slots__ = ("_by_tag", "element", "path")

    def __init__(self, element: etree._Element, path: str) -> None:
        self.element = element
        self.path = path
        # The element's element children by tag, built on the first lookup. A record is asked for dozens of
        # fields; an iterchildren(tag=...) scan per field cost ~1.2 us each, one pass over the children about four.
        self._by_tag: dict[str, list[etree._Element]] | None = None

    def __repr__(self) -> str:
        return f"Node(element={self.element!r}, path={self.path!r})"

    @property
    def line(self) -> int | None:
        return self.element.sourceline

    def error(self, message: str, name: str | None = None) -> AdapterError:
        """An error about this element, or about its child ``name`` (which may be missing)."""
        if name is None:
            return AdapterError(message, field=self.path, line=self.line)
        child = self.child(name)
        where = child if child is not None else self
        return AdapterError(message, field=f"{self.path}/{name}", line=where.line)

    def _index(self) -> dict[str, list[etree._Element]]:
        index = self._by_tag
        if index is None:
            index = {}
            for child in self.element:
                tag = child.tag
                # Comments and processing instructions (tag not a str) are never looked up, as with iterchildren.
                if isinstance(tag, str):
                    found = index.get(tag)
                    if found is None:
                        index[tag] = [child]
                    else:
                        found.append(child)
            self._by_tag = index
        return index

    def _elements(self, name: str) -> Sequence[etree._Element]:
        """The children called ``name``, in document order (read only: the index holds it)."""
        index = self._by_tag  # read directly: this runs for every field looked up
        return (self._index() if index is None else index).get(name, _NO_ELEMENTS)

    def child(self, name: str) -> Node | None:
        found = self._elements(name)
        if not found:
            return None
        if len(found) > 1:
            raise AdapterError(
                f"appears {len(found)} times; CAS exports it at most once",
                field=f"{self.path}/{name}",
                line=found[1].sourceline,
            )
        return Node(found[0], f"{self.path}/{name}")

    def required_child(self, name: str) -> Node:
        node = self.child(name)
        if node is None:
            raise self.error("required field is missing", name)
        return node

    def children(self, name: str) -> list[Node]:
        found = self._elements(name)
        if len(found) == 1:
            return [Node(found[0], f"{self.path}/{name}")]
        return [Node(element, f"{self.path}/{name}[{i}]") for i, element in enumerate(found, start=1)]

    def text(self, name: str) -> str | None:
        """The child's text, NFC-normalised and stripped; None when the child is missing or empty."""
        found = self._elements(name)
        if len(found) != 1:
            self.child(name)  # refuses a repeated child, as child() does
            return None
        # Read straight from the element: a Node for the child is only needed to refuse it (a third of the cost).
        element = found[0]
        if len(element):
            raise Node(element, f"{self.path}/{name}").error("expected text, found child elements")
        return _text_of(element)

    def required_text(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            raise self.error("required field is missing or empty", name)
        return value

    def own_text(self) -> str | None:
        if len(self.element):
            raise self.error("expected text, found child elements")
        return _text_of(self.element)

    def only(self, *names: str) -> None:
        """Refuse a child this CAS format version does not define: a misspelt field would otherwise be lost."""
        # The index keeps tags in the order they first occur, so the first tag not allowed is that of the first
        # child not allowed, the one reported.
        allowed = frozenset(names)  # records allow 40 names or so: a set beats scanning the tuple per child
        for tag, found in self._index().items():
            if tag not in allowed:
                child = found[0]
                name = etree.QName(child).localname
                hint = _HINTS.get(name, "CAS export format 1.0 has no such field here")
                raise AdapterError(f"unexpected element: {hint}", field=f"{self.path}/{name}", line=child.sourceline)


_NO_ELEMENTS: tuple[etree._Element, ...] = ()


def _text_of(element: etree._Element) -> str | None:
    value = unicodedata.normalize("NFC", element.text or "").strip()
    return value or None


_HINTS = {
    "AADHAAR_NO": "an Aadhaar number may not leave CAS; send the vault token as AADHAAR_TOKEN",
}


# --------------------------------------------------------------------------------------------------- values


def short_text(node: Node, name: str, *, required: bool = False, limit: int = 200) -> str | None:
    """A one-line value: inner runs of whitespace become one space; longer than ``limit`` is refused."""
    value = node.required_text(name) if required else node.text(name)
    if value is None:
        return None
    value = " ".join(value.split())
    if len(value) > limit:
        raise node.error(f"is {len(value)} characters, over the limit of {limit}", name)
    return value


def long_text(node: Node, name: str, *, required: bool = False, limit: int = 4000) -> str | None:
    """Free text whose line breaks matter (the FIR's contents); only its ends are trimmed."""
    value = node.required_text(name) if required else node.text(name)
    if value is not None and len(value) > limit:
        raise node.error(f"is {len(value)} characters, over the limit of {limit}", name)
    return value


def integer(node: Node, name: str, *, low: int, high: int) -> int | None:
    value = node.text(name)
    if value is None:
        return None
    if not value.isascii() or not value.isdigit():
        raise node.error(f"{value!r} is not a number", name)
    if len(value.lstrip("0")) > 9:  # int() of thousands of digits is slow, and no CAS number is that long
        raise node.error(f"{value[:20]}... is outside {low} to {high}", name)
    number = int(value)
    if not low <= number <= high:
        raise node.error(f"{number} is outside {low} to {high}", name)
    return number


_AMOUNT_DECORATION = re.compile(r"^(?:rs\.?|inr|₹)\s*|\s*/-$", re.IGNORECASE)


def rupees(node: Node, name: str, *, required: bool = False) -> Decimal | None:
    """An amount as CAS operators type it: "45000", "45,000", "Rs. 1,20,000/-", "₹ 499.50"."""
    value = node.required_text(name) if required else node.text(name)
    if value is None:
        return None
    cleaned = _AMOUNT_DECORATION.sub("", value).replace(",", "").replace(" ", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise node.error(f"{value!r} is not an amount in rupees", name) from None
    if not amount.is_finite() or amount < 0 or int(amount.as_tuple().exponent) < -2:
        raise node.error(f"{value!r} is not an amount in rupees (0 or more, at most 2 decimals)", name)
    return amount


def kilometres(node: Node, name: str) -> Decimal | None:
    value = node.text(name)
    if value is None:
        return None
    cleaned = re.sub(r"\s*(?:km|kms|k\.m\.)$", "", value, flags=re.IGNORECASE)
    try:
        distance = Decimal(cleaned)
    except InvalidOperation:
        raise node.error(f"{value!r} is not a distance in km", name) from None
    if not distance.is_finite() or not 0 <= distance <= 10000:
        raise node.error(f"{value!r} is not a distance in km (0 to 10000)", name)
    return distance


def decimal_text(amount: Decimal) -> str:
    """Plain notation, never an exponent, so the same amount always gives the same bytes."""
    return format(amount, "f")


def coded(node: Node, name: str, table: dict[str, str], *, what: str, required: bool = False) -> str | None:
    """Look a CAS code up in ``table`` (keys upper-case, spaces, dots, hyphens and slashes removed)."""
    value = node.required_text(name) if required else node.text(name)
    if value is None:
        return None
    found = table.get(code_key(value))
    if found is None:
        raise node.error(f"{value!r} is not a {what} (expected one of: {', '.join(_examples(table))})", name)
    return found


_CODE_NOISE = re.compile(r"[\s.\-_/]")  # compiled once: re.sub's cache lookup cost as much as the substitution


def code_key(value: str) -> str:
    """How CAS codes are compared: upper case, without spaces, dots, hyphens, underscores or slashes."""
    return _CODE_NOISE.sub("", value.upper())


def _examples(table: dict[str, str]) -> list[str]:
    return sorted({key for key in table if key.isascii()})


# CAS codes and the spellings operators use, mapped to canonical values.
INFORMATION_TYPES = {
    "O": "oral",
    "ORAL": "oral",
    "W": "written",
    "WRITTEN": "written",
    "E": "electronic",
    "ELECTRONIC": "electronic",
    "EFIR": "electronic",
    "EMAIL": "electronic",
    "S": "suo-motu",
    "SUOMOTU": "suo-motu",
    "Z": "zero-fir-transfer",
    "ZERO": "zero-fir-transfer",
    "ZEROFIR": "zero-fir-transfer",
}

DIRECTIONS = {
    "N": "N",
    "NORTH": "N",
    "NE": "NE",
    "NORTHEAST": "NE",
    "E": "E",
    "EAST": "E",
    "SE": "SE",
    "SOUTHEAST": "SE",
    "S": "S",
    "SOUTH": "S",
    "SW": "SW",
    "SOUTHWEST": "SW",
    "W": "W",
    "WEST": "W",
    "NW": "NW",
    "NORTHWEST": "NW",
}

GENDERS = {
    "M": "male",
    "MALE": "male",
    "पुरुष": "male",
    "F": "female",
    "FEMALE": "female",
    "महिला": "female",
    "T": "transgender",
    "TG": "transgender",
    "TRANSGENDER": "transgender",
    "U": "unknown",
    "UNKNOWN": "unknown",
}

# "S/O" (son of) and "D/O" name the father, "W/O" (wife of) the husband: how FIRs write the relative.
RELATIONS = {
    "F": "father",
    "FATHER": "father",
    "SO": "father",
    "DO": "father",
    "पिता": "father",
    "H": "husband",
    "HUSBAND": "husband",
    "WO": "husband",
    "पति": "husband",
    "M": "mother",
    "MOTHER": "mother",
    "माता": "mother",
    "G": "guardian",
    "GUARDIAN": "guardian",
    "O": "other",
    "OTHER": "other",
}

ACCUSED_STATUSES = {
    "K": "known",
    "KNOWN": "known",
    "S": "suspected",
    "SUSPECTED": "suspected",
    "U": "unknown",
    "UNKNOWN": "unknown",
}

NATIONALITIES = {
    "INDIAN": "IN",
    "INDIA": "IN",
    "भारतीय": "IN",
    "NEPALI": "NP",
    "NEPALESE": "NP",
    "NEPAL": "NP",
    "BANGLADESHI": "BD",
    "BANGLADESH": "BD",
    "PAKISTANI": "PK",
    "PAKISTAN": "PK",
    "AFGHAN": "AF",
    "AFGHANISTAN": "AF",
    "SRILANKAN": "LK",
    "SRILANKA": "LK",
    "BHUTANESE": "BT",
    "BHUTAN": "BT",
    "MYANMAR": "MM",
    "NIGERIAN": "NG",
    "NIGERIA": "NG",
}

YES_NO = {"Y": "true", "YES": "true", "N": "false", "NO": "false"}


def nationality(node: Node, name: str) -> str | None:
    value = node.text(name)
    if value is None:
        return None
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    return coded(node, name, NATIONALITIES, what="nationality (or ISO 3166 two-letter code)")


def flag(node: Node, name: str) -> bool:
    return coded(node, name, YES_NO, what="Y/N flag") == "true"
