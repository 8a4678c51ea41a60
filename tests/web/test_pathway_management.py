"""Referent change, suspension, resumption and exit of a pathway (the pathway team's actions)."""

from datetime import date

from django.urls import reverse

from jalons.participants.models import Participant
from jalons.pathways import services
from jalons.pathways.models import Exit, Pathway, ReferentAssignment, Suspension
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def url(name: str, world) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"pathways:{name}", args=[world.pathway.uid])


def file_url(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("participants:detail", args=[world.participant.uid])


def errors_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(e) for errors in response.context["form"].errors.values() for e in errors]


def statuses(world) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    pathway = Pathway.objects.get(pk=world.pathway.pk)
    participant = Participant.objects.get(pk=world.participant.pk)
    return pathway.status, participant.status


# --- referent -------------------------------------------------------------------------


def test_referent_change_closes_the_old_assignment_the_day_before(world, as_):  # type: ignore[no-untyped-def]
    colleague = world.users["colleague"]
    response = as_("lead").post(
        url("referent_change", world),
        {"referent": str(colleague.uid), "on": "2024-06-01", "reason": "Mutation"},
    )
    assert response.status_code == 302
    assert response["Location"] == file_url(world)
    old, new = ReferentAssignment.objects.filter(pathway=world.pathway).order_by("start_date")
    assert (old.referent, old.start_date, old.end_date) == (
        world.users["adviser"],
        date(2024, 1, 15),
        date(2024, 5, 31),
    )
    assert (new.referent, new.start_date, new.end_date, new.reason, new.assigned_by) == (
        colleague,
        date(2024, 6, 1),
        None,
        "Mutation",
        world.users["lead"],
    )
    assert Pathway.objects.get(pk=world.pathway.pk).referent == colleague


def test_referent_choices_are_the_active_advisers_of_the_plie(world, as_):  # type: ignore[no-untyped-def]
    left = UserFactory(first_name="Parti", last_name="Ancien")
    MembershipFactory(
        user=left,
        organisation=world.users["adviser"].memberships.get().organisation,
        role="adviser",
        start_date=date(2020, 1, 1),
        end_date=date(2023, 12, 31),
    )
    elsewhere = UserFactory(first_name="Loin", last_name="Ailleurs")
    MembershipFactory(
        user=elsewhere,
        role="adviser",
        organisation=OrganisationFactory(kind="provider", plie=world.plie2),
    )
    response = as_("coordinator").get(url("referent_change", world))
    field = response.context["form"].fields["referent"]
    assert [field.label_from_instance(u) for u in field.queryset] == [
        "Colleague Test – Accompagnement Centre",
        "Other_Lot_Adviser Test – Accompagnement Sud",
    ]
    html = response.content.decode()
    assert "Référent·e actuel·le : <strong>Adviser Test</strong>, depuis le 15/01/2024." in html
    assert "Ancien" not in html and "Ailleurs" not in html


def test_referent_change_before_the_current_one_started_changes_nothing(world, as_):  # type: ignore[no-untyped-def]
    response = as_("lead").post(
        url("referent_change", world),
        {"referent": str(world.users["colleague"].uid), "on": "2024-01-15", "reason": ""},
    )
    assert response.status_code == 200
    assert errors_of(response) == [
        "Le changement doit être postérieur au 15/01/2024 (début du référent actuel)."
    ]
    assert ReferentAssignment.objects.filter(pathway=world.pathway).count() == 1
    assert Pathway.objects.get(pk=world.pathway.pk).referent == world.users["adviser"]


def test_the_current_referent_is_no_choice(world, as_):  # type: ignore[no-untyped-def]
    response = as_("lead").post(
        url("referent_change", world),
        {"referent": str(world.users["adviser"].uid), "on": "2024-06-01"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["referent"]
    assert ReferentAssignment.objects.filter(pathway=world.pathway).count() == 1


# --- suspension and resumption ----------------------------------------------------------


def test_suspend_then_resume_switch_both_statuses(world, as_):  # type: ignore[no-untyped-def]
    client = as_("coordinator")
    response = client.post(url("suspend", world), {"on": "2024-03-01", "reason": "Hospitalisation"})
    assert response.status_code == 302 and response["Location"] == file_url(world)
    suspension = Suspension.objects.get(pathway=world.pathway)
    assert (suspension.start_date, suspension.end_date, suspension.reason) == (
        date(2024, 3, 1),
        None,
        "Hospitalisation",
    )
    assert statuses(world) == ("suspended", "suspended")

    page = client.get(url("resume", world)).content.decode()
    assert "Parcours suspendu depuis le 01/03/2024 : Hospitalisation" in page
    response = client.post(url("resume", world), {"on": "2024-04-02"})
    assert response.status_code == 302
    suspension.refresh_from_db()
    assert suspension.end_date == date(2024, 4, 2)
    assert statuses(world) == ("active", "active")


def test_suspension_needs_a_reason(world, as_):  # type: ignore[no-untyped-def]
    response = as_("lead").post(url("suspend", world), {"on": "2024-03-01", "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Ce champ est obligatoire."]}
    assert Suspension.objects.count() == 0
    assert statuses(world) == ("active", "active")


def test_suspended_pathway_cannot_be_suspended_again(world, as_):  # type: ignore[no-untyped-def]
    services.suspend_pathway(world.pathway, on=date(2024, 3, 1), reason="Santé", by=None)
    response = as_("lead").get(url("suspend", world))
    assert "Ce parcours est déjà suspendu." in response.content.decode()
    assert 'name="reason"' not in response.content.decode()


def test_resume_on_an_active_pathway_says_there_is_nothing_to_resume(world, as_):  # type: ignore[no-untyped-def]
    client = as_("lead")
    page = client.get(url("resume", world))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ce parcours n&#x27;est pas suspendu : il n&#x27;y a rien à reprendre." in html
    assert 'name="on"' not in html
    response = client.post(url("resume", world), {"on": "2024-04-01"})
    assert response.status_code == 200
    assert errors_of(response) == ["Ce parcours n'est pas suspendu."]
    assert statuses(world) == ("active", "active")


def test_resume_before_the_suspension_is_refused(world, as_):  # type: ignore[no-untyped-def]
    services.suspend_pathway(world.pathway, on=date(2024, 3, 1), reason="Santé", by=None)
    response = as_("lead").post(url("resume", world), {"on": "2024-02-28"})
    assert response.status_code == 200
    assert "La reprise ne peut précéder la suspension du 01/03/2024." in response.content.decode()
    assert statuses(world) == ("suspended", "suspended")
    assert Suspension.objects.get().end_date is None


# --- exit -----------------------------------------------------------------------------


def test_exit_closes_the_pathway(world, as_):  # type: ignore[no-untyped-def]
    response = as_("lead").post(
        url("exit", world),
        {"kind": "demenagement", "on": "2024-06-30", "reason": "Installation à Lyon."},
    )
    assert response.status_code == 302 and response["Location"] == file_url(world)
    record = Exit.objects.get(pathway=world.pathway)
    assert (
        record.kind,
        record.date,
        record.reason,
        record.source,
        record.is_positive,
        record.decided_by,
    ) == (
        "demenagement",
        date(2024, 6, 30),
        "Installation à Lyon.",
        "recorded",
        False,
        world.users["lead"],
    )
    pathway = Pathway.objects.get(pk=world.pathway.pk)
    assert (pathway.status, pathway.exit_date) == ("exited", date(2024, 6, 30))
    assert Participant.objects.get(pk=world.participant.pk).status == "exited"
    assert ReferentAssignment.objects.get(pathway=pathway).end_date == date(2024, 6, 30)


def test_exit_page_explains_positive_exits_and_offers_other_kinds_only(world, as_):  # type: ignore[no-untyped-def]
    html = as_("coordinator").get(url("exit", world)).content.decode()
    assert "Les sorties positives ne se saisissent pas ici" in html
    assert "calculée par Jalons à partir des étapes du" in html
    assert reverse("pathways:step_add", args=[world.pathway.uid]) in html
    for kind in ("abandon", "demenagement", "deces", "retraite", "autre"):
        assert f'<option value="{kind}"' in html
    for kind in ("cdi", "cdd", "interim", "formation_qualifiante", "creation_activite"):
        assert f'<option value="{kind}"' not in html


def test_a_positive_exit_cannot_be_recorded_by_hand(world, as_):  # type: ignore[no-untyped-def]
    response = as_("lead").post(
        url("exit", world), {"kind": "cdi", "on": "2024-06-30", "reason": "Embauchée en CDI."}
    )
    assert response.status_code == 200
    assert errors_of(response) == [
        "Une sortie positive est calculée à partir des étapes ; saisissez l'étape (contrat, "
        "formation, création) plutôt que la sortie."
    ]
    assert Exit.objects.count() == 0
    assert statuses(world) == ("active", "active")


def test_exit_before_entry_is_refused(world, as_):  # type: ignore[no-untyped-def]
    response = as_("lead").post(
        url("exit", world), {"kind": "abandon", "on": "2024-01-10", "reason": "Ne vient plus."}
    )
    assert response.status_code == 200
    assert errors_of(response) == ["La date de sortie ne peut précéder l'entrée du 15/01/2024."]
    assert Exit.objects.count() == 0
    assert statuses(world) == ("active", "active")


def test_exit_needs_a_kind_and_a_reason(world, as_):  # type: ignore[no-untyped-def]
    response = as_("lead").post(url("exit", world), {"kind": "", "on": "2024-06-30", "reason": ""})
    assert response.context["form"].errors == {
        "kind": ["Ce champ est obligatoire."],
        "reason": ["Ce champ est obligatoire."],
    }
    assert Exit.objects.count() == 0


def test_a_closed_pathway_shows_no_exit_form(world, as_):  # type: ignore[no-untyped-def]
    services.record_exit(
        world.pathway, kind="retraite", on=date(2024, 9, 1), reason="Retraite", by=None
    )
    html = as_("lead").get(url("exit", world)).content.decode()
    assert "Ce parcours est déjà terminé." in html
    assert 'name="reason"' not in html
