"""Fixtures of the record-schema tests."""

from __future__ import annotations

import pytest

from hub.schemas import SchemaRegistry

# The shared checks assert in tests/schemas/helpers.py: have pytest explain their failures as it does a test's own.
pytest.register_assert_rewrite("tests.schemas.helpers")


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    """The hub's schema registry, one per test module."""
    return SchemaRegistry()
