"""Eligibility screening (spec §3 "Eligibility"), no Django."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from jalons.pathways.rules.eligibility import (
    Finding,
    Screening,
    Situation,
    age_on,
    normalize_level,
    qualification_bucket,
    screen,
)

AIX = "13001"
PERTUIS = "84089"
COMMUNES = {AIX, PERTUIS, "13041"}
AS_OF = date(2021, 11, 15)

# A 40-year-old man living in Aix, registered for 3 months: no criterion met yet.
BASE = Situation(
    birth_date=date(1981, 6, 1),
    sex="M",
    commune_insee=AIX,
    france_travail_registered=True,
    job_seeker_since=date(2021, 8, 2),
    qualification_level="IV",
)


def run(situation: Situation, as_of: date = AS_OF) -> Screening:
    return screen(situation, COMMUNES, as_of)


def codes(screening: Screening) -> list[str]:
    return [finding.code for finding in screening.criteria]


def test_no_criterion_means_not_eligible_and_an_override() -> None:
    screening = run(BASE)
    assert screening.criteria == ()
    assert screening.blockers == ()
    assert screening.warnings == ()
    assert not screening.is_eligible
    assert screening.needs_override


# --- DELD ----------------------------------------------------------------------------------


def test_long_term_job_seeker_with_months_in_the_reason() -> None:
    screening = run(replace(BASE, job_seeker_since=date(2020, 2, 3)))
    assert screening.criteria == (
        Finding(
            "deld",
            "Demandeur d'emploi de longue durée (12 mois ou plus)",
            "Inscrit à France Travail depuis le 03/02/2020 (21 mois)",
        ),
    )
    assert screening.is_eligible
    assert not screening.needs_override


def test_deld_reason_agrees_with_a_woman() -> None:
    screening = run(replace(BASE, sex="F", job_seeker_since=date(2020, 2, 3)))
    assert (
        screening.criteria[0].reason == "Inscrite à France Travail depuis le 03/02/2020 (21 mois)"
    )


@pytest.mark.parametrize(
    ("since", "as_of", "met"),
    [
        (date(2020, 10, 1), date(2021, 10, 1), True),  # exactly 12 months
        (date(2020, 10, 1), date(2021, 9, 30), False),  # one day short
        (date(2020, 2, 29), date(2021, 2, 28), True),  # month-end clamping
        (date(2021, 12, 1), date(2021, 11, 15), False),  # registration in the future
    ],
)
def test_deld_needs_twelve_calendar_months(since: date, as_of: date, met: bool) -> None:
    screening = run(replace(BASE, job_seeker_since=since), as_of)
    assert ("deld" in codes(screening)) is met


def test_not_registered_is_a_warning_not_a_blocker() -> None:
    situation = replace(
        BASE, france_travail_registered=False, job_seeker_since=date(2019, 1, 1), rsa=True
    )
    screening = run(situation)
    assert codes(screening) == ["minimum_benefit"]  # no DELD without registration
    assert [w.code for w in screening.warnings] == ["not_registered"]
    assert "Non inscrit à France Travail" in screening.warnings[0].label
    assert screening.blockers == ()
    assert screening.is_eligible


def test_registered_without_a_date_warns_that_seniority_is_unknown() -> None:
    screening = run(replace(BASE, job_seeker_since=None))
    assert [w.code for w in screening.warnings] == ["registration_date_unknown"]
    assert "deld" not in codes(screening)


# --- other criteria ------------------------------------------------------------------------


def test_rqth() -> None:
    screening = run(replace(BASE, rqth=True))
    assert codes(screening) == ["rqth"]
    assert screening.criteria[0].label == "Travailleur handicapé (RQTH)"


@pytest.mark.parametrize(
    ("rsa", "ass", "aah", "reason"),
    [
        (True, False, False, "Bénéficiaire du RSA"),
        (False, True, False, "Bénéficiaire de l'ASS"),
        (False, False, True, "Bénéficiaire de l'AAH"),
        (True, False, True, "Bénéficiaire du RSA et de l'AAH"),
        (True, True, True, "Bénéficiaire du RSA, de l'ASS et de l'AAH"),
    ],
)
def test_minimum_benefit_names_which(rsa: bool, ass: bool, aah: bool, reason: str) -> None:
    screening = run(replace(BASE, rsa=rsa, ass=ass, aah=aah))
    assert [(f.code, f.reason) for f in screening.criteria] == [("minimum_benefit", reason)]


@pytest.mark.parametrize(
    ("as_of", "met"),
    [(date(2021, 10, 1), True), (date(2021, 9, 30), False)],
)
def test_senior_from_the_fiftieth_birthday(as_of: date, met: bool) -> None:
    screening = run(replace(BASE, birth_date=date(1971, 10, 1)), as_of)
    assert ("senior" in codes(screening)) is met


def test_senior_reason() -> None:
    screening = run(replace(BASE, sex="F", birth_date=date(1969, 3, 2)))
    assert screening.criteria == (
        Finding("senior", "Senior (50 ans ou plus)", "Âgée de 52 ans au 15/11/2021"),
    )


@pytest.mark.parametrize(
    ("birth_date", "level", "met"),
    [
        (date(1996, 11, 16), "V", True),  # 24
        (date(1995, 11, 16), "V", True),  # 25 until the day before 26
        (date(1995, 11, 15), "V", False),  # 26 on as_of
        (date(2000, 1, 1), "VI", True),
        (date(2000, 1, 1), "Vbis", True),
        (date(2000, 1, 1), "1", True),
        (date(2000, 1, 1), "2", True),
        (date(2000, 1, 1), "3", True),
        (date(2000, 1, 1), "IV", False),
        (date(2000, 1, 1), "4", False),
        (date(2000, 1, 1), None, False),
    ],
)
def test_young_low_qualified(birth_date: date, level: str | None, met: bool) -> None:
    screening = run(replace(BASE, birth_date=birth_date, qualification_level=level))
    assert ("young_low_qualified" in codes(screening)) is met


def test_young_low_qualified_reason() -> None:
    screening = run(replace(BASE, birth_date=date(1998, 5, 20), qualification_level="Vbis"))
    assert screening.criteria[0].reason == "23 ans au 15/11/2021, niveau V bis"
    screening = run(replace(BASE, birth_date=date(1998, 5, 20), qualification_level="3"))
    assert screening.criteria[0].reason == "23 ans au 15/11/2021, niveau 3"


def test_single_woman_or_family_head() -> None:
    woman = run(replace(BASE, sex="F", single_parent_or_isolated_woman=True))
    assert [(f.code, f.reason) for f in woman.criteria] == [
        ("single_woman_or_family_head", "Femme isolée ou cheffe de famille monoparentale")
    ]
    man = run(replace(BASE, single_parent_or_isolated_woman=True))
    assert man.criteria[0].reason == "Chef de famille monoparentale"


def test_qpv_and_executive() -> None:
    screening = run(replace(BASE, qpv=True, executive_long_excluded=True))
    assert codes(screening) == ["qpv", "executive_excluded"]
    assert screening.criteria[1].label == "Cadre durablement exclu de l'emploi"


def test_all_criteria_are_shown_not_just_one() -> None:
    situation = Situation(
        birth_date=date(1970, 1, 1),
        sex="F",
        commune_insee=PERTUIS,
        france_travail_registered=True,
        job_seeker_since=date(2018, 1, 1),
        rqth=True,
        rsa=True,
        qualification_level="VI",
        single_parent_or_isolated_woman=True,
        qpv=True,
        executive_long_excluded=True,
        barriers=frozenset({"mobility", "health", "childcare"}),
    )
    screening = run(situation)
    assert codes(screening) == [
        "deld",
        "rqth",
        "minimum_benefit",
        "senior",
        "single_woman_or_family_head",
        "qpv",
        "executive_excluded",
    ]
    assert [(b.code, b.label) for b in screening.barriers] == [
        ("health", "Santé"),
        ("childcare", "Garde d'enfants"),
        ("mobility", "Mobilité"),
    ]
    assert screening.is_eligible


# --- residence -----------------------------------------------------------------------------


def test_residence_outside_the_plie_blocks() -> None:
    screening = run(replace(BASE, commune_insee="75056", rsa=True))
    assert [b.code for b in screening.blockers] == ["residence_outside_plie"]
    assert "hors du territoire du PLIE (commune INSEE 75056)" in screening.blockers[0].label
    assert codes(screening) == ["minimum_benefit"]  # criteria still shown
    assert not screening.is_eligible
    assert screening.needs_override


def test_unknown_residence_blocks() -> None:
    screening = run(replace(BASE, commune_insee=None, rsa=True))
    assert [b.code for b in screening.blockers] == ["residence_unknown"]
    assert not screening.is_eligible


# --- reference data and helpers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "bucket"),
    [
        ("VI", "VI_Vbis"),
        ("Vbis", "VI_Vbis"),
        ("1", "VI_Vbis"),
        ("2", "VI_Vbis"),
        ("V", "V"),
        ("3", "V"),
        ("IV", "IV"),
        ("4", "IV"),
        ("III", "III_and_above"),
        ("II", "III_and_above"),
        ("I", "III_and_above"),
        ("5", "III_and_above"),
        ("6", "III_and_above"),
        ("7", "III_and_above"),
        ("8", "III_and_above"),
        (None, "unknown"),
        ("", "unknown"),
        ("  ", "unknown"),
        ("vbis", "VI_Vbis"),
        ("V bis", "VI_Vbis"),
    ],
)
def test_qualification_bucket(level: str | None, bucket: str) -> None:
    assert qualification_bucket(level) == bucket


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError):
        qualification_bucket("9")
    with pytest.raises(ValueError):
        Situation(birth_date=date(1990, 1, 1), sex="F", qualification_level="bac")


def test_situation_normalizes_level_and_checks_codes() -> None:
    assert Situation(date(1990, 1, 1), "F", qualification_level="vi").qualification_level == "VI"
    assert normalize_level("") is None
    with pytest.raises(ValueError):
        Situation(date(1990, 1, 1), "X")
    with pytest.raises(ValueError):
        Situation(date(1990, 1, 1), "F", barriers=frozenset({"money"}))


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(1971, 10, 1), date(2021, 9, 30), 49),
        (date(1971, 10, 1), date(2021, 10, 1), 50),
        (date(2000, 2, 29), date(2021, 2, 28), 20),
        (date(2000, 2, 29), date(2021, 3, 1), 21),
        (date(2000, 2, 29), date(2024, 2, 29), 24),
    ],
)
def test_age_on(birth: date, day: date, age: int) -> None:
    assert age_on(birth, day) == age


def test_finding_reads_as_a_sentence() -> None:
    assert str(Finding("rqth", "Travailleur handicapé (RQTH)", "Reconnu")) == (
        "Travailleur handicapé (RQTH) : Reconnu"
    )
    assert str(Finding("not_registered", "Non inscrit")) == "Non inscrit"
