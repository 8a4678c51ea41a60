"""The audit journal: reads and writes of one's PLIEs only, filters, pages, query count."""

from datetime import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from jalons.core.audit import log_read
from jalons.participants.models import Participant
from jalons.pathways.models import Contact, ReferentAssignment
from tests.factories import ParticipantFactory

URL = reverse("audit:list")


def rows(response):  # type: ignore[no-untyped-def]
    return response.context["rows"]


def read(user, participant) -> LogEntry:  # type: ignore[no-untyped-def]
    """Log a read of a participant file as `user` (what the file view does)."""
    with set_actor(user):
        log_read(participant)
    return LogEntry.objects.latest("pk")


def change_phone(user, participant, phone: str = "06 11 22 33 44") -> LogEntry:  # type: ignore[no-untyped-def]
    with set_actor(user):
        participant.phone = phone
        participant.save()
    return LogEntry.objects.latest("pk")


def at(entry: LogEntry, day: str, hour: int = 10) -> None:
    when = timezone.make_aware(datetime.fromisoformat(f"{day}T{hour:02d}:00"))
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=when)


def test_a_read_creates_an_access_entry_scoped_to_the_plie(world) -> None:  # type: ignore[no-untyped-def]
    entry = read(world.users["coordinator"], world.participant)
    assert entry.action == LogEntry.Action.ACCESS
    assert entry.actor == world.users["coordinator"]
    assert entry.content_type == ContentType.objects.get_for_model(Participant)
    assert entry.object_id == world.participant.pk
    assert entry.additional_data == {"plie": world.plie.pk, "participant": world.participant.pk}


def test_lead_sees_own_plie_newest_first(world, as_) -> None:  # type: ignore[no-untyped-def]
    LogEntry.objects.all().delete()  # the world's own creation entries
    at(read(world.users["coordinator"], world.participant), "2024-03-01")
    at(change_phone(world.users["other_plie_lead"], world.other_plie_participant), "2024-03-02")
    at(read(world.users["adviser"], world.participant), "2024-03-03")
    response = as_("lead").get(URL)
    assert response.status_code == 200
    assert [(r.who, r.action, r.object_repr, r.plie_code) for r in rows(response)] == [
        ("Adviser Test", "lecture", "MARTIN Sophie", "AIX"),
        ("Coordinator Test", "lecture", "MARTIN Sophie", "AIX"),
    ]
    html = response.content.decode()
    assert '01/03/2024<span class="visually-hidden"> à</span><br>' in html
    assert '<span class="small text-body-secondary">10:00</span>' in html
    assert "coordinator@test.jalons.fr" in html
    assert '<th scope="col">PLIE</th>' not in html  # one PLIE: no PLIE column


def test_other_plie_lead_sees_only_their_plie(world, as_) -> None:  # type: ignore[no-untyped-def]
    read(world.users["coordinator"], world.participant)
    change_phone(world.users["other_plie_lead"], world.other_plie_participant)
    shown = rows(as_("other_plie_lead").get(URL))
    assert {r.object_repr for r in shown if r.action == "modification"} == {"DURAND Marc"}
    assert "MARTIN Sophie" not in {r.object_repr for r in shown}
    assert {r.plie_code for r in shown} == {"MRS"}


def test_oi_sees_both_plies_with_a_plie_column_and_filter(world, as_) -> None:  # type: ignore[no-untyped-def]
    read(world.users["coordinator"], world.participant)
    change_phone(world.users["other_plie_lead"], world.other_plie_participant)
    response = as_("oi").get(URL)
    shown = rows(response)
    assert {"MARTIN Sophie", "DURAND Marc"} <= {r.object_repr for r in shown}
    assert {r.plie_code for r in shown} == {"AIX", "MRS"}
    assert '<th scope="col">PLIE</th>' in response.content.decode()
    only_mrs = rows(as_("oi").get(URL, {"plie": str(world.plie2.uid)}))
    assert only_mrs and {r.plie_code for r in only_mrs} == {"MRS"}


def test_an_update_shows_the_changed_field_names_never_the_values(world, as_) -> None:  # type: ignore[no-untyped-def]
    LogEntry.objects.all().delete()
    change_phone(world.users["coordinator"], world.participant, "06 98 76 54 32")
    response = as_("lead").get(URL, {"action": "modification"})
    shown = rows(response)
    assert [(r.object_repr, r.detail, r.action_label) for r in shown] == [
        ("MARTIN Sophie", "Téléphone", "Modification")
    ]
    assert "06 98 76 54 32" not in response.content.decode()


def test_filter_by_action(world, as_) -> None:  # type: ignore[no-untyped-def]
    read(world.users["coordinator"], world.participant)
    change_phone(world.users["coordinator"], world.participant)
    reads = rows(as_("lead").get(URL, {"action": "lecture"}))
    assert [(r.action, r.object_repr) for r in reads] == [("lecture", "MARTIN Sophie")]
    creations = rows(as_("lead").get(URL, {"action": "creation"}))
    assert creations and {r.action for r in creations} == {"creation"}
    assert rows(as_("lead").get(URL, {"action": "suppression"})) == []


def test_filter_by_user(world, as_) -> None:  # type: ignore[no-untyped-def]
    read(world.users["coordinator"], world.participant)
    read(world.users["adviser"], world.participant)
    response = as_("lead").get(URL, {"user": str(world.users["adviser"].uid)})
    assert [(r.who, r.action) for r in rows(response)] == [("Adviser Test", "lecture")]
    # The choices are the people of the PLIE, its partners and its OI — not another PLIE's.
    options = response.content.decode()
    assert "Oi Test (oi@test.jalons.fr)" in options
    assert "Prescriber Test (prescriber@test.jalons.fr)" in options
    assert "other_plie_lead@test.jalons.fr" not in options


def test_filter_by_date_range(world, as_) -> None:  # type: ignore[no-untyped-def]
    at(read(world.users["coordinator"], world.participant), "2023-12-31", hour=23)
    at(read(world.users["adviser"], world.participant), "2024-01-10")
    at(read(world.users["lead"], world.participant), "2024-02-01", hour=0)
    shown = rows(as_("lead").get(URL, {"start": "2024-01-01", "end": "2024-01-31"}))
    assert [r.who for r in shown] == ["Adviser Test"]
    shown = rows(as_("lead").get(URL, {"start": "2024-02-01"}))
    assert "Lead Test" in [r.who for r in shown] and "Adviser Test" not in [r.who for r in shown]


def test_bad_filters_get_a_french_message_and_change_nothing(world, as_) -> None:  # type: ignore[no-untyped-def]
    read(world.users["coordinator"], world.participant)
    response = as_("lead").get(URL, {"start": "hier", "user": "pas-un-uuid"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saisissez une date valide." in html
    assert "Sélectionnez un choix valide" in html
    assert "pas-un-uuid" not in html.split('id="id_user-erreur"')[1].split("</div>")[0]
    assert 'aria-invalid="true"' in html
    assert "MARTIN Sophie" in {r.object_repr for r in rows(response)}
    response = as_("lead").get(URL, {"start": "2024-02-01", "end": "2024-01-01"})
    assert "La date de fin doit être postérieure ou égale à la date de début." in (
        response.content.decode()
    )


def test_pages_of_fifty(world, as_) -> None:  # type: ignore[no-untyped-def]
    LogEntry.objects.all().delete()
    for _ in range(60):
        read(world.users["coordinator"], world.participant)
    first = as_("lead").get(URL, {"action": "lecture"})
    assert len(rows(first)) == 50
    assert first.context["next_url"] == "?action=lecture&page=2"
    assert first.context["previous_url"] == ""
    second = as_("lead").get(URL, {"action": "lecture", "page": "2"})
    assert len(rows(second)) == 10
    assert second.context["next_url"] == ""
    assert "Entrées 51 à 60" in second.content.decode()
    assert len(rows(as_("lead").get(URL, {"page": "abc"}))) == 50


def test_default_representations_and_participant_of_an_entry(world, as_) -> None:  # type: ignore[no-untyped-def]
    LogEntry.objects.all().delete()
    assignment = ReferentAssignment.objects.filter(pathway=world.pathway).get()
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(ReferentAssignment),
        object_pk=str(assignment.pk),
        object_id=assignment.pk,
        object_repr=f"ReferentAssignment object ({assignment.pk})",
        action=LogEntry.Action.CREATE,
        additional_data={"plie": world.plie.pk},
    )
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Contact),
        object_pk="1",
        object_id=1,
        object_repr="Entretien individuel du 01/03/2024",
        action=LogEntry.Action.CREATE,
        additional_data={"plie": world.plie.pk, "participant": world.participant.pk},
    )
    shown = rows(as_("lead").get(URL))
    assert [(r.model_label, r.object_repr, r.participant, r.who) for r in shown] == [
        (
            "Contact",
            "Entretien individuel du 01/03/2024",
            "MARTIN Sophie",
            "Système (import, tâche automatique)",
        ),
        ("Référent·e successif·ve", "", "", "Système (import, tâche automatique)"),
    ]


@pytest.mark.parametrize(
    "role", ["coordinator", "adviser", "cre", "prescriber", "admin", "no_role"]
)
def test_others_are_refused(world, as_, role) -> None:  # type: ignore[no-untyped-def]
    assert as_(role).get(URL).status_code == 403


@pytest.mark.parametrize("count", [3, 9])
def test_query_count_does_not_grow_with_rows(world, as_, django_assert_num_queries, count) -> None:  # type: ignore[no-untyped-def]
    before = LogEntry.objects.count()
    for index in range(count):
        other = ParticipantFactory(plie=world.plie, last_name=f"Nom{index}")
        read(world.users["coordinator"], other)
        change_phone(world.users["adviser"], other)
    client = as_("oi")
    # 1 session, 2 user, 3 memberships (actor), 4 PLIEs of the OI (actor), 5 PLIEs shown,
    # 6 journal page (actor and content type joined), 7 the participants the entries concern,
    # 8 user choices, 9 PLIE choices.
    with django_assert_num_queries(9):
        response = client.get(URL)
    # Each person: created, read and updated (3 entries), plus the world's own entries.
    assert len(rows(response)) == before + 3 * count


def test_the_log_masks_identifiers_and_free_texts(world) -> None:  # type: ignore[no-untyped-def]
    from auditlog.context import set_actor

    from jalons.pathways import services

    with set_actor(world.users["adviser"]):
        world.participant.nir = "276051300112320"
        world.participant.save()
        services.add_contact(
            world.pathway,
            on=world.pathway.entry_date,
            kind="individual",
            attendance="attended",
            notes="Suivi psychologique en cours",
            author=world.users["adviser"],
            today=world.pathway.entry_date,
        )
    changes = LogEntry.objects.filter(object_id=world.participant.pk).latest("timestamp").changes
    assert "276051300112320" not in str(changes)
    contact_entry = LogEntry.objects.filter(content_type__model="contact").latest("timestamp")
    assert "Suivi psychologique en cours" not in str(contact_entry.changes)
