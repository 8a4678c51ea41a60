"""Pace against the protocol's objectives (spec §4 "Annual activity").

Cumulative people accompanied and cumulative exits to stable employment, month by month
from the protocol's start to today, with a linear projection to the protocol's end and
the protocol's targets. The figures read the same data as the review (`bilan.py`): on
any day, the cumulative values equal the review's `accompanied` and `exits_employment`
from the protocol's start to that day. Two aggregate queries grouped by month, whatever
the volume; the arithmetic below is pure and unit-tested.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.db.models.functions import TruncMonth

from jalons.pathways.enums import ExitSource
from jalons.pathways.models import Exit
from jalons.protocols.enums import TargetKey, TargetUnit
from jalons.protocols.models import Protocol
from jalons.reports.bilan import (
    EMPLOYMENT_KINDS,
    BilanScope,
    accompanied_pathways,
    first_in_scope,
)

MONTHS_FR = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
SERIES_LABELS = {
    "accompanied": "Personnes accompagnées (cumul)",
    "exits_employment": "Sorties en emploi stable et durable (cumul)",
}


def employment_exit_q(prefix: str = "") -> Q:
    """The exits the review counts as 'exits to employment' (interfaces.md): positive CDI,
    CDD, interim and creation exits of the rules, and committee decisions declared as
    employment. Mirrors `bilan._exits`."""
    positive = Q(**{f"{prefix}is_positive": True})
    committee = Q(**{f"{prefix}source": ExitSource.COMMITTEE})
    rules = positive & ~committee & Q(**{f"{prefix}kind__in": EMPLOYMENT_KINDS})
    decided = (
        positive & committee & Q(**{f"{prefix}committee_decision__counts_as_employment": True})
    )
    return rules | decided


# --- pure arithmetic -------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def month_starts(start: date, end: date) -> list[date]:
    """The first day of every month from `start`'s month to `end`'s month, inclusive."""
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = month_end(current) + timedelta(days=1)
    return months


def month_label(month: date) -> str:
    return f"{MONTHS_FR[month.month - 1]} {month.year}"


def cumulate(counts: dict[date, int], months: list[date], baseline: int = 0) -> list[int]:
    """Running totals at the end of each month; `counts` is keyed by first day of month."""
    total, out = baseline, []
    for month in months:
        total += counts.get(month, 0)
        out.append(total)
    return out


def linear_projection(
    baseline: float, current: float, start: date, as_of: date, day: date
) -> float:
    """The value on `day` if the pace observed from `start` to `as_of` (both inclusive)
    goes on: `baseline` (what was already there on the first day: people still in a
    pathway entered before the protocol) plus the growth since, prorated to the days."""
    elapsed = (as_of - start).days + 1
    if elapsed <= 0:
        return float(baseline)
    return baseline + (current - baseline) * ((day - start).days + 1) / elapsed


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    actual: list[int | None]  # one per month, None after the as-of month
    projection: list[float | None]  # from the as-of month to the end; None before
    target: int | None
    current: int  # the cumulative value on the as-of date
    projected_end: int  # projected value on the protocol's last day

    @property
    def projected_rate(self) -> float | None:
        return self.projected_end / self.target if self.target else None


def build_series(
    key: str,
    counts: dict[date, int],
    baseline: int,
    *,
    start: date,
    end: date,
    as_of: date,
    target: int | None,
) -> Series:
    """Monthly cumulative values and their projection. `counts` are the additions per month
    from `start` (keyed by first day of month), `baseline` what was there before `start`."""
    months = month_starts(start, end)
    started = as_of >= start
    totals = cumulate(counts, months, baseline)
    actual: list[int | None] = [
        value if started and month <= as_of else None
        for month, value in zip(months, totals, strict=True)
    ]
    current = next((v for v in reversed(actual) if v is not None), baseline)
    projection: list[float | None] = [None] * len(months)
    if started and as_of < end:
        for i, month in enumerate(months):
            if month_end(month) < as_of:
                continue
            if month_start(as_of) == month:
                projection[i] = float(current)
            else:
                day = min(month_end(month), end)
                projection[i] = round(linear_projection(baseline, current, start, as_of, day), 1)
        projected_end = round(linear_projection(baseline, current, start, as_of, end))
    else:
        projected_end = current
    return Series(
        key, SERIES_LABELS.get(key, key), actual, projection, target, current, projected_end
    )


@dataclass(frozen=True)
class Pace:
    protocol: str
    start: date
    end: date
    as_of: date
    months: list[date]
    series: list[Series]

    @property
    def started(self) -> bool:
        return self.as_of >= self.start

    @property
    def finished(self) -> bool:
        return self.as_of >= self.end

    def chart_data(self) -> dict[str, Any]:
        """What the screen's chart draws (JSON-serialisable)."""
        return {
            "labels": [month_label(m) for m in self.months],
            "series": [
                {
                    "key": s.key,
                    "label": s.label,
                    "actual": s.actual,
                    "projection": s.projection,
                    "target": s.target,
                }
                for s in self.series
            ],
        }

    def table(self) -> list[dict[str, Any]]:
        """The chart as rows (its text alternative): one per month."""
        return [
            {
                "month": month_label(m),
                "values": [(s.actual[i], s.projection[i]) for s in self.series],
            }
            for i, m in enumerate(self.months)
        ]


# --- database ---------------------------------------------------------------------------


def protocol_for(plie_id: int, start: date, end: date) -> Protocol | None:
    """The PLIE's protocol whose period meets [start, end], the latest one if several."""
    return (
        Protocol.objects.filter(plie_id=plie_id)
        .overlapping(start, end)
        .prefetch_related("targets")
        .order_by("-start_date")
        .first()
    )


def protocol_targets(protocol: Protocol) -> dict[str, int]:
    """Count targets of the whole protocol (the sum of its yearly ones when it has no
    whole-protocol value)."""
    whole: dict[str, Decimal] = {}
    yearly: dict[str, Decimal] = {}
    for target in protocol.targets.all():
        if target.unit != TargetUnit.COUNT:
            continue
        bucket = whole if target.year is None else yearly
        bucket[target.key] = bucket.get(target.key, Decimal(0)) + target.value
    merged = {**yearly, **whole}
    return {key: int(value.to_integral_value()) for key, value in merged.items()}


def _accompanied_by_month(window: BilanScope) -> tuple[int, dict[date, int]]:
    """One query: each person once (first pathway active in the window, as the review
    counts them), grouped by month of entry; entries before the window are the baseline."""
    before = ExpressionWrapper(Q(entry_date__lt=window.start), output_field=BooleanField())
    rows = (
        accompanied_pathways(window)
        .filter(first_in_scope(window))
        .order_by()
        .values(month=TruncMonth("entry_date"), before=before)
        .annotate(n=Count("id"))
    )
    baseline = 0
    counts: dict[date, int] = {}
    for row in rows:
        if row["before"]:
            baseline += row["n"]
        else:
            counts[row["month"]] = counts.get(row["month"], 0) + row["n"]
    return baseline, counts


def _exits_by_month(window: BilanScope) -> dict[date, int]:
    """One query: exits to employment validated in the window, grouped by month."""
    rows = (
        Exit.objects.filter(window.exit_filter(), date__range=(window.start, window.end))
        .filter(employment_exit_q())
        .order_by()
        .values(month=TruncMonth("date"))
        .annotate(n=Count("id"))
    )
    return {row["month"]: row["n"] for row in rows}


def compute_pace(scope: BilanScope, protocol: Protocol, today: date) -> Pace:
    """The pace of `scope` (its PLIEs, lot, bassin, referent — not its period) over the
    protocol, as of `today` (the protocol's end once it is over). The targets are the
    PLIE's: shown only when the scope is the whole PLIE."""
    start, end = protocol.start_date, protocol.end_date
    as_of = min(today, end)
    months = month_starts(start, end)
    whole_plie = scope.lot_id is None and scope.bassin_id is None and scope.referent_id is None
    targets = protocol_targets(protocol) if whole_plie else {}
    if as_of >= start:
        window = replace(scope, start=start, end=as_of)
        baseline, entries = _accompanied_by_month(window)
        exits = _exits_by_month(window)
    else:
        baseline, entries, exits = 0, {}, {}
    series = [
        build_series(
            "accompanied",
            entries,
            baseline,
            start=start,
            end=end,
            as_of=as_of,
            target=targets.get(TargetKey.ACCOMPANIED),
        ),
        build_series(
            "exits_employment",
            exits,
            0,
            start=start,
            end=end,
            as_of=as_of,
            target=targets.get(TargetKey.EXITS_EMPLOYMENT),
        ),
    ]
    return Pace(str(protocol), start, end, as_of, months, series)
