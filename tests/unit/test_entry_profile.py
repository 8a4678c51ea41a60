"""The coded situation at entry: a lossless code, the same in Python and in SQL."""

from itertools import product

import pytest
from django.db import connection

from jalons.pathways import profile
from jalons.pathways.profile import EntryProfile

ALL = [
    EntryProfile(sex, *flags, level, prescriber)
    for sex, flags, level, prescriber in product(
        ("F", "M", ""),
        product((False, True), repeat=4),
        (*profile.LEVELS, ""),
        (*profile.PRESCRIBERS, ""),
    )
]


def test_every_situation_has_its_own_code_and_decodes_back() -> None:
    codes = [profile.encode(situation) for situation in ALL]
    assert len(set(codes)) == len(ALL) == 3 * 16 * 6 * 8
    assert [profile.decode(code) for code in codes] == ALL
    assert max(codes) < 2**15  # a PositiveSmallIntegerField on every database


def test_unknown_values_code_as_empty() -> None:
    odd = EntryProfile("X", True, False, False, False, "Z", "nobody")
    assert profile.decode(profile.encode(odd)) == EntryProfile(
        "", True, False, False, False, "", ""
    )


@pytest.mark.django_db
def test_the_sql_computes_the_same_code() -> None:
    rows = " UNION ALL ".join(
        f"SELECT {i} AS i, '{s.sex}' AS sex, {s.rsa} AS rsa, {s.deld} AS deld, {s.rqth} AS rqth,"
        f" {s.qpv} AS qpv, '{s.level}' AS qualification_bucket,"
        f" '{s.prescriber}' AS prescriber_kind"
        for i, s in enumerate(ALL[::7])
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT i, {profile.sql('s')} FROM ({rows}) s ORDER BY i")
        computed = [code for _, code in cursor.fetchall()]
    assert computed == [profile.encode(s) for s in ALL[::7]]
