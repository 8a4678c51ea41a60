"""The fast paths of the exit engine give the same steps and verdicts as the plain ones."""

from datetime import date
from decimal import Decimal

from jalons.pathways.rules.exits import StepFact, evaluate_interim
from jalons.pathways.services.exits import fact, trusted_fact

ROW = (7, 1, "cdd", date(2021, 3, 1), date(2021, 9, 30), Decimal("80.00"), None, False, None)


def test_trusted_fact_equals_checked_fact() -> None:
    pk, _, *rest = ROW
    trusted = trusted_fact(pk, *rest)
    assert trusted == fact(ROW)
    assert hash(trusted) == hash(fact(ROW))


def test_interim_same_day_missions_keep_input_order() -> None:
    missions = [
        StepFact("interim", date(2021, 1, 4), date(2021, 3, 31), hours_worked=300, ref="a"),
        StepFact("interim", date(2021, 2, 1), date(2021, 3, 31), hours_worked=330, ref="b"),
        StepFact("interim", date(2021, 4, 1), date(2021, 4, 30), hours_worked=10, ref="c"),
    ]
    verdict = evaluate_interim(missions, date(2021, 12, 31))
    assert verdict.validated_on == date(2021, 3, 31)
    assert verdict.step_refs == ("a", "b")
    assert "630 h travaillées du 04/01/2021 au 31/03/2021" in verdict.explanation
