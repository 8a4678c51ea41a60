"""Rows of the permission matrix: every view × every persona × expected status.

Each module of this package defines `ROWS`, a list of `Row`; `test_permission_matrix`
checks that every row names every persona of `tests.conftest.PERSONAS` and that every
named URL of the web layer has at least one row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Row:
    url_name: str  # e.g. "participants:detail"
    url: Callable[[Any], str]  # world -> URL
    expect: dict[str, int]  # persona -> HTTP status
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
