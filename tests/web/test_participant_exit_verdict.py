"""The participant file shows the exit verdict computed from the steps; saving a step updates it."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from jalons.pathways import services


def test_file_shows_verdict_and_step_badges(world, as_):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    url = reverse("participants:detail", args=[world.participant.uid])
    html = as_("adviser").get(url).content.decode()
    assert "Aucune étape qualifiante" in html
    services.save_step(
        world.pathway, author=None, kind="cdi", start_date=today, monthly_hours=Decimal("151.67")
    )
    html = as_("adviser").get(url).content.decode()
    verdict = html[html.index('id="exit-verdict"') :]
    assert "En attente de validation" in verdict
    assert f"débuté le {today:%d/%m/%Y}" in verdict


def test_short_contract_is_explained_as_not_positive(world, as_):  # type: ignore[no-untyped-def]
    services.save_step(
        world.pathway,
        author=None,
        kind="cdd",
        start_date=date(2024, 3, 1),
        end_date=date(2024, 5, 31),
        monthly_hours=Decimal("151.67"),
    )
    html = (
        as_("cre")
        .get(reverse("participants:detail", args=[world.participant.uid]))
        .content.decode()
    )
    verdict = html[html.index('id="exit-verdict"') :]
    assert "Non remplie" in verdict
    assert "Ne compte pas comme sortie positive" in html


def test_committee_proposal_link_for_referent_and_team_only(world, as_):  # type: ignore[no-untyped-def]
    url = reverse("participants:detail", args=[world.participant.uid])
    propose = reverse("exits:committee_propose", args=[world.pathway.uid])
    assert propose in as_("adviser").get(url).content.decode()
    assert propose in as_("coordinator").get(url).content.decode()
    assert propose not in as_("colleague").get(url).content.decode()
    assert propose not in as_("cre").get(url).content.decode()
