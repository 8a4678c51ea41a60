"""Seeds a whole demonstration (organisations, accounts, two years of pathways) in one
transaction; the same seed gives the same people (see `jalons.demo.builder`)."""

import random
from collections import defaultdict
from datetime import date

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
from jalons.pathways.services.exits import validate_exits
from jalons.protocols.services import install_protocols, load_protocol_file
from jalons.territory.models import Qpv

DEFAULT_SEED = 2021
EXITED_SHARE = 0.3  # exited pathways of the last two years, per active participant
VALIDATED_SHARE = 0.22  # open pathways whose steps are already a validated positive exit


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


def _protocols(plie: Organisation, today: date) -> None:
    """The source document's protocols, and one for the demo's own years: its targets are
    those of 2018–2022, which the document gives, carried over (an assumption, said so)."""
    protocols = load_protocol_file("pays_daix.json")
    current = dict(protocols[-1])
    start_year = today.year - 2
    current.update(
        name=f"Protocole {start_year}–{start_year + 4} (objectifs 2018–2022 reconduits)",
        start=f"{start_year}-01-01",
        end=f"{start_year + 4}-12-31",
    )
    install_protocols(plie, [*protocols, current])


@transaction.atomic
def seed(participants: int, seed: int = DEFAULT_SEED) -> dict[str, dict[str, int]]:
    """Build the demonstration; returns the counts to report."""
    rng = random.Random(seed)
    today = timezone.localdate()
    structure = build_structure(today)
    _protocols(structure.aix, today)
    aix, edb = _setups(rng, structure)
    builder = Builder(rng, today, structure.providers)
    # About a fifth of the pathways opened reach a positive exit that `validate_exits`
    # records below: open more, so that about `participants` remain in pathway.
    opened = round(participants / (1 - VALIDATED_SHARE))
    builder.add_pathways(aix, open_count=opened, exited_count=round(participants * EXITED_SHARE))
    builder.add_refused(aix, max(2, participants // 100))
    small = max(5, participants // 50)
    builder.add_pathways(edb, open_count=small, exited_count=max(1, small // 4))
    builder.population.save()
    RecentActivity(rng, today, structure, aix, edb).run(proposed=max(3, participants // 50))
    # What the daily `validate_exits` would have recorded: the exits whose date has come.
    for plie in (structure.aix, structure.edb):
        validate_exits(plie.pk, today)
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
