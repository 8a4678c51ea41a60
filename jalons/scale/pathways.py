"""A participant's history as rows: orientations, pathways with their entry snapshot,
referent history, suspensions, contacts, steps, committee decisions and exits.

The exits are decided the way Jalons decides them: the exit engine reads the steps as of
the planned exit (or today); when it finds a positive exit, the pathway closes on its
validation date with a computed exit and the engine's explanation. Otherwise a pathway
due to end closes with a recorded exit (drop-out, move, retirement, death, other) or,
rarely, with a positive exit decided by the steering committee; the others are open today.
"""

import random
from typing import Any

from dateutil.relativedelta import relativedelta

from jalons.pathways import profile
from jalons.pathways.rules.exits import SmicTable
from jalons.scale import names
from jalons.scale.activity import Referents, contact_rows
from jalons.scale.distributions import (
    FATE_DAYS,
    FATES,
    NOT_ADMITTED_SHARE,
    ORIENTED_ONLY_SHARE,
    POSITIVE_FATES,
    PRESCRIBER_KINDS,
    REENTRY_SHARE,
    SUSPENDED_SHARE,
    Calendar,
    Weighted,
    ordered_uid,
)
from jalons.scale.exits import positive_exit
from jalons.scale.people import PeopleDrawer, Person
from jalons.scale.steps import PlannedStep, StepPlanner
from jalons.scale.structure import PlieSetup
from jalons.scale.writer import (
    ASSIGNMENTS,
    COMMITTEE,
    CONTACTS,
    EXITS,
    ORIENTATIONS,
    PARTICIPANTS,
    PATHWAYS,
    SNAPSHOTS,
    STEPS,
    SUSPENSIONS,
    Batch,
    IdBlock,
    Table,
)

PLANNED_MONTHS = 18
REFUSAL = "Ne relève pas du PLIE : orientation vers un autre dispositif."
PROPOSAL = "Situation atypique proposée par le Comité opérationnel."
JUSTIFICATION = "Contrat atypique mais durable : sortie assimilée à un emploi."


class HistoryBuilder:
    def __init__(
        self, rng: random.Random, drawer: PeopleDrawer, planner: StepPlanner,
        ids: dict[Table, IdBlock], smic: SmicTable, today: int, first_day: int,
    ) -> None:  # fmt: skip
        self.rng, self.drawer, self.planner, self.smic = rng, drawer, planner, smic
        self.ids = {table: block.take for table, block in ids.items()}
        self.today, self.first_day = today, first_day
        self.cal = Calendar()
        self.fates = Weighted(FATES)
        self.prescriber_kinds = Weighted(PRESCRIBER_KINDS)
        self.planned_end: dict[int, int] = {}
        self.rows: dict[Table, list[tuple[Any, ...]]] = {}

    def _days(self, low: int, high: int) -> int:
        return low + int(self.rng.random() * (high - low + 1))

    def _planned_end(self, entry: int) -> int:
        found = self.planned_end.get(entry)
        if found is None:
            day = self.cal.day(entry) + relativedelta(months=PLANNED_MONTHS)
            found = self.planned_end[entry] = day.toordinal()
        return found

    def participant(self, plie: PlieSetup, batch: Batch) -> None:
        """One person: an orientation only (pending or refused), or one or more pathways."""
        self.rows = batch.rows
        r, cal, today = self.rng.random, self.cal, self.today
        pid = self.ids[PARTICIPANTS]()
        entry = self.first_day + int(r() * (today - self.first_day))
        p = self.drawer.draw(entry)
        kind = r()
        current, status, created_on = None, "exited", entry
        if kind < ORIENTED_ONLY_SHARE + NOT_ADMITTED_SHARE:
            oriented = kind < ORIENTED_ONLY_SHARE
            created_on = today - self._days(1, 90) if oriented else entry
            self._orientation(pid, plie, p, created_on, None if oriented else entry + 20)
            status = "oriented" if oriented else "not_admitted"
        else:
            previous: int | None = None  # the previous pathway's exit day
            while True:
                current, exit_day, status = self._pathway(pid, plie, p, entry, previous)
                previous = exit_day
                if exit_day is None or r() >= REENTRY_SHARE:
                    break
                entry = exit_day + self._days(60, 720)  # back a few months later
                if entry >= today:
                    break
        created = cal.stamp(min(created_on, today))
        executive = p.level in ("I", "II", "6", "7") and p.age_on(entry) >= 45
        # fmt: off
        self.rows[PARTICIPANTS].append((
            pid, ordered_uid(self.rng, pid), plie.plie_id, None, p.last_name, p.first_name,
            p.birth_name, p.sex, p.birth, p.email, p.phone, p.address, p.commune.postal_code,
            p.commune.pk, p.qpv, p.qpv_zone_id, p.ft_id, p.nir, p.registered,
            cal.maybe(p.since), p.rsa, p.ass, p.aah, p.rqth, p.level, p.household, p.children,
            executive, p.barriers, status, current, created, created, None, None,
        ))
        # fmt: on

    def _orientation(
        self, pid: int, plie: PlieSetup, person: Person, day: int, decided_on: int | None
    ) -> tuple[int, str]:
        """An orientation: pending (None), refused (a day) or accepted (minus the entry day)."""
        oid = self.ids[ORIENTATIONS]()
        kind = self.prescriber_kinds.pick(self.rng.random())
        benefit = "Bénéficiaire du RSA" if person.rsa else "Demandeur d'emploi"
        if decided_on is None:
            status, decided, reason = "proposed", None, ""
        elif decided_on < 0:
            status, decided, reason = "accepted", self.cal.day(-decided_on), ""
        else:
            status, decided, reason = "refused", self.cal.day(min(decided_on, self.today)), REFUSAL
        # fmt: off
        self.rows[ORIENTATIONS].append((
            oid, ordered_uid(self.rng, oid), plie.plie_id, pid, plie.prescribers.get(kind), kind,
            None, self.cal.day(day), f"{benefit}, souhaite un accompagnement vers l'emploi.",
            status, decided, plie.coordinator_id if decided else None, reason,
            self.cal.stamp(day),
        ))
        # fmt: on
        return oid, kind

    def _pathway(
        self, pid: int, plie: PlieSetup, p: Person, entry: int, previous: int | None
    ) -> tuple[int, int | None, str]:
        """One pathway and everything in it; returns (id, exit day or None, status)."""
        r, cal, today, rows = self.rng.random, self.cal, self.today, self.rows
        wid = self.ids[PATHWAYS]()
        oid, prescriber_kind = self._orientation(pid, plie, p, entry - self._days(7, 60), -entry)
        fate = self.fates.pick(r())
        if fate == "retraite" and p.age_on(entry) < 57:
            fate = "autre"
        low, high = FATE_DAYS.get(fate, FATE_DAYS["autre"])
        planned_exit = entry + self._days(low, high)
        closed_on = planned_exit if planned_exit <= today else None
        horizon = min(planned_exit, today)
        steps = self.planner.plan(entry, horizon, fate, p.barriers)
        positive = positive_exit(steps, horizon, closed_on, cal.day, self.smic)
        keep: frozenset[int] = frozenset()
        exit_kind, source, reason, explanation = "", "", "", ""
        if positive is not None:
            verdict, closed_on, keep = positive
            exit_kind, source, explanation = verdict.kind or "", "computed", verdict.explanation
        elif closed_on is not None and fate == "committee":
            exit_kind, source = ("cdd" if r() < 0.6 else "autre"), "committee"
            reason = PROPOSAL
        elif closed_on is not None:
            exit_kind, source = (fate if fate not in POSITIVE_FATES else "autre"), "recorded"
            choices = names.EXIT_REASONS[exit_kind]
            reason = choices[int(r() * len(choices))]
        steps = self.planner.settle(steps, closed_on, today, keep)
        deld = p.deld_on(entry)
        end = closed_on if closed_on is not None else today
        lot = plie.lots[plie.lot_of_bassin.get(p.commune.bassin_id, 0)]
        referents = Referents(self.rng, lot, entry, end)
        author = referents.on
        coordinator = plie.coordinator_id
        rows[ASSIGNMENTS].extend(
            referents.rows(self.ids[ASSIGNMENTS], wid, closed_on, coordinator, cal)
        )
        status = "exited" if closed_on is not None else "active"
        if self._suspensions(wid, entry, end, closed_on is None, coordinator):
            status = "suspended"
        last_contact = contact_rows(
            self.rng, rows[CONTACTS], self.ids[CONTACTS], cal, wid, entry, end,
            closed_on is None, positive is None and exit_kind == "abandon", author,
        )  # fmt: skip
        self._steps(wid, plie, steps, author)
        if closed_on is not None:
            committee_id = None
            if source == "committee":
                committee_id = self._committee(wid, coordinator, closed_on, exit_kind)
            decided_by = None if source == "computed" else author(closed_on)
            # fmt: off
            rows[EXITS].append((
                self.ids[EXITS](), wid, exit_kind, cal.day(closed_on), source != "recorded",
                source, reason, explanation, committee_id, decided_by, cal.stamp(closed_on),
                plie.plie_id, p.rsa,
            ))
            # fmt: on
        elif fate == "committee" or r() < 0.02:  # proposed to the next steering committee
            self._committee(wid, coordinator, None, "autre")
        # fmt: off
        rows[PATHWAYS].append((
            wid, ordered_uid(self.rng, wid), pid, plie.plie_id, oid, cal.day(entry),
            cal.day(self._planned_end(entry)), lot.lot_id, referents.current, status,
            cal.maybe(closed_on), cal.day(last_contact), coordinator, cal.stamp(entry), {}, "",
            False, cal.stamp(entry),
            # the review's copies: the snapshot below, coded, and the previous exit
            profile.encode(profile.EntryProfile(
                p.sex, p.rsa, deld, p.rqth, p.qpv, p.bucket, prescriber_kind
            )),
            p.commune.bassin_id, cal.maybe(previous),
        ))
        rows[SNAPSHOTS].append((
            self.ids[SNAPSHOTS](), wid, cal.stamp(entry), p.sex, p.age_on(entry), p.commune.pk,
            p.commune.bassin_id, p.qpv, p.rsa, p.ass, p.aah, deld, p.rqth, p.level,
            p.bucket, prescriber_kind, p.household, p.barriers,
        ))
        # fmt: on
        return wid, closed_on, status

    def _suspensions(self, wid: int, entry: int, end: int, is_open: bool, by: int) -> bool:
        """Some open pathways are suspended today (True); a few others were, for a while."""
        r, cal = self.rng.random, self.cal
        reason = names.SUSPENSION_REASONS[int(r() * len(names.SUSPENSION_REASONS))]
        if is_open and end - entry > 30 and r() < SUSPENDED_SHARE:
            start = end - self._days(1, min(90, end - entry - 1))
            self.rows[SUSPENSIONS].append(
                (self.ids[SUSPENSIONS](), wid, cal.day(start), None, reason, by)
            )
            return True
        if end - entry > 240 and r() < 0.03:
            start = entry + self._days(60, end - entry - 150)
            stop = start + self._days(14, 90)
            self.rows[SUSPENSIONS].append(
                (self.ids[SUSPENSIONS](), wid, cal.day(start), cal.day(stop), reason, by)
            )
        return False

    def _steps(self, wid: int, plie: PlieSetup, steps: list[PlannedStep], author) -> None:  # type: ignore[no-untyped-def]
        cal, rng, rows = self.cal, self.rng, self.rows[STEPS]
        take, providers = self.ids[STEPS], plie.providers
        for s in steps:
            sid = take()
            # fmt: off
            rows.append((
                sid, ordered_uid(rng, sid), wid, s.kind, s.title, cal.day(s.start),
                cal.maybe(s.end), s.monthly_hours, s.hours_worked, s.micro, s.income, s.siret,
                providers.get(s.provider) if s.provider else None, s.provider_name, s.outcome,
                "", author(s.start), False, cal.stamp(s.start),
            ))
            # fmt: on

    def _committee(self, wid: int, by: int, exit_on: int | None, kind: str) -> int:
        """A steering-committee decision: accepted on an exit day, or still proposed."""
        cal = self.cal
        did = self.ids[COMMITTEE]()
        if exit_on is None:
            proposed = self.today - self._days(1, 30)
            exit_day, status, decided, justification = self.today, "proposed", None, ""
        else:
            proposed, exit_day, status = exit_on, exit_on, "accepted"
            decided = cal.day(min(exit_on + self._days(10, 40), self.today))
            justification = JUSTIFICATION
        # fmt: off
        self.rows[COMMITTEE].append((
            did, wid, cal.day(proposed), PROPOSAL, kind, kind != "autre", cal.day(exit_day),
            status, decided, justification, by, by if decided else None, cal.stamp(proposed),
        ))
        # fmt: on
        return did
