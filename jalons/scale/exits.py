"""Exits as Jalons decides them: the exit engine (`jalons.pathways.rules.exits`) reads a
pathway's steps; a positive verdict closes the pathway on its validation date."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from jalons.pathways.rules.exits import (
    DEFAULT_PARAMETERS,
    ExitStatus,
    SmicTable,
    Verdict,
    evaluate_steps,
)
from jalons.scale.steps import QUALIFYING, PlannedStep

# A contract, training or creation validates after 6 months (the protocols' figure): a
# step shorter than 150 days, or started less than 150 days ago, cannot make an exit.
MIN_DAYS = 150
MIN_MONTHLY_HOURS = DEFAULT_PARAMETERS.min_monthly_hours
MIN_INTERIM_HOURS = DEFAULT_PARAMETERS.interim_short_hours


def could_be_positive(steps: list[PlannedStep], as_of: int) -> bool:
    """A cheap test, true whenever the engine could find a positive exit: it only saves
    running the engine on the pathways that cannot have one."""
    interim = Decimal(0)
    for s in steps:
        kind = s.kind
        if kind not in QUALIFYING or s.start > as_of:
            continue
        if kind == "interim":
            interim += s.hours_worked or 0
            continue
        if s.start + MIN_DAYS > as_of or (s.end is not None and s.end - s.start < MIN_DAYS):
            continue
        if kind in ("cdi", "cdd") and (s.monthly_hours or 0) < MIN_MONTHLY_HOURS:
            continue
        return True
    return interim >= MIN_INTERIM_HOURS


def positive_exit(
    steps: list[PlannedStep], as_of: int, closed_on: int | None,
    day_of: Callable[[int], date], smic: SmicTable,
) -> tuple[Verdict, int, frozenset[int]] | None:  # fmt: skip
    """(verdict, validation day, indexes of its steps) when the steps make a positive exit
    by `as_of`, else None.

    The steps of a pathway that closes on `closed_on` end by then. Once a validation date
    is found, the other steps are cut there (the pathway ends) and the verdict is read
    again as of that date, until it no longer moves."""
    if closed_on is not None:
        for step in steps:
            if step.end is None or step.end > closed_on:
                step.end = max(closed_on, step.start)
    if not could_be_positive(steps, as_of):
        return None
    for _ in range(4):
        facts = [
            s.fact(day_of, i)
            for i, s in enumerate(steps)
            if s.kind in QUALIFYING and s.start <= as_of
        ]
        if not facts:
            return None
        verdict = evaluate_steps(facts, day_of(as_of), DEFAULT_PARAMETERS, smic)
        if verdict.status is not ExitStatus.POSITIVE or verdict.validated_on is None:
            return None
        day = verdict.validated_on.toordinal()
        keep = frozenset(int(ref) for ref in verdict.step_refs)  # type: ignore[call-overload]
        changed = False
        for i, step in enumerate(steps):
            if i not in keep and step.start <= day and (step.end is None or step.end > day):
                step.end, changed = day, True
        if not changed and day == as_of:
            return verdict, day, keep
        as_of = day
    raise AssertionError("the exit verdict did not settle")
