"""Positive-exit engine: spec §3 "Exits", exact readings in exits.md.

Pure functions over plain data (no ORM): steps in, verdicts out. A verdict is computed
*as of* a date: steps starting after it are ignored and an end date after it counts as
no end date yet (exits.md, introduction). The thresholds are the parameters of a PLIE's
protocol; ``ExitParameters()`` holds the Pays d'Aix values of the source document.
"""

from __future__ import annotations

import bisect
import calendar
import csv
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from jalons.pathways.rules import exits_text as text

STEP_KINDS = frozenset(text.KIND_LABELS)
CONTRACT_KINDS = frozenset({"cdi", "cdd"})
# Tie-break between verdicts of the same date: employment first, capped training last.
KIND_RANK = {"cdi": 0, "cdd": 1, "interim": 2, "creation_activite": 3, "formation_qualifiante": 4}
ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=1 << 16)  # pure, and called with few distinct dates
def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's end (exits.md).

    2021-01-31 + 1 month = 2021-02-28; 2021-08-31 + 6 months = 2022-02-28.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def whole_months(start: date, end_exclusive: date) -> int:
    """Number of whole calendar months from ``start`` up to ``end_exclusive`` (≥ 0)."""
    months = (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month
    while months > 0 and add_months(start, months) > end_exclusive:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True)
class ExitParameters:
    """Exit-rule thresholds of a protocol; defaults are the source document's (exits.md)."""

    min_monthly_hours: Decimal = Decimal("76")
    contract_months: int = 6
    interim_long_hours: Decimal = Decimal("936")
    interim_long_months: int = 9
    interim_short_hours: Decimal = Decimal("624")
    interim_short_months: int = 6
    training_months: int = 6
    creation_months: int = 6
    training_cap_percent: int = 8
    micro_income_smic_ratio: Decimal = Decimal("0.5")


DEFAULT_PARAMETERS = ExitParameters()


class SmicTable:
    """Gross monthly SMIC by effective date (``data/smic.csv``).

    A value applies from its date until the next row's date. Before the first row the
    first row's value is returned: the table starts in 2014, before any PLIE step that
    Jalons evaluates, and an older step is better judged on the oldest known value than
    refused.
    """

    def __init__(self, rows: Iterable[tuple[date, Decimal]]) -> None:
        ordered = sorted(rows)
        if not ordered:
            raise ValueError("a SMIC table needs at least one row")
        self._dates = [day for day, _ in ordered]
        if len(set(self._dates)) != len(self._dates):
            raise ValueError("two SMIC rows share the same effective date")
        self._values = [Decimal(value) for _, value in ordered]

    @classmethod
    def from_csv(cls, path: str | Path) -> SmicTable:
        """Read ``effective_date`` and ``monthly_gross_eur`` columns (ISO dates)."""
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return cls(
                (date.fromisoformat(row["effective_date"]), Decimal(row["monthly_gross_eur"]))
                for row in csv.DictReader(handle)
            )

    def monthly_on(self, day: date) -> Decimal:
        """Gross monthly SMIC in force on ``day``."""
        index = bisect.bisect_right(self._dates, day) - 1
        return self._values[max(index, 0)]


@dataclass(frozen=True, slots=True)
class StepFact:
    """What the engine reads of a pathway step; ``end`` is inclusive, hours are Decimal."""

    kind: str
    start: date
    end: date | None = None
    monthly_hours: Decimal | int | None = None
    hours_worked: Decimal | int | None = None
    micro_entrepreneur: bool = False
    monthly_income: Decimal | int | None = None
    ref: Hashable = None

    def __post_init__(self) -> None:
        if self.kind not in STEP_KINDS:
            raise ValueError(f"unknown step kind: {self.kind!r}")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"step {self.ref!r} ends before it starts")
        for name in ("monthly_hours", "hours_worked", "monthly_income"):
            value = getattr(self, name)
            if value is None or isinstance(value, Decimal):
                continue
            if isinstance(value, int) and not isinstance(value, bool):
                object.__setattr__(self, name, Decimal(value))
            else:
                raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}")


class ExitStatus(StrEnum):
    POSITIVE = "positive"
    PENDING = "pending"
    NOT_POSITIVE = "not_positive"
    NONE = "none"


@dataclass(frozen=True)
class Verdict:
    """Outcome for a step, a group of interim missions or a participant (interfaces.md)."""

    status: ExitStatus
    kind: str | None
    validated_on: date | None
    explanation: str
    step_refs: tuple[Hashable, ...] = ()


def _none(explanation: str) -> Verdict:
    return Verdict(ExitStatus.NONE, None, None, explanation)


def _duration(step: StepFact, as_of: date, months: int) -> tuple[date, str | None]:
    """Validation date (start + ``months``) and why the step cannot last long enough.

    Contracts and creations must have "lasted": end + 1 day ≥ validation; a qualifying
    training must still run on the validation date: end ≥ validation. A recorded end
    after ``as_of`` counts as no end yet but still tells whether the step *can* last:
    only a step whose recorded end is far enough is pending (exits.md), one planned to
    end too early is not positive until its end date is extended.
    """
    validation = add_months(step.start, months)
    training = step.kind == "formation_qualifiante"
    earliest_end = validation if training else validation - ONE_DAY
    if step.end is None or step.end >= earliest_end:
        return validation, None
    planned = step.end > as_of
    if training:
        return validation, text.training_ended_early(step.end, months, validation, planned=planned)
    feminine = step.kind == "creation_activite"
    reason = text.ended_early(step.end, months, earliest_end, planned=planned, feminine=feminine)
    return validation, reason


def _conclude(
    step: StepFact,
    as_of: date,
    validation: date,
    head: str,
    reasons: list[str],
    detail: str | None = None,
) -> Verdict:
    """Not positive if any reason; else positive once validated, pending before."""
    refs = (step.ref,)
    if reasons:
        feminine = step.kind != "cdi" and step.kind != "cdd"
        explanation = text.rejected(head, reasons, feminine)
        return Verdict(ExitStatus.NOT_POSITIVE, step.kind, None, explanation, refs)
    if validation <= as_of:
        explanation = text.positive(head, validation, detail)
        return Verdict(ExitStatus.POSITIVE, step.kind, validation, explanation, refs)
    explanation = text.pending(head, validation, detail)
    return Verdict(ExitStatus.PENDING, step.kind, validation, explanation, refs)


def _evaluate_contract(step: StepFact, as_of: date, params: ExitParameters) -> Verdict:
    """CDI / CDD: ≥ min hours a month and lasted N months; validated on start + N months."""
    months = None
    if step.kind == "cdd" and step.end is not None:
        months = whole_months(step.start, step.end + ONE_DAY)
    head = text.contract_head(step.kind, step.start, step.monthly_hours, months)
    reasons = []
    if step.monthly_hours is None:
        reasons.append(text.HOURS_MISSING)
    elif step.monthly_hours < params.min_monthly_hours:
        reasons.append(text.too_few_hours(params.min_monthly_hours))
    validation, too_short = _duration(step, as_of, params.contract_months)
    reasons += [too_short] if too_short else []
    return _conclude(step, as_of, validation, head, reasons)


def _evaluate_training(step: StepFact, as_of: date, params: ExitParameters) -> Verdict:
    """Qualifying training still running on start + N months; validated on that date."""
    validation, too_short = _duration(step, as_of, params.training_months)
    head = text.training_head(step.start, step.end)
    detail = text.training_detail(params.training_months, params.training_cap_percent)
    return _conclude(step, as_of, validation, head, [too_short] if too_short else [], detail)


def _evaluate_creation(
    step: StepFact, as_of: date, params: ExitParameters, smic: SmicTable | None
) -> Verdict:
    """Business creation lasting N months; a micro-entrepreneur also earns ≥ ratio × SMIC.

    The SMIC is the one in force on the validation date. A micro-entrepreneur without a
    declared income is not positive.
    """
    validation, too_short = _duration(step, as_of, params.creation_months)
    reasons = [too_short] if too_short else []
    detail = None
    if step.micro_entrepreneur and step.monthly_income is None:
        reasons.append(text.INCOME_MISSING)
    elif step.micro_entrepreneur and step.monthly_income is not None:
        if smic is None:
            raise ValueError("a SMIC table is needed to evaluate a micro-entrepreneur")
        ratio = params.micro_income_smic_ratio
        threshold = ratio * smic.monthly_on(validation)
        income = step.monthly_income
        if income < threshold:
            reasons.append(text.income_too_low(income, threshold, ratio, validation))
        else:
            detail = text.income_detail(income, threshold, ratio, validation)
    head = text.creation_head(step.start, step.micro_entrepreneur)
    return _conclude(step, as_of, validation, head, reasons, detail)


def evaluate_step(
    step: StepFact,
    as_of: date,
    params: ExitParameters = DEFAULT_PARAMETERS,
    smic: SmicTable | None = None,
) -> Verdict:
    """One step's own verdict (exits.md table), for the participant file.

    A step starting after ``as_of`` is ignored (``none``). Interim missions are only
    meaningful as a group: use ``evaluate_interim``. Kinds that never qualify get a
    ``none`` verdict saying so. ``smic`` is required for a
    micro-entrepreneur's creation with a declared income (ValueError otherwise).
    """
    if step.start > as_of:
        return _none(text.ignored_after(text.other_step_head(step.kind, step.start), as_of))
    if step.kind == "interim":
        raise ValueError("interim missions are evaluated as a group: use evaluate_interim()")
    if step.kind in CONTRACT_KINDS:
        return _evaluate_contract(step, as_of, params)
    if step.kind == "formation_qualifiante":
        return _evaluate_training(step, as_of, params)
    if step.kind == "creation_activite":
        return _evaluate_creation(step, as_of, params, smic)
    return _none(text.not_qualifying(text.other_step_head(step.kind, step.start)))


_Ended = tuple[date, date, Decimal, StepFact]  # a mission ended: end, start, hours, itself


class _Window(NamedTuple):
    hours: Decimal
    entries: Sequence[_Ended]

    @property
    def first_day(self) -> date:
        return min(entry[1] for entry in self.entries)

    @property
    def last_day(self) -> date:
        return max(entry[0] for entry in self.entries)


def _windows(ended: Sequence[_Ended], starts: Sequence[date], months: int) -> list[_Window]:
    """For each window [d, d + months) starting on a mission start, the missions inside it.

    A window that starts on no mission start holds no more than the one starting on the
    first mission inside it, so these windows are enough. ``ended``: sorted by end date.
    """
    windows = []
    for start in starts:
        limit = bisect.bisect_left(ended, add_months(start, months), key=itemgetter(0))
        inside = [entry for entry in ended[:limit] if entry[1] >= start]
        if inside:  # a mission longer than the window lies in none
            windows.append(_Window(sum((entry[2] for entry in inside), Decimal(0)), inside))
    return windows


def _first_crossing(window: _Window, threshold: Decimal) -> _Window | None:
    """The smallest prefix of ``window`` by end date reaching ``threshold``.

    Missions ending on the same day count together: the prefix ends on a day boundary.
    """
    total, entries = Decimal(0), window.entries
    for index, entry in enumerate(entries):
        total += entry[2]
        same_day_follows = index + 1 < len(entries) and entries[index + 1][0] == entry[0]
        if not same_day_follows and total >= threshold:
            return _Window(total, entries[: index + 1])
    return None


def evaluate_interim(
    missions: Sequence[StepFact], as_of: date, params: ExitParameters = DEFAULT_PARAMETERS
) -> Verdict:
    """Temporary work, one step per mission (exits.md, intérim row).

    Only missions ended by ``as_of`` count. Positive when the missions lying entirely in a
    window [d, d + 9 months) reach 936 h, or in [d, d + 6 months) reach 624 h; validated on
    the end date of the mission with the earliest end such that the missions ending no
    later than it reach a threshold. Otherwise not positive, with the best figures found:
    interim is never pending. A mission without hours counts 0 h.
    """
    if any(m.kind != "interim" for m in missions):
        raise ValueError("evaluate_interim() only takes interim missions")
    started = [m for m in missions if m.start <= as_of]
    if not started:
        return _none(text.no_interim_mission(as_of))
    ended: list[_Ended] = []
    missing = 0
    for mission in started:
        end = mission.end
        if end is not None and end <= as_of:  # others: no end yet
            ended.append((end, mission.start, Decimal(mission.hours_worked or 0), mission))
            missing += mission.hours_worked is None
    ended.sort(key=itemgetter(0))  # stable: missions ending the same day keep the input order
    starts = sorted({entry[1] for entry in ended})
    rules = (
        (params.interim_long_hours, params.interim_long_months),
        (params.interim_short_hours, params.interim_short_months),
    )
    best_crossing: tuple[tuple[date, int, Decimal], _Window, Decimal, int] | None = None
    best_figures = []
    for rank, (threshold, months) in enumerate(rules):
        windows = _windows(ended, starts, months)
        for window in windows:
            crossing = _first_crossing(window, threshold)
            if crossing is None:
                continue
            key = (crossing.last_day, rank, -crossing.hours)
            if best_crossing is None or key < best_crossing[0]:
                best_crossing = (key, crossing, threshold, months)
        if windows:
            best = max(windows, key=lambda w: w.hours)  # first (earliest) of equal maxima
            best_figures.append(
                text.interim_window(best.hours, months, best.first_day, best.last_day)
            )
    if best_crossing is not None:
        _, window, threshold, months = best_crossing
        explanation = text.interim_positive(
            window.hours, window.first_day, window.last_day, threshold, months
        )
        refs = tuple(entry[3].ref for entry in window.entries)
        return Verdict(ExitStatus.POSITIVE, "interim", window.last_day, explanation, refs)
    explanation = text.interim_not_positive(
        best_figures, [(hours, months) for hours, months in rules], as_of, missing
    )
    refs = tuple(m.ref for m in started)
    return Verdict(ExitStatus.NOT_POSITIVE, "interim", None, explanation, refs)


def verdicts_by_step(
    steps: Iterable[StepFact],
    as_of: date,
    params: ExitParameters = DEFAULT_PARAMETERS,
    smic: SmicTable | None = None,
) -> list[tuple[StepFact, Verdict]]:
    """Each step with its own verdict, in input order; interim missions share their group's."""
    steps = list(steps)
    missions = [s for s in steps if s.kind == "interim"]
    group = evaluate_interim(missions, as_of, params) if missions else None

    def verdict(step: StepFact) -> Verdict:
        if group is not None and step.kind == "interim" and step.start <= as_of:
            return group
        return evaluate_step(step, as_of, params, smic)

    return [(step, verdict(step)) for step in steps]


def evaluate_steps(
    steps: Iterable[StepFact],
    as_of: date,
    params: ExitParameters = DEFAULT_PARAMETERS,
    smic: SmicTable | None = None,
) -> Verdict:
    """A participant's exit verdict as of ``as_of`` (exits.md, "Per participant").

    The positive verdict with the earliest validation date decides; else the pending one
    with the earliest expected date; else a not-positive one, the most recent step's
    (latest start); else ``none``. Ties go to employment before training (``KIND_RANK``),
    then to input order.
    """
    current = [s for s in steps if s.start <= as_of]
    candidates: list[tuple[Verdict, date]] = []
    for step in current:
        if step.kind in KIND_RANK and step.kind != "interim":
            candidates.append((evaluate_step(step, as_of, params, smic), step.start))
    missions = [s for s in current if s.kind == "interim"]
    if missions:
        latest = max(m.start for m in missions)
        candidates.append((evaluate_interim(missions, as_of, params), latest))

    def rank(verdict: Verdict) -> int:
        return KIND_RANK[verdict.kind or ""]

    for status in (ExitStatus.POSITIVE, ExitStatus.PENDING):
        found = [v for v, _ in candidates if v.status is status]
        if found:
            return min(found, key=lambda v: (v.validated_on or as_of, rank(v)))
    failed = [(v, start) for v, start in candidates if v.status is ExitStatus.NOT_POSITIVE]
    if failed:
        return min(failed, key=lambda pair: (-pair[1].toordinal(), rank(pair[0])))[0]
    return _none(text.no_qualifying_step(as_of))


def capped_training_exits(
    other_positive: int, training: int, cap_percent: int = 8
) -> tuple[int, int]:
    """The 8 % cap (exits.md): training exits counted as positive, and those over the cap.

    With E the other positive exits and T the qualifying-training exits, the counted ones
    are t = min(T, floor(E × cap / (100 − cap))), so that t ≤ cap % of (E + t). Exact
    integer arithmetic. A cap of 100 % means no cap.
    """
    if other_positive < 0 or training < 0:
        raise ValueError("exit counts cannot be negative")
    if not 0 <= cap_percent <= 100:
        raise ValueError("the cap is a percentage between 0 and 100")
    if cap_percent == 100:
        return training, 0
    counted = min(training, other_positive * cap_percent // (100 - cap_percent))
    return counted, training - counted
