"""The home page of each role (spec §2; alerts of spec §3; activity of spec §4)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize

from jalons.organisations.models import Lot
from jalons.pathways import services
from tests.conftest import make_pathway
from tests.factories import ParticipantFactory

HOME = reverse("home")


def today() -> date:
    return timezone.localdate()


def caseload(world, name: str, entry_days_ago: int, contact_days_ago: int | None = None):  # type: ignore[no-untyped-def]
    """An open pathway of the `adviser` persona, entered and last met so many days ago."""
    person = ParticipantFactory(plie=world.plie, last_name=name, first_name="Test")
    pathway = make_pathway(
        person,
        world.users["adviser"],
        Lot.objects.get(code="L1"),
        entry=today() - timedelta(days=entry_days_ago),
    )
    if contact_days_ago is not None:
        services.add_contact(
            pathway,
            on=today() - timedelta(days=contact_days_ago),
            kind="individual",
            attendance="attended",
            notes="",
            author=world.users["adviser"],
            today=today(),
        )
    return pathway


def test_the_advisers_portfolio_puts_alerts_first(world, as_):  # type: ignore[no-untyped-def]
    caseload(world, "Recent", entry_days_ago=10)
    caseload(world, "Suivi", entry_days_ago=100, contact_days_ago=5)
    caseload(world, "Oublie", entry_days_ago=100, contact_days_ago=40)

    page = as_("adviser").get(HOME).content.decode()

    assert "Mon portefeuille" in page
    # Sophie Martin entered on 15/01/2024 and was never met: both alerts; then 40 days.
    order = [page.index(n) for n in ("MARTIN Sophie", "OUBLIE Test", "RECENT Test")]
    assert order == sorted(order)
    assert page.index("OUBLIE Test") < page.index("SUIVI Test")
    assert "Sans contact depuis 40 jours" in page
    assert f"Sans contact depuis {localize((today() - date(2024, 1, 15)).days)} jours" in page
    assert page.count("Au-delà de 18 mois</span>") == 1
    assert '<p class="kpi mb-1">4</p><p class="mb-0">parcours en cours</p>' in page
    assert '<p class="kpi mb-1 text-warning-emphasis">2</p>' in page
    assert '<p class="kpi mb-1 text-danger">1</p>' in page
    assert reverse("participants:detail", kwargs={"uid": world.participant.uid}) in page
    assert "BERNARD Paul" not in page  # another adviser's caseload
    assert "Aucune orientation en attente." in page


def test_the_portfolio_of_an_adviser_without_caseload(world, as_):  # type: ignore[no-untyped-def]
    page = as_("colleague").get(HOME).content.decode()
    assert "Aucun parcours en cours ne vous est confié." in page
    assert "MARTIN Sophie" not in page


@pytest.mark.parametrize("rows", [3, 9])
def test_the_portfolio_costs_the_same_whatever_its_size(  # type: ignore[no-untyped-def]
    world, as_, django_assert_num_queries, rows
):
    for i in range(rows - 1):
        caseload(world, f"Personne{i}", entry_days_ago=50 + i, contact_days_ago=i)
    client = as_("adviser")
    # session, user, memberships (actor), the open pathways (person, lot, both alerts as
    # subqueries), the pending self-referrals.
    with django_assert_num_queries(5):
        page = client.get(HOME).content.decode()
    assert f'<p class="kpi mb-1">{rows}</p>' in page


def test_the_pathway_teams_dashboard(world, as_):  # type: ignore[no-untyped-def]
    entered = caseload(world, "Entree", entry_days_ago=0)
    services.record_exit(
        caseload(world, "Sortie", entry_days_ago=60),
        kind="abandon",
        on=today(),
        reason="Ne vient plus.",
        by=world.users["coordinator"],
    )
    lea = world.orientation_participant.orientations.get()

    page = as_("coordinator").get(HOME).content.decode()

    assert '<p class="kpi mb-1">1</p><p class="mb-0">orientation à décider</p>' in page
    assert reverse("orientations:detail", kwargs={"uid": lea.uid}) in page
    assert '<p class="kpi mb-1">3</p><p class="mb-0">parcours en cours (file active)</p>' in page
    # "Entree" today and "Sortie" 60 days ago (this year unless we are in January or February).
    entries = 2 if (today() - timedelta(days=60)).year == today().year else 1
    plural = "s" if entries > 1 else ""
    kpi = f'<p class="kpi mb-1">{entries}</p><p class="mb-0">entrée{plural} en {today().year}</p>'
    assert kpi in page
    assert f'<p class="kpi mb-1">1</p><p class="mb-0">sortie en {today().year}</p>' in page
    # Sophie and Paul entered in January 2024 without any contact: both alerts, for both.
    assert '<span class="badge text-bg-warning">2</span> sans contact depuis 30 jours' in page
    assert '<span class="badge text-bg-danger">2</span> au-delà des 18 mois' in page
    assert "MARTIN Sophie" in page and "BERNARD Paul" in page
    # Caseload per lot, then per referent.
    assert '<th scope="rowgroup">L1 – Centre</th><td class="text-end fw-semibold">2</td>' in page
    assert (
        '<th scope="row" class="fw-normal ps-4">Adviser Test</th><td class="text-end">2</td>'
        in page
    )
    assert '<th scope="rowgroup">L2 – Sud</th><td class="text-end fw-semibold">1</td>' in page
    assert "DURAND Marc" not in page  # the other PLIE
    assert entered.participant.full_name not in page  # no alert on a fresh entry


def test_the_oldest_orientations_to_decide_come_first(world, as_):  # type: ignore[no-untyped-def]
    _orient(world, 12)
    page = as_("lead").get(HOME).content.decode()
    assert '<p class="kpi mb-1">13</p><p class="mb-0">orientations à décider</p>' in page
    assert page.index("PETIT Léa") < page.index("ATTENTE0 Test")
    assert "ATTENTE8 Test" in page and "ATTENTE9 Test" not in page  # the 10 oldest only


def _orient(world, count: int) -> None:  # type: ignore[no-untyped-def]
    caf = world.orientation_participant.orientations.get().prescriber
    for i in range(count):
        person = ParticipantFactory(plie=world.plie, last_name=f"Attente{i}", first_name="Test")
        services.submit_orientation(
            plie=world.plie,
            participant=person,
            prescriber=caf,
            prescriber_kind="caf",
            reasons="Motifs.",
            submitted_by=world.users["prescriber"],
            submitted_on=date(2025, 1, 1) + timedelta(days=i),
        )


@pytest.mark.parametrize("rows", [3, 9])
def test_the_teams_dashboard_costs_the_same_whatever_the_volume(  # type: ignore[no-untyped-def]
    world, as_, django_assert_num_queries, rows
):
    _orient(world, rows)
    for i in range(rows):
        caseload(world, f"Personne{i}", entry_days_ago=40 + i)
    client = as_("coordinator")
    # session, user, memberships (actor), the totals (one aggregate), the first no-contact
    # alerts, the first past-18-months alerts, the count to decide, the oldest to decide,
    # the caseload per lot and referent (one grouped query).
    with django_assert_num_queries(9):
        page = client.get(HOME).content.decode()
    assert f'<p class="kpi mb-1">{rows + 1}</p><p class="mb-0">orientations à décider</p>' in page


def test_the_other_plies_team_sees_its_own_plie(world, as_):  # type: ignore[no-untyped-def]
    page = as_("other_plie_lead").get(HOME).content.decode()
    assert "PETIT Léa" not in page and "MARTIN Sophie" not in page
    assert '<p class="kpi mb-1">1</p><p class="mb-0">parcours en cours (file active)</p>' in page


def test_the_prescribers_home(world, as_):  # type: ignore[no-untyped-def]
    page = as_("prescriber").get(HOME).content.decode()
    assert f'href="{reverse("orientations:create")}"' in page
    assert "Orienter une personne" in page
    assert "PETIT Léa" in page and "En attente de décision" in page
    assert "MARTIN Sophie" not in page
    other = as_("other_prescriber").get(HOME).content.decode()
    assert "PETIT Léa" not in other
    assert "Votre organisation n'a encore orienté personne." in other


@pytest.mark.parametrize("persona", ["cre", "clauses", "iae"])
def test_plie_officers_search_the_participants(world, as_, persona):  # type: ignore[no-untyped-def]
    page = as_(persona).get(HOME).content.decode()
    assert (
        '<p class="kpi mb-1">2</p><p class="mb-0">participants en parcours dans le PLIE</p>' in page
    )
    assert f'action="{reverse("participants:list")}"' in page and 'name="q"' in page
    # The search text is personal data: posted, never in the URL.
    assert f'<form method="post" action="{reverse("participants:list")}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "prochainement" not in page


def test_the_oi_controller_sees_each_plie(world, as_, django_assert_num_queries):  # type: ignore[no-untyped-def]
    caseload(world, "Entree", entry_days_ago=0)
    client = as_("oi")
    # session, user, memberships and the OI's PLIEs (actor), the figures per PLIE (one grouped
    # query), the PLIEs' names.
    with django_assert_num_queries(6):
        page = client.get(HOME).content.decode()
    year = today().year
    assert f"Entrées {year}" in page
    aix = (
        '<th scope="row">PLIE du Pays d&#x27;Aix <span class="text-body-secondary fw-normal">'
        '(AIX)</span></th><td class="text-end">3</td><td class="text-end">1</td>'
        '<td class="text-end">0</td>'
    )
    assert aix in page
    assert '(MRS)</span></th><td class="text-end">1</td>' in page
    assert '<th scope="row">Total</th><td class="text-end">4</td>' in page


def test_the_administrators_home_links_to_the_administration(world, as_):  # type: ignore[no-untyped-def]
    page = as_("admin").get(HOME).content.decode()
    assert reverse("admin:accounts_user_changelist") in page
    assert reverse("admin:organisations_organisation_changelist") in page
    assert reverse("admin:territory_commune_changelist") in page
    assert "MARTIN Sophie" not in page


def test_an_account_without_role_is_told_whom_to_ask(world, as_):  # type: ignore[no-untyped-def]
    page = as_("no_role").get(HOME).content.decode()
    assert "Votre compte n'a aucun rôle actif" in page
    assert "cheffe ou au chef de projet de votre PLIE" in page
