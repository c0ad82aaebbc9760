"""Validation throughput: the hub's validation (hardened parse -> schema registry -> XSD) against raw lxml
(etree.fromstring + XMLSchema.validate) on the same documents, in the same run; and, beside it, the hub's full
check with the rules no schema can say (section tables, IPC/BNS by date, record id), which raw lxml does not do.

    .venv/bin/python bench/validate.py [--seconds S]

Prints docs/s for each and the ratios to raw; the target for validate_vs_lxml (XSD path) is >= 0.8.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from hub.rules import check_rules
from hub.schemas import SchemaRegistry
from hub.xml import parse_untrusted

EXAMPLES = Path(__file__).resolve().parents[1] / "schemas" / "v1" / "examples"


def _rate(work: Callable[[bytes], object], docs: list[bytes], seconds: float) -> float:
    for doc in docs:  # warm up: compile schemas, fill caches
        work(doc)
    done = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for doc in docs:
            work(doc)
        done += len(docs)
    return done / (time.perf_counter() - start)


def measure(seconds: float) -> dict[str, float]:
    docs = [p.read_bytes() for p in sorted(EXAMPLES.glob("*.xml"))]
    registry = SchemaRegistry()
    raw_schemas: dict[str, etree.XMLSchema] = {}
    for schema in registry.schemas():
        if schema.version == "v1":
            raw_schemas[schema.root_element] = etree.XMLSchema(etree.parse(str(schema.path)))
    plain = etree.XMLParser()

    def raw(doc: bytes) -> None:
        root = etree.fromstring(doc, plain)
        if not raw_schemas[etree.QName(root).localname].validate(root):
            raise AssertionError("example invalid")

    def hub_xsd(doc: bytes) -> None:
        _, issues = registry.validate(parse_untrusted(doc))
        if issues:
            raise AssertionError(issues)

    def hub_full(doc: bytes) -> None:
        root = parse_untrusted(doc)
        schema, issues = registry.validate(root)
        if issues or check_rules(root, schema):
            raise AssertionError("example invalid")

    size = sum(len(d) for d in docs) / len(docs)
    return {
        "docs": len(docs),
        "mean_bytes": size,
        "raw": _rate(raw, docs, seconds),
        "hub_xsd": _rate(hub_xsd, docs, seconds),
        "hub_full": _rate(hub_full, docs, seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args()
    r = measure(args.seconds)
    print(f"{int(r['docs'])} example records, mean {r['mean_bytes'] / 1024:.1f} KB")
    print(f"raw lxml parse+validate        {r['raw']:>9,.0f} docs/s   (baseline)")
    print(f"hub parse+validate (XSD)       {r['hub_xsd']:>9,.0f} docs/s   ratio {r['hub_xsd'] / r['raw']:.2f}")
    print(f"hub parse+validate+rules       {r['hub_full']:>9,.0f} docs/s   ratio {r['hub_full'] / r['raw']:.2f}")
    print(f"validate_vs_lxml={r['hub_xsd'] / r['raw']:.2f} with_rules_vs_lxml={r['hub_full'] / r['raw']:.2f}")


if __name__ == "__main__":
    main()
