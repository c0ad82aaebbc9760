"""`schemas show` documents every field; `schemas check-compat` flags what breaks consumers and only that."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hub.cli import main

V1 = Path(__file__).resolve().parents[2] / "schemas" / "v1"
V2 = Path(__file__).resolve().parents[2] / "schemas" / "v2"


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    """fir-registered.xsd with one edit, next to a copy of common.xsd so its include resolves."""
    shutil.copy(V1 / "common.xsd", tmp_path / "common.xsd")
    text = (V1 / "fir-registered.xsd").read_text(encoding="utf-8")
    assert old in text, old
    target = tmp_path / "fir-registered.xsd"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def _check(old: Path, new: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["schemas", "check-compat", str(old), str(new)])
    return code, capsys.readouterr().out


def test_adding_an_optional_element_is_compatible(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _check(V1 / "fir-registered.xsd", V2 / "fir-registered.xsd", capsys)
    assert code == 0
    assert "compatible: /FirRegistered/ZeroFirOrigin: new optional element" in out
    assert "BREAKING" not in out


def test_a_removed_element_breaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    start = '<xs:element name="DelayReason" type="r:TextType" minOccurs="0">'
    text = (V1 / "fir-registered.xsd").read_text(encoding="utf-8")
    block = text[text.index(start) : text.index("</xs:element>", text.index(start)) + len("</xs:element>")]
    new = _variant(tmp_path, block, "")
    code, out = _check(V1 / "fir-registered.xsd", new, capsys)
    assert code == 1
    assert "BREAKING: /FirRegistered/DelayReason: removed" in out


def test_a_new_required_element_breaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    start = '<xs:element name="DelayReason" type="r:TextType" minOccurs="0">'
    new = _variant(tmp_path, start, '<xs:element name="Beat2" type="r:TextType"/>\n' + start)
    code, out = _check(V1 / "fir-registered.xsd", new, capsys)
    assert code == 1
    assert "BREAKING: /FirRegistered/Beat2: new required element" in out


def test_an_optional_element_made_required_breaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _variant(
        tmp_path,
        '<xs:element name="DelayReason" type="r:TextType" minOccurs="0">',
        '<xs:element name="DelayReason" type="r:TextType">',
    )
    code, out = _check(V1 / "fir-registered.xsd", new, capsys)
    assert code == 1 and "BREAKING: /FirRegistered/DelayReason: now required" in out


def test_a_narrowed_type_breaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _variant(tmp_path, '<xs:maxLength value="20000"/>', '<xs:maxLength value="500"/>')
    code, out = _check(V1 / "fir-registered.xsd", new, capsys)
    assert code == 1 and "BREAKING: /FirRegistered/Narrative: narrowed: maxLength 20000 -> 500" in out


def test_a_removed_enumeration_value_breaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _variant(tmp_path, '<xs:enumeration value="oral"/>', "")
    code, out = _check(V1 / "fir-registered.xsd", new, capsys)
    assert code == 1 and "enumeration values removed (oral)" in out


def test_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schemas", "list"]) == 0
    listing = capsys.readouterr().out
    assert "fir-registered" in listing and "police" in listing and "courts, prosecution" in listing
    assert main(["schemas", "show", "fir-registered", "--version", "v1"]) == 0
    shown = capsys.readouterr().out
    assert "RecordId  [1..1]" in shown and "Narrative" in shown
    # every field shown carries its documentation line
    assert "The FIR's contents." in shown
