"""The situation at entry as one small integer: what the protocol review groups by.

The review counts a million pathways by sex, RSA, DELD, RQTH, QPV, level group and
prescriber. Grouping by those seven columns costs PostgreSQL twice as much as grouping by
one integer, so each pathway carries `entry_profile`, a copy of its entry snapshot's seven
values packed into bits (written once, with the snapshot). `encode` and `decode` are the
Python side; `sql` builds the same arithmetic over a snapshot's columns for the bulk
writers and the consistency check, from the same tables.
"""

from typing import NamedTuple

from jalons.organisations.enums import PrescriberKind

SEXES = ("F", "M")  # 1, 2; 0 = not recorded
FLAGS = ("rsa", "deld", "rqth", "qpv")  # bits 2 to 5
LEVELS = ("VI_Vbis", "V", "IV", "III_and_above", "unknown")  # 1..5 in bits 6-8; 0 = other
PRESCRIBERS = tuple(PrescriberKind.values)  # 1..7 in bits 9-12; 0 = other
SEX_BITS, FLAG_SHIFT, LEVEL_SHIFT, PRESCRIBER_SHIFT = 0, 2, 6, 9


class EntryProfile(NamedTuple):
    sex: str
    rsa: bool
    deld: bool
    rqth: bool
    qpv: bool
    level: str
    prescriber: str


def _index(values: tuple[str, ...], value: str) -> int:
    return values.index(value) + 1 if value in values else 0


def encode(profile: EntryProfile) -> int:
    code = _index(SEXES, profile.sex) << SEX_BITS
    for bit, flag in enumerate(FLAGS):
        code |= int(bool(getattr(profile, flag))) << (FLAG_SHIFT + bit)
    code |= _index(LEVELS, profile.level) << LEVEL_SHIFT
    return code | _index(PRESCRIBERS, profile.prescriber) << PRESCRIBER_SHIFT


def _value(values: tuple[str, ...], index: int) -> str:
    return values[index - 1] if index else ""


def decode(code: int) -> EntryProfile:
    rsa, deld, rqth, qpv = (bool(code >> (FLAG_SHIFT + bit) & 1) for bit in range(len(FLAGS)))
    return EntryProfile(
        _value(SEXES, code >> SEX_BITS & 0b11),
        rsa,
        deld,
        rqth,
        qpv,
        _value(LEVELS, code >> LEVEL_SHIFT & 0b111),
        _value(PRESCRIBERS, code >> PRESCRIBER_SHIFT & 0b1111),
    )


def of_snapshot(snapshot: object) -> int:
    """The code of an `EntrySnapshot` (or of any object with its attribute names)."""
    get = snapshot.__getattribute__
    return encode(
        EntryProfile(
            get("sex"),
            get("rsa"),
            get("deld"),
            get("rqth"),
            get("qpv"),
            get("qualification_bucket"),
            get("prescriber_kind"),
        )  # fmt: skip
    )


def _case(column: str, values: tuple[str, ...], shift: int) -> str:
    whens = " ".join(f"WHEN '{value}' THEN {i + 1 << shift}" for i, value in enumerate(values))
    return f"(CASE {column} {whens} ELSE 0 END)"


def sql(alias: str) -> str:
    """`encode` over the columns of the snapshot table aliased `alias`, in SQL (PostgreSQL and
    SQLite): the values are the module's constants, never user input."""
    terms = [
        _case(f"{alias}.sex", SEXES, SEX_BITS),
        *(
            f"(CASE WHEN {alias}.{flag} THEN {1 << (FLAG_SHIFT + bit)} ELSE 0 END)"
            for bit, flag in enumerate(FLAGS)
        ),
        _case(f"{alias}.qualification_bucket", LEVELS, LEVEL_SHIFT),
        _case(f"{alias}.prescriber_kind", PRESCRIBERS, PRESCRIBER_SHIFT),
    ]
    return " + ".join(terms)
