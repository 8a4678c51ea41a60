"""The caseload page (pathways:transfer): counts per adviser, alerts, whole-caseload transfer."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jalons.organisations.models import Membership
from jalons.pathways import services
from jalons.pathways.models import Pathway, ReferentAssignment
from tests.factories import MembershipFactory, ParticipantFactory, UserFactory

URL = "/parcours/portefeuilles/"


def enter(world, referent, entry: date) -> Pathway:  # type: ignore[no-untyped-def]
    participant = ParticipantFactory(plie=world.plie)
    return services.enter_pathway(
        participant, entry_date=entry, referent=referent, prescriber_kind="caf"
    )


def rows(response) -> list[tuple[str, str, int, int, int]]:  # type: ignore[no-untyped-def]
    return [
        (r.name, r.organisations, r.open_count, r.no_contact, r.past_end)
        for r in response.context["caseloads"].rows
    ]


def test_url_is_stable() -> None:
    assert reverse("pathways:transfer") == URL


def test_counts_and_alerts_per_adviser(world, as_):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    colleague = world.users["colleague"]
    enter(world, colleague, today - timedelta(days=40))  # no contact for 40 days: alert
    enter(world, colleague, today - timedelta(days=10))  # entered 10 days ago: fine
    seen = enter(world, colleague, today - timedelta(days=90))
    services.add_contact(
        seen,
        on=today - timedelta(days=5),
        kind="phone",
        attendance="attended",
        notes="",
        author=None,
        today=today,
    )
    paused = enter(world, colleague, date(2024, 2, 1))  # past its planned end, suspended
    services.suspend_pathway(paused, on=date(2024, 6, 1), reason="Santé", by=None)
    gone = enter(world, colleague, date(2024, 2, 1))
    services.record_exit(gone, kind="abandon", on=date(2024, 3, 1), reason="Parti", by=None)
    response = as_("lead").get(URL)
    assert response.status_code == 200
    # world.pathway (adviser) and the other lot's pathway entered on 15/01/2024: both alerts.
    assert rows(response) == [
        ("Adviser Test", "Accompagnement Centre", 1, 1, 1),
        ("Colleague Test", "Accompagnement Centre", 4, 1, 1),
        ("Other_Lot_Adviser Test", "Accompagnement Sud", 1, 1, 1),
    ]
    total = response.context["caseloads"].total
    assert (total.open_count, total.no_contact, total.past_end) == (6, 3, 3)
    html = response.content.decode()
    assert (
        '<th scope="col" class="text-end text-wrap">Sans contact &gt;&nbsp;30&nbsp;j</th>' in html
    )
    assert '<th scope="row" class="fw-normal text-nowrap">Colleague Test</th>' in html


def test_no_contact_alert_follows_the_setting(world, as_, settings):  # type: ignore[no-untyped-def]
    settings.JALONS_NO_CONTACT_ALERT_DAYS = 5
    enter(world, world.users["colleague"], timezone.localdate() - timedelta(days=10))
    response = as_("coordinator").get(URL)
    assert rows(response)[1] == ("Colleague Test", "Accompagnement Centre", 1, 1, 0)
    assert "Sans contact &gt;&nbsp;5&nbsp;j" in response.content.decode()


def test_an_adviser_who_left_keeps_a_row_until_transferred(world, as_):  # type: ignore[no-untyped-def]
    Membership.objects.filter(user=world.users["adviser"]).update(end_date=date(2024, 12, 31))
    response = as_("lead").get(URL)
    assert rows(response)[0] == ("Adviser Test", "", 1, 1, 1)
    assert "Rattachement terminé" in response.content.decode()
    form = response.context["form"]
    sources = [label for _, label in form.fields["from_referent"].choices]
    targets = [label for _, label in form.fields["to_referent"].choices]
    assert sources == [
        "— Choisir —",
        "Adviser Test (1)",
        "Colleague Test (0)",
        "Other_Lot_Adviser Test (1)",
    ]
    assert targets == ["— Choisir —", "Colleague Test", "Other_Lot_Adviser Test"]


def test_transfer_moves_every_open_pathway(world, as_):  # type: ignore[no-untyped-def]
    adviser, colleague = world.users["adviser"], world.users["colleague"]
    second = enter(world, adviser, date(2024, 3, 1))
    paused = enter(world, adviser, date(2024, 3, 1))
    services.suspend_pathway(paused, on=date(2024, 4, 1), reason="Santé", by=None)
    closed = enter(world, adviser, date(2024, 3, 1))
    services.record_exit(closed, kind="retraite", on=date(2024, 5, 1), reason="Retraite", by=None)
    today = timezone.localdate()
    client = as_("coordinator")
    response = client.post(
        URL,
        {
            "from_referent": str(adviser.uid),
            "to_referent": str(colleague.uid),
            "on": today.isoformat(),
            "reason": "Départ de l'AAE",
        },
    )
    assert response.status_code == 302 and response["Location"] == URL
    moved = [world.pathway.pk, second.pk, paused.pk]
    now_followed = Pathway.objects.filter(referent=colleague).values_list("pk", flat=True)
    assert set(now_followed) == set(moved)
    assert Pathway.objects.get(pk=closed.pk).referent == adviser
    assert (
        Pathway.objects.get(pk=world.other_lot_participant.current_pathway_id).referent
        == (world.users["other_lot_adviser"])
    )
    new = ReferentAssignment.objects.filter(referent=colleague)
    assert sorted(new.values_list("pathway_id", flat=True)) == sorted(moved)
    assert set(new.values_list("start_date", "reason")) == {(today, "Départ de l'AAE")}
    page = client.get(URL).content.decode()
    assert (
        f"3 parcours transférés de Adviser Test à Colleague Test à compter du {today:%d/%m/%Y}."
    ) in page


def test_transfer_of_an_empty_caseload_says_so(world, as_):  # type: ignore[no-untyped-def]
    client = as_("lead")
    response = client.post(
        URL,
        {
            "from_referent": str(world.users["colleague"].uid),
            "to_referent": str(world.users["adviser"].uid),
            "on": "2025-01-01",
        },
    )
    assert response.status_code == 302
    assert (
        "Colleague Test ne suit aucun parcours en cours : rien n&#x27;a été transféré."
        in client.get(URL).content.decode()
    )
    assert ReferentAssignment.objects.count() == 3  # the world's three entries only


def test_transfer_to_the_same_adviser_is_refused(world, as_):  # type: ignore[no-untyped-def]
    uid = str(world.users["adviser"].uid)
    response = as_("lead").post(URL, {"from_referent": uid, "to_referent": uid, "on": "2025-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "to_referent": ["Choisissez deux accompagnateurs différents."]
    }
    assert Pathway.objects.get(pk=world.pathway.pk).referent == world.users["adviser"]


def test_transfer_refused_by_a_rule_changes_nothing(world, as_):  # type: ignore[no-untyped-def]
    # The colleague took over a second pathway on 01/06/2024: moving it back on 01/03/2024
    # would precede that assignment, so the whole transfer is refused.
    colleague, adviser = world.users["colleague"], world.users["adviser"]
    services.change_referent(world.pathway, referent=colleague, on=date(2024, 6, 1), by=None)
    enter(world, colleague, date(2024, 1, 15))
    response = as_("lead").post(
        URL,
        {"from_referent": str(colleague.uid), "to_referent": str(adviser.uid), "on": "2024-03-01"},
    )
    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].non_field_errors()] == [
        "Le changement doit être postérieur au 01/06/2024 (début du référent actuel)."
    ]
    assert Pathway.objects.filter(referent=colleague).count() == 2


def test_another_plie_sees_only_its_own_advisers(world, as_):  # type: ignore[no-untyped-def]
    response = as_("other_plie_lead").get(URL)
    assert rows(response) == [("Other_Plie_Lead Test", "", 1, 1, 1)]
    response = as_("other_plie_lead").post(
        URL,
        {
            "from_referent": str(world.users["adviser"].uid),
            "to_referent": str(world.users["colleague"].uid),
            "on": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"from_referent", "to_referent"}
    assert Pathway.objects.get(pk=world.pathway.pk).referent == world.users["adviser"]


def add_advisers(world, count: int) -> None:  # type: ignore[no-untyped-def]
    provider = Membership.objects.get(user=world.users["adviser"]).organisation
    for _ in range(count):
        user = UserFactory()
        MembershipFactory(user=user, organisation=provider, role="adviser")
        enter(world, user, date(2024, 2, 1))
        enter(world, user, timezone.localdate() - timedelta(days=3))


@pytest.mark.parametrize("advisers", [2, 6])
def test_caseload_page_queries_do_not_grow_with_advisers(world, as_, advisers):  # type: ignore[no-untyped-def]
    add_advisers(world, advisers)
    client = as_("lead")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert len(response.context["caseloads"].rows) == 3 + advisers
    # 1 session, 2 user, 3 the actor's memberships, 4 the counts per referent (one aggregate),
    # 5 the advisers and referents, 6 their adviser memberships (prefetch).
    assert len(queries) == 6, [q["sql"][:80] for q in queries.captured_queries]
