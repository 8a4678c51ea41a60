"""Shares of the source document (2013–2017 review of the PLIE du Pays d'Aix) and the
fast random helpers the generator draws them with.

74 % RSA, 76 % long-term job seekers (DELD), 49 % women, levels VI/V bis 33 %, V 31 %,
IV 18 %, 12 % QPV residents, prescribers France Travail 29 %, CAF 23 %, BME 19 %, CCAS 7 %,
Pôle insertion 6 %. Exits: about 29 % to employment (CDI 9 %, CDD 13 %), the rest drop-outs,
moves, retirements and other exits.
"""

import random
from bisect import bisect_left
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")

FEMALE_SHARE = 0.49
RSA_SHARE, ASS_SHARE, AAH_SHARE = 0.74, 0.06, 0.05
REGISTERED_SHARE, DELD_SHARE = 0.93, 0.76
QPV_SHARE = 0.12
QPV_COMMUNES = ("13001", "13117", "84089", "13041")
LEVELS = (("VI", 18), ("Vbis", 15), ("V", 31), ("IV", 18), ("III", 7), ("II", 4), ("I", 2), ("", 5))
NEW_LEVEL = {"VI": "1", "Vbis": "2", "V": "3", "IV": "4", "III": "5", "II": "6", "I": "7"}
AGE_BANDS = (
    ((18, 25), 13),
    ((26, 34), 22),
    ((35, 44), 25),
    ((45, 49), 13),
    ((50, 57), 17),
    ((58, 64), 10),
)
HOUSEHOLDS = {
    "F": (
        ("single", 28),
        ("single_parent", 30),
        ("couple", 10),
        ("couple_children", 24),
        ("other", 8),
    ),
    "M": (
        ("single", 48),
        ("single_parent", 6),
        ("couple", 14),
        ("couple_children", 24),
        ("other", 8),
    ),
}
PRESCRIBER_KINDS = (
    ("france_travail", 29),
    ("caf", 23),
    ("bme", 19),
    ("ccas", 7),
    ("pole_insertion", 6),
    ("autre", 8),
    ("spontane", 8),
)
# What each pathway is heading for; positive ones still have to be validated by the exit
# engine on their steps, the others close on a date unless a step turns out positive.
FATES = (
    ("cdi", 9),
    ("cdd", 12),
    ("interim", 6),
    ("formation_qualifiante", 4),
    ("creation_activite", 2),
    ("committee", 0.6),
    ("abandon", 24),
    ("demenagement", 6),
    ("retraite", 1.6),
    ("deces", 0.4),
    ("autre", 30),
)
POSITIVE_FATES = frozenset({"cdi", "cdd", "interim", "formation_qualifiante", "creation_activite"})
# Days from entry to the exit of the non-positive fates: (low, high).
FATE_DAYS = {
    "abandon": (60, 480),
    "demenagement": (30, 540),
    "retraite": (90, 540),
    "deces": (60, 540),
    "autre": (480, 640),
    "committee": (240, 540),
}
# Positive fates that the steps do not validate end like "autre" (end of the pathway).
REENTRY_SHARE = 0.12
ORIENTED_ONLY_SHARE, NOT_ADMITTED_SHARE = 0.03, 0.03
SUSPENDED_SHARE, STALE_SHARE = 0.04, 0.10

UUID_BASE_MS = 1_704_067_200_000  # 2024-01-01, the "time" part of the generated UUIDs


class Weighted(Generic[T]):
    """A fast weighted choice over fixed (value, weight) pairs."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.values = [value for value, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]
        self.last = len(self.values) - 1

    def pick(self, r: float) -> T:
        """The value for a uniform draw `r` in [0, 1)."""
        index = bisect_left(self.cumulative, r * self.total)
        return self.values[index if index < self.last else self.last]


def ordered_uid(rng: random.Random, row_id: int) -> str:
    """A version-7 UUID whose time field grows with the row id: unique per table and
    appended at the end of the unique index (random UUIDs scatter 20 million inserts over
    the whole index). Reproducible for a seed."""
    stamp = UUID_BASE_MS + row_id
    bits = rng.getrandbits(74)
    return "%08x-%04x-7%03x-%04x-%012x" % (  # noqa: UP031 (the fastest formatting here)
        (stamp >> 16) & 0xFFFFFFFF,
        stamp & 0xFFFF,
        bits >> 62,
        0x8000 | ((bits >> 48) & 0x3FFF),
        bits & 0xFFFFFFFFFFFF,
    )


class _Days(dict[int, date]):
    def __missing__(self, ordinal: int) -> date:
        found = self[ordinal] = date.fromordinal(ordinal)
        return found


class _Stamps(dict[int, datetime]):
    def __missing__(self, ordinal: int) -> datetime:
        found = self[ordinal] = datetime.combine(date.fromordinal(ordinal), time(9, 0), tzinfo=UTC)
        return found


class Calendar:
    """Cached date and timestamp objects by day ordinal (a few thousand distinct days):
    `day` and `stamp` are plain dictionary look-ups."""

    def __init__(self) -> None:
        self.day = _Days().__getitem__
        self.stamp = _Stamps().__getitem__

    def maybe(self, ordinal: int | None) -> date | None:
        return None if ordinal is None else self.day(ordinal)


def siret(rng: random.Random) -> str:
    """A SIRET with a valid Luhn key (fictional establishment)."""
    digits = [rng.randrange(10) for _ in range(13)]
    for check in range(10):
        number = digits + [check]
        total = 0
        for i, d in enumerate(reversed(number)):
            total += d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
        if total % 10 == 0:
            return "".join(map(str, number))
    raise AssertionError("unreachable")


def nir(rng: random.Random, sex: str, birth: date) -> str:
    base = (
        f"{1 if sex == 'M' else 2}{birth:%y}{birth:%m}{rng.choice(('13', '84', '83', '75'))}"
        f"{rng.randrange(1, 300):03d}{rng.randrange(1, 999):03d}"
    )
    return f"{base}{97 - int(base) % 97:02d}"
