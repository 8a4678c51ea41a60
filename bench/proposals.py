"""Changes proposed to the owners of other modules, applied in the benchmark process only
(`bench/run.py --proposals`) to measure the figures after them. They return the same
results as the code they replace (the review is compared with the floor, the exit
verdicts are compared here before the patch is kept).

1. `jalons.reports.bilan._profile`: the "repeat" EXISTS is an annotation aggregated 19
   times; PostgreSQL pulls the subquery up and runs one correlated SubPlan per FILTER
   (19 index probes per pathway), and the huge cost estimate turns JIT compilation on
   (1.3 s at 20,000 participants). As a WHERE anti-join it runs once, as a hash anti join.
2. `jalons.pathways.services.exits.evaluate_pathways`: steps are read by chunks of 5,000
   ids (`IN (...)`: 35,000 parameters built and parsed for one PLIE) although only the
   five qualifying kinds matter to the engine (`KIND_RANK`); one join query on the PLIE,
   restricted to those kinds, reads 60 % fewer rows.
3. `jalons.web.participants.filters.ParticipantFilter`: the referent choices are computed
   from every readable participant's current pathway: a scan of the whole pathway table
   (130 ms at 1,000,000 participants, for a coordinator of one PLIE) on every list page.
   The referents of the open pathways of the actor's PLIEs use `pathway_plie_status_idx`.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from jalons.organisations.enums import PrescriberKind
from jalons.pathways.models import Pathway, Step
from jalons.pathways.rules.exits import KIND_RANK, StepFact, evaluate_steps
from jalons.pathways.services import exits as exit_services
from jalons.reports import bilan


def profile(scope: bilan.BilanScope) -> dict[str, Any]:
    """Two aggregate queries: the people (first pathway active in the period, earlier
    ones excluded by an anti-join) and the entries of the period."""
    earlier = Pathway.objects.filter(
        participant_id=OuterRef("participant_id"), entry_date__lt=OuterRef("entry_date"),
        entry_date__lte=scope.end,
    ).filter(Q(exit_date__isnull=True) | Q(exit_date__gte=scope.start))  # fmt: skip
    counts: dict[str, Any] = {
        "accompanied": Count("id"),
        "women": Count("id", filter=Q(snapshot__sex="F")),
        "men": Count("id", filter=Q(snapshot__sex="M")),
        "rsa": Count("id", filter=Q(snapshot__rsa=True)),
        "deld": Count("id", filter=Q(snapshot__deld=True)),
        "rqth": Count("id", filter=Q(snapshot__rqth=True)),
        "qpv": Count("id", filter=Q(snapshot__qpv=True)),
    }
    for key in bilan.QUALIFICATION_KEYS:
        counts[f"q_{key}"] = Count("id", filter=Q(snapshot__qualification_bucket=key))
    for kind in PrescriberKind.values:
        counts[f"p_{kind}"] = Count("id", filter=Q(snapshot__prescriber_kind=kind))
    accompanied = bilan.accompanied_pathways(scope)
    row = accompanied.exclude(Exists(earlier)).aggregate(**counts)
    row["entries"] = accompanied.filter(entry_date__gte=scope.start).count()
    return row


def evaluate_pathways(
    pathway_ids: list[int], plie_id: int, as_of: date
) -> Iterator[exit_services.Evaluated]:
    """Same verdicts: one query for the qualifying steps of the PLIE's pathways."""
    params, smic = exit_services.parameters_for(plie_id, as_of), exit_services.smic_table()
    wanted = set(pathway_ids)
    by_pathway: dict[int, list[StepFact]] = defaultdict(list)
    rows = Step.objects.filter(
        pathway__plie_id=plie_id, pathway__entry_date__lte=as_of, start_date__lte=as_of,
        kind__in=list(KIND_RANK),
    ).values_list(*exit_services.STEP_FIELDS)  # fmt: skip
    for row in rows.iterator(chunk_size=5000):
        if row[1] in wanted:
            by_pathway[row[1]].append(exit_services.fact(row))
    owners = dict(
        Pathway.objects.filter(plie_id=plie_id, entry_date__lte=as_of).values_list(
            "pk", "participant_id"
        )
    )
    for pathway_id in pathway_ids:
        verdict = evaluate_steps(by_pathway.get(pathway_id, ()), as_of, params, smic)
        yield exit_services.Evaluated(pathway_id, owners[pathway_id], verdict)


def patch_referent_choices() -> None:
    from jalons.accounts.models import User
    from jalons.web.participants.filters import ParticipantFilter

    original = ParticipantFilter.__init__

    def init(self: ParticipantFilter, *args: Any, actor: Any, **kwargs: Any) -> None:
        original(self, *args, actor=actor, **kwargs)
        plie_ids = actor.plie_ids or ({actor.plie_id} if actor.plie_id else set())
        followed = Pathway.objects.filter(plie_id__in=plie_ids, status__in=["active", "suspended"])
        if actor.role == "adviser":  # an adviser reads their own caseload and their lots
            followed = followed.filter(Q(referent_id=actor.user.pk) | Q(lot_id__in=actor.lot_ids))
        self.filters["referent"].queryset = User.objects.filter(
            pk__in=followed.values("referent_id")
        ).order_by("last_name", "first_name")

    ParticipantFilter.__init__ = init  # type: ignore[method-assign]


def apply() -> list[str]:
    bilan._profile = profile  # type: ignore[assignment]
    exit_services.evaluate_pathways = evaluate_pathways  # type: ignore[assignment]
    patch_referent_choices()
    return [
        "web.participants.filters: referents of the open pathways of the PLIE",
        "reports.bilan._profile: anti-join",
        "pathways.services.exits.evaluate_pathways: one join, qualifying kinds",
    ]
