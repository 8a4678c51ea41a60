"""The steps of one pathway: support steps early on, then a main track of contracts,
missions, trainings and insertion jobs; a pathway heading for a positive exit gets the step
that the exit engine will validate (CDI, CDD of 6 months or more at 76 h a month or more,
interim runs reaching 624 h in 6 months or 936 h in 9, a qualifying training of more than
6 months, a business creation). Others get steps that mostly do not qualify: short or
part-time contracts, short mission runs, short trainings, insertion jobs.

Dates are day ordinals; hours and incomes Decimals (as the engine wants them).
"""

import random
from decimal import Decimal

from jalons.pathways.rules.exits import StepFact
from jalons.scale import names
from jalons.scale.distributions import Weighted

QUALIFYING = frozenset({"cdi", "cdd", "interim", "formation_qualifiante", "creation_activite"})
FULL_HOURS = [Decimal(v) for v in ("151.67", "151.67", "130.00", "121.33", "104.00", "86.67")]
PART_HOURS = [Decimal(v) for v in ("65.00", "52.00", "43.33")]
IAE_HOURS = [Decimal(v) for v in ("112.67", "121.33", "151.67")]
INCOMES_OK = [Decimal(v) for v in range(950, 2000, 50)]
INCOMES_LOW = [Decimal(v) for v in range(300, 850, 50)]
FILLERS = Weighted(
    (
        ("cdd_short", 14),
        ("cdd_part", 6),
        ("interim_short", 14),
        ("training_short", 6),
        ("iae_aci", 10),
        ("iae_ei", 6),
        ("iae_etti", 6),
        ("iae_ai", 5),
        ("clause", 8),
        ("immersion", 10),
        ("formation", 10),
        ("autre", 5),
        ("creation_low", 2),
    )
)
SUPPORT_OUTCOMES = Weighted(
    (("barrier_lifted", 45), ("barrier_partly_lifted", 35), ("barrier_not_lifted", 20))
)
SOCIAL_BARRIERS = frozenset({"health", "housing", "debt", "psychological"})


class PlannedStep:
    __slots__ = (
        "kind",
        "title",
        "start",
        "end",
        "monthly_hours",
        "hours_worked",
        "micro",
        "income",
        "siret",
        "provider",
        "provider_name",
        "outcome",
    )

    def __init__(
        self,
        kind: str,
        title: str,
        start: int,
        end: int | None,
        *,
        monthly_hours: Decimal | None = None,
        hours_worked: Decimal | None = None,
        micro: bool = False,
        income: Decimal | None = None,
        siret: str = "",
        provider: str | None = None,
        provider_name: str = "",
    ) -> None:
        self.kind, self.title, self.start, self.end = kind, title, start, end
        self.monthly_hours, self.hours_worked = monthly_hours, hours_worked
        self.micro, self.income, self.siret = micro, income, siret
        self.provider, self.provider_name = provider, provider_name
        self.outcome = "ongoing"

    def fact(self, calendar_day, ref: int) -> StepFact:  # type: ignore[no-untyped-def]
        end = self.end
        return StepFact(
            kind=self.kind,
            start=calendar_day(self.start),
            end=None if end is None else calendar_day(end),
            monthly_hours=self.monthly_hours,
            hours_worked=self.hours_worked,
            micro_entrepreneur=self.micro,
            monthly_income=self.income,
            ref=ref,
        )


class StepPlanner:
    def __init__(self, rng: random.Random, sirets: list[str]) -> None:
        self.rng = rng
        self.sirets = sirets

    def _pick(self, values):  # type: ignore[no-untyped-def]
        return values[int(self.rng.random() * len(values))]

    def _days(self, low: int, high: int) -> int:
        return low + int(self.rng.random() * (high - low + 1))

    def plan(self, entry: int, horizon: int, fate: str, barriers: list[str]) -> list[PlannedStep]:
        """Steps starting from entry up to `horizon` (the planned exit, or today)."""
        r, days = self.rng.random, self._days
        steps: list[PlannedStep] = []
        if "mobility" in barriers and r() < 0.5:
            start = entry + days(7, 60)
            steps.append(
                PlannedStep(
                    "mobilite",
                    self._pick(names.OTHER_STEP_TITLES["mobilite"]),
                    start,
                    start + days(30, 120),
                    provider="mobility",
                )
            )
        if SOCIAL_BARRIERS.intersection(barriers) and r() < 0.5:
            start = entry + days(7, 90)
            steps.append(
                PlannedStep(
                    "accompagnement_social",
                    self._pick(names.OTHER_STEP_TITLES["accompagnement_social"]),
                    start,
                    start + days(60, 270),
                    provider_name="Centre médico-social",
                )
            )
        if r() < 0.5:
            start = entry + days(20, 200)
            steps.append(
                PlannedStep(
                    "immersion",
                    "PMSMP – " + self._pick(names.JOBS),
                    start,
                    start + days(5, 30),
                    siret=self._pick(self.sirets),
                    provider_name="Entreprise d'accueil",
                )
            )
        if r() < 0.35:
            start = entry + days(10, 150)
            steps.append(
                PlannedStep(
                    "formation",
                    self._pick(names.OTHER_STEP_TITLES["formation"]),
                    start,
                    start + days(30, 120),
                    provider="training",
                )
            )
        for odds in (0.9, 0.5, 0.3):
            if r() < odds:
                start = entry + days(7, 240)
                steps.append(
                    PlannedStep(
                        "atelier",
                        self._pick(names.OTHER_STEP_TITLES["atelier"]),
                        start,
                        start + days(1, 45),
                        provider_name="Service animation du PLIE",
                    )
                )
        cursor = entry + days(20, 60)
        positive_at = entry + days(30, 300) if fate in QUALIFYING else None
        while cursor <= horizon and len(steps) < 12:
            if positive_at is not None and cursor >= positive_at:
                steps.extend(self._positive(fate, cursor))
                break
            new = self._filler(cursor)
            steps.extend(new)
            cursor = (new[-1].end or new[-1].start) + days(1, 21)
        return [s for s in steps if s.start <= horizon]

    def _positive(self, kind: str, start: int) -> list[PlannedStep]:
        rng, days = self.rng, self._days
        job = self._pick(names.JOBS)
        if kind == "cdi":
            return [
                PlannedStep(
                    "cdi",
                    job,
                    start,
                    None,
                    monthly_hours=self._pick(FULL_HOURS),
                    siret=self._pick(self.sirets),
                    provider_name="Employeur",
                )
            ]
        if kind == "cdd":
            return [
                PlannedStep(
                    "cdd",
                    job,
                    start,
                    start + days(185, 370),
                    monthly_hours=self._pick(FULL_HOURS),
                    siret=self._pick(self.sirets),
                    provider_name="Employeur",
                )
            ]
        if kind == "interim":
            return self._missions(start, job, rng.randint(8, 12), (2, 6), (32, 36))
        if kind == "formation_qualifiante":
            return [
                PlannedStep(
                    "formation_qualifiante",
                    self._pick(names.QUALIFYING_TRAININGS),
                    start,
                    start + days(200, 365),
                    provider="training",
                )
            ]
        micro = rng.random() < 0.7
        return [
            PlannedStep(
                "creation_activite",
                f"Création : {job.lower()}",
                start,
                None,
                micro=micro,
                income=self._pick(INCOMES_OK) if micro else None,
            )
        ]

    def _missions(
        self, start: int, job: str, count: int, weeks: tuple[int, int], per_week: tuple[int, int]
    ) -> list[PlannedStep]:
        days = self._days
        missions, day = [], start
        for _ in range(count):
            n = days(*weeks)
            hours = Decimal(n * days(*per_week))
            missions.append(
                PlannedStep(
                    "interim",
                    job,
                    day,
                    day + n * 7 - 1,
                    hours_worked=hours,
                    provider_name="Agence d'intérim",
                )
            )
            day += n * 7 + days(1, 5)
        return missions

    def _filler(self, start: int) -> list[PlannedStep]:
        rng, days, pick = self.rng, self._days, self._pick
        kind = FILLERS.pick(rng.random())
        job = pick(names.JOBS)
        if kind == "cdd_short":
            return [
                PlannedStep(
                    "cdd",
                    job,
                    start,
                    start + days(20, 150),
                    monthly_hours=pick(FULL_HOURS),
                    siret=pick(self.sirets),
                    provider_name="Employeur",
                )
            ]
        if kind == "cdd_part":
            return [
                PlannedStep(
                    "cdd",
                    job,
                    start,
                    start + days(90, 300),
                    monthly_hours=pick(PART_HOURS),
                    siret=pick(self.sirets),
                    provider_name="Employeur",
                )
            ]
        if kind == "interim_short":
            return self._missions(start, job, rng.randint(1, 4), (1, 4), (20, 30))
        if kind == "training_short":
            return [
                PlannedStep(
                    "formation_qualifiante",
                    pick(names.QUALIFYING_TRAININGS),
                    start,
                    start + days(60, 170),
                    provider="training",
                )
            ]
        if kind in ("iae_aci", "iae_ei"):
            return [
                PlannedStep(
                    kind,
                    "CDDI – " + job.lower(),
                    start,
                    start + days(120, 360),
                    monthly_hours=pick(IAE_HOURS),
                    provider=kind[4:],
                )
            ]
        if kind in ("iae_etti", "iae_ai"):
            length = days(30, 180)
            return [
                PlannedStep(
                    kind,
                    "Missions : " + job.lower(),
                    start,
                    start + length,
                    hours_worked=Decimal(length // 30 * days(20, 100)),
                    provider=kind[4:],
                )
            ]
        if kind == "clause":
            length = days(30, 180)
            return [
                PlannedStep(
                    "clause",
                    "Chantier en clause d'insertion",
                    start,
                    start + length,
                    hours_worked=Decimal(length // 30 * days(50, 130)),
                    provider_name="Entreprise du BTP",
                )
            ]
        if kind == "immersion":
            return [
                PlannedStep(
                    "immersion",
                    f"PMSMP – {job}",
                    start,
                    start + days(5, 30),
                    siret=pick(self.sirets),
                    provider_name="Entreprise d'accueil",
                )
            ]
        if kind == "creation_low":  # a micro-business earning less than half the SMIC
            return [
                PlannedStep(
                    "creation_activite", f"Création : {job.lower()}", start, None, micro=True,
                    income=pick(INCOMES_LOW),
                )
            ]  # fmt: skip
        if kind == "formation":
            return [
                PlannedStep(
                    "formation",
                    pick(names.OTHER_STEP_TITLES["formation"]),
                    start,
                    start + days(30, 120),
                    provider="training",
                )
            ]
        return [
            PlannedStep(
                "autre", pick(names.OTHER_STEP_TITLES["autre"]), start, start + days(15, 60)
            )
        ]

    def settle(
        self,
        steps: list[PlannedStep],
        closed_on: int | None,
        today: int,
        keep: frozenset[int] = frozenset(),
    ) -> list[PlannedStep]:
        """Outcomes as of today; a closed pathway's steps end by its exit, except the ones
        in `keep` (the steps that validated a positive exit: a CDI goes on after it)."""
        r = self.rng.random
        kept = []
        for index, step in enumerate(steps):
            if closed_on is not None:
                if step.start > closed_on:
                    continue
                if index not in keep and (step.end is None or step.end > closed_on):
                    step.end = closed_on
                    step.outcome = "abandoned"
                    kept.append(step)
                    continue
            if step.end is None or step.end >= today:
                step.outcome = "ongoing"
            elif step.kind in ("mobilite", "accompagnement_social"):
                step.outcome = SUPPORT_OUTCOMES.pick(r())
            else:
                step.outcome = "abandoned" if r() < 0.08 else "completed"
            kept.append(step)
        return kept
