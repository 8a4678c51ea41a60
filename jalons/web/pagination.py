"""Pagination of long joined lists by "deferred join".

`OFFSET n` over a query with joins makes the database build, join and throw away the n rows
before the page: on the 750th page of a PLIE's 18,000 participants, that is 18,000 lookups
in each joined table. This paginator first reads the page's primary keys only (the sort and
the filters, no joined column fetched), then the page's 25 rows with their joins, in that
order. One more query per page, whatever the page, and deep pages cost what the first does.
"""

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django_tables2.rows import BoundRows


def _queryset(object_list: Any) -> QuerySet | None:
    """The queryset behind a list: itself, or the sorted data of a django-tables2 table."""
    if isinstance(object_list, BoundRows):
        object_list = getattr(object_list.data, "data", None)
    return object_list if isinstance(object_list, QuerySet) else None


class DeferredJoinPaginator(Paginator):
    """A `Paginator` (also a django-tables2 `paginator_class`) reading a page in two steps."""

    def page(self, number: Any) -> Page:
        object_list = _queryset(self.object_list)
        if object_list is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(object_list.values_list("pk", flat=True)[bottom:top])
        rows: Sequence[Any] = []
        if keys:
            by_key = {row.pk: row for row in object_list.order_by().filter(pk__in=keys)}
            rows = [by_key[key] for key in keys]
        if isinstance(self.object_list, BoundRows):
            rows = BoundRows(rows, table=self.object_list.table)
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]
