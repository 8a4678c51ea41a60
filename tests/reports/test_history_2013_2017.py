"""Proof: the 2013–2017 history rebuilt from the source document, imported through the
stable import files, gives the document's figures back from the review (spec §4)."""

from datetime import date
from decimal import Decimal

import pytest

from jalons.demo import history
from jalons.imports.services import import_participants, import_steps
from jalons.organisations.services import create_plie
from jalons.pathways.rules.exits import ExitStatus
from jalons.pathways.services.exits import evaluate_participants
from jalons.protocols.models import Protocol, ProtocolTarget
from jalons.reports.bilan import compute_bilan, scope_for


@pytest.fixture(scope="module")
def built() -> history.History:
    return history.build()


@pytest.fixture
def imported(db, built):  # type: ignore[no-untyped-def]
    plie = create_plie("AIX", "PLIE du Pays d'Aix")
    protocol = Protocol.objects.create(
        plie=plie,
        name="Protocole 2013–2017",
        start_date=date(2013, 1, 1),
        end_date=date(2017, 12, 31),
    )
    for key, value in [
        ("accompanied", 5700),
        ("rsa", 3420),
        ("exits_employment", 2280),
        ("exits_employment_rsa", 1254),
    ]:
        ProtocolTarget.objects.create(protocol=protocol, key=key, value=Decimal(value))
    report = import_participants(
        plie, history.to_csv(built.participants, history.PARTICIPANT_COLUMNS), "participants.csv"
    )
    assert report.errors == [] and report.to_create == 6491
    report = import_steps(plie, history.to_xlsx(built.steps, history.STEP_COLUMNS), "etapes.xlsx")
    assert report.errors == []
    return plie


def test_review_reproduces_the_source_document(imported):  # type: ignore[no-untyped-def]
    bilan = compute_bilan(scope_for(["AIX"], date(2013, 1, 1), date(2017, 12, 31)))
    assert bilan["accompanied"] == 6491
    assert bilan["rsa"] == 4804
    assert (bilan["women"], bilan["men"]) == (3156, 3335)
    assert round(bilan["rsa"] / bilan["accompanied"] * 100) == 74
    assert round(bilan["deld"] / bilan["accompanied"] * 100) == 76
    assert round(bilan["qpv"] / bilan["accompanied"] * 100) == 12
    assert bilan["qualification"]["V"] == 2012
    assert bilan["qualification"]["VI_Vbis"] == 2142
    assert bilan["qualification"]["IV"] == 1168
    prescribers = bilan["prescribers"]
    assert (prescribers["pole_insertion"], prescribers["france_travail"]) == (389, 1882)
    assert (prescribers["ccas"], prescribers["bme"]) == (454, 1233)
    assert round(prescribers["caf"] / bilan["accompanied"] * 100) == 23
    assert bilan["exits_employment"] == 1878
    assert bilan["exits_employment_rsa"] == 1314
    assert bilan["exits_by_kind"]["cdi"] == 613
    assert bilan["exits_by_kind"]["cdd"] == 833
    assert round(613 / 1878 * 100) == 33 and round(833 / 1878 * 100) == 44
    objectives = {o["key"]: (o["target"], o["achieved"]) for o in bilan["objectives"]}
    assert objectives == {
        "accompanied": (5700, 6491),
        "rsa": (3420, 4804),
        "exits_employment": (2280, 1878),
        "exits_employment_rsa": (1254, 1314),
    }


def test_every_imported_positive_exit_is_backed_by_the_rules(imported, built):  # type: ignore[no-untyped-def]
    expected = {
        p["identifiant"]: p["date_sortie"]
        for p in built.participants
        if p["sortie_validee"] == "oui"
    }
    verdicts = dict(evaluate_participants(imported.pk, date(2017, 12, 31)))
    positive = {k: v for k, v in verdicts.items() if v.status is ExitStatus.POSITIVE}
    assert set(positive) == set(expected)
    for ident, verdict in positive.items():
        assert verdict.validated_on is not None
        assert verdict.validated_on.strftime("%d/%m/%Y") == expected[ident], verdict.explanation


def test_reimporting_the_history_changes_nothing(imported, built):  # type: ignore[no-untyped-def]
    again = import_participants(
        imported,
        history.to_csv(built.participants, history.PARTICIPANT_COLUMNS),
        "participants.csv",
    )
    assert (again.to_create, again.to_update, again.unchanged) == (0, 0, 6491)
