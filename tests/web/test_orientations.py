"""From orientation to entry (spec §3): the list, the screening page and the decisions."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from jalons.organisations.models import Lot
from jalons.pathways import services
from jalons.pathways.models import Orientation, Pathway
from jalons.pathways.services.errors import BusinessRuleError
from jalons.territory.models import Commune
from tests.factories import ParticipantFactory
from tests.web.test_orientation_form import CREATE, person


def url(name: str, orientation: Orientation) -> str:
    return reverse(f"orientations:{name}", kwargs={"uid": orientation.uid})


@pytest.fixture
def lea(world) -> Orientation:  # type: ignore[no-untyped-def]
    """Léa Petit's orientation by the CAF, to decide."""
    return world.orientation_participant.orientations.get()


def acceptance(world, **overrides: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {
        "entry_date": timezone.localdate().isoformat(),
        "referent": str(world.users["adviser"].uid),
        "lot": "",
        "justification": "",
    }
    data.update(overrides)
    return data


def test_from_prescription_to_the_advisers_caseload(world, as_):  # type: ignore[no-untyped-def]
    assert as_("prescriber").post(CREATE, person()).status_code == 302
    orientation = Orientation.objects.get(participant__last_name="Roux")
    coordinator = as_("coordinator")

    # The team sees it in its queue (oldest first: Léa, sent in 2024) and on its home page.
    listing = coordinator.get(reverse("orientations:list")).content.decode()
    assert listing.index("PETIT Léa") < listing.index("ROUX Camille")
    assert "2 orientations à décider" in listing
    home = coordinator.get(reverse("home")).content.decode()
    assert url("detail", orientation) in home

    # The screening shows every criterion with its reason, and the barriers.
    screening = coordinator.get(url("detail", orientation)).content.decode()
    assert (
        "<strong>Bénéficiaire d&#x27;un minimum social (RSA, ASS, AAH)</strong> : "
        "Bénéficiaire du RSA" in screening
    )
    assert (
        "<strong>Femme isolée ou chef de famille monoparentale</strong> : "
        "Femme isolée ou cheffe de famille monoparentale" in screening
    )
    assert "Mobilité" in screening and "Garde d&#x27;enfants" in screening
    assert "Éligible : 3 critères publics remplis, 2 freins." in screening
    assert "Aucun doublon probable dans le PLIE." in screening

    # Accepting without choosing a lot takes the referent's lot (L1 for the adviser).
    response = coordinator.post(url("accept", orientation), acceptance(world))

    participant = orientation.participant
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:detail", kwargs={"uid": participant.uid})
    pathway = Pathway.objects.get(participant=participant)
    assert pathway.orientation == orientation
    assert pathway.referent == world.users["adviser"]
    assert pathway.lot.code == "L1"
    assert pathway.entry_date == timezone.localdate()
    assert pathway.entry_decided_by == world.users["coordinator"]
    assert [c["code"] for c in pathway.eligibility["criteria"]] == [
        "deld",
        "minimum_benefit",
        "single_woman_or_family_head",
    ]
    snapshot = pathway.snapshot
    assert (snapshot.rsa, snapshot.prescriber_kind, snapshot.sex) == (True, "caf", "F")
    assert snapshot.barriers == ["mobility", "childcare"]
    assignment = pathway.assignments.get()
    assert (assignment.referent, assignment.end_date) == (world.users["adviser"], None)
    participant.refresh_from_db()
    assert (participant.status, participant.current_pathway) == ("active", pathway)
    orientation.refresh_from_db()
    assert (orientation.status, orientation.decided_by) == ("accepted", world.users["coordinator"])

    assert "ROUX Camille" in as_("adviser").get(reverse("home")).content.decode()
    status_page = as_("prescriber").get(reverse("orientations:list")).content.decode()
    assert "Acceptée (entrée)" in status_page
    assert "référent·e : Adviser Test" in status_page


def test_residence_outside_the_plie_needs_a_written_justification(world, as_, lea):  # type: ignore[no-untyped-def]
    world.plie.communes.remove(Commune.objects.get(insee_code="13001"))
    coordinator = as_("coordinator")
    screening = coordinator.get(url("detail", lea)).content.decode()
    assert "Réside hors du territoire du PLIE (commune INSEE 13001)" in screening
    assert "Critères non remplis" in screening
    assert "Obligatoire : les critères d'éligibilité ne sont pas remplis" in screening

    refused = coordinator.post(url("accept", lea), acceptance(world))

    assert refused.status_code == 200
    assert "une justification écrite de la dérogation est obligatoire" in refused.content.decode()
    assert not Pathway.objects.filter(participant=world.orientation_participant).exists()
    lea.refresh_from_db()
    assert lea.status == "proposed"

    reason = "Déménagement à Aix acté, décision du comité du 12/03."
    accepted = coordinator.post(url("accept", lea), acceptance(world, justification=reason))

    assert accepted.status_code == 302
    pathway = Pathway.objects.get(participant=world.orientation_participant)
    assert pathway.override_justification == reason
    assert pathway.eligibility["blockers"][0]["code"] == "residence_outside_plie"
    lea.refresh_from_db()
    assert (lea.status, lea.decision_reason) == ("accepted", reason)
    # The frozen screen is shown afterwards, as the team saw it.
    after = coordinator.get(url("detail", lea)).content.decode()
    assert "Éligibilité constatée à l'entrée" in after
    assert "Justification de la dérogation : " + reason.replace("'", "&#x27;") in after
    # The prescriber sees the entry and the referent, never the justification.
    status_page = as_("prescriber").get(url("detail", lea)).content.decode()
    assert "référent·e : Adviser Test" in status_page
    assert reason not in status_page


def test_a_rule_refused_by_the_service_is_shown(world, as_, lea, monkeypatch):  # type: ignore[no-untyped-def]
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise BusinessRuleError(
            "La date d'entrée doit être postérieure à la sortie du parcours précédent."
        )

    monkeypatch.setattr(services, "accept_orientation", refuse)
    response = as_("coordinator").post(url("accept", lea), acceptance(world))
    assert response.status_code == 200
    assert "postérieure à la sortie du parcours précédent" in response.content.decode()


def test_the_accept_form_checks_its_fields(world, as_, lea):  # type: ignore[no-untyped-def]
    coordinator = as_("coordinator")
    early = coordinator.post(url("accept", lea), acceptance(world, entry_date="2024-01-31"))
    assert (
        "La date d&#x27;entrée ne peut précéder l&#x27;orientation du 01/02/2024."
        in early.content.decode()
    )
    stranger = coordinator.post(
        url("accept", lea), acceptance(world, referent=str(world.users["cre"].uid))
    )
    assert "Choisissez un·e accompagnateur·rice de la liste." in stranger.content.decode()
    other_lot = Lot.objects.get(code="L2")
    chosen = coordinator.post(url("accept", lea), acceptance(world, lot=str(other_lot.uid)))
    assert chosen.status_code == 302
    assert Pathway.objects.get(participant=world.orientation_participant).lot == other_lot
    assert not Pathway.objects.filter(participant=world.orientation_participant, lot__code="L1")


def test_the_referent_list_offers_the_plies_advisers_with_their_lot(world, as_, lea):  # type: ignore[no-untyped-def]
    page = as_("coordinator").get(url("accept", lea)).content.decode()
    lot1 = Lot.objects.get(code="L1")
    assert f'value="{world.users["adviser"].uid}" data-lot="{lot1.uid}"' in page
    assert str(world.users["other_lot_adviser"].uid) in page
    assert str(world.users["cre"].uid) not in page


def test_a_refusal_needs_a_reason_that_the_prescriber_then_sees(world, as_, lea):  # type: ignore[no-untyped-def]
    coordinator = as_("coordinator")
    empty = coordinator.post(url("refuse", lea), {"reason": "  "})
    assert empty.status_code == 200
    assert "Indiquez le motif du refus." in empty.content.decode()
    lea.refresh_from_db()
    assert lea.status == "proposed"

    done = coordinator.post(url("refuse", lea), {"reason": "Ne réside plus sur le territoire."})

    assert done.status_code == 302
    lea.refresh_from_db()
    assert (lea.status, lea.decision_reason) == ("refused", "Ne réside plus sur le territoire.")
    world.orientation_participant.refresh_from_db()
    assert world.orientation_participant.status == "not_admitted"
    listing = as_("prescriber").get(reverse("orientations:list")).content.decode()
    assert "motif : Ne réside plus sur le territoire." in listing
    # Deciding twice sends the team back to the page with a message.
    again = coordinator.post(url("accept", lea), acceptance(world), follow=True)
    assert "Cette orientation a déjà été traitée." in again.content.decode()
    assert not Pathway.objects.filter(participant=world.orientation_participant).exists()


def test_the_prescriber_withdraws_its_orientation(world, as_, lea):  # type: ignore[no-untyped-def]
    response = as_("prescriber").post(
        url("withdraw", lea), {"reason": "La personne a trouvé un emploi."}
    )
    assert response.status_code == 302
    lea.refresh_from_db()
    assert (lea.status, lea.decided_by) == ("withdrawn", world.users["prescriber"])
    assert lea.decision_reason == "La personne a trouvé un emploi."


def test_each_prescriber_sees_its_own_orientations_only(world, as_, lea):  # type: ignore[no-untyped-def]
    mine = as_("prescriber").get(reverse("orientations:list")).content.decode()
    assert "PETIT Léa" in mine
    theirs = as_("other_prescriber").get(reverse("orientations:list")).content.decode()
    assert "PETIT Léa" not in theirs and "Aucune orientation pour le moment." in theirs
    assert as_("other_prescriber").get(url("detail", lea)).status_code == 404


def test_the_prescriber_sees_the_status_never_the_screening(world, as_, lea):  # type: ignore[no-untyped-def]
    before = LogEntry.objects.count()
    page = as_("prescriber").get(url("detail", lea)).content.decode()
    assert "En attente de décision" in page
    assert "Retirer l'orientation" in page
    for secret in (
        "Éligibilité",
        "Critères publics",
        "Bénéficiaire du RSA",
        "Doublons",
        "Freins",
        "Minima sociaux",
        "Accepter l'entrée",
    ):
        assert secret not in page
    assert LogEntry.objects.count() == before  # the sender reading its status is not a file read


def test_reading_the_screening_is_audited(world, as_, lea):  # type: ignore[no-untyped-def]
    as_("coordinator").get(url("detail", lea))
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.object_pk == str(world.orientation_participant.pk)
    assert entry.actor == world.users["coordinator"]


def test_the_oi_controller_reads_the_screening_without_deciding(world, as_, lea):  # type: ignore[no-untyped-def]
    page = as_("oi").get(url("detail", lea)).content.decode()
    assert "Bénéficiaire du RSA" in page
    assert "Consultation seule" in page
    assert url("accept", lea) not in page


def test_an_advisers_self_referrals(world, as_):  # type: ignore[no-untyped-def]
    as_("adviser").post(CREATE, person())
    orientation = Orientation.objects.get(participant__last_name="Roux")
    assert "ROUX Camille" in as_("adviser").get(reverse("orientations:list")).content.decode()
    assert "ROUX Camille" in as_("adviser").get(reverse("home")).content.decode()
    assert "ROUX Camille" not in as_("colleague").get(reverse("orientations:list")).content.decode()
    assert as_("colleague").get(url("detail", orientation)).status_code == 404
    status_page = as_("adviser").get(url("detail", orientation)).content.decode()
    assert "En attente de décision" in status_page and "Bénéficiaire du RSA" not in status_page
    # The team's list shows who sent it.
    listing = as_("coordinator").get(reverse("orientations:list")).content.decode()
    assert "ROUX Camille" in listing and "Candidature spontanée" in listing


def test_the_list_filters_by_status_and_searches(world, as_, lea):  # type: ignore[no-untyped-def]
    services.refuse_orientation(lea, decided_by=world.users["coordinator"], reason="Injoignable.")
    as_("prescriber").post(CREATE, person())
    client = as_("coordinator")
    refused = client.get(reverse("orientations:list"), {"statut": "refused"}).content.decode()
    assert "PETIT Léa" in refused and "ROUX Camille" not in refused
    client.post(reverse("orientations:list"), {"q": "rou cam"})
    found = client.get(reverse("orientations:list")).content.decode()
    assert "ROUX Camille" in found and "PETIT Léa" not in found
    assert client.get(reverse("orientations:list"), {"statut": "bogus"}).status_code == 200


def _orient(world, count: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(count):
        person_ = ParticipantFactory(plie=world.plie, last_name=f"Nom{i}", first_name="Test")
        services.submit_orientation(
            plie=world.plie,
            participant=person_,
            prescriber=world.orientation_participant.orientations.get().prescriber,
            prescriber_kind="caf",
            reasons="Motifs.",
            submitted_by=world.users["prescriber"],
            submitted_on=date(2025, 1, 1) + timedelta(days=i),
        )


@pytest.mark.parametrize("persona", ["coordinator", "prescriber"])
@pytest.mark.parametrize("rows", [3, 9])
def test_the_list_costs_the_same_whatever_its_length(  # type: ignore[no-untyped-def]
    world, as_, django_assert_num_queries, persona, rows
):
    _orient(world, rows)
    client = as_(persona)
    # session, user, memberships (actor), counts per status, paginator count, the page rows
    # (person, commune, prescriber, sender and referent joined).
    with django_assert_num_queries(6):
        response = client.get(reverse("orientations:list"))
    assert response.content.decode().count("NOM") == rows


@pytest.mark.parametrize("duplicates", [2, 6])
def test_the_screening_costs_the_same_whatever_the_duplicates(  # type: ignore[no-untyped-def]
    world, as_, lea, django_assert_num_queries, duplicates
):
    for _ in range(duplicates):
        ParticipantFactory(
            plie=world.plie,
            last_name="Petit",
            first_name="Léa",
            birth_date=world.orientation_participant.birth_date,
        )
    client = as_("coordinator")
    # session, user, memberships (actor), the orientation (person, commune, sender, decider),
    # the audit entry, the PLIE's communes (screen), the advisers (referents), the lots,
    # the probable duplicates (commune, referent joined).
    with django_assert_num_queries(9):
        response = client.get(url("detail", lea))
    assert response.content.decode().count("PETIT Léa</a>") == duplicates


def test_adviser_withdraws_own_self_referral(world, as_):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from jalons.pathways import services
    from tests.factories import ParticipantFactory

    person = ParticipantFactory(plie=world.plie, last_name="Roux", first_name="Jean")
    mine = services.submit_orientation(
        plie=world.plie,
        participant=person,
        prescriber=None,
        prescriber_kind="spontane",
        reasons="Candidature spontanée",
        submitted_by=world.users["adviser"],
    )
    assert (
        as_("colleague").post(reverse("orientations:withdraw", args=[mine.uid])).status_code == 404
    )
    assert "roux" in as_("adviser").get(reverse("orientations:list")).content.decode().lower()
    response = as_("adviser").post(reverse("orientations:withdraw", args=[mine.uid]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "withdrawn"


def test_orientation_search_is_posted_and_never_in_a_url(world, as_):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    client = as_("coordinator")
    url = reverse("orientations:list")
    response = client.post(url, {"q": "petit", "statut": "proposed"})
    assert response.status_code == 302 and response["Location"] == f"{url}?statut=proposed"
    html = client.get(response["Location"]).content.decode()
    assert 'value="petit"' in html and "PETIT Léa" in html
    assert "q=petit" not in html  # no link carries the search
    assert "PETIT Léa" in client.get(url + "?q=absent").content.decode()  # GET q is ignored
    client.post(url, {"q": "personne-inconnue"})
    assert "PETIT Léa" not in client.get(url).content.decode()
    client.post(url, {"q": ""})
    assert "PETIT Léa" in client.get(url).content.decode()
