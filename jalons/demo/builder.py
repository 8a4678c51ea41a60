"""Builds the demonstration population in bulk (a thousand files in seconds on SQLite).

The pathway services handle one person at a time, with several queries each; for seed data
we build the same rows in memory and `bulk_create` them in dependency order, keeping every
invariant the services keep (see `jalons.pathways.services.lifecycle.enter_pathway`):
participant.status and current_pathway, pathway.referent equal to the one open referent
assignment, last_contact_on the latest attended contact, planned end 18 months after
entry, a frozen entry snapshot. Bulk writes bypass the audit log, which is fine for seed
data; `jalons.demo.recent` then performs a few days of audited activity through the services.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from jalons.accounts.models import User
from jalons.demo import texts
from jalons.demo.activity import StepPlanner
from jalons.demo.contacts import plan_contacts
from jalons.demo.people import People, Weighted, demo_uuid
from jalons.organisations.models import Lot, Organisation
from jalons.participants.models import Participant
from jalons.pathways.enums import Attendance, ExitKind, ExitSource, OrientationStatus
from jalons.pathways.models import (
    Contact,
    EntrySnapshot,
    Exit,
    Orientation,
    Pathway,
    ReferentAssignment,
    Step,
    Suspension,
)
from jalons.pathways.models.pathway import copy_entry_profile
from jalons.pathways.rules.eligibility import screen
from jalons.pathways.services.lifecycle import entry_snapshot, screening_record
from jalons.pathways.services.orientations import situation_of

OVERRIDE_TEXT = (
    "Dérogation accordée par le comité opérationnel : cumul de freins à l'emploi "
    "(qualification, mobilité) constaté lors du diagnostic."
)
EXIT_KINDS = Weighted(((ExitKind.DROP_OUT, 60), (ExitKind.MOVE, 22), (ExitKind.OTHER, 18)))


@dataclass
class PlieSetup:
    """What the builder needs to know of one PLIE."""

    plie: Organisation
    people: People
    lot_of: Callable[[Participant], Lot]
    advisers: dict[int, list[tuple[User, float]]]  # lot id → [(adviser, weight)]
    prescribers: dict[str, Organisation]  # kind → organisation (absent: no organisation)
    team: list[User]  # who decides entries and records exits; the first decides most
    prescriber_user: User | None = None  # submits the orientations of its organisation
    prescriber_user_kind: str = "caf"


@dataclass
class Population:
    participants: list[Participant] = field(default_factory=list)
    orientations: list[Orientation] = field(default_factory=list)
    pathways: list[Pathway] = field(default_factory=list)
    snapshots: list[EntrySnapshot] = field(default_factory=list)
    assignments: list[ReferentAssignment] = field(default_factory=list)
    suspensions: list[Suspension] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    exits: list[Exit] = field(default_factory=list)
    # participant → its pathway, set once both rows exist (the foreign keys are circular)
    current: list[tuple[Participant, Pathway]] = field(default_factory=list)

    def save(self) -> None:
        """Insert in dependency order; foreign keys to fresh rows are filled in by Django."""
        for model, rows in (
            (Participant, self.participants),
            (Orientation, self.orientations),
            (Pathway, self.pathways),
            (EntrySnapshot, self.snapshots),
            (ReferentAssignment, self.assignments),
            (Suspension, self.suspensions),
            (Contact, self.contacts),
            (Step, self.steps),
            (Exit, self.exits),
        ):
            model.objects.bulk_create(rows, batch_size=500)  # type: ignore[attr-defined,arg-type]
        for participant, pathway in self.current:
            participant.current_pathway = pathway
        Participant.objects.bulk_update(
            [participant for participant, _ in self.current], ["current_pathway"], batch_size=500
        )


class Builder:
    def __init__(self, rng: random.Random, today: date, providers: dict[str, Organisation]):
        self.rng = rng
        self.today = today
        self.population = Population()
        self.steps = StepPlanner(rng, providers)
        self.months = settings.JALONS_PATHWAY_PLANNED_MONTHS

    def add_pathways(self, setup: PlieSetup, *, open_count: int, exited_count: int) -> None:
        rng, today = self.rng, self.today
        communes = set(setup.plie.communes.values_list("insee_code", flat=True))
        for index in range(open_count + exited_count):
            exited = index >= open_count
            if exited:
                entry = today - timedelta(days=rng.randint(60, 730))
            elif rng.random() < 0.88:
                entry = today - timedelta(days=rng.randint(7, 540))
            else:  # past the planned 18 months: an alert on the caseload
                entry = today - timedelta(days=rng.randint(552, 730))
            self._add_one(setup, communes, entry, exited)

    def _add_one(self, setup: PlieSetup, communes: set[str], entry: date, exited: bool) -> None:
        rng, today, pop = self.rng, self.today, self.population
        participant = setup.people.participant(entry, created_by=setup.team[0])
        orientation = self._orientation(setup, participant, entry)
        screening = screen(situation_of(participant), communes, entry)
        justification = OVERRIDE_TEXT if screening.needs_override else ""
        orientation.decision_reason = justification
        lot = setup.lot_of(participant)
        advisers = setup.advisers[lot.pk]
        referent = Weighted(advisers).pick(rng)
        until = today
        exit_date = None
        if exited:
            exit_date = min(entry + timedelta(days=rng.randint(30, 600)), today - timedelta(1))
            until = exit_date
        status = "exited" if exited else "active"
        if not exited and (today - entry).days > 60 and rng.random() < 0.04:
            status = "suspended"
        stale = status == "active" and (today - entry).days > 45 and rng.random() < 0.10
        pathway = Pathway(
            uid=demo_uuid(rng),
            participant=participant,
            plie=setup.plie,
            orientation=orientation,
            entry_date=entry,
            planned_end_date=entry + relativedelta(months=self.months),
            lot=lot,
            referent=referent,
            status=status,
            exit_date=exit_date,
            entry_decided_by=orientation.decided_by,
            entry_decided_at=timezone.make_aware(datetime.combine(entry, time(10, 0))),
            eligibility=screening_record(screening),
            override_justification=justification,
        )
        # Referent history: now and then the pathway changed hands within the lot.
        others = [user for user, _ in advisers if user.pk != referent.pk]
        change_on = None
        span = (until - entry).days
        if others and span > 120 and rng.random() < 0.08:
            change_on = entry + timedelta(days=rng.randint(60, span - 30))
            previous = rng.choice(others)
            pop.assignments.append(
                ReferentAssignment(
                    pathway=pathway,
                    referent=previous,
                    start_date=entry,
                    end_date=change_on - timedelta(days=1),
                    reason="Entrée dans le PLIE",
                    assigned_by=orientation.decided_by,
                )
            )
            pop.assignments.append(
                ReferentAssignment(
                    pathway=pathway,
                    referent=referent,
                    start_date=change_on,
                    end_date=exit_date,
                    reason="Rééquilibrage des portefeuilles du lot",
                    assigned_by=setup.team[0],
                )
            )
        else:
            pop.assignments.append(
                ReferentAssignment(
                    pathway=pathway,
                    referent=referent,
                    start_date=entry,
                    end_date=exit_date,
                    reason="Entrée dans le PLIE",
                    assigned_by=orientation.decided_by,
                )
            )

        def author_on(day: date) -> User:
            return previous if change_on is not None and day < change_on else referent

        contact_until = until
        if status == "suspended":
            start = max(entry + timedelta(days=30), today - timedelta(days=rng.randint(10, 90)))
            pop.suspensions.append(
                Suspension(
                    pathway=pathway,
                    start_date=start,
                    reason=rng.choice(texts.SUSPENSION_REASONS),
                    recorded_by=setup.team[0],
                )
            )
            contact_until = start - timedelta(days=1)
        elif status == "active" and span > 200 and rng.random() < 0.03:
            start = entry + timedelta(days=rng.randint(60, 120))
            pop.suspensions.append(
                Suspension(
                    pathway=pathway,
                    start_date=start,
                    end_date=start + timedelta(rng.randint(20, 60)),
                    reason=rng.choice(texts.SUSPENSION_REASONS),
                    recorded_by=setup.team[0],
                )
            )
        if stale:
            contact_until = today - timedelta(days=rng.randint(35, min(120, span)))
        exit_kind = self._exit_kind(participant, exit_date) if exit_date else None
        contacts = plan_contacts(
            rng,
            pathway,
            until=contact_until,
            today=today,
            stale=stale,
            author_on=author_on,
            abandoned=exit_kind == ExitKind.DROP_OUT,
        )
        pathway.last_contact_on = max(
            (c.date for c in contacts if c.attendance == Attendance.ATTENDED), default=None
        )
        pop.contacts.extend(contacts)
        pop.steps.extend(
            self.steps.plan(
                pathway, participant, until=until, today=today, exited=exited, author_on=author_on
            )
        )
        snapshot = self._snapshot(pathway, participant, orientation.prescriber_kind)
        copy_entry_profile(pathway, snapshot)  # one pathway per person: never a re-entry
        pop.snapshots.append(snapshot)
        if exit_date and exit_kind:
            exit_record = Exit(
                pathway=pathway,
                kind=exit_kind,
                date=exit_date,
                is_positive=False,
                source=ExitSource.RECORDED,
                reason=rng.choice(texts.EXIT_REASONS[exit_kind]),
                decided_by=setup.team[0],
            )
            exit_record.copy_pathway(pathway)
            pop.exits.append(exit_record)
        participant.status = status
        pop.current.append((participant, pathway))
        pop.participants.append(participant)
        pop.orientations.append(orientation)
        pop.pathways.append(pathway)

    def _orientation(
        self,
        setup: PlieSetup,
        participant: Participant,
        entry: date,
        status: str = OrientationStatus.ACCEPTED,
    ) -> Orientation:
        rng = self.rng
        kind = setup.people.prescriber_kind()
        submitted_on = entry - timedelta(days=rng.randint(7, 45))
        by_prescriber = setup.prescriber_user is not None and kind == setup.prescriber_user_kind
        decided_by = setup.team[0] if rng.random() < 0.8 else setup.team[-1]
        return Orientation(
            uid=demo_uuid(rng),
            plie=setup.plie,
            participant=participant,
            prescriber=setup.prescribers.get(kind),
            prescriber_kind=kind,
            submitted_by=setup.prescriber_user if by_prescriber else setup.team[0],
            submitted_on=submitted_on,
            reasons=setup.people.reasons(participant, submitted_on),
            status=status,
            decided_on=entry,
            decided_by=decided_by,
        )

    def add_refused(self, setup: PlieSetup, count: int) -> None:
        """Orientations refused (with the reason) in the past year: the person is not admitted."""
        rng, pop = self.rng, self.population
        for _ in range(count):
            decided = self.today - timedelta(days=rng.randint(10, 360))
            participant = setup.people.participant(decided, created_by=setup.team[0])
            participant.status = "not_admitted"
            orientation = self._orientation(setup, participant, decided, OrientationStatus.REFUSED)
            orientation.decision_reason = rng.choice(texts.REFUSAL_REASONS)
            pop.participants.append(participant)
            pop.orientations.append(orientation)

    def _exit_kind(self, participant: Participant, on: date) -> str:
        if participant.age_on(on) >= 60 and self.rng.random() < 0.5:
            return ExitKind.RETIREMENT
        return EXIT_KINDS.pick(self.rng)

    def _snapshot(self, pathway: Pathway, participant: Participant, kind: str) -> EntrySnapshot:
        since = participant.job_seeker_since
        deld = bool(since and since + relativedelta(months=12) <= pathway.entry_date)
        return entry_snapshot(pathway, participant, kind, deld)
