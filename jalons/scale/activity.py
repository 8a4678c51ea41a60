"""A pathway's referent history and its contacts, as rows."""

import random
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from jalons.scale import names
from jalons.scale.distributions import STALE_SHARE, Calendar, Weighted, ordered_uid
from jalons.scale.structure import LotSetup

CONTACT_KINDS = Weighted(
    (("individual", 60), ("phone", 20), ("collective", 10), ("video", 5), ("home_visit", 5))
)
ATTENDANCE = Weighted((("attended", 85), ("excused", 8), ("missed", 7)))
ENTRY_NOTE = "Entretien d'entrée : diagnostic partagé et engagements signés."
FIRST_REASON = "Entrée dans le PLIE"
HAND_OVER_REASON = "Départ de l'accompagnateur : transfert de portefeuille"
REBALANCING_REASON = "Rééquilibrage des portefeuilles"
REBALANCING_SHARE = 0.06

Row = tuple[Any, ...]


class Referents:
    """Who followed a pathway when: the advisers of its caseload slot over time (a leaving
    adviser hands the caseload over), and sometimes a move to another slot of the lot."""

    def __init__(self, rng: random.Random, lot: LotSetup, entry: int, end: int) -> None:
        slot = lot.slots[int(rng.random() * len(lot.slots))]
        changes = [(entry, slot.holder_on(entry), FIRST_REASON)]
        changes += [(day, user, HAND_OVER_REASON) for day, user in slot.changes(entry, end)]
        last = changes[-1][0]
        if len(lot.slots) > 1 and end - last > 30 and rng.random() < REBALANCING_SHARE:
            day = last + 15 + int(rng.random() * (end - last - 15))
            other = lot.slots[int(rng.random() * len(lot.slots))]
            changes.append((day, other.holder_on(day), REBALANCING_REASON))
        self.periods: list[tuple[int, int, str]] = []
        for day, user, reason in changes:
            if not self.periods or self.periods[-1][1] != user:
                self.periods.append((day, user, reason))
        self.starts = [day for day, _, _ in self.periods]
        self.users = [user for _, user, _ in self.periods]

    def on(self, day: int) -> int:
        """The referent on `day` (the first one before the entry)."""
        index = bisect_right(self.starts, day) - 1
        return self.users[index if index > 0 else 0]

    @property
    def current(self) -> int:
        return self.users[-1]

    def rows(
        self, take: Callable[[], int], wid: int, closed_on: int | None, by: int, cal: Calendar
    ) -> list[Row]:
        """ReferentAssignment rows: each period ends the day before the next one starts,
        the last one on the exit (open while the pathway is)."""
        found = []
        for i, (day, user, reason) in enumerate(self.periods):
            stop = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else closed_on
            found.append(
                (take(), wid, user, cal.day(day), cal.maybe(stop), reason, by, cal.stamp(day))
            )
        return found  # fmt: skip


def contact_rows(
    rng: random.Random, rows: list[Row], take: Callable[[], int], cal: Calendar, wid: int,
    entry: int, end: int, is_open: bool, abandon: bool, author: Callable[[int], int],
) -> int:  # fmt: skip
    """Contacts every 3 to 6 weeks from the entry interview to `end`; returns the day of
    the last one attended. Some open pathways have had no contact for over a month; people
    who drop out missed their last appointments."""
    r, day_of, stamp, uid = rng.random, cal.day, cal.stamp, ordered_uid
    pick_kind, pick_attendance = CONTACT_KINDS.pick, ATTENDANCE.pick
    notes, n_notes = names.CONTACT_NOTES, len(names.CONTACT_NOTES)
    if is_open and r() < STALE_SHARE:
        end = max(entry, end - 31 - int(r() * 120))
    first = len(rows)
    contact_id = take()
    rows.append((contact_id, uid(rng, contact_id), wid, day_of(entry), "individual", "attended",
                 ENTRY_NOTE, author(entry), stamp(entry)))  # fmt: skip
    last = entry
    day = entry + 21 + int(r() * 22)
    while day <= end:
        attendance = pick_attendance(r())
        if attendance == "attended":
            last = day
        contact_id = take()
        rows.append((contact_id, uid(rng, contact_id), wid, day_of(day), pick_kind(r()),
                     attendance, notes[int(r() * n_notes)], author(day), stamp(day)))  # fmt: skip
        day += 21 + int(r() * 22)
    if abandon:
        for index in range(max(first + 1, len(rows) - 2), len(rows)):
            rows[index] = (*rows[index][:5], "missed", *rows[index][6:])
        last = max(row[3] for row in rows[first:] if row[5] == "attended").toordinal()
    return last
