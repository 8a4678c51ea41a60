"""The deferred-join paginator gives exactly the pages Django's paginator gives."""

from datetime import date, timedelta

import pytest
from django.core.paginator import Paginator
from django.db.models import F

from jalons.participants.models import Participant
from jalons.web.pagination import DeferredJoinPaginator
from tests.conftest import make_pathway
from tests.factories import ParticipantFactory

ORDERINGS = [
    ("last_name", "first_name", "pk"),
    ("-birth_date", "pk"),
    (F("current_pathway__entry_date").desc(nulls_last=True), "last_name", "pk"),
]


@pytest.fixture
def people(world):  # type: ignore[no-untyped-def]
    adviser = world.users["adviser"]
    for i in range(23):
        person = ParticipantFactory(plie=world.plie, last_name=f"Nom{i % 7}")
        if i % 3:  # some without a pathway: a null sort key
            make_pathway(person, adviser, world.pathway.lot, entry=date(2023, 1, 1) + timedelta(i))
    return Participant.objects.select_related("current_pathway__referent", "commune")


@pytest.mark.parametrize("ordering", ORDERINGS)
@pytest.mark.parametrize(("per_page", "orphans"), [(5, 0), (4, 2), (50, 0)])
def test_every_page_holds_the_rows_of_djangos_paginator(  # type: ignore[no-untyped-def]
    people, ordering, per_page, orphans
) -> None:
    qs = people.order_by(*ordering)
    expected = Paginator(qs, per_page, orphans=orphans)
    deferred = DeferredJoinPaginator(qs, per_page, orphans=orphans)
    assert deferred.num_pages == expected.num_pages > 0
    for number in expected.page_range:
        page, reference = deferred.page(number), expected.page(number)
        assert [p.pk for p in page] == [p.pk for p in reference]
        assert (page.start_index(), page.end_index()) == (
            reference.start_index(),
            reference.end_index(),
        )


def test_a_page_reads_its_keys_then_its_rows_with_their_joins(  # type: ignore[no-untyped-def]
    people, django_assert_num_queries
) -> None:
    paginator = DeferredJoinPaginator(people.order_by("last_name", "pk"), 5)
    assert paginator.count  # the count is the paginator's own query
    with django_assert_num_queries(2):
        page = paginator.page(3)
        referents = [p.current_pathway and p.current_pathway.referent for p in page]
    assert len(referents) == 5


def test_an_empty_list_has_one_empty_page(world) -> None:  # type: ignore[no-untyped-def]
    paginator = DeferredJoinPaginator(Participant.objects.none().order_by("pk"), 5)
    assert list(paginator.page(1)) == []


def test_the_participant_list_pages_through_it(world, as_, people) -> None:  # type: ignore[no-untyped-def]
    client = as_("lead")
    shown = []
    for number in (1, 2):
        response = client.get("/participants/", {"sort": "-entry_date", "page": number})
        assert isinstance(response.context["table"].paginator, DeferredJoinPaginator)
        shown += [row.record.pk for row in response.context["table"].paginated_rows]
    expected = people.filter(plie=world.plie).order_by(
        F("current_pathway__entry_date").desc(nulls_last=True), "last_name", "first_name", "pk"
    )
    assert shown == [p.pk for p in expected]
