"""The last days of activity, performed through the services under each demo account.

Unlike the bulk history, these operations go through `jalons.pathways.services` with the
acting user set, so they fill the audit journal (reads, orientations, entries, contacts,
steps, a suspension, a referent change). Each operation is dated on a working day of the
last two weeks; as this is seed data, the journal entries it writes are given that moment
(demo only: a real audit entry is never edited).
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.utils import timezone

from jalons.accounts.models import User
from jalons.core.audit import log_read
from jalons.demo import names, texts
from jalons.demo.builder import PlieSetup
from jalons.demo.structure import Structure
from jalons.participants.models import Participant
from jalons.pathways import services
from jalons.pathways.enums import Attendance, ContactKind, StepKind
from jalons.pathways.models import Orientation, Pathway

OVERRIDE_TEXT = "Dérogation validée en comité opérationnel : cumul de freins à l'emploi."


@dataclass
class Operation:
    when: datetime
    actor: User | Callable[[], User]  # a callable when known only once earlier ones ran
    run: Callable[[date], None]


class RecentActivity:
    def __init__(
        self, rng: random.Random, today: date, structure: Structure, aix: PlieSetup, edb: PlieSetup
    ) -> None:
        self.rng = rng
        self.today = today
        self.structure = structure
        self.users = structure.users
        self.aix = aix
        self.edb = edb
        self.operations: list[Operation] = []
        self.orientations: dict[int, Orientation] = {}
        self.pathways: dict[int, Pathway] = {}

    def moment(self, earliest: int, latest: int) -> datetime:
        """A working-day moment between `earliest` and `latest` days ago (office hours)."""
        day = self.today - timedelta(days=self.rng.randint(latest, earliest))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        minutes = self.rng.randint(8 * 60 + 30, 17 * 60 + 30)
        return timezone.make_aware(datetime.combine(day, time(minutes // 60, minutes % 60)))

    def add(
        self, when: datetime, actor: User | Callable[[], User], run: Callable[[date], None]
    ) -> None:
        self.operations.append(Operation(when, actor, run))

    def run(self, proposed: int) -> None:
        self._orientations(self.aix, proposed, accepted=2, refused=2)
        self._orientations(self.edb, 1, accepted=0, refused=0)
        self._caseload_work()
        self._reads()
        self.operations.sort(key=lambda op: op.when)
        for op in self.operations:
            last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            with set_actor(op.actor if isinstance(op.actor, User) else op.actor()):
                op.run(op.when.date())
            LogEntry.objects.filter(pk__gt=last).update(timestamp=op.when)

    # -- orientations: submitted, then some decided ------------------------------------
    def _orientations(self, setup: PlieSetup, proposed: int, accepted: int, refused: int) -> None:
        total = proposed + accepted + refused
        for index in range(total):
            decided = index >= proposed
            when = self.moment(20, 10) if decided else self.moment(20, 1)
            # The CAF demo account sends a good share of them; the team records the others.
            by_caf = setup.prescriber_user is not None and index % 3 == 0
            submitter = setup.prescriber_user if by_caf else setup.team[0]
            assert submitter is not None
            key = len(self.operations)
            self.add(when, submitter, self._submit(setup, key, by_caf, submitter))
            if decided and index < proposed + accepted:
                decided_at = self.moment(6, 1)
                self.add(decided_at, setup.team[0], self._accept(setup, key))
                self.add(
                    decided_at + timedelta(minutes=40),
                    partial(self._referent, key),
                    self._entry_contact(key),
                )
            elif decided:
                self.add(self.moment(6, 1), setup.team[0], self._refuse(key))

    def _submit(
        self, setup: PlieSetup, key: int, by_caf: bool, submitter: User
    ) -> Callable[[date], None]:
        people = setup.people
        kind = "caf" if by_caf else people.prescriber_kind()
        if kind == "caf" and not by_caf:
            kind = "france_travail"

        def run(day: date) -> None:
            participant = people.participant(day, created_by=submitter)
            self.orientations[key] = services.submit_orientation(
                plie=setup.plie,
                participant=participant,
                prescriber=setup.prescribers.get(kind),
                prescriber_kind=kind,
                reasons=people.reasons(participant, day),
                submitted_by=submitter,
                submitted_on=day,
            )

        return run

    def _accept(self, setup: PlieSetup, key: int) -> Callable[[date], None]:
        def run(day: date) -> None:
            orientation = self.orientations[key]
            participant = orientation.participant
            lot = setup.lot_of(participant)
            advisers = [user for user, _ in setup.advisers[lot.pk]]
            referent = self.users["adviser"] if self.users["adviser"] in advisers else advisers[0]
            screening = services.screen_participant(participant, day)
            self.pathways[key] = services.accept_orientation(
                orientation,
                decided_by=setup.team[0],
                entry_date=day,
                referent=referent,
                lot=lot,
                override_justification=OVERRIDE_TEXT if screening.needs_override else "",
            )

        return run

    def _referent(self, key: int) -> User:
        referent = self.pathways[key].referent
        assert referent is not None
        return referent

    def _entry_contact(self, key: int) -> Callable[[date], None]:
        def run(day: date) -> None:
            pathway = self.pathways[key]
            services.add_contact(
                pathway,
                on=day,
                kind=ContactKind.INDIVIDUAL,
                attendance=Attendance.ATTENDED,
                notes=texts.ENTRY_NOTE,
                author=pathway.referent,
                today=self.today,
            )

        return run

    def _refuse(self, key: int) -> Callable[[date], None]:
        def run(day: date) -> None:
            orientation = services.refuse_orientation(
                self.orientations[key],
                decided_by=self.aix.team[0],
                reason=self.rng.choice(texts.REFUSAL_REASONS),
            )
            Orientation.objects.filter(pk=orientation.pk).update(decided_on=day)

        return run

    # -- the adviser's and the team's daily work ----------------------------------------
    def _caseload_work(self) -> None:
        rng, users = self.rng, self.users
        adviser, coordinator = users["adviser"], users["coordinator"]
        caseload = list(
            Pathway.objects.filter(referent=adviser, status="active").order_by("entry_date", "pk")
        )
        picked = rng.sample(caseload, min(len(caseload), 12))
        for pathway in picked[:6]:
            self.add(self.moment(7, 1), adviser, self._contact(pathway, adviser))
        if len(picked) > 6:
            self.add(self.moment(9, 2), adviser, self._step(picked[6], adviser, StepKind.IMMERSION))
        if len(picked) > 7:
            self.add(self.moment(9, 2), adviser, self._step(picked[7], adviser, StepKind.CDD))
        if len(picked) > 8:
            self.add(self.moment(9, 1), coordinator, self._suspend(picked[8]))
        for pathway in picked[9:11]:
            self.add(self.moment(10, 1), coordinator, self._update_participant(pathway))
        colleague = users["aae4"]
        theirs = Pathway.objects.filter(referent=colleague, status="active").order_by("pk").first()
        if theirs is not None:
            self.add(self.moment(5, 1), coordinator, self._change_referent(theirs, adviser))
        edb_adviser = users["edb_adviser"]
        for pathway in Pathway.objects.filter(referent=edb_adviser, status="active")[:2]:
            self.add(self.moment(7, 1), edb_adviser, self._contact(pathway, edb_adviser))

    def _contact(self, pathway: Pathway, author: User) -> Callable[[date], None]:
        kind = self.rng.choice((ContactKind.INDIVIDUAL, ContactKind.INDIVIDUAL, ContactKind.PHONE))
        notes = self.rng.choice(texts.CONTACT_NOTES[kind])

        def run(day: date) -> None:
            log_read(pathway.participant)
            services.add_contact(
                pathway,
                on=day,
                kind=kind,
                attendance=Attendance.ATTENDED,
                notes=notes,
                author=author,
                today=self.today,
            )

        return run

    def _step(self, pathway: Pathway, author: User, kind: str) -> Callable[[date], None]:
        def run(day: date) -> None:
            if kind == StepKind.IMMERSION:
                services.save_step(
                    pathway,
                    author=author,
                    kind=kind,
                    title="PMSMP – Agent d'accueil",
                    start_date=day,
                    end_date=day + timedelta(days=13),
                    provider_name="Clinique des Pins",
                )
            else:
                services.save_step(
                    pathway,
                    author=author,
                    kind=kind,
                    title="Employé polyvalent de restauration",
                    start_date=day,
                    end_date=day + timedelta(days=182),
                    monthly_hours=Decimal("121.33"),
                    provider_name="Restaurant La Rotonde",
                )

        return run

    def _suspend(self, pathway: Pathway) -> Callable[[date], None]:
        def run(day: date) -> None:
            services.suspend_pathway(
                pathway, on=day, reason="Hospitalisation", by=self.users["coordinator"]
            )

        return run

    def _update_participant(self, pathway: Pathway) -> Callable[[date], None]:
        phone = f"06 {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} 31 07"

        def run(day: date) -> None:
            participant = Participant.objects.get(pk=pathway.participant_id)
            participant.phone = phone
            participant.address = f"{self.rng.randint(1, 90)} {self.rng.choice(names.STREETS)}"
            participant.save()

        return run

    def _change_referent(self, pathway: Pathway, referent: User) -> Callable[[date], None]:
        def run(day: date) -> None:
            services.change_referent(
                pathway,
                referent=referent,
                on=max(day, pathway.entry_date + timedelta(days=1)),
                by=self.users["coordinator"],
                reason="Rééquilibrage des portefeuilles du lot",
            )

        return run

    # -- reads of participant files -----------------------------------------------------
    def _reads(self) -> None:
        users = self.users
        aix = list(Participant.objects.filter(plie=self.aix.plie, status="active").order_by("pk"))
        edb = list(Participant.objects.filter(plie=self.edb.plie).order_by("pk"))
        for key, count in (("lead", 6), ("coordinator", 10), ("cre", 3), ("oi", 3)):
            for participant in self.rng.sample(aix, min(count, len(aix))):
                self.add(self.moment(12, 1), users[key], self._read(participant))
        for key in ("edb_lead", "oi"):
            for participant in self.rng.sample(edb, min(2, len(edb))):
                self.add(self.moment(12, 1), users[key], self._read(participant))

    @staticmethod
    def _read(participant: Participant) -> Callable[[date], None]:
        return lambda day: log_read(participant)
