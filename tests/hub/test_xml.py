"""The hardened parser refuses what could read files, reach the network or exhaust memory."""

from __future__ import annotations

import pytest

from hub.errors import PermanentError
from hub.xml import XmlRefused, parse_untrusted


def test_well_formed_document_parses() -> None:
    # Given a plain document / When parsed / Then its root comes back
    root = parse_untrusted(b"<?xml version='1.0' encoding='UTF-8'?><a><b>\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xae</b></a>")
    assert root.tag == "a"
    assert root[0].text == "राम"


@pytest.mark.parametrize(
    "document",
    [
        b'<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>',
        b'<!DOCTYPE a [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]><a/>',
        b'<!DOCTYPE a SYSTEM "http://127.0.0.1:9/evil.dtd"><a/>',
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><a>&lol2;</a>',
    ],
    ids=["xxe-file", "parameter-entity", "external-dtd", "billion-laughs"],
)
def test_any_doctype_is_refused_with_its_line(document: bytes) -> None:
    # Given a document with a DOCTYPE / When parsed / Then it is refused as a permanent error naming the rule
    with pytest.raises(XmlRefused) as refused:
        parse_untrusted(document)
    assert isinstance(refused.value, PermanentError)
    assert "DOCTYPE" in str(refused.value)
    assert refused.value.line is not None


def test_undeclared_entity_is_not_resolved() -> None:
    with pytest.raises(XmlRefused, match="not well-formed"):
        parse_untrusted(b"<a>&ent;</a>")


def test_oversized_document_is_refused_before_parsing() -> None:
    # Given a document over the cap / When parsed / Then the refusal says the size and the limit
    with pytest.raises(XmlRefused, match="2001 bytes, over the limit of 2000 bytes"):
        parse_untrusted(b"<a>" + b"x" * 1994 + b"</a>", max_bytes=2000)


def test_deep_nesting_is_refused() -> None:
    document = b"<a>" * 100_000 + b"</a>" * 100_000
    with pytest.raises(XmlRefused, match="nesting deeper than 256 levels"):
        parse_untrusted(document, max_bytes=10_000_000)


@pytest.mark.parametrize(
    ("document", "expected"),
    [(b"", "empty document"), (b"\x00\x01\x02 not xml", "not well-formed"), (b"<a><b></a>", "not well-formed")],
    ids=["empty", "binary", "mismatched"],
)
def test_garbage_is_refused_with_a_reason(document: bytes, expected: str) -> None:
    with pytest.raises(XmlRefused, match=expected):
        parse_untrusted(document)


def test_truncated_document_names_its_line() -> None:
    with pytest.raises(XmlRefused) as refused:
        parse_untrusted(b"<a>\n<b>\n<c>text</c>\n")
    assert refused.value.line is not None and refused.value.line >= 3
