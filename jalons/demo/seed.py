"""Seeds a whole demonstration (organisations, accounts, two years of pathways) in one
transaction; the same seed gives the same people (see `jalons.demo.builder`)."""

import random
from collections import defaultdict

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from jalons.demo.builder import Builder, PlieSetup
from jalons.demo.people import People
from jalons.demo.recent import RecentActivity
from jalons.demo.structure import Structure, build_structure
from jalons.organisations.enums import PrescriberKind
from jalons.organisations.models import Organisation
from jalons.participants.models import Participant
from jalons.pathways.models import Contact, Exit, Pathway, Step
from jalons.territory.models import Qpv

DEFAULT_SEED = 2021
EXITED_SHARE = 0.3  # exited pathways of the last two years, per active participant


def _people(rng: random.Random, plie: Organisation) -> People:
    qpvs: dict[int, list[Qpv]] = defaultdict(list)
    for qpv in Qpv.objects.filter(generation=Qpv.Generation.G2024).order_by("code", "name"):
        qpvs[qpv.commune_id].append(qpv)
    communes = list(plie.communes.order_by("insee_code"))
    return People(rng, plie, communes, dict(qpvs))


def _setups(rng: random.Random, structure: Structure) -> tuple[PlieSetup, PlieSetup]:
    users = structure.users
    aix = PlieSetup(
        plie=structure.aix,
        people=_people(rng, structure.aix),
        lot_of=lambda p: structure.lot_of_bassin[p.commune.bassin_id],
        advisers=structure.advisers,
        prescribers=dict(structure.prescribers),
        team=[users["coordinator"], users["lead"]],
        prescriber_user=users["prescriber"],
        prescriber_user_kind=PrescriberKind.CAF,
    )
    edb_lot = structure.lots["EDB1"]
    edb = PlieSetup(
        plie=structure.edb,
        people=_people(rng, structure.edb),
        lot_of=lambda p: edb_lot,
        advisers=structure.advisers,
        prescribers={PrescriberKind.FRANCE_TRAVAIL: structure.edb_prescriber},
        team=[users["edb_lead"]],
    )
    return aix, edb


@transaction.atomic
def seed(participants: int, seed: int = DEFAULT_SEED) -> dict[str, dict[str, int]]:
    """Build the demonstration; returns the counts to report."""
    rng = random.Random(seed)
    today = timezone.localdate()
    structure = build_structure(today)
    aix, edb = _setups(rng, structure)
    builder = Builder(rng, today, structure.providers)
    builder.add_pathways(
        aix, open_count=participants, exited_count=round(participants * EXITED_SHARE)
    )
    builder.add_refused(aix, max(2, participants // 100))
    small = max(5, participants // 50)
    builder.add_pathways(edb, open_count=small, exited_count=max(1, small // 4))
    builder.population.save()
    RecentActivity(rng, today, structure, aix, edb).run(proposed=max(3, participants // 50))
    return counts()


def counts() -> dict[str, dict[str, int]]:
    """Per PLIE code: participants by status, pending orientations, pathways and activity."""
    result: dict[str, dict[str, int]] = {}
    for plie in Organisation.objects.plies().order_by("code"):
        by_status = dict(
            Participant.objects.filter(plie=plie)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        pathways = Pathway.objects.filter(plie=plie)
        result[plie.code or plie.name] = {
            "en parcours": by_status.get("active", 0),
            "suspendus": by_status.get("suspended", 0),
            "sortis": by_status.get("exited", 0),
            "non admis": by_status.get("not_admitted", 0),
            "orientés (en attente)": by_status.get("oriented", 0),
            "parcours": pathways.count(),
            "contacts": Contact.objects.filter(pathway__plie=plie).count(),
            "étapes": Step.objects.filter(pathway__plie=plie).count(),
            "sorties": Exit.objects.filter(pathway__plie=plie).count(),
        }
    return result
