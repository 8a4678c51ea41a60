"""Typed steps with realistic figures for one pathway.

The figures are chosen so that the exit engine has real cases to judge: CDI and CDD at
full time and below the 76 h/month half-time, interim missions in runs that do or do not
reach 624 h in 6 months, qualifying trainings of more or less than 6 months,
micro-entrepreneurs above and below half the SMIC.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from jalons.accounts.models import User
from jalons.demo import texts
from jalons.demo.people import Weighted, demo_uuid
from jalons.organisations.models import Organisation
from jalons.participants.models import Participant
from jalons.pathways.enums import StepKind, StepOutcome
from jalons.pathways.models import Pathway, Step

AuthorOn = Callable[[date], User | None]

# fmt: off
# Hours per month of a contract: mostly full time, some below the 76 h half-time threshold.
MONTHLY_HOURS = Weighted(((Decimal("151.67"), 50), (Decimal("130.00"), 8), (Decimal("121.33"), 10),
                          (Decimal("104.00"), 10), (Decimal("86.67"), 10), (Decimal("65.00"), 6),
                          (Decimal("52.00"), 6)))
PHASES = {  # main-track step kinds by time since entry: < 4 months, 4–9 months, later
    0: Weighted(((StepKind.IMMERSION, 30), (StepKind.TRAINING, 30), (StepKind.IAE_ACI, 15),
                 (StepKind.CDD, 10), (StepKind.INTERIM, 10), (StepKind.OTHER, 5))),
    1: Weighted(((StepKind.QUALIFYING_TRAINING, 15), (StepKind.IAE_ACI, 8), (StepKind.IAE_EI, 5),
                 (StepKind.IAE_ETTI, 4), (StepKind.IAE_AI, 3), (StepKind.CDD, 20),
                 (StepKind.INTERIM, 15), (StepKind.CLAUSE, 10), (StepKind.IMMERSION, 10),
                 (StepKind.CDI, 5), (StepKind.BUSINESS_CREATION, 5))),
    2: Weighted(((StepKind.CDI, 20), (StepKind.CDD, 25), (StepKind.INTERIM, 20),
                 (StepKind.QUALIFYING_TRAINING, 10), (StepKind.BUSINESS_CREATION, 7),
                 (StepKind.CLAUSE, 8), (StepKind.IAE_ACI, 5), (StepKind.IAE_EI, 5))),
}
BARRIER_OUTCOMES = Weighted(((StepOutcome.BARRIER_LIFTED, 45),
                             (StepOutcome.BARRIER_PARTLY_LIFTED, 35),
                             (StepOutcome.BARRIER_NOT_LIFTED, 20)))
# fmt: on
SOCIAL_BARRIERS = {"health", "housing", "debt", "psychological"}


def siret(rng: random.Random) -> str:
    """A SIRET with a valid Luhn key (fictional establishment)."""
    digits = [rng.randint(0, 9) for _ in range(13)]
    for check in range(10):
        number = digits + [check]
        total = 0
        for i, d in enumerate(reversed(number)):
            total += d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
        if total % 10 == 0:
            return "".join(map(str, number))
    raise AssertionError("unreachable")


class StepPlanner:
    """Draws the steps of a pathway: early support steps, then a sequential main track."""

    def __init__(self, rng: random.Random, providers: dict[str, Organisation]) -> None:
        self.rng = rng
        self.providers = providers

    def plan(
        self,
        pathway: Pathway,
        participant: Participant,
        *,
        until: date,
        today: date,
        exited: bool,
        author_on: AuthorOn,
    ) -> list[Step]:
        rng = self.rng
        entry = pathway.entry_date
        steps: list[Step] = []
        barriers = set(participant.barriers)
        if "mobility" in barriers and rng.random() < 0.6:
            steps.append(self._mobility(entry + timedelta(days=rng.randint(7, 60))))
        if barriers & SOCIAL_BARRIERS and rng.random() < 0.5:
            steps.append(self._social(entry + timedelta(days=rng.randint(7, 90))))
        if rng.random() < 0.55:
            steps.append(self._workshop(entry + timedelta(days=rng.randint(7, 75)), participant))
        cursor = entry + timedelta(days=rng.randint(20, 60))
        while cursor <= until and len(steps) < 8:
            months = (cursor - entry).days / 30.4
            kind = PHASES[0 if months < 4 else 1 if months < 9 else 2].pick(rng)
            if kind == StepKind.TRAINING and "language" in barriers and rng.random() < 0.5:
                new = [
                    self._step(
                        StepKind.TRAINING,
                        cursor,
                        rng.randint(2, 4),
                        title="Français langue étrangère (FLE)",
                        provider="training2",
                    )
                ]
            else:
                new = self._main(kind, cursor)
            steps.extend(new)
            last = new[-1]
            if last.end_date is None:
                break
            cursor = last.end_date + timedelta(days=rng.randint(1, 45))
        return [
            self._finish(s, pathway, until, today, exited, author_on)
            for s in steps
            if s.start_date <= until
        ]

    # -- one step per kind -------------------------------------------------------------
    def _step(
        self,
        kind: str,
        start: date,
        months: float | None,
        *,
        title: str = "",
        provider: str | None = None,
        provider_name: str = "",
        **figures: object,
    ) -> Step:
        end = None
        if months is not None:
            end = start + relativedelta(days=round(months * 30.4)) - timedelta(days=1)
        return Step(
            uid=demo_uuid(self.rng),
            kind=kind,
            title=title,
            start_date=start,
            end_date=end,
            provider=self.providers[provider] if provider else None,
            provider_name=provider_name,
            **figures,
        )

    def _mobility(self, start: date) -> Step:
        title = self.rng.choice(
            ("Diagnostic mobilité", "Aide au permis de conduire", "Location solidaire de scooter")
        )
        return self._step(
            StepKind.MOBILITY, start, self.rng.randint(1, 4), title=title, provider="wimoov"
        )

    def _social(self, start: date) -> Step:
        title = self.rng.choice(
            (
                "Accompagnement social",
                "Accompagnement santé",
                "Appui aux démarches d'accès aux droits",
            )
        )
        return self._step(
            StepKind.SOCIAL_SUPPORT,
            start,
            self.rng.randint(2, 9),
            title=title,
            provider_name="Centre médico-social du secteur",
        )

    def _workshop(self, start: date, participant: Participant) -> Step:
        club = {"13001": "Club Ambition Aix", "13117": "Club Ambition Vitrolles"}
        insee = participant.commune.insee_code
        if participant.qpv and insee in club and self.rng.random() < 0.7:
            return self._step(
                StepKind.WORKSHOP,
                start,
                self.rng.randint(2, 4),
                title=club[insee],
                provider_name="Service Animation du PLIE",
            )
        title = self.rng.choice(
            (
                "Atelier recherche d'emploi : CV et lettre",
                "Atelier simulation d'entretien",
                "Atelier numérique",
                "Job dating des plus de 45 ans",
            )
        )
        return self._step(
            StepKind.WORKSHOP,
            start,
            self.rng.choice((0.5, 1, 2)),
            title=title,
            provider_name="Service Animation du PLIE",
        )

    def _main(self, kind: str, start: date) -> list[Step]:
        rng = self.rng
        job = rng.choice(texts.JOBS)
        employer = {"provider_name": rng.choice(texts.EMPLOYERS), "employer_siret": siret(rng)}
        if kind == StepKind.CDI:
            return [
                self._step(
                    kind, start, None, title=job, monthly_hours=MONTHLY_HOURS.pick(rng), **employer
                )
            ]
        if kind == StepKind.CDD:
            months = rng.choice((1, 2, 3, 4, 6, 6, 7, 9, 12))
            return [
                self._step(
                    kind,
                    start,
                    months,
                    title=job,
                    monthly_hours=MONTHLY_HOURS.pick(rng),
                    **employer,
                )
            ]
        if kind == StepKind.INTERIM:
            return self._interim_run(start, job)
        if kind == StepKind.QUALIFYING_TRAINING:
            return [
                self._step(
                    kind,
                    start,
                    rng.randint(4, 12),
                    title=rng.choice(texts.QUALIFYING),
                    provider="training",
                )
            ]
        if kind == StepKind.TRAINING:
            return [
                self._step(
                    kind,
                    start,
                    rng.randint(1, 4),
                    title=rng.choice(texts.PRE_QUALIFYING),
                    provider="training2",
                )
            ]
        if kind == StepKind.BUSINESS_CREATION:
            micro = rng.random() < 0.75
            income = Decimal(rng.randrange(300, 1600, 10)) if micro else None
            return [
                self._step(
                    kind,
                    start,
                    None,
                    title=f"Activité de {rng.choice(texts.CREATIONS)}",
                    micro_entrepreneur=micro,
                    monthly_income=income,
                )
            ]
        if kind == StepKind.IAE_ACI:
            return [
                self._step(
                    kind,
                    start,
                    rng.randint(4, 12),
                    title="CDDI – chantier espaces verts",
                    provider="aci",
                    monthly_hours=Decimal("112.67"),
                )
            ]
        if kind == StepKind.IAE_EI:
            return [
                self._step(
                    kind,
                    start,
                    rng.randint(4, 12),
                    title="CDDI – agent de tri",
                    provider="ei",
                    monthly_hours=rng.choice((Decimal("151.67"), Decimal("121.33"))),
                )
            ]
        if kind in (StepKind.IAE_ETTI, StepKind.IAE_AI):
            months = rng.randint(1, 6)
            return [
                self._step(
                    kind,
                    start,
                    months,
                    title=f"Missions : {job.lower()}",
                    provider="etti" if kind == StepKind.IAE_ETTI else "ai",
                    hours_worked=Decimal(rng.randint(20, 120) * months),
                )
            ]
        if kind == StepKind.CLAUSE:
            months = rng.randint(1, 6)
            return [
                self._step(
                    kind,
                    start,
                    months,
                    title=rng.choice(texts.CLAUSES),
                    hours_worked=Decimal(rng.randint(50, 130) * months),
                    provider_name="Bâtiments du Sud",
                )
            ]
        if kind == StepKind.IMMERSION:
            return [
                self._step(
                    kind, start, rng.choice((0.25, 0.5, 1)), title=f"PMSMP – {job}", **employer
                )
            ]
        return [
            self._step(
                StepKind.OTHER,
                start,
                rng.randint(1, 2),
                title=rng.choice(("Bilan de compétences", "Démarches administratives")),
            )
        ]

    def _interim_run(self, start: date, job: str) -> list[Step]:
        """Consecutive missions at one agency; some runs are long enough for a positive exit."""
        rng = self.rng
        agency = rng.choice(texts.AGENCIES)
        count = rng.randint(8, 12) if rng.random() < 0.2 else rng.randint(1, 4)
        missions, day = [], start
        for _ in range(count):
            weeks = rng.randint(2, 6)
            hours = Decimal(weeks * rng.randint(28, 36))
            step = self._step(
                StepKind.INTERIM,
                day,
                weeks * 7 / 30.4,
                title=job,
                provider_name=agency,
                hours_worked=hours,
            )
            missions.append(step)
            assert step.end_date is not None
            day = step.end_date + timedelta(days=rng.randint(1, 5))
        return missions

    def _finish(
        self,
        step: Step,
        pathway: Pathway,
        until: date,
        today: date,
        exited: bool,
        author_on: AuthorOn,
    ) -> Step:
        """Outcome and end date as of today (or of the exit, which closes every step)."""
        rng = self.rng
        step.pathway = pathway
        step.author = author_on(step.start_date)
        if exited and (step.end_date is None or step.end_date > until):
            step.end_date = until
            step.outcome = StepOutcome.ABANDONED
            return step
        if step.end_date is None or step.end_date >= today:
            step.outcome = StepOutcome.ONGOING
        elif step.kind in (StepKind.MOBILITY, StepKind.SOCIAL_SUPPORT):
            step.outcome = BARRIER_OUTCOMES.pick(rng)
        else:
            step.outcome = StepOutcome.ABANDONED if rng.random() < 0.08 else StepOutcome.COMPLETED
        return step
