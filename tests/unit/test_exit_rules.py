"""Exit engine (exits.md): every edge of the written rules, no Django."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from jalons.pathways.rules import exits_text
from jalons.pathways.rules.exits import (
    ExitParameters,
    ExitStatus,
    SmicTable,
    StepFact,
    Verdict,
    add_months,
    capped_training_exits,
    evaluate_interim,
    evaluate_step,
    evaluate_steps,
    verdicts_by_step,
    whole_months,
)

D = Decimal
POSITIVE = ExitStatus.POSITIVE
PENDING = ExitStatus.PENDING
NOT_POSITIVE = ExitStatus.NOT_POSITIVE
NONE = ExitStatus.NONE

# The rows of data/smic.csv around the dates the tests use.
SMIC = SmicTable(
    [
        (date(2020, 1, 1), D("1539.42")),
        (date(2021, 1, 1), D("1554.58")),
        (date(2021, 10, 1), D("1589.47")),
        (date(2022, 1, 1), D("1603.12")),
    ]
)


def cdd(start: date, end: date | None, hours: Decimal | int = 80, ref: object = "cdd") -> StepFact:
    return StepFact("cdd", start, end, monthly_hours=hours, ref=ref)


def cdi(start: date, hours: Decimal | int | None = 151, end: date | None = None) -> StepFact:
    return StepFact("cdi", start, end, monthly_hours=hours, ref="cdi")


def mission(
    start: date, end: date | None, hours: Decimal | int | None, ref: object = None
) -> StepFact:
    return StepFact("interim", start, end, hours_worked=hours, ref=ref)


def training(start: date, end: date | None) -> StepFact:
    return StepFact("formation_qualifiante", start, end, ref="training")


def creation(
    start: date, end: date | None = None, income: Decimal | None = None, micro: bool = True
) -> StepFact:
    return StepFact(
        "creation_activite", start, end, micro_entrepreneur=micro, monthly_income=income, ref="crea"
    )


def one(step: StepFact, as_of: date) -> Verdict:
    return evaluate_step(step, as_of, smic=SMIC)


# --- calendar ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2021, 1, 31), 1, date(2021, 2, 28)),
        (date(2020, 1, 31), 1, date(2020, 2, 29)),
        (date(2021, 1, 31), 6, date(2021, 7, 31)),
        (date(2021, 8, 31), 6, date(2022, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2021, 3, 1), 6, date(2021, 9, 1)),
        (date(2021, 7, 31), 9, date(2022, 4, 30)),
        (date(2021, 12, 15), 1, date(2022, 1, 15)),
        (date(2021, 3, 31), -1, date(2021, 2, 28)),
        (date(2021, 5, 17), 0, date(2021, 5, 17)),
    ],
)
def test_add_months_clamps_to_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "end_exclusive", "expected"),
    [
        (date(2021, 3, 1), date(2021, 10, 1), 7),
        (date(2021, 3, 1), date(2021, 9, 30), 6),
        (date(2021, 3, 1), date(2021, 3, 20), 0),
        (date(2021, 1, 31), date(2021, 2, 28), 1),
        (date(2021, 3, 1), date(2021, 2, 1), 0),
    ],
)
def test_whole_months(start: date, end_exclusive: date, expected: int) -> None:
    assert whole_months(start, end_exclusive) == expected


# --- CDI / CDD -----------------------------------------------------------------------------


def test_cdd_of_seven_months_is_positive_six_months_after_start() -> None:
    verdict = one(cdd(date(2021, 3, 1), date(2021, 9, 30)), date(2021, 12, 31))
    assert verdict == Verdict(
        POSITIVE,
        "cdd",
        date(2021, 9, 1),
        "CDD de 7 mois à 80 h/mois débuté le 01/03/2021 : sortie positive validée le 01/09/2021",
        ("cdd",),
    )


def test_half_time_cdi_under_76_hours_is_not_positive() -> None:
    verdict = one(cdi(date(2021, 3, 1), hours=60), date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert verdict.validated_on is None
    assert verdict.explanation == (
        "CDI à 60 h/mois débuté le 01/03/2021 : non retenu, moins de 76 h/mois (mi-temps)"
    )


def test_running_cdi_is_pending_until_six_months() -> None:
    verdict = one(cdi(date(2021, 3, 1), hours=D("151.67")), date(2021, 8, 31))
    assert verdict.status is PENDING
    assert verdict.validated_on == date(2021, 9, 1)
    assert verdict.explanation == (
        "CDI à 151,67 h/mois débuté le 01/03/2021 : en attente de validation le 01/09/2021"
    )


def test_running_cdi_is_positive_on_the_validation_day() -> None:
    verdict = one(cdi(date(2021, 3, 1)), date(2021, 9, 1))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2021, 9, 1))


@pytest.mark.parametrize(
    ("hours", "status"),
    [(D("76"), POSITIVE), (76, POSITIVE), (D("76.00"), POSITIVE), (D("75.99"), NOT_POSITIVE)],
)
def test_half_time_threshold_is_inclusive(hours: Decimal | int, status: ExitStatus) -> None:
    verdict = one(cdd(date(2021, 3, 1), date(2021, 9, 30), hours=hours), date(2021, 12, 31))
    assert verdict.status is status


def test_hours_just_under_threshold_are_shown_with_a_comma() -> None:
    verdict = one(cdd(date(2021, 3, 1), date(2021, 9, 30), hours=D("75.99")), date(2021, 12, 31))
    assert "à 75,99 h/mois" in verdict.explanation
    assert verdict.explanation.endswith("non retenu, moins de 76 h/mois (mi-temps)")


def test_cdd_ending_on_the_last_day_of_the_sixth_month_lasted_six_months() -> None:
    verdict = one(cdd(date(2021, 3, 1), date(2021, 8, 31)), date(2021, 12, 31))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2021, 9, 1))
    assert verdict.explanation.startswith("CDD de 6 mois à 80 h/mois débuté le 01/03/2021")


def test_cdd_ending_one_day_earlier_did_not_last_six_months() -> None:
    verdict = one(cdd(date(2021, 3, 1), date(2021, 8, 30)), date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert verdict.validated_on is None
    assert verdict.explanation == (
        "CDD de 5 mois à 80 h/mois débuté le 01/03/2021 : non retenu, terminé le 30/08/2021, "
        "moins de 6 mois après son début (fin requise le 31/08/2021 au plus tôt)"
    )


def test_cdd_ending_on_as_of_is_pending_until_the_next_day() -> None:
    verdict = one(cdd(date(2021, 3, 1), date(2021, 8, 31)), date(2021, 8, 31))
    assert (verdict.status, verdict.validated_on) == (PENDING, date(2021, 9, 1))


def test_cdd_starting_on_january_31_is_validated_on_july_31() -> None:
    verdict = one(cdd(date(2021, 1, 31), date(2021, 7, 30)), date(2021, 12, 31))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2021, 7, 31))
    short = one(cdd(date(2021, 1, 31), date(2021, 7, 29)), date(2021, 12, 31))
    assert short.status is NOT_POSITIVE


def test_cdd_starting_on_august_31_is_validated_at_february_end() -> None:
    verdict = one(cdd(date(2021, 8, 31), date(2022, 2, 27)), date(2022, 6, 30))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2022, 2, 28))
    short = one(cdd(date(2021, 8, 31), date(2022, 2, 26)), date(2022, 6, 30))
    assert short.status is NOT_POSITIVE
    assert "fin requise le 27/02/2022 au plus tôt" in short.explanation


def test_cdi_starting_on_august_31_before_a_leap_february() -> None:
    verdict = one(cdi(date(2023, 8, 31)), date(2024, 3, 1))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2024, 2, 29))
    assert one(cdi(date(2023, 8, 31)), date(2024, 2, 28)).status is PENDING


def test_end_date_after_as_of_counts_as_running() -> None:
    # Six months reached on 01/09/2021 while the recorded end (31/12/2021) is still ahead.
    verdict = one(cdd(date(2021, 3, 1), date(2021, 12, 31)), date(2021, 10, 1))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2021, 9, 1))
    assert verdict.explanation.startswith("CDD de 10 mois à 80 h/mois")


def test_cdd_with_a_recorded_end_far_enough_is_pending() -> None:
    verdict = one(cdd(date(2021, 3, 1), date(2022, 2, 28)), date(2021, 5, 1))
    assert (verdict.status, verdict.validated_on) == (PENDING, date(2021, 9, 1))
    assert verdict.explanation == (
        "CDD de 12 mois à 80 h/mois débuté le 01/03/2021 : en attente de validation le 01/09/2021"
    )


def test_cdd_planned_to_end_too_early_is_not_positive() -> None:
    verdict = one(cdd(date(2021, 3, 1), date(2021, 6, 30)), date(2021, 5, 1))
    assert verdict.status is NOT_POSITIVE
    assert "fin prévue le 30/06/2021, moins de 6 mois après son début" in verdict.explanation


def test_cdi_that_ended_before_six_months_is_not_positive() -> None:
    verdict = one(cdi(date(2021, 3, 1), end=date(2021, 5, 15)), date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert verdict.explanation == (
        "CDI à 151 h/mois débuté le 01/03/2021 : non retenu, terminé le 15/05/2021, "
        "moins de 6 mois après son début (fin requise le 31/08/2021 au plus tôt)"
    )


def test_cdi_that_ended_after_six_months_stays_positive() -> None:
    verdict = one(cdi(date(2021, 3, 1), end=date(2021, 11, 15)), date(2021, 12, 31))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2021, 9, 1))


def test_contract_failing_two_conditions_gives_both_reasons() -> None:
    verdict = one(cdd(date(2021, 3, 1), date(2021, 5, 31), hours=70), date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert "non retenu, moins de 76 h/mois (mi-temps) et terminé le 31/05/2021" in (
        verdict.explanation
    )


def test_contract_without_hours_is_not_positive() -> None:
    verdict = one(cdi(date(2021, 3, 1), hours=None), date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert verdict.explanation == (
        "CDI débuté le 01/03/2021 : non retenu, heures mensuelles non renseignées"
    )


def test_short_cdd_text_says_less_than_a_month() -> None:
    verdict = one(cdd(date(2021, 3, 1), date(2021, 3, 20)), date(2021, 12, 31))
    assert verdict.explanation.startswith("CDD de moins d'un mois à 80 h/mois")


def test_step_starting_after_as_of_is_ignored() -> None:
    step = cdi(date(2021, 11, 1))
    verdict = one(step, date(2021, 10, 31))
    assert (verdict.status, verdict.kind, verdict.validated_on) == (NONE, None, None)
    assert "commence après le 31/10/2021" in verdict.explanation
    assert evaluate_steps([step], date(2021, 10, 31)).status is NONE


def test_parameters_change_thresholds_and_texts() -> None:
    params = ExitParameters(min_monthly_hours=D("100"), contract_months=8)
    step = cdd(date(2021, 3, 1), date(2021, 12, 31), hours=90)
    verdict = evaluate_step(step, date(2022, 6, 30), params)
    assert verdict.status is NOT_POSITIVE
    assert "moins de 100 h/mois (mi-temps)" in verdict.explanation
    ok = evaluate_step(
        cdd(date(2021, 3, 1), date(2021, 12, 31), hours=100), date(2022, 6, 30), params
    )
    assert (ok.status, ok.validated_on) == (POSITIVE, date(2021, 11, 1))


# --- temporary work ------------------------------------------------------------------------


def test_interim_example_of_the_spec() -> None:
    missions = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 400, "a"),
        mission(date(2021, 4, 1), date(2021, 9, 30), 540, "b"),
    ]
    verdict = evaluate_interim(missions, date(2021, 12, 31))
    assert verdict == Verdict(
        POSITIVE,
        "interim",
        date(2021, 9, 30),
        "Intérim : 940 h travaillées du 04/01/2021 au 30/09/2021 (seuil 936 h en 9 mois) : "
        "sortie positive validée le 30/09/2021",
        ("a", "b"),
    )


def test_interim_exactly_936_hours_in_nine_months() -> None:
    missions = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 400, "a"),
        mission(date(2021, 4, 1), date(2021, 10, 3), D("536"), "b"),  # window ends 04/10 excl.
    ]
    verdict = evaluate_interim(missions, date(2021, 12, 31))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2021, 10, 3))
    assert "936 h travaillées du 04/01/2021 au 03/10/2021 (seuil 936 h en 9 mois)" in (
        verdict.explanation
    )


def test_interim_935_hours_is_not_positive_with_best_figures() -> None:
    missions = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 400, "a"),
        mission(date(2021, 4, 1), date(2021, 10, 3), 535, "b"),
    ]
    verdict = evaluate_interim(missions, date(2021, 12, 31))
    assert (verdict.status, verdict.kind, verdict.validated_on) == (NOT_POSITIVE, "interim", None)
    assert verdict.step_refs == ("a", "b")
    assert verdict.explanation == (
        "Intérim : au mieux 935 h en 9 mois (du 04/01/2021 au 03/10/2021) et 400 h en 6 mois "
        "(du 04/01/2021 au 31/03/2021), sous les seuils de 936 h en 9 mois et de 624 h en "
        "6 mois : non retenu au 31/12/2021"
    )


def test_mission_straddling_the_window_end_is_excluded() -> None:
    # [04/01/2021, 04/10/2021): a mission ending on 04/10/2021 is not inside.
    missions = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 400, "a"),
        mission(date(2021, 4, 1), date(2021, 10, 4), 600, "b"),
    ]
    verdict = evaluate_interim(missions, date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert "au mieux 600 h en 9 mois (du 01/04/2021 au 04/10/2021)" in verdict.explanation


def test_mission_starting_before_the_window_is_excluded() -> None:
    # 630 h in all, but no 6-month window holds both: [04/01, 04/07) misses b,
    # [03/05, 03/11) misses a (it starts before the window).
    missions = [
        mission(date(2021, 1, 4), date(2021, 1, 31), 300, "a"),
        mission(date(2021, 5, 3), date(2021, 7, 30), 330, "b"),
    ]
    verdict = evaluate_interim(missions, date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert "au mieux 630 h en 9 mois (du 04/01/2021 au 30/07/2021)" in verdict.explanation
    assert "et 330 h en 6 mois (du 03/05/2021 au 30/07/2021)" in verdict.explanation


def test_interim_624_hours_in_six_months() -> None:
    missions = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 300, "a"),
        mission(date(2021, 4, 1), date(2021, 7, 3), 324, "b"),
    ]
    verdict = evaluate_interim(missions, date(2021, 12, 31))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2021, 7, 3))
    assert verdict.explanation == (
        "Intérim : 624 h travaillées du 04/01/2021 au 03/07/2021 (seuil 624 h en 6 mois) : "
        "sortie positive validée le 03/07/2021"
    )


def test_interim_623_hours_in_six_months_is_not_positive() -> None:
    missions = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 300),
        mission(date(2021, 4, 1), date(2021, 7, 3), D("323.5")),
    ]
    verdict = evaluate_interim(missions, date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert "623,5 h en 6 mois (du 04/01/2021 au 03/07/2021)" in verdict.explanation


def test_six_month_window_excludes_a_mission_ending_on_its_end_day() -> None:
    missions = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 300),
        mission(date(2021, 4, 1), date(2021, 7, 4), 324),
    ]
    assert evaluate_interim(missions, date(2021, 12, 31)).status is NOT_POSITIVE


def test_mission_not_ended_by_as_of_is_not_counted() -> None:
    missions = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 400, "a"),
        mission(date(2021, 4, 1), date(2021, 9, 30), 540, "b"),
    ]
    before = evaluate_interim(missions, date(2021, 9, 29))
    assert before.status is NOT_POSITIVE
    assert "au mieux 400 h en 9 mois" in before.explanation
    assert before.explanation.endswith("non retenu au 29/09/2021")
    on_the_day = evaluate_interim(missions, date(2021, 9, 30))
    assert (on_the_day.status, on_the_day.validated_on) == (POSITIVE, date(2021, 9, 30))


def test_running_mission_without_end_is_not_counted() -> None:
    verdict = evaluate_interim([mission(date(2021, 1, 4), None, 2000)], date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert verdict.explanation == (
        "Intérim : aucune mission terminée au 31/12/2021, sous les seuils de 936 h en 9 mois "
        "et de 624 h en 6 mois : non retenu au 31/12/2021"
    )


def test_interim_is_validated_when_the_threshold_is_reached_not_later() -> None:
    missions = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 500, "a"),
        mission(date(2021, 4, 1), date(2021, 6, 30), 500, "b"),
        mission(date(2021, 7, 1), date(2021, 9, 30), 500, "c"),
    ]
    verdict = evaluate_interim(missions, date(2022, 6, 30))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2021, 6, 30))
    assert verdict.step_refs == ("a", "b")
    # Both thresholds are reached on 30/06: the 9-month rule is named.
    assert "1\u00a0000 h travaillées du 04/01/2021 au 30/06/2021 (seuil 936 h en 9 mois)" in (
        verdict.explanation
    )


def test_six_month_threshold_reached_before_the_nine_month_one() -> None:
    missions = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 300, "a"),
        mission(date(2021, 4, 1), date(2021, 6, 30), 330, "b"),
        mission(date(2021, 7, 1), date(2021, 8, 31), 400, "c"),
    ]
    verdict = evaluate_interim(missions, date(2021, 12, 31))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2021, 6, 30))
    assert "(seuil 624 h en 6 mois)" in verdict.explanation


def test_later_window_can_validate_when_an_early_mission_is_too_far() -> None:
    missions = [
        mission(date(2020, 1, 6), date(2020, 1, 31), 100, "old"),
        mission(date(2021, 2, 1), date(2021, 4, 30), 320, "a"),
        mission(date(2021, 5, 3), date(2021, 7, 30), 310, "b"),
    ]
    verdict = evaluate_interim(missions, date(2021, 12, 31))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2021, 7, 30))
    assert verdict.step_refs == ("a", "b")
    assert "630 h travaillées du 01/02/2021 au 30/07/2021" in verdict.explanation


def test_interim_result_does_not_depend_on_input_order() -> None:
    missions = [
        mission(date(2021, 1, 4), date(2021, 1, 31), 150, 1),
        mission(date(2021, 2, 1), date(2021, 2, 28), 150, 2),
        mission(date(2021, 3, 1), date(2021, 3, 31), 150, 3),
        mission(date(2021, 4, 1), date(2021, 4, 30), 150, 4),
        mission(date(2021, 5, 1), date(2021, 5, 31), 50, 5),
    ]
    expected = evaluate_interim(missions, date(2021, 12, 31))
    assert (expected.status, expected.validated_on) == (POSITIVE, date(2021, 5, 31))
    shuffled = missions[:]
    random.Random(4).shuffle(shuffled)
    assert evaluate_interim(shuffled, date(2021, 12, 31)) == expected


def test_missions_ending_the_same_day_count_together() -> None:
    missions = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 400, "a"),
        mission(date(2021, 6, 1), date(2021, 6, 30), 300, "b"),
        mission(date(2021, 6, 14), date(2021, 6, 30), 100, "c"),
    ]
    # a + b already reach 624 h, but c ends the same day: it counts too.
    verdict = evaluate_interim(missions, date(2021, 12, 31))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2021, 6, 30))
    assert set(verdict.step_refs) == {"a", "b", "c"}
    assert "800 h travaillées" in verdict.explanation


def test_mission_without_hours_counts_zero_and_is_reported() -> None:
    missions = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 400),
        mission(date(2021, 4, 1), date(2021, 9, 30), None),
    ]
    verdict = evaluate_interim(missions, date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert "heures non renseignées pour 1 mission :" in verdict.explanation


def test_interim_without_started_mission_is_none() -> None:
    verdict = evaluate_interim(
        [mission(date(2022, 1, 3), date(2022, 1, 31), 150)], date(2021, 12, 31)
    )
    assert (verdict.status, verdict.kind) == (NONE, None)


def test_interim_rules_take_only_interim_missions() -> None:
    with pytest.raises(ValueError):
        evaluate_interim([cdi(date(2021, 3, 1))], date(2021, 12, 31))
    with pytest.raises(ValueError):
        evaluate_step(mission(date(2021, 1, 4), date(2021, 1, 31), 100), date(2021, 12, 31))


# --- qualifying training -------------------------------------------------------------------


def test_training_running_on_start_plus_six_months_is_positive() -> None:
    verdict = one(training(date(2021, 3, 1), date(2021, 9, 1)), date(2021, 12, 31))
    assert verdict == Verdict(
        POSITIVE,
        "formation_qualifiante",
        date(2021, 9, 1),
        "Formation qualifiante du 01/03/2021 au 01/09/2021 : sortie positive validée le "
        "01/09/2021, formation de plus de 6 mois, comptée dans la limite de 8 % des sorties "
        "positives",
        ("training",),
    )


def test_training_one_day_shorter_is_not_positive() -> None:
    # Unlike a CDD, ending on 31/08 is not "more than 6 months".
    verdict = one(training(date(2021, 3, 1), date(2021, 8, 31)), date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert verdict.explanation == (
        "Formation qualifiante du 01/03/2021 au 31/08/2021 : non retenue, terminée le "
        "31/08/2021, sans dépasser 6 mois (elle devait être encore en cours le 01/09/2021)"
    )


def test_running_training_is_pending_then_positive() -> None:
    step = training(date(2021, 3, 1), None)
    pending = one(step, date(2021, 8, 31))
    assert (pending.status, pending.validated_on) == (PENDING, date(2021, 9, 1))
    assert pending.explanation.startswith(
        "Formation qualifiante débutée le 01/03/2021 : en attente de validation le 01/09/2021"
    )
    assert one(step, date(2021, 9, 1)).status is POSITIVE


def test_training_with_planned_end_far_enough_is_pending() -> None:
    verdict = one(training(date(2021, 3, 1), date(2022, 2, 28)), date(2021, 4, 1))
    assert (verdict.status, verdict.validated_on) == (PENDING, date(2021, 9, 1))


def test_training_planned_to_end_on_the_last_day_is_not_positive() -> None:
    verdict = one(training(date(2021, 3, 1), date(2021, 8, 31)), date(2021, 4, 1))
    assert verdict.status is NOT_POSITIVE
    assert "fin prévue le 31/08/2021, sans dépasser 6 mois" in verdict.explanation


def test_training_month_end() -> None:
    assert one(training(date(2021, 8, 31), date(2022, 2, 28)), date(2022, 6, 1)).status is POSITIVE
    assert (
        one(training(date(2021, 8, 31), date(2022, 2, 27)), date(2022, 6, 1)).status is NOT_POSITIVE
    )


# --- business creation ---------------------------------------------------------------------


def test_creation_lasting_six_months_is_positive() -> None:
    verdict = one(creation(date(2021, 3, 1), micro=False), date(2021, 12, 31))
    assert verdict == Verdict(
        POSITIVE,
        "creation_activite",
        date(2021, 9, 1),
        "Création d'activité débutée le 01/03/2021 : sortie positive validée le 01/09/2021",
        ("crea",),
    )


def test_creation_closed_early_is_not_positive() -> None:
    verdict = one(creation(date(2021, 3, 1), date(2021, 8, 30), micro=False), date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert "non retenue, terminée le 30/08/2021, moins de 6 mois après son début" in (
        verdict.explanation
    )
    lasted = one(creation(date(2021, 3, 1), date(2021, 8, 31), micro=False), date(2021, 12, 31))
    assert lasted.status is POSITIVE


def test_micro_entrepreneur_income_exactly_half_smic_is_positive() -> None:
    # SMIC on 01/09/2021: 1 554,58 €, half: 777,29 €.
    verdict = one(creation(date(2021, 3, 1), income=D("777.29")), date(2021, 12, 31))
    assert (verdict.status, verdict.validated_on) == (POSITIVE, date(2021, 9, 1))
    assert verdict.explanation == (
        "Création d'activité (micro-entreprise) débutée le 01/03/2021 : sortie positive validée "
        "le 01/09/2021, revenu mensuel de 777,29 € pour un seuil de 777,29 € (50 % du SMIC brut "
        "mensuel en vigueur le 01/09/2021)"
    )


def test_micro_entrepreneur_income_a_cent_below_half_smic_is_not_positive() -> None:
    verdict = one(creation(date(2021, 3, 1), income=D("777.28")), date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert "non retenue, revenu mensuel de 777,28 € inférieur au seuil de 777,29 €" in (
        verdict.explanation
    )


def test_smic_in_force_on_the_validation_date_is_used() -> None:
    # Validated on 01/10/2021, the day the SMIC rose to 1 589,47 € (half: 794,735 €).
    start = date(2021, 4, 1)
    assert one(creation(start, income=D("794.74")), date(2021, 12, 31)).status is POSITIVE
    below = one(creation(start, income=D("794.73")), date(2021, 12, 31))
    assert below.status is NOT_POSITIVE
    assert "seuil de 794,74 €" in below.explanation
    assert "en vigueur le 01/10/2021" in below.explanation
    assert one(creation(start, income=D("777.29")), date(2021, 12, 31)).status is NOT_POSITIVE
    # Validated the day before the rise: the old SMIC applies.
    day_before = one(creation(date(2021, 3, 31), income=D("777.29")), date(2021, 12, 31))
    assert (day_before.status, day_before.validated_on) == (POSITIVE, date(2021, 9, 30))


def test_micro_entrepreneur_without_income_is_not_positive() -> None:
    verdict = one(creation(date(2021, 3, 1)), date(2021, 12, 31))
    assert verdict.status is NOT_POSITIVE
    assert verdict.explanation.endswith("revenu mensuel de la micro-entreprise non renseigné")


def test_running_micro_creation_with_enough_income_is_pending() -> None:
    verdict = one(creation(date(2021, 3, 1), income=D("900")), date(2021, 6, 30))
    assert (verdict.status, verdict.validated_on) == (PENDING, date(2021, 9, 1))
    assert "en attente de validation le 01/09/2021, revenu mensuel de 900 €" in (
        verdict.explanation
    )


def test_micro_entrepreneur_needs_a_smic_table() -> None:
    with pytest.raises(ValueError):
        evaluate_step(creation(date(2021, 3, 1), income=D("900")), date(2021, 12, 31))


# --- per participant -----------------------------------------------------------------------


def test_positive_beats_pending() -> None:
    steps = [cdi(date(2021, 11, 2)), cdd(date(2021, 3, 1), date(2021, 9, 30))]
    verdict = evaluate_steps(steps, date(2021, 12, 31))
    assert (verdict.status, verdict.kind, verdict.validated_on) == (
        POSITIVE,
        "cdd",
        date(2021, 9, 1),
    )


def test_earliest_validation_wins() -> None:
    steps = [
        cdd(date(2021, 3, 1), date(2021, 9, 30)),
        mission(date(2021, 1, 4), date(2021, 3, 31), 300, "a"),
        mission(date(2021, 4, 1), date(2021, 7, 3), 324, "b"),
    ]
    verdict = evaluate_steps(steps, date(2021, 12, 31))
    assert (verdict.status, verdict.kind, verdict.validated_on) == (
        POSITIVE,
        "interim",
        date(2021, 7, 3),
    )
    assert verdict.step_refs == ("a", "b")


def test_earliest_pending_wins() -> None:
    steps = [cdi(date(2021, 6, 1)), training(date(2021, 5, 3), None)]
    verdict = evaluate_steps(steps, date(2021, 7, 1))
    assert (verdict.status, verdict.kind, verdict.validated_on) == (
        PENDING,
        "formation_qualifiante",
        date(2021, 11, 3),
    )


def test_pending_beats_not_positive() -> None:
    steps = [cdi(date(2021, 1, 4), hours=40), cdd(date(2021, 6, 1), None)]
    verdict = evaluate_steps(steps, date(2021, 7, 1))
    assert (verdict.status, verdict.kind) == (PENDING, "cdd")


def test_same_validation_date_prefers_employment_over_training() -> None:
    steps = [training(date(2021, 3, 1), None), cdi(date(2021, 3, 1))]
    verdict = evaluate_steps(steps, date(2021, 12, 31))
    assert (verdict.status, verdict.kind) == (POSITIVE, "cdi")


def test_not_positive_shows_the_most_recent_step() -> None:
    steps = [
        cdi(date(2021, 1, 4), hours=40),
        cdd(date(2021, 5, 3), date(2021, 6, 30)),
        mission(date(2021, 2, 1), date(2021, 2, 28), 150),
    ]
    verdict = evaluate_steps(steps, date(2021, 12, 31))
    assert (verdict.status, verdict.kind, verdict.validated_on) == (NOT_POSITIVE, "cdd", None)
    assert "terminé le 30/06/2021" in verdict.explanation


def test_only_non_qualifying_steps_give_none() -> None:
    steps = [
        StepFact(kind, date(2021, 1, 4), date(2021, 12, 31), monthly_hours=151, hours_worked=2000)
        for kind in (
            "formation",
            "iae_aci",
            "iae_ei",
            "iae_etti",
            "iae_ai",
            "clause",
            "immersion",
            "mobilite",
            "accompagnement_social",
            "atelier",
            "autre",
        )
    ]
    verdict = evaluate_steps(steps, date(2022, 6, 30))
    assert verdict == Verdict(
        NONE,
        None,
        None,
        "Aucune étape de CDI, CDD, intérim, formation qualifiante ou création d'activité "
        "au 30/06/2022",
    )
    assert evaluate_steps([], date(2022, 6, 30)).status is NONE
    atelier = evaluate_step(steps[-2], date(2022, 6, 30))
    assert atelier.status is NONE
    assert atelier.explanation == (
        "Étape « Atelier » du 04/01/2021 : ce type d'étape ne constitue pas une sortie positive"
    )


def test_participant_ignores_steps_starting_after_as_of() -> None:
    steps = [
        cdi(date(2021, 3, 1), hours=40),
        mission(date(2021, 2, 1), date(2021, 2, 28), 150),
        cdd(date(2021, 8, 2), None),
        mission(date(2021, 8, 2), date(2021, 8, 31), 150),
    ]
    # The missions and CDD from 02/08 do not exist yet: the CDI is the most recent step.
    verdict = evaluate_steps(steps, date(2021, 8, 1))
    assert (verdict.status, verdict.kind) == (NOT_POSITIVE, "cdi")


def test_participant_with_micro_creation_uses_the_smic_table() -> None:
    steps = [creation(date(2021, 3, 1), income=D("800"))]
    verdict = evaluate_steps(steps, date(2021, 12, 31), smic=SMIC)
    assert (verdict.status, verdict.kind) == (POSITIVE, "creation_activite")


def test_verdicts_by_step_share_the_interim_group_verdict() -> None:
    steps = [
        mission(date(2021, 1, 4), date(2021, 3, 31), 400, "a"),
        cdi(date(2021, 5, 3), hours=50),
        mission(date(2021, 4, 1), date(2021, 9, 30), 540, "b"),
        mission(date(2022, 2, 1), None, 0, "future"),
    ]
    result = verdicts_by_step(steps, date(2021, 12, 31))
    assert [step.ref for step, _ in result] == ["a", "cdi", "b", "future"]
    assert result[0][1] is result[2][1]
    assert result[0][1].status is POSITIVE
    assert result[1][1].status is NOT_POSITIVE
    assert result[3][1].status is NONE


# --- the 8 % cap ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("other", "training_exits", "expected"),
    [
        (92, 10, (8, 2)),
        (92, 8, (8, 0)),
        (0, 3, (0, 3)),
        (11, 5, (0, 5)),  # 11 × 8 / 92 = 0,956…
        (12, 5, (1, 4)),
        (1000, 5, (5, 0)),  # T under the cap (86)
        (0, 0, (0, 0)),
        (115, 20, (10, 10)),
    ],
)
def test_capped_training_exits(other: int, training_exits: int, expected: tuple[int, int]) -> None:
    assert capped_training_exits(other, training_exits) == expected


def test_capped_training_exits_keeps_the_share_under_the_cap() -> None:
    for other in range(300):
        counted, over = capped_training_exits(other, 1000)
        assert counted * 100 <= 8 * (other + counted)
        assert (counted + 1) * 100 > 8 * (other + counted + 1)
        assert counted + over == 1000


def test_capped_training_exits_with_other_caps() -> None:
    assert capped_training_exits(90, 50, cap_percent=10) == (10, 40)
    assert capped_training_exits(90, 50, cap_percent=100) == (50, 0)
    assert capped_training_exits(90, 50, cap_percent=0) == (0, 50)
    with pytest.raises(ValueError):
        capped_training_exits(-1, 2)
    with pytest.raises(ValueError):
        capped_training_exits(1, 2, cap_percent=101)


# --- data and formatting -------------------------------------------------------------------


def test_smic_table_lookup() -> None:
    assert SMIC.monthly_on(date(2021, 9, 30)) == D("1554.58")
    assert SMIC.monthly_on(date(2021, 10, 1)) == D("1589.47")
    assert SMIC.monthly_on(date(2030, 1, 1)) == D("1603.12")
    # Before the first row: the first row's value.
    assert SMIC.monthly_on(date(2010, 6, 1)) == D("1539.42")


def test_smic_table_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "smic.csv"
    path.write_text(
        "effective_date,hourly_gross_eur,monthly_gross_eur\n"
        "2021-10-01,10.48,1589.47\n2021-01-01,10.25,1554.58\n",
        encoding="utf-8",
    )
    table = SmicTable.from_csv(path)
    assert table.monthly_on(date(2021, 9, 30)) == D("1554.58")
    assert table.monthly_on(date(2021, 10, 1)) == D("1589.47")


def test_smic_table_rejects_bad_rows() -> None:
    with pytest.raises(ValueError):
        SmicTable([])
    with pytest.raises(ValueError):
        SmicTable([(date(2021, 1, 1), D("1")), (date(2021, 1, 1), D("2"))])


def test_step_fact_validation_and_int_hours() -> None:
    step = StepFact("cdi", date(2021, 3, 1), monthly_hours=80, hours_worked=0)
    assert isinstance(step.monthly_hours, Decimal) and step.monthly_hours == D("80")
    with pytest.raises(ValueError):
        StepFact("stage", date(2021, 3, 1))
    with pytest.raises(ValueError):
        StepFact("cdd", date(2021, 3, 1), date(2021, 2, 28))
    with pytest.raises(TypeError):
        StepFact("cdi", date(2021, 3, 1), monthly_hours=80.5)  # type: ignore[arg-type]


def test_status_values_match_the_interface() -> None:
    assert [s.value for s in ExitStatus] == ["positive", "pending", "not_positive", "none"]
    assert ExitStatus("not_positive") is ExitStatus.NOT_POSITIVE
    assert str(ExitStatus.NOT_POSITIVE) == "not_positive"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("151.67"), "151,67"),
        (D("80.00"), "80"),
        (76, "76"),
        (D("37.50"), "37,5"),
        (D("1040"), "1\u00a0040"),
        (D("1234567.8"), "1\u00a0234\u00a0567,8"),
        (D("0"), "0"),
    ],
)
def test_french_number_format(value: Decimal | int, expected: str) -> None:
    assert exits_text.fmt_number(value) == expected


def test_euro_format() -> None:
    assert exits_text.fmt_euros(D("777.29")) == "777,29 €"
    assert exits_text.fmt_euros(D("800.00")) == "800 €"
    assert exits_text.fmt_euros(D("777.3")) == "777,30 €"
    assert exits_text.fmt_euros(D("794.735")) == "794,74 €"
    assert exits_text.fmt_euros(D("1589.47")) == "1\u00a0589,47 €"


def test_interim_mission_longer_than_every_window_counts_in_none() -> None:
    from datetime import date as _date

    from jalons.pathways.rules.exits import StepFact as _Fact
    from jalons.pathways.rules.exits import evaluate_interim as _interim

    long_mission = _Fact("interim", _date(2021, 1, 4), _date(2021, 11, 30), hours_worked=None)
    verdict = _interim([long_mission], _date(2022, 1, 1))
    assert verdict.status == "not_positive"
    assert verdict.kind == "interim"
    worked = _Fact("interim", _date(2021, 1, 4), _date(2021, 11, 30), hours_worked=1500)
    assert _interim([worked], _date(2022, 1, 1)).status == "not_positive"
