"""The participant file: what each role sees, the audit of reads, the timeline, queries."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse

from jalons.core.actor import build_actor
from jalons.participants.models import Participant
from jalons.pathways import services
from jalons.pathways.models import Pathway
from jalons.web.participants.timeline import timeline_context
from tests.conftest import make_pathway
from tests.factories import ContactFactory, OrientationFactory, StepFactory

NIR = "276051300112320"  # valid key
ELIGIBILITY = {
    "criteria": [
        {"code": "rqth", "label": "Travailleur handicapé (RQTH)", "reason": "RQTH déclarée."}
    ],
    "barriers": [{"code": "health", "label": "Santé", "reason": "Frein déclaré."}],
    "blockers": [],
    "warnings": [{"code": "ft", "label": "Inscription France Travail", "reason": "À vérifier."}],
}
SECRET_NOTE = "Évoque une dette de loyer importante."
SENSITIVE_WORDS = ["RQTH", "Santé", "Endettement", "Minima sociaux", SECRET_NOTE, "Dérogation"]


def url(participant: Participant) -> str:
    return reverse("participants:detail", args=[participant.uid])


@pytest.fixture
def rich(world):  # type: ignore[no-untyped-def]
    """Sophie Martin's file with a NIR, an eligibility screen, a contact and a step."""
    Participant.objects.filter(pk=world.participant.pk).update(nir=NIR)
    Pathway.objects.filter(pk=world.pathway.pk).update(
        eligibility=ELIGIBILITY, override_justification="Dérogation accordée par le comité."
    )
    ContactFactory(
        pathway=world.pathway,
        date=date(2024, 3, 4),
        notes=SECRET_NOTE,
        author=world.users["adviser"],
    )
    StepFactory(
        pathway=world.pathway,
        kind="formation",
        title="Remise à niveau",
        start_date=date(2024, 4, 2),
        end_date=date(2024, 5, 31),
    )
    return world


@pytest.mark.parametrize("persona", ["adviser", "lead", "coordinator", "oi"])
def test_sensitive_data_shown_to_referent_team_and_oi(rich, as_, persona) -> None:  # type: ignore[no-untyped-def]
    response = as_(persona).get(url(rich.participant))
    assert response.status_code == 200
    html = response.content.decode()
    for word in SENSITIVE_WORDS:
        assert word in html, word
    assert "•••••••••••2320" in html and NIR not in html  # the NIR is masked
    assert "Éligibilité constatée à l'entrée" in html
    assert "RQTH déclarée." in html and "À vérifier." in html


@pytest.mark.parametrize("persona", ["cre", "clauses", "iae", "colleague"])
def test_sensitive_data_absent_from_the_html_for_other_readers(rich, as_, persona) -> None:  # type: ignore[no-untyped-def]
    response = as_(persona).get(url(rich.participant))
    assert response.status_code == 200
    html = response.content.decode()
    for word in SENSITIVE_WORDS + ["NIR", "Éligibilité", "RSA", NIR, "•••"]:
        assert word not in html, word
    # What is not sensitive is there: identity, non-sensitive barriers, the activity.
    assert "MARTIN Sophie" in html and "1234567A" in html
    assert "Mobilité" in html
    assert "Entretien individuel" in html and "Remise à niveau" in html


def test_every_read_is_audited(rich, as_) -> None:  # type: ignore[no-untyped-def]
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    as_("cre").get(url(rich.participant))
    as_("cre").get(url(rich.participant))
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk")
    assert entries.count() == before + 2
    entry = entries.last()
    assert entry.actor == rich.users["cre"]
    assert entry.content_type == ContentType.objects.get_for_model(Participant)
    assert entry.object_pk == str(rich.participant.pk)


@pytest.mark.parametrize(
    "persona",
    ["other_lot_adviser", "other_plie_lead", "prescriber", "other_prescriber", "admin", "no_role"],
)
def test_files_out_of_reach_are_not_found(world, as_, persona) -> None:  # type: ignore[no-untyped-def]
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    assert as_(persona).get(url(world.participant)).status_code == 404
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before


def test_prescriber_follows_orientations_not_files(world, as_) -> None:  # type: ignore[no-untyped-def]
    # The CAF oriented Léa Petit: its orientation screens show her, her file does not open.
    assert as_("prescriber").get(url(world.orientation_participant)).status_code == 404


def test_other_plie_lead_opens_own_plie_files_only(world, as_) -> None:  # type: ignore[no-untyped-def]
    assert as_("other_plie_lead").get(url(world.other_plie_participant)).status_code == 200
    assert as_("lead").get(url(world.other_plie_participant)).status_code == 404


def test_timeline_merges_contacts_steps_and_events_newest_first(world, as_) -> None:  # type: ignore[no-untyped-def]
    pathway, lead = world.pathway, world.users["lead"]
    ContactFactory(pathway=pathway, date=date(2024, 2, 1), kind="phone", attendance="missed")
    StepFactory(
        pathway=pathway,
        kind="cdd",
        title="Agent d'entretien",
        start_date=date(2024, 3, 1),
        end_date=date(2024, 8, 31),
        monthly_hours=120,
        provider_name="Propreté Sud",
    )
    services.change_referent(
        pathway, referent=world.users["colleague"], on=date(2024, 4, 1), by=lead, reason="Congé"
    )
    services.suspend_pathway(pathway, on=date(2024, 5, 1), reason="Hospitalisation", by=lead)
    services.resume_pathway(pathway, on=date(2024, 6, 1), by=lead)
    services.record_exit(
        pathway, kind="demenagement", on=date(2024, 9, 1), reason="Part vivre à Lyon", by=lead
    )
    html = as_("lead").get(url(world.participant)).content.decode()
    timeline = html[html.index('<div id="timeline"') :]
    order = [
        "Sortie : Déménagement",
        "Reprise du parcours",
        "Parcours suspendu",
        "Changement de référent·e",
        "CDD — Agent d&#x27;entretien",
        "Téléphone",
        "Entrée dans le parcours",
    ]
    positions = [timeline.index(label) for label in order]
    assert positions == sorted(positions)
    assert "Adviser Test → Colleague Test" in timeline and "Motif : Congé" in timeline
    assert "Du 01/03/2024 au 31/08/2024" in timeline and "120 h par mois" in timeline
    assert "Organisme : Propreté Sud" in timeline and "Absent·e" in timeline
    assert "Hospitalisation" in timeline and "Part vivre à Lyon" in timeline
    # The CRE sees the events, not their reasons.
    cre_html = as_("cre").get(url(world.participant)).content.decode()
    assert "Parcours suspendu" in cre_html and "Sortie : Déménagement" in cre_html
    assert "Hospitalisation" not in cre_html and "Part vivre à Lyon" not in cre_html


def test_health_and_social_support_steps_are_for_sensitive_readers(world, as_) -> None:  # type: ignore[no-untyped-def]
    StepFactory(
        pathway=world.pathway,
        kind="accompagnement_social",
        title="Suivi CMP",
        start_date=date(2024, 2, 1),
    )
    assert "Suivi CMP" in as_("adviser").get(url(world.participant)).content.decode()
    assert "Suivi CMP" not in as_("cre").get(url(world.participant)).content.decode()


def test_previous_pathways_and_orientations_are_listed(world, as_) -> None:  # type: ignore[no-untyped-def]
    lead = world.users["lead"]
    services.record_exit(
        world.pathway, kind="abandon", on=date(2024, 6, 30), reason="Injoignable", by=lead
    )
    participant = Participant.objects.get(pk=world.participant.pk)
    OrientationFactory(
        participant=participant,
        submitted_on=date(2024, 9, 2),
        status="accepted",
        reasons="Revient après un déménagement.",
    )
    make_pathway(participant, world.users["adviser"], world.pathway.lot, entry=date(2024, 9, 16))
    html = as_("lead").get(url(participant)).content.decode()
    assert "Parcours en cours" in html and "16/09/2024" in html
    previous = html[html.index("Parcours précédents") :]
    assert (
        "15/01/2024" in previous and "30/06/2024" in previous and "Abandon de parcours" in previous
    )
    orientations = html[html.index('id="h-orientations"') :]
    assert "02/09/2024" in orientations and "Acceptée (entrée)" in orientations
    assert "Revient après un déménagement." in orientations
    assert "Revient après" not in as_("cre").get(url(participant)).content.decode()


def test_referent_history_and_pathway_block(world, as_) -> None:  # type: ignore[no-untyped-def]
    services.change_referent(
        world.pathway,
        referent=world.users["colleague"],
        on=date(2024, 4, 1),
        by=world.users["lead"],
        reason="Réorganisation",
    )
    html = as_("lead").get(url(world.participant)).content.decode()
    history = html[html.index("Référents successifs") :]
    assert history.index("Colleague Test") < history.index("Adviser Test")
    assert "31/03/2024" in history and "Réorganisation" in history and "actuel·le" in history
    assert "15/07/2025" in html and "Durée prévue dépassée" in html  # 18 months after entry
    assert "L1 – Centre" in html


def test_action_buttons_follow_permissions(world, as_) -> None:  # type: ignore[no-untyped-def]
    step = StepFactory(pathway=world.pathway, start_date=date(2024, 2, 1))
    pathway_uid = world.pathway.uid
    edit = reverse("participants:edit", args=[world.participant.uid])
    activity = [
        reverse("pathways:contact_add", args=[pathway_uid]),
        reverse("pathways:step_add", args=[pathway_uid]),
        reverse("pathways:step_edit", args=[step.uid]),
    ]
    manage = [
        reverse(name, args=[pathway_uid])
        for name in ("pathways:referent_change", "pathways:suspend", "pathways:exit")
    ]
    resume = reverse("pathways:resume", args=[pathway_uid])
    lead = as_("lead").get(url(world.participant)).content.decode()
    for link in [edit, *activity, *manage]:
        assert f'href="{link}"' in lead
    assert resume not in lead  # the pathway is not suspended
    adviser = as_("adviser").get(url(world.participant)).content.decode()
    for link in [edit, *activity]:
        assert f'href="{link}"' in adviser
    for link in manage:
        assert f'href="{link}"' not in adviser
    for persona in ("colleague", "cre", "oi"):
        html = as_(persona).get(url(world.participant)).content.decode()
        for link in [edit, *activity, *manage]:
            assert f'href="{link}"' not in html, (persona, link)


def test_suspended_pathway_offers_resume_and_closed_pathway_no_activity(world, as_) -> None:  # type: ignore[no-untyped-def]
    lead = world.users["lead"]
    services.suspend_pathway(world.pathway, on=date(2024, 5, 1), reason="Maladie", by=lead)
    html = as_("lead").get(url(world.participant)).content.decode()
    assert "Depuis le 01/05/2024 – Maladie" in html
    assert reverse("pathways:resume", args=[world.pathway.uid]) in html
    assert reverse("pathways:suspend", args=[world.pathway.uid]) not in html
    StepFactory(pathway=world.pathway, start_date=date(2024, 2, 1), title="Atelier CV")
    assert "Modifier<span" in as_("lead").get(url(world.participant)).content.decode()
    services.record_exit(world.pathway, kind="autre", on=date(2024, 6, 1), reason="Autre", by=lead)
    html = as_("lead").get(url(world.participant)).content.decode()
    assert "Atelier CV" in html
    assert "Dernier parcours" in html and "Ajouter un contact" not in html
    assert "Changer de référent" not in html and "Sortie : Autre sortie" in html
    assert "Modifier<span" not in html  # no step to edit on a closed pathway either


def test_timeline_partial_renders_alone_for_htmx_swaps(rich) -> None:  # type: ignore[no-untyped-def]
    actor = build_actor(rich.users["cre"])
    participant = Participant.objects.get(pk=rich.participant.pk)
    html = render_to_string(
        "participants/detail.html#timeline", timeline_context(actor, participant)
    )
    assert html.strip().startswith('<div id="timeline"')
    assert "Entretien individuel" in html and "Remise à niveau" in html
    assert SECRET_NOTE not in html and "<html" not in html


def test_query_count_does_not_grow_with_the_activity(world, as_, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    def add(n: int) -> None:
        for i in range(n):
            ContactFactory(
                pathway=world.pathway, date=date(2024, 2, 1 + i), author=world.users["adviser"]
            )
            StepFactory(pathway=world.pathway, start_date=date(2024, 3, 1 + i))

    client = as_("adviser")
    expected = (
        2  # session, user
        + 1  # actor: memberships
        + 1  # the participant, with commune, bassin, QPV, PLIE, pathway, referent, lot
        + 1  # audit: the access log entry (content type is cached)
        + 1  # pathways of the person, with lot, referent, exit, orientation
        + 4  # prefetch: contacts (with author), steps (with provider), referents, suspensions
        + 1  # orientations
        + 2  # exit outlook: the protocol in force, the SMIC table
    )
    add(2)
    client.get(url(world.participant))  # warm the content-type cache of the audit
    with django_assert_num_queries(expected):
        assert client.get(url(world.participant)).status_code == 200
    add(6)
    with django_assert_num_queries(expected):
        response = client.get(url(world.participant))
    assert response.content.decode().count("Entretien individuel") == 8


def test_oriented_person_without_pathway(world, as_) -> None:  # type: ignore[no-untyped-def]
    html = as_("lead").get(url(world.orientation_participant)).content.decode()
    assert "Pas encore entré·e dans un parcours." in html
    assert "Aucun évènement enregistré." in html
    orientations = html[html.index('id="h-orientations"') :]
    assert "01/02/2024" in orientations and "CAF 13" in orientations and "Proposée" in orientations
    assert "Ajouter un contact" not in html
