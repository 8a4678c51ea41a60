"""`seed_demo`: demo mode only, reproducible, and the seeded data keep the services' invariants."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from jalons.accounts.models import User
from jalons.demo.people import QPV_COMMUNES
from jalons.demo.seed import VALIDATED_SHARE
from jalons.demo.structure import ACCOUNTS
from jalons.organisations.models import Lot, Membership, Organisation
from jalons.participants.models import Participant
from jalons.pathways.enums import POSITIVE_EXIT_KINDS, StepKind
from jalons.pathways.models import (
    EntrySnapshot,
    Exit,
    Orientation,
    Pathway,
    ReferentAssignment,
    Step,
)
from jalons.pathways.rules.eligibility import qualification_bucket
from jalons.pathways.services.review_copies import review_copy_mismatches

pytestmark = pytest.mark.django_db


def seed(**options: object) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def names() -> list[str]:
    return [str(p) for p in Participant.objects.order_by("pk")]


@pytest.fixture
def seeded() -> str:
    return seed(participants=60)


def test_organisations_lots_and_advisers(seeded: str) -> None:
    aix = Organisation.objects.get(kind="plie", code="AIX")
    edb = Organisation.objects.get(kind="plie", code="EDB")
    assert aix.oi == edb.oi
    assert aix.oi.code == "AMP"
    assert aix.oi.name == "Métropole Aix-Marseille-Provence – OI FSE"
    assert aix.communes.count() == 36
    assert set(edb.communes.values_list("insee_code", flat=True)) == {"13117", "13071", "13019"}
    lots = {lot.code: sorted(b.name for b in lot.bassins.all()) for lot in aix.lots.all()}
    assert lots == {
        "L1": ["Centre"],
        "L2": ["Haute Vallée de l'Arc", "Sud"],
        "L3": ["Chaîne des Côtes et Trévaresse", "Val de Durance"],
    }
    assert all(lot.provider.kind == "provider" for lot in Lot.objects.filter(plie=aix))
    advisers = Membership.objects.filter(role="adviser", lot__plie=aix)
    assert advisers.count() == 7
    kinds = set(
        Organisation.objects.filter(kind="prescriber", plie=aix).values_list(
            "prescriber_kind", flat=True
        )
    )
    assert kinds == {"france_travail", "caf", "ccas", "bme", "pole_insertion"}
    assert Organisation.objects.filter(name="WIMOOV").exists()
    assert "Données de démonstration créées en" in seeded
    assert "PLIE AIX : " in seeded


def test_participants_and_pathways(seeded: str) -> None:
    aix = Organisation.objects.get(code="AIX", kind="plie")
    # 60 in pathway, plus the 2 entries decided in the last days through the services,
    # less those whose steps made a positive exit validated by today (validate_exits).
    computed = Exit.objects.filter(pathway__plie=aix, source="computed").count()
    assert computed > 0
    open_ = Participant.objects.filter(plie=aix, status__in=["active", "suspended"]).count()
    assert open_ + computed == round(60 / (1 - VALIDATED_SHARE)) + 2
    assert Participant.objects.filter(plie=aix, status="exited").count() == 18 + computed
    assert Orientation.objects.filter(plie=aix, status="proposed").count() == 3
    assert Orientation.objects.filter(plie=aix, status="refused").count() == 4
    assert Participant.objects.filter(plie__code="EDB", status="active").exists()
    for participant in Participant.objects.all()[:80]:
        participant.full_clean()


def test_every_invariant_of_the_services_holds(seeded: str) -> None:
    pathways = Pathway.objects.select_related("participant", "snapshot").prefetch_related(
        "assignments", "contacts"
    )
    assert pathways.count() > 80
    assert review_copy_mismatches() == 0  # the review's copies of snapshots and pathways
    for pathway in pathways:
        open_assignments = [a for a in pathway.assignments.all() if a.end_date is None]
        if pathway.is_open:
            assert len(open_assignments) == 1, pathway.pk
            assert open_assignments[0].referent_id == pathway.referent_id
        else:
            assert open_assignments == []
            assert pathway.exit_date is not None
        attended = [c.date for c in pathway.contacts.all() if c.attendance == "attended"]
        assert pathway.last_contact_on == max(attended)
        assert pathway.planned_end_date == pathway.entry_date + relativedelta(months=18)
        assert pathway.orientation is not None
        assert pathway.orientation.status == "accepted"
        snapshot = pathway.snapshot
        participant = pathway.participant
        assert snapshot.age == participant.age_on(pathway.entry_date)
        assert snapshot.qualification_bucket == qualification_bucket(
            participant.qualification_level or None
        )
        since = participant.job_seeker_since
        assert snapshot.deld == bool(
            since and since + relativedelta(months=12) <= pathway.entry_date
        )
        assert snapshot.bassin_id == participant.commune.bassin_id
        assert snapshot.prescriber_kind == pathway.orientation.prescriber_kind
        assert pathway.lot.plie_id == pathway.plie_id
    assert EntrySnapshot.objects.count() == Pathway.objects.count()
    for participant in Participant.objects.select_related("current_pathway"):
        if participant.status in ("active", "suspended", "exited"):
            assert participant.current_pathway.status == participant.status
        else:
            assert participant.current_pathway is None
    # People record the "other" exits; positive exits come from the exit engine only.
    assert Exit.objects.exists()
    for exit_record in Exit.objects.all():
        if exit_record.source == "computed":
            assert exit_record.kind in POSITIVE_EXIT_KINDS and exit_record.is_positive
            assert "sortie positive validée" in exit_record.explanation
        else:
            assert exit_record.kind not in POSITIVE_EXIT_KINDS
            assert exit_record.source == "recorded" and exit_record.reason
            assert not exit_record.is_positive
    assert not ReferentAssignment.objects.filter(end_date__isnull=True, pathway__status="exited")


def test_recent_activity_is_in_the_audit_journal(seeded: str) -> None:
    aix = Organisation.objects.get(code="AIX", kind="plie")
    entries = LogEntry.objects.filter(additional_data__plie=aix.pk)
    assert entries.filter(action=LogEntry.Action.ACCESS, actor__email="cheffe@demo.jalons.fr")
    assert entries.filter(action=LogEntry.Action.CREATE, actor__email="prescripteur@demo.jalons.fr")
    assert LogEntry.objects.filter(additional_data__plie=aix.oi.plies.get(code="EDB").pk).exists()
    # Every entry names who acted, but the daily validation of exits (a scheduled job).
    system = entries.filter(actor__isnull=True)
    computed = set(
        Exit.objects.filter(source="computed", pathway__plie=aix).values_list(
            "pathway_id", flat=True
        )
    )
    for entry in system.select_related("content_type"):
        assert entry.content_type.model in (
            "exit",
            "pathway",
            "referentassignment",
            "suspension",
        ), entry
    assert system.filter(content_type__model="exit").count() == len(computed)


def test_adviser_has_a_caseload(seeded: str) -> None:
    adviser = User.objects.get(email="conseiller@demo.jalons.fr")
    assert Pathway.objects.open().filter(referent=adviser).count() >= 8


def test_demo_accounts_log_in_with_demo(seeded: str) -> None:
    for _, email, *_ in ACCOUNTS:
        assert authenticate(None, username=email, password="demo") is not None, email
        assert authenticate(None, username=email, password="wrong") is None
    admin = User.objects.get(email="admin@demo.jalons.fr")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.get(email="cheffe@demo.jalons.fr").is_staff
    lead = Membership.objects.get(user__email="cheffe@demo.jalons.fr")
    assert (lead.role, lead.organisation.code) == ("project_lead", "AIX")
    prescriber = Membership.objects.get(user__email="prescripteur@demo.jalons.fr")
    assert (prescriber.role, prescriber.organisation.prescriber_kind) == ("prescriber", "caf")
    oi = Membership.objects.get(user__email="oi@demo.jalons.fr")
    assert (oi.role, oi.organisation.kind) == ("oi_controller", "oi")


def test_refused_outside_demo_mode(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEMO = False
    with pytest.raises(CommandError, match="qu'en mode démonstration"):
        seed(participants=5)
    assert not Participant.objects.exists()
    assert not User.objects.exists()


def test_if_empty_does_nothing_the_second_time() -> None:
    seed(participants=10, if_empty=True)
    before = (Participant.objects.count(), User.objects.count(), LogEntry.objects.count())
    out = seed(participants=10, if_empty=True)
    assert "aucune donnée de démonstration n'est ajoutée" in out
    assert (Participant.objects.count(), User.objects.count(), LogEntry.objects.count()) == before


def test_a_second_run_without_if_empty_is_refused() -> None:
    seed(participants=5)
    with pytest.raises(CommandError, match="existent déjà"):
        seed(participants=5)


def test_same_seed_same_people_other_seed_other_people() -> None:
    runs = []
    for seed_value in (7, 7, 8):
        savepoint = transaction.savepoint()
        seed(participants=20, seed=seed_value)
        runs.append(names())
        transaction.savepoint_rollback(savepoint)
    assert runs[0] == runs[1]
    assert len(runs[0]) > 20
    assert runs[0] != runs[2]


def test_distributions_follow_the_source_document() -> None:
    seed(participants=300)
    snapshots = EntrySnapshot.objects.filter(pathway__plie__code="AIX")
    total = snapshots.count()

    def share(**lookup: object) -> float:
        return snapshots.filter(**lookup).count() / total

    assert 0.6 <= share(rsa=True) <= 0.9
    assert 0.6 <= share(deld=True) <= 0.9
    assert 0.4 <= share(sex="F") <= 0.6
    assert 0.06 <= share(qpv=True) <= 0.18
    assert 0.25 <= share(qualification_bucket="VI_Vbis") <= 0.41
    assert 0.23 <= share(qualification_bucket="V") <= 0.39
    assert 0.18 <= share(age__gte=50) <= 0.35
    assert not snapshots.filter(qpv=True).exclude(commune__insee_code__in=QPV_COMMUNES)
    zones = Participant.objects.exclude(qpv_zone=None).select_related("qpv_zone")
    assert zones and all(p.qpv and p.qpv_zone.commune_id == p.commune_id for p in zones)
    kinds = Counter(snapshots.values_list("prescriber_kind", flat=True))
    assert kinds.most_common(1)[0][0] == "france_travail"
    assert set(kinds) == {
        "france_travail",
        "caf",
        "bme",
        "ccas",
        "pole_insertion",
        "autre",
        "spontane",
    }
    assert set(Step.objects.values_list("kind", flat=True)) == set(StepKind.values)
    assert Step.objects.filter(kind="cdi", monthly_hours__lt=76).exists()
    assert Step.objects.filter(kind="creation_activite", micro_entrepreneur=True).exists()
    assert Step.objects.filter(kind="mobilite", provider__name="WIMOOV").exists()
    assert Step.objects.filter(title__startswith="Club Ambition", pathway__participant__qpv=True)
    assert not Step.objects.filter(kind__in=["cdi", "cdd"], monthly_hours__isnull=True).exists()
    assert not Step.objects.filter(kind="interim", hours_worked__isnull=True).exists()
    # The caseload alerts have something to show.
    today = timezone.localdate()
    assert Pathway.objects.filter(status="suspended").exists()
    assert Pathway.objects.without_contact_since(today, 30).exists()
    assert Pathway.objects.past_planned_end(today).exists()
    assert Pathway.objects.filter(status="active", last_contact_on__gte=today - timedelta(30))
