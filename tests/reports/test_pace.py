"""The pace against the protocol's objectives: the arithmetic (pure) and the two queries."""

from datetime import date

import pytest

from jalons.protocols.models import Protocol, ProtocolTarget
from jalons.reports.bilan import compute_bilan, scope_for
from jalons.reports.pace import (
    build_series,
    compute_pace,
    cumulate,
    linear_projection,
    month_end,
    month_label,
    month_starts,
    protocol_targets,
)
from tests.web.test_review import build_review_data

JAN, FEB, MAR, APR = (date(2024, m, 1) for m in (1, 2, 3, 4))


def test_months() -> None:
    assert month_starts(date(2023, 11, 15), date(2024, 2, 1)) == [
        date(2023, 11, 1),
        date(2023, 12, 1),
        JAN,
        FEB,
    ]
    assert month_end(date(2024, 2, 10)) == date(2024, 2, 29)
    assert month_end(date(2023, 12, 31)) == date(2023, 12, 31)
    assert month_label(date(2024, 2, 1)) == "févr. 2024"


def test_cumulate_adds_month_after_month_from_the_baseline() -> None:
    assert cumulate({JAN: 5, MAR: 15}, [JAN, FEB, MAR, APR], baseline=10) == [15, 15, 30, 30]
    assert cumulate({}, [JAN, FEB]) == [0, 0]


def test_linear_projection() -> None:
    start, as_of = date(2024, 1, 1), date(2024, 3, 31)  # 91 days observed
    end = date(2024, 12, 31)  # 366 days (leap year)
    # 10 people already there + 30 more in 91 days → 10 + 30 × 366 / 91
    assert linear_projection(10, 40, start, as_of, end) == pytest.approx(10 + 30 * 366 / 91)
    assert linear_projection(10, 40, start, as_of, as_of) == 40
    assert linear_projection(0, 0, start, as_of, end) == 0
    # Nothing observed yet: the baseline.
    assert linear_projection(7, 7, start, date(2023, 12, 31), end) == 7


def test_series_with_projection_and_target() -> None:
    series = build_series(
        "accompanied",
        {JAN: 5, FEB: 10, MAR: 15},
        10,
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        as_of=date(2024, 3, 31),
        target=120,
    )
    assert series.actual == [15, 25, 40] + [None] * 9
    assert series.current == 40
    assert series.projection[:3] == [None, None, 40.0]
    assert series.projection[3] == round(10 + 30 * 121 / 91, 1)  # end of April: day 121
    assert series.projection[11] == round(10 + 30 * 366 / 91, 1)
    assert series.projected_end == 131  # 130.66…
    assert series.projected_rate == pytest.approx(131 / 120)
    assert series.label == "Personnes accompagnées (cumul)"


def test_series_mid_month_and_finished_and_future() -> None:
    mid = build_series(
        "exits_employment",
        {JAN: 2, FEB: 1},
        0,
        start=date(2024, 1, 1),
        end=date(2024, 6, 30),
        as_of=date(2024, 2, 14),
        target=None,
    )
    assert mid.actual == [2, 3, None, None, None, None]
    # February is the current month: the projection starts from today's value.
    assert mid.projection[:2] == [None, 3.0]
    assert mid.projected_end == round(3 * 182 / 45)  # 45 days observed, 182 in all
    assert mid.projected_rate is None
    done = build_series(
        "exits_employment",
        {JAN: 2},
        0,
        start=date(2024, 1, 1),
        end=date(2024, 2, 29),
        as_of=date(2024, 2, 29),
        target=4,
    )
    assert done.actual == [2, 2] and done.projection == [None, None]
    assert done.projected_end == 2 and done.projected_rate == 0.5
    future = build_series(
        "accompanied",
        {},
        0,
        start=date(2030, 1, 1),
        end=date(2030, 3, 31),
        as_of=date(2026, 1, 1),
        target=10,
    )
    assert future.actual == [None, None, None] and future.projection == [None, None, None]
    assert future.current == 0


def test_targets_of_the_whole_protocol_or_the_sum_of_its_years(world) -> None:  # type: ignore[no-untyped-def]
    protocol = Protocol.objects.create(
        plie=world.plie, name="P", start_date=date(2024, 1, 1), end_date=date(2025, 12, 31)
    )
    ProtocolTarget.objects.create(protocol=protocol, key="accompanied", value=100)
    ProtocolTarget.objects.create(protocol=protocol, key="accompanied", year=2024, value=45)
    ProtocolTarget.objects.create(protocol=protocol, key="exits_employment", year=2024, value=20)
    ProtocolTarget.objects.create(protocol=protocol, key="exits_employment", year=2025, value=22)
    ProtocolTarget.objects.create(protocol=protocol, key="rsa", unit="percent", value=60)
    assert protocol_targets(protocol) == {"accompanied": 100, "exits_employment": 42}


def test_pace_agrees_with_the_review_in_two_aggregate_queries(
    world, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    data = build_review_data(world)
    protocol = Protocol.objects.get(pk=data["protocol"].pk)
    scope = scope_for(["AIX"], date(2024, 1, 1), date(2030, 12, 31))
    with django_assert_num_queries(3):  # targets, people by month, exits by month
        pace = compute_pace(scope, protocol, date(2024, 10, 15))
    accompanied, exits = pace.series
    bilan = compute_bilan(scope_for(["AIX"], date(2024, 1, 1), date(2024, 10, 15)))
    assert (accompanied.current, exits.current) == (bilan["accompanied"], bilan["exits_employment"])
    assert (accompanied.current, exits.current) == (6, 2)
    # Entries: Sophie and Paul in January, A in February, B and C in March, D in April.
    assert accompanied.actual[:10] == [2, 3, 5, 6, 6, 6, 6, 6, 6, 6]
    assert accompanied.actual[10] is None
    assert exits.actual[:10] == [0, 0, 0, 0, 0, 0, 0, 0, 2, 2]
    assert (accompanied.target, exits.target) == (40, 10)
    # 2 exits in 289 days (1 Jan – 15 Oct 2024), 2557 days in the protocol.
    assert exits.projected_end == round(2 * 2557 / 289)
    assert pace.months[0] == date(2024, 1, 1) and len(pace.months) == 84


def test_people_in_a_pathway_before_the_protocol_are_its_baseline(world) -> None:  # type: ignore[no-untyped-def]
    # The world's pathways entered on 15/01/2024, before a protocol that starts in June.
    protocol = Protocol.objects.create(
        plie=world.plie, name="P", start_date=date(2024, 6, 1), end_date=date(2024, 12, 31)
    )
    pace = compute_pace(
        scope_for(["AIX"], date(2024, 6, 1), date(2024, 12, 31)), protocol, date(2024, 7, 31)
    )
    accompanied = pace.series[0]
    assert accompanied.actual == [2, 2, None, None, None, None, None]
    assert accompanied.projected_end == 2  # nobody entered since: the pace adds nobody
