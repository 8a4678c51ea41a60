import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import ROLES
from tests.web import matrix
from tests.web.matrix import Row

ALL_ROWS: list[Row] = []
for info in pkgutil.iter_modules(matrix.__path__):
    ALL_ROWS.extend(importlib.import_module(f"{matrix.__name__}.{info.name}").ROWS)

# Named URLs that need no row: public pages and the Django admin (its own permissions).
EXEMPT = {"login", "logout", "health", "switch_role"}


def _named_urls(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _named_urls(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_named_view_has_a_row() -> None:
    missing = _named_urls(get_resolver()) - EXEMPT - {row.url_name for row in ALL_ROWS}
    assert not missing, f"views without a permission-matrix row: {sorted(missing)}"


@pytest.mark.parametrize("row", ALL_ROWS, ids=lambda r: f"{r.method} {r.url_name}")
def test_row_names_every_persona(row: Row) -> None:
    assert set(row.expect) == set(ROLES), sorted(set(ROLES) ^ set(row.expect))


CASES = [(row, role) for row in ALL_ROWS for role in ROLES]


@pytest.mark.parametrize(
    ("row", "role"), CASES, ids=[f"{r.method} {r.url_name} as {role}" for r, role in CASES]
)
def test_permission_matrix(row: Row, role: str, world, as_) -> None:  # type: ignore[no-untyped-def]
    client = as_(role)
    url = row.url(world)
    response = client.get(url) if row.method == "get" else client.post(url, row.data(world))
    assert response.status_code == row.expect[role], (
        f"{row.method.upper()} {row.url_name} as {role}: {response.status_code}"
    )
