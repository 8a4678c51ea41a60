"""Contacts of a pathway: every 3–6 weeks from entry, attended, excused or missed."""

import random
from collections.abc import Callable
from datetime import date, timedelta

from jalons.accounts.models import User
from jalons.demo import texts
from jalons.demo.people import Weighted, demo_uuid
from jalons.pathways.enums import Attendance, ContactKind
from jalons.pathways.models import Contact, Pathway

AuthorOn = Callable[[date], User | None]

# fmt: off
CONTACT_KINDS = Weighted(((ContactKind.INDIVIDUAL, 60), (ContactKind.PHONE, 20),
                          (ContactKind.COLLECTIVE, 10), (ContactKind.VIDEO, 5),
                          (ContactKind.HOME_VISIT, 5)))
ATTENDANCE = Weighted(((Attendance.ATTENDED, 85), (Attendance.EXCUSED, 8), (Attendance.MISSED, 7)))
# fmt: on


def plan_contacts(
    rng: random.Random,
    pathway: Pathway,
    *,
    until: date,
    today: date,
    stale: bool,
    author_on: AuthorOn,
    abandoned: bool = False,
) -> list[Contact]:
    """Contacts from entry to `until`; a stale pathway has had none for more than 30 days."""
    entry = pathway.entry_date
    contacts = [
        _contact(
            rng,
            pathway,
            entry,
            ContactKind.INDIVIDUAL,
            Attendance.ATTENDED,
            texts.ENTRY_NOTE,
            author_on,
        )
    ]
    day = entry + timedelta(days=rng.randint(21, 42))
    while day <= until:
        kind = CONTACT_KINDS.pick(rng)
        contacts.append(
            _contact(
                rng,
                pathway,
                day,
                kind,
                ATTENDANCE.pick(rng),
                rng.choice(texts.CONTACT_NOTES[kind]),
                author_on,
            )
        )
        day += timedelta(days=rng.randint(21, 42))
    if abandoned:
        # The last appointments before a drop-out were missed (never the entry interview).
        for contact in contacts[max(1, len(contacts) - 2) :]:
            contact.attendance = Attendance.MISSED
    elif until >= today and not stale:
        recent = today - timedelta(days=25)
        if max(c.date for c in contacts if c.attendance == Attendance.ATTENDED) < recent:
            day = max(entry, today - timedelta(days=rng.randint(1, 24)))
            contacts.append(
                _contact(
                    rng,
                    pathway,
                    day,
                    ContactKind.INDIVIDUAL,
                    Attendance.ATTENDED,
                    rng.choice(texts.CONTACT_NOTES[ContactKind.INDIVIDUAL]),
                    author_on,
                )
            )
    elif stale and rng.random() < 0.6:
        # A reminder that went unanswered: it does not count as a contact.
        day = today - timedelta(days=rng.randint(3, 20))
        contacts.append(
            _contact(
                rng,
                pathway,
                day,
                ContactKind.PHONE,
                Attendance.MISSED,
                "Relance suite à l'absence au dernier rendez-vous.",
                author_on,
            )
        )
    return contacts


def _contact(
    rng: random.Random,
    pathway: Pathway,
    day: date,
    kind: str,
    attendance: str,
    notes: str,
    author_on: AuthorOn,
) -> Contact:
    return Contact(
        uid=demo_uuid(rng),
        pathway=pathway,
        date=day,
        kind=kind,
        attendance=attendance,
        notes=notes,
        author=author_on(day),
    )
