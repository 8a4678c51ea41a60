"""Exit screens: the validated exits (with why each counts), the pending ones, and the
committee workflow (propose → decide → exit recorded and listed)."""

import html as html_lib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from jalons.pathways import services
from jalons.pathways.models import CommitteeDecision, Exit
from jalons.pathways.services.exits import propose_to_committee
from tests.conftest import make_pathway
from tests.factories import ParticipantFactory
from tests.web.test_review import PERIOD, build_review_data, exit_with, person

LIST, PENDING, COMMITTEE = "/sorties/", "/sorties/en-attente/", "/sorties/comite/"


@pytest.fixture
def review_data(world):  # type: ignore[no-untyped-def]
    return build_review_data(world)


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html_lib.unescape(response.content.decode())


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row["participant"].last_name for row in response.context["rows"]]


def test_exits_list_explains_each_exit(review_data, as_) -> None:  # type: ignore[no-untyped-def]
    response = as_("lead").get(LIST, PERIOD)
    assert response.status_code == 200
    # Most recent first: D (01/11), A and B (01/09: latest recorded first), C (01/06).
    assert names(response) == ["David", "Blanc", "Arnaud", "Chevalier"]
    why = {row["participant"].last_name: row["why"] for row in response.context["rows"]}
    assert why["Blanc"].startswith("CDD") and "01/09/2024" in why["Blanc"]
    assert (
        why["Arnaud"] == "Sortie importée : validée comme sortie positive par le système d'origine."
    )
    assert why["Chevalier"] == "Motif : Ne vient plus."
    html = text(response)
    assert "4 sorties" in html and "Calculée à partir des étapes" in html
    assert f'href="/participants/{review_data["b"].participant.uid}/"' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"source": "computed"}, ["Blanc"]),
        ({"positive": "non"}, ["Chevalier"]),
        ({"kind": "cdi"}, ["Arnaud"]),
        ({"categorie": "positive"}, ["David", "Blanc", "Arnaud"]),
        ({"categorie": "autre"}, []),
        ({"du": "2024-10-01", "au": "2024-12-31"}, ["David"]),
        ({"bassin": "sud"}, ["David", "Chevalier"]),
    ],
)
def test_exits_list_filters(review_data, as_, params, expected) -> None:  # type: ignore[no-untyped-def]
    assert names(as_("coordinator").get(LIST, params)) == expected


def test_exits_list_scope_per_role(review_data, world, as_) -> None:  # type: ignore[no-untyped-def]
    assert names(as_("adviser").get(LIST)) == ["Blanc", "Arnaud"]  # own caseload, lot L1
    assert names(as_("other_lot_adviser").get(LIST)) == ["David", "Chevalier"]
    assert names(as_("other_plie_lead").get(LIST)) == ["Durand"]
    assert len(names(as_("oi").get(LIST))) == 5
    assert len(names(as_("oi").get(LIST, {"plie": "MRS"}))) == 1


def test_a_reason_is_for_the_referent_and_the_team(review_data, world, as_) -> None:  # type: ignore[no-untyped-def]
    pathway = person(world, "Garcia", "F", True, review_data["lot1"], "adviser", date(2024, 2, 1))
    exit_with(
        pathway,
        "demenagement",
        date(2024, 7, 1),
        False,
        source="recorded",
        reason="Raisons de santé",
    )
    params = {"kind": "demenagement"}
    assert as_("adviser").get(LIST, params).context["rows"][0]["why"] == "Motif : Raisons de santé"
    colleague = as_("colleague").get(LIST, params)
    assert colleague.context["rows"][0]["why"] == (
        "Sortie saisie par l'équipe ; le motif est réservé au référent et à l'équipe du PLIE."
    )
    assert "Raisons de santé" not in text(colleague)
    # The RSA line of the review is for the roles that read RSA PLIE-wide.
    response = as_("colleague").get(LIST, {"categorie": "employment_rsa"})
    assert response.context["rows"] == []
    assert 'value="employment_rsa"' not in text(response)
    assert "Sélectionnez un choix valide" in text(response)


def test_exits_list_bad_dates(review_data, as_) -> None:  # type: ignore[no-untyped-def]
    response = as_("lead").get(LIST, {"du": "2024-12-31", "au": "2024-01-01"})
    assert response.status_code == 200 and response.context["rows"] == []
    assert "La date de fin doit être postérieure ou égale à la date de début." in text(response)


def add_exits(world, lot, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        pathway = person(world, f"Sortie{i}", "M", False, lot, "adviser", date(2024, 2, 1))
        exit_with(pathway, "cdi", date(2024, 9, 1), True)


def test_exits_list_query_count_and_pages(world, as_, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = as_("lead")
    lot = world.pathway.lot
    add_exits(world, lot, 3)
    client.get(LIST)
    expected = (
        2  # session, user
        + 1  # actor: memberships
        + 1  # the actor's PLIEs (filter)
        + 1  # count of the exits (paginator)
        + 1  # the page: exits with pathway, participant, current pathway, referent, author
        + 3  # filter choices rendered: lots, bassins, referents
    )
    with django_assert_num_queries(expected):
        assert len(client.get(LIST).context["rows"]) == 3
    add_exits(world, lot, 6)
    with django_assert_num_queries(expected):
        assert len(client.get(LIST).context["rows"]) == 9
    add_exits(world, lot, 20)
    page2 = client.get(LIST, {"page": 2})
    assert len(page2.context["rows"]) == 4 and "Page 2 sur 2" in text(page2)


def contract(world, name: str, started: date, kind: str = "cdd"):  # type: ignore[no-untyped-def]
    participant = ParticipantFactory(plie=world.plie, last_name=name)
    pathway = make_pathway(
        participant, world.users["adviser"], world.pathway.lot, entry=date(2024, 1, 1)
    )
    services.save_step(
        pathway, author=None, kind=kind, start_date=started, monthly_hours=Decimal("151.67")
    )
    return pathway


def test_pending_exits_soonest_first(world, as_) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    contract(world, "Later", today - relativedelta(months=1))
    contract(world, "Sooner", today - relativedelta(months=4), kind="cdi")
    contract(world, "Validated", today - relativedelta(months=7))  # positive, not pending
    no_hours = contract(world, "Short", today - relativedelta(months=2))
    no_hours.steps.update(monthly_hours=Decimal("40"))  # under half-time: not positive
    response = as_("lead").get(PENDING)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["participant"].last_name for r in rows] == ["Sooner", "Later"]
    assert rows[0]["kind"] == "CDI"
    assert rows[0]["expected_on"] == today - relativedelta(months=4) + relativedelta(months=6)
    assert rows[1]["expected_on"] == today - relativedelta(months=1) + relativedelta(months=6)
    assert "en attente" in rows[0]["explanation"]
    assert "2 sorties en attente de validation" in text(response)
    # Scoped: the other PLIE's lead sees none of them.
    assert as_("other_plie_lead").get(PENDING).context["rows"] == []


def test_pending_query_count_is_constant(world, as_, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    client = as_("coordinator")

    def add(n: int) -> None:
        for i in range(n):
            contract(world, f"Attente{i}", today - timedelta(days=30 + i))

    add(3)
    client.get(PENDING)
    expected = (
        2  # session, user
        + 1  # actor: memberships
        + 1  # open pathways the actor reads with a qualifying step
        + 1  # protocol rules in force (the PLIE's latest protocol started)
        + 1  # SMIC table
        + 1  # the steps of all the candidate pathways
        + 1  # their participants (evaluate_pathways)
        + 1  # the page's pathways with participant, referent, lot
    )
    with django_assert_num_queries(expected):
        assert len(client.get(PENDING).context["rows"]) == 3
    add(6)
    with django_assert_num_queries(expected):
        assert len(client.get(PENDING).context["rows"]) == 9


def propose(client, world, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "proposed_on": "2024-06-10",
        "exit_kind": "cdd",
        "exit_date": "2024-06-30",
        "counts_as_employment": "on",
        "proposal": "CDD de 5 mois et demi à temps plein, puis embauche annoncée.",
        **overrides,
    }
    return client.post(f"/sorties/comite/proposer/{world.pathway.uid}/", data)


def test_committee_flow(world, as_) -> None:  # type: ignore[no-untyped-def]
    adviser, lead = as_("adviser"), as_("lead")
    response = propose(adviser, world)
    assert response.status_code == 302 and response["Location"] == COMMITTEE
    decision = CommitteeDecision.objects.get(pathway=world.pathway)
    assert (decision.status, decision.exit_kind, decision.exit_date, decision.proposed_by) == (
        "proposed",
        "cdd",
        date(2024, 6, 30),
        world.users["adviser"],
    )
    # A second proposal while one waits: the rule's message, nothing created.
    response = propose(adviser, world)
    assert response.status_code == 200
    assert "Une proposition est déjà en attente de décision pour ce parcours." in text(response)
    assert CommitteeDecision.objects.filter(pathway=world.pathway).count() == 1
    # Listed, proposals first; only the pathway team may decide.
    decide_url = f"/sorties/comite/decider/{world.pathway.uid}/"
    assert decide_url in text(lead.get(COMMITTEE))
    assert decide_url not in text(adviser.get(COMMITTEE))
    assert "CDD de 5 mois et demi" in text(adviser.get(COMMITTEE))
    # The justification is required: nothing changes without it.
    response = lead.post(
        decide_url, {"decision": "accepted", "decided_on": "2024-06-20", "justification": "   "}
    )
    assert response.status_code == 200
    assert "La justification de la décision est obligatoire." in text(response)
    decision.refresh_from_db()
    assert decision.status == "proposed" and not Exit.objects.filter(pathway=world.pathway).exists()
    # Decided before the proposal: the service's message.
    response = lead.post(
        decide_url,
        {"decision": "accepted", "decided_on": "2024-06-01", "justification": "Emploi durable."},
    )
    assert "Le Comité de pilotage ne peut décider avant la proposition." in text(response)
    # Accepted: the exit is recorded as a committee decision and listed as such.
    response = lead.post(
        decide_url,
        {
            "decision": "accepted",
            "decided_on": "2024-06-20",
            "justification": "Emploi durable confirmé par l'employeur.",
        },
    )
    assert response.status_code == 302 and response["Location"] == COMMITTEE
    exit_record = Exit.objects.get(pathway=world.pathway)
    assert (exit_record.source, exit_record.is_positive, exit_record.kind, exit_record.date) == (
        "committee",
        True,
        "cdd",
        date(2024, 6, 30),
    )
    assert exit_record.committee_decision_id == decision.pk
    listed = lead.get(LIST, {"source": "committee"})
    assert names(listed) == ["Martin"]
    assert listed.context["rows"][0]["why"].startswith(
        "Sortie positive décidée par le Comité de pilotage du 20/06/2024"
    )
    assert names(lead.get(LIST, {"categorie": "committee"})) == ["Martin"]
    assert names(lead.get(LIST, {"categorie": "employment"})) == ["Martin"]
    html = text(lead.get(COMMITTEE))
    assert "Comité de pilotage du 20/06/2024" in html and "Emploi durable confirmé" in html
    # Nothing left to decide.
    assert lead.get(decide_url).status_code == 404


def test_rejected_proposal_records_no_exit(world, as_) -> None:  # type: ignore[no-untyped-def]
    propose_to_committee(
        world.pathway,
        proposed_on=date(2024, 6, 10),
        proposal="Cas limite",
        exit_kind="cdd",
        exit_date=date(2024, 6, 30),
        counts_as_employment=True,
        by=None,
    )
    response = as_("coordinator").post(
        f"/sorties/comite/decider/{world.pathway.uid}/",
        {
            "decision": "rejected",
            "decided_on": "2024-06-20",
            "justification": "Contrat trop court.",
        },
    )
    assert response.status_code == 302
    decision = CommitteeDecision.objects.get(pathway=world.pathway)
    assert (decision.status, decision.justification) == ("rejected", "Contrat trop court.")
    world.pathway.refresh_from_db()
    assert (
        world.pathway.status == "active" and not Exit.objects.filter(pathway=world.pathway).exists()
    )


def test_proposal_bad_input(world, as_) -> None:  # type: ignore[no-untyped-def]
    response = propose(as_("lead"), world, exit_date="2023-12-31", proposal="")
    assert response.status_code == 200
    html = text(response)
    assert "La date de sortie proposée précède l'entrée dans le parcours (15/01/2024)." in html
    assert "Décrivez la situation proposée au Comité de pilotage." in html
    assert not CommitteeDecision.objects.exists()
    # A closed pathway: the page says so, the rule refuses.
    services.record_exit(
        world.pathway, kind="demenagement", on=date(2024, 5, 1), reason="Lyon", by=None
    )
    response = as_("lead").get(f"/sorties/comite/proposer/{world.pathway.uid}/")
    assert "Ce parcours est terminé : il ne peut plus être proposé au comité." in text(response)
    assert '<form method="post" novalidate>' not in text(response)
    response = propose(as_("lead"), world)
    assert "Ce parcours est terminé : il ne peut plus être proposé au comité." in text(response)
    assert not CommitteeDecision.objects.exists()


def test_committee_list_query_count_is_constant(world, as_, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    def add(n: int) -> None:
        for i in range(n):
            participant = ParticipantFactory(plie=world.plie, last_name=f"Comite{i}")
            pathway = make_pathway(participant, world.users["adviser"], world.pathway.lot)
            propose_to_committee(
                pathway,
                proposed_on=date(2024, 6, 10),
                proposal="Cas limite",
                exit_kind="cdd",
                exit_date=date(2024, 6, 30),
                counts_as_employment=True,
                by=world.users["adviser"],
            )

    client = as_("lead")
    add(3)
    client.get(COMMITTEE)
    expected = (
        2  # session, user
        + 1  # actor: memberships
        + 1  # count of the proposals (paginator)
        + 1  # the page: proposals with pathway, participant, PLIE, authors
    )
    with django_assert_num_queries(expected):
        assert len(client.get(COMMITTEE).context["rows"]) == 3
    add(6)
    with django_assert_num_queries(expected):
        assert len(client.get(COMMITTEE).context["rows"]) == 9


def test_committee_texts_only_for_sensitive_readers(world, as_):  # type: ignore[no-untyped-def]
    from datetime import date as _date

    from django.urls import reverse as _reverse

    from jalons.pathways.services.exits import propose_to_committee

    propose_to_committee(
        world.pathway,
        proposed_on=_date(2024, 5, 1),
        proposal="Sortie d'hospitalisation, CDD 5 mois",
        exit_kind="cdd",
        exit_date=_date(2024, 5, 2),
        counts_as_employment=True,
        by=None,
    )
    url = _reverse("exits:committee")
    assert "hospitalisation" in as_("adviser").get(url).content.decode()
    assert "hospitalisation" in as_("lead").get(url).content.decode()
    html = as_("colleague").get(url).content.decode()
    assert "MARTIN Sophie" in html and "hospitalisation" not in html
