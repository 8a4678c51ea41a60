"""The participant list: search, filters, scoping per role, sort, pagination, htmx, queries."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jalons.participants.models import Participant
from jalons.pathways.models import Pathway
from jalons.territory.models import Commune
from tests.conftest import make_pathway
from tests.factories import ContactFactory, LotFactory, ParticipantFactory

URL = reverse("participants:list")


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    """The participants shown on the page, in the order of the table."""
    return [str(row.record) for row in response.context["table"].paginated_rows]


def search(client: Client, text: str, **filters: object):  # type: ignore[no-untyped-def]
    """Posts the search (with `filters`) as the form does without JS, then follows the
    Post/Redirect/Get."""
    return client.post(URL, {"q": text, **filters}, follow=True)


def column_names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [column.name for column in response.context["table"].columns]


@pytest.fixture
def lot1(world):  # type: ignore[no-untyped-def]
    return world.pathway.lot


# --- search -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Martin Sophie", "sophie martin", "mart", "Soph Mar", "1234567a"])
def test_search_by_name_in_either_order_prefix_or_france_travail_id(world, as_, text) -> None:  # type: ignore[no-untyped-def]
    ParticipantFactory(plie=world.plie, last_name="Martinez", first_name="Paul")
    response = search(as_("lead"), text)
    assert response.status_code == 200
    expected = ["MARTIN Sophie"] if text != "mart" else ["MARTIN Sophie", "MARTINEZ Paul"]
    assert names(response) == expected


def test_search_by_identifiant(world, as_) -> None:  # type: ignore[no-untyped-def]
    ParticipantFactory(plie=world.plie, last_name="Leroy", first_name="Anne", source_id="IMP-0042")
    assert names(search(as_("lead"), "imp-0042")) == ["LEROY Anne"]


def test_search_finding_nobody_says_so(world, as_) -> None:  # type: ignore[no-untyped-def]
    response = search(as_("lead"), "Zorglub")
    assert names(response) == []
    assert "Aucun participant ne correspond à ces critères." in response.content.decode()
    assert "0 participant" in response.content.decode()


def test_search_is_posted_kept_in_the_session_and_shown_in_the_box(world, as_) -> None:  # type: ignore[no-untyped-def]
    lead = as_("lead")
    response = lead.post(URL, {"q": " Martin ", "status": "active", "lot": "", "sort": "-name"})
    assert response.status_code == 302
    # Post/Redirect/Get: the other filters travel in the URL, the search does not.
    assert response["Location"] == f"{URL}?status=active&sort=-name"
    assert lead.session["participants_search"] == "Martin"
    page = lead.get(response["Location"])
    assert names(page) == ["MARTIN Sophie"]
    assert 'value="Martin"' in page.content.decode()  # shown in the search box
    # Kept while paging, sorting and filtering through GET links.
    assert names(lead.get(URL, {"sort": "-name"})) == ["MARTIN Sophie"]
    assert names(lead.get(URL, {"status": "oriented"})) == []


def test_a_search_in_the_query_string_is_ignored(world, as_) -> None:  # type: ignore[no-untyped-def]
    lead = as_("lead")
    response = lead.get(URL, {"q": "Martin", "status": "active"})
    assert names(response) == ["BERNARD Paul", "MARTIN Sophie"]
    assert not response.context["filter"].form["q"].value()
    assert "participants_search" not in lead.session
    assert "q=Martin" not in response.content.decode()


def test_reset_clears_the_search(world, as_) -> None:  # type: ignore[no-untyped-def]
    lead = as_("lead")
    search(lead, "Martin")
    page = lead.get(URL).content.decode()
    assert f'href="{URL}?reinitialiser=1">Réinitialiser</a>' in page
    response = lead.get(URL, {"reinitialiser": "1"})
    assert response.status_code == 302 and response["Location"] == URL
    assert "participants_search" not in lead.session
    assert names(lead.get(URL)) == ["BERNARD Paul", "MARTIN Sophie", "PETIT Léa"]
    # Posting an empty search clears it too.
    search(lead, "Martin")
    assert names(search(lead, "  ")) == ["BERNARD Paul", "MARTIN Sophie", "PETIT Léa"]
    assert "participants_search" not in lead.session


def test_the_searched_name_never_reaches_a_url(world, as_) -> None:  # type: ignore[no-untyped-def]
    for i in range(27):  # two pages: pagination links too
        ParticipantFactory(plie=world.plie, last_name="Zelinski", first_name=f"Anna{i:02d}")
    lead = as_("coordinator")  # may export: the export link too
    response = lead.post(URL, {"q": "Zelinski", "status": "oriented"})
    assert response.status_code == 302 and "zelinski" not in response["Location"].lower()
    hx = lead.post(URL, {"q": "Zelinski"}, headers={"HX-Request": "true"})
    assert hx.status_code == 200 and "zelinski" not in hx["HX-Push-Url"].lower()
    page = lead.get(URL)
    html = page.content.decode() + hx.content.decode()
    assert "ZELINSKI Anna00" in html and 'href="?page=2"' in html
    hrefs = re.findall(r'(?:href|hx-get|hx-post|action|hx-push-url)="([^"]*)"', html)
    assert hrefs and not [h for h in hrefs if "zelinski" in h.lower()]
    assert reverse("exports:participants_xlsx") in " ".join(hrefs)


# --- filters ----------------------------------------------------------------------------


def test_filter_status(world, as_) -> None:  # type: ignore[no-untyped-def]
    assert names(as_("lead").get(URL, {"status": "oriented"})) == ["PETIT Léa"]
    assert names(as_("lead").get(URL, {"status": "active"})) == ["BERNARD Paul", "MARTIN Sophie"]


def test_filter_referent_and_lot(world, as_) -> None:  # type: ignore[no-untyped-def]
    adviser = world.users["adviser"]
    assert names(as_("lead").get(URL, {"referent": adviser.pk})) == ["MARTIN Sophie"]
    lot2 = world.other_lot_participant.current_pathway.lot
    assert names(as_("lead").get(URL, {"lot": lot2.pk})) == ["BERNARD Paul"]


def test_filter_bassin_and_commune(world, as_) -> None:  # type: ignore[no-untyped-def]
    pertuis = Commune.objects.get(insee_code="84089")
    ParticipantFactory(plie=world.plie, last_name="Roux", first_name="Inès", commune=pertuis)
    lead = as_("lead")
    assert names(lead.get(URL, {"commune": pertuis.pk})) == ["ROUX Inès"]
    assert names(lead.get(URL, {"bassin": pertuis.bassin_id})) == ["ROUX Inès"]
    centre = Commune.objects.get(insee_code="13001").bassin_id
    assert names(lead.get(URL, {"bassin": centre})) == [
        "BERNARD Paul",
        "MARTIN Sophie",
        "PETIT Léa",
    ]


def test_filter_rsa_and_qpv(world, as_) -> None:  # type: ignore[no-untyped-def]
    Participant.objects.filter(pk=world.other_lot_participant.pk).update(rsa=False, qpv=True)
    lead = as_("lead")
    assert names(lead.get(URL, {"rsa": "false"})) == ["BERNARD Paul"]
    assert names(lead.get(URL, {"rsa": "true"})) == ["MARTIN Sophie", "PETIT Léa"]
    assert names(lead.get(URL, {"qpv": "true"})) == ["BERNARD Paul"]
    assert names(lead.get(URL, {"qpv": "false"})) == ["MARTIN Sophie", "PETIT Léa"]


def test_invalid_filter_value_is_reported_not_a_crash(world, as_) -> None:  # type: ignore[no-untyped-def]
    other_plie_lot = LotFactory(plie=world.plie2, code="M1", name="Marseille")
    response = as_("lead").get(URL, {"lot": other_plie_lot.pk})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_filter_choices_are_limited_to_the_actor_plie(world, as_) -> None:  # type: ignore[no-untyped-def]
    LotFactory(plie=world.plie2, code="M1", name="Marseille")
    form = as_("lead").get(URL).context["filter"].form
    assert [str(lot) for lot in form.fields["lot"].queryset] == ["L1 – Centre", "L2 – Sud"]
    assert {u.email for u in form.fields["referent"].queryset} == {
        "adviser@test.jalons.fr",
        "other_lot_adviser@test.jalons.fr",
    }
    assert form.fields["commune"].queryset.count() == 36
    form = as_("other_plie_lead").get(URL).context["filter"].form
    assert [str(lot) for lot in form.fields["lot"].queryset] == ["M1 – Marseille"]
    assert {u.email for u in form.fields["referent"].queryset} == {"other_plie_lead@test.jalons.fr"}
    assert sorted(c.name for c in form.fields["commune"].queryset) == ["Gardanne", "Vitrolles"]
    assert [b.name for b in form.fields["bassin"].queryset] == ["Sud"]


# --- scoping per role -------------------------------------------------------------------


def test_adviser_sees_own_caseload_and_own_lot_but_not_the_other_lot(world, as_, lot1) -> None:  # type: ignore[no-untyped-def]
    lot2 = world.other_lot_participant.current_pathway.lot
    same_lot = ParticipantFactory(plie=world.plie, last_name="Blanc", first_name="Rose")
    make_pathway(same_lot, world.users["colleague"], lot1)  # lot L1, followed by the colleague
    own_elsewhere = ParticipantFactory(plie=world.plie, last_name="Noir", first_name="Luc")
    make_pathway(own_elsewhere, world.users["adviser"], lot2)  # lot L2, followed by the adviser
    assert names(as_("adviser").get(URL)) == ["BLANC Rose", "MARTIN Sophie", "NOIR Luc"]
    assert names(as_("colleague").get(URL)) == ["BLANC Rose", "MARTIN Sophie"]
    assert names(as_("other_lot_adviser").get(URL)) == ["BERNARD Paul", "NOIR Luc"]


def test_cre_sees_the_plie_participants_without_the_rsa_column(world, as_) -> None:  # type: ignore[no-untyped-def]
    response = as_("cre").get(URL)
    assert names(response) == ["BERNARD Paul", "MARTIN Sophie", "PETIT Léa"]
    assert "rsa" not in column_names(response)
    assert "rsa" not in response.context["filter"].form.fields
    assert 'name="rsa"' not in response.content.decode()
    assert ">RSA<" not in response.content.decode()


@pytest.mark.parametrize("persona", ["lead", "coordinator"])
def test_pathway_team_sees_rsa_for_everyone(world, as_, persona) -> None:  # type: ignore[no-untyped-def]
    response = as_(persona).get(URL)
    assert "rsa" in column_names(response)
    rows = {str(r.record): r.get_cell("rsa") for r in response.context["table"].paginated_rows}
    assert rows == {"BERNARD Paul": "Oui", "MARTIN Sophie": "Oui", "PETIT Léa": "Oui"}


def test_adviser_sees_rsa_on_own_caseload_only(world, as_, lot1) -> None:  # type: ignore[no-untyped-def]
    same_lot = ParticipantFactory(plie=world.plie, last_name="Blanc", first_name="Rose", rsa=True)
    make_pathway(same_lot, world.users["colleague"], lot1)
    response = as_("adviser").get(URL)
    rows = {str(r.record): r.get_cell("rsa") for r in response.context["table"].paginated_rows}
    assert rows["MARTIN Sophie"] == "Oui"
    assert "Oui" not in rows["BLANC Rose"] and "—" in rows["BLANC Rose"]
    # Filtering on RSA never reaches beyond the adviser's own caseload.
    assert response.context["filter"].form.fields["rsa"].label == "RSA (mon portefeuille)"
    assert names(as_("adviser").get(URL, {"rsa": "true"})) == ["MARTIN Sophie"]
    assert names(as_("colleague").get(URL, {"rsa": "true"})) == ["BLANC Rose"]


def test_other_plie_lead_never_sees_aix_people(world, as_) -> None:  # type: ignore[no-untyped-def]
    assert names(as_("other_plie_lead").get(URL)) == ["DURAND Marc"]
    assert names(search(as_("other_plie_lead"), "Martin")) == []


def test_oi_sees_every_plie_with_a_plie_column(world, as_) -> None:  # type: ignore[no-untyped-def]
    response = as_("oi").get(URL)
    assert names(response) == ["BERNARD Paul", "DURAND Marc", "MARTIN Sophie", "PETIT Léa"]
    assert "plie" in column_names(response) and "rsa" in column_names(response)
    assert "plie" not in column_names(as_("lead").get(URL))


@pytest.mark.parametrize("persona", ["prescriber", "other_prescriber", "admin", "no_role"])
def test_roles_without_the_list_are_refused(world, as_, persona) -> None:  # type: ignore[no-untyped-def]
    assert as_(persona).get(URL).status_code == 403


# --- columns, sort, pagination, htmx ----------------------------------------------------


def test_row_shows_age_commune_status_referent_lot_dates_and_no_contact_alert(world, as_) -> None:  # type: ignore[no-untyped-def]
    recent = ParticipantFactory(
        plie=world.plie, last_name="Vert", first_name="Ana", birth_date=date(1990, 1, 1)
    )
    today = timezone.localdate()
    pathway = make_pathway(
        recent, world.users["adviser"], world.pathway.lot, entry=today - timedelta(days=60)
    )
    ContactFactory(pathway=pathway, date=today - timedelta(days=3))
    Pathway.objects.filter(pk=pathway.pk).update(last_contact_on=today - timedelta(days=3))
    response = search(as_("lead"), "Vert")
    html = response.content.decode()
    row = next(iter(response.context["table"].paginated_rows))
    assert row.get_cell("age") == f"{recent.age_on(today)} ans"
    assert row.get_cell("commune") == "Aix-en-Provence"
    assert "En parcours" in row.get_cell("status")
    assert row.get_cell("referent") == world.users["adviser"]
    assert row.get_cell("entry_date") == f"{today - timedelta(days=60):%d/%m/%Y}"
    assert row.get_cell("last_contact") == f"{today - timedelta(days=3):%d/%m/%Y}"
    assert "aucun contact depuis plus de 30 jours" not in html
    # Sophie Martin: entered in 2024, never met since: the alert shows.
    html = search(as_("lead"), "Martin").content.decode()
    assert "(aucun contact depuis plus de 30 jours)" in html
    assert "bi-exclamation-triangle-fill" in html


def test_sort_by_entry_date_last_contact_and_referent(world, as_) -> None:  # type: ignore[no-untyped-def]
    late = ParticipantFactory(plie=world.plie, last_name="Aubert", first_name="Max")
    make_pathway(late, world.users["other_lot_adviser"], entry=date(2024, 6, 1))
    Pathway.objects.filter(participant=late).update(last_contact_on=date(2024, 7, 1))
    lead = as_("lead")
    assert names(lead.get(URL, {"sort": "-entry_date"}))[:1] == ["AUBERT Max"]
    assert names(lead.get(URL, {"sort": "entry_date"}))[-2:] == ["AUBERT Max", "PETIT Léa"]
    assert names(lead.get(URL, {"sort": "-last_contact"}))[0] == "AUBERT Max"
    assert names(lead.get(URL, {"sort": "-name"})) == [
        "PETIT Léa",
        "MARTIN Sophie",
        "BERNARD Paul",
        "AUBERT Max",
    ]
    # Referents: "Adviser Test" < "Other_Lot_Adviser Test" (sorted by last then first name:
    # both are "Test", so by first name), nobody last.
    assert names(lead.get(URL, {"sort": "referent"})) == [
        "MARTIN Sophie",
        "AUBERT Max",
        "BERNARD Paul",
        "PETIT Léa",
    ]


def test_pagination_25_per_page(world, as_) -> None:  # type: ignore[no-untyped-def]
    for i in range(27):
        ParticipantFactory(plie=world.plie, last_name=f"Zeta{i:02d}", first_name="Test")
    lead = as_("lead")
    first = lead.get(URL)
    assert len(names(first)) == 25
    html = first.content.decode()
    assert "30 participants" in html
    assert "Page 1 sur 2" in html
    assert 'href="?page=2"' in html
    assert names(lead.get(URL, {"page": "abc"}))[:1] == ["BERNARD Paul"]  # bad page: the first
    second = lead.get(URL, {"page": 2})
    assert names(second) == [
        "ZETA22 Test",
        "ZETA23 Test",
        "ZETA24 Test",
        "ZETA25 Test",
        "ZETA26 Test",
    ]


def test_htmx_request_gets_the_results_fragment_only(world, as_) -> None:  # type: ignore[no-untyped-def]
    lead = as_("lead")
    response = lead.post(URL, {"q": "Martin", "qpv": ""}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="participant-results"')
    assert "<html" not in html and "<form" not in html
    assert "MARTIN Sophie" in html and "BERNARD Paul" not in html
    assert "HX-Request" in response["Vary"]
    assert response["HX-Push-Url"] == URL
    response = lead.post(URL, {"q": "Martin", "status": "active"}, headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == f"{URL}?status=active"
    # Links (sort, pages) get the partial with the search kept in the session.
    response = lead.get(URL, {"sort": "-name"}, headers={"HX-Request": "true"})
    assert "MARTIN Sophie" in response.content.decode()
    assert "BERNARD Paul" not in response.content.decode()
    # A chosen sort is kept when the filters change: the form submits it through form=.
    html = (
        as_("lead")
        .get(URL, {"sort": "-entry_date"}, headers={"HX-Request": "true"})
        .content.decode()
    )
    assert (
        '<input type="hidden" name="sort" value="-entry_date" form="participant-filters">' in html
    )
    full = lead.get(URL).content.decode()
    assert "<html" in full and 'hx-post="/participants/"' in full and 'method="post"' in full
    assert 'name="csrfmiddlewaretoken"' in full and 'hx-push-url="true"' in full


def test_query_count_does_not_grow_with_the_rows(
    world, as_, django_assert_num_queries, lot1
) -> None:  # type: ignore[no-untyped-def]
    def add(n: int) -> None:
        for _ in range(n):
            person = ParticipantFactory(plie=world.plie)
            make_pathway(person, world.users["adviser"], lot1)

    client = as_("lead")
    add(2)  # 5 participants with the world's three
    expected = (
        2  # session, user
        + 1  # actor: memberships (with organisation, PLIE, lot)
        + 1  # count of the filtered participants (paginator)
        + 1  # the page's keys (sorted and filtered, no join fetched)
        + 1  # the page: participants with commune, PLIE, pathway, referent, lot
        + 4  # filter choices: referents, lots, communes, bassins
    )
    with django_assert_num_queries(expected):
        assert len(names(client.get(URL))) == 5
    add(10)  # 15 participants
    with django_assert_num_queries(expected):
        assert len(names(client.get(URL))) == 15
    search(client, "Martin Sophie")  # the search, read from the session, costs nothing more
    with django_assert_num_queries(expected):
        assert names(client.get(URL)) == ["MARTIN Sophie"]
