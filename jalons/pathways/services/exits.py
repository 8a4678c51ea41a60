"""The exit engine applied to recorded steps (exits.md): verdicts, validation, committees.

The rules themselves are pure (`jalons.pathways.rules.exits`); this module feeds them the
steps of pathways, the PLIE's protocol parameters and the SMIC table, and records exits.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.db import transaction
from django.db.models import Q

from jalons.accounts.models import User
from jalons.pathways.enums import ExitSource, PathwayStatus
from jalons.pathways.models import CommitteeDecision, Exit, Pathway, Step
from jalons.pathways.rules.exits import (
    DEFAULT_PARAMETERS,
    KIND_RANK,
    ExitParameters,
    ExitStatus,
    SmicTable,
    StepFact,
    Verdict,
    evaluate_steps,
    verdicts_by_step,
)
from jalons.pathways.services.errors import BusinessRuleError
from jalons.pathways.services.lifecycle import record_exit

# Above this many pathways, their steps are read with a join on the PLIE, not `IN (...)`.
IN_LIST_LIMIT = 2000

STEP_FIELDS = (
    "id",
    "pathway_id",
    "kind",
    "start_date",
    "end_date",
    "monthly_hours",
    "hours_worked",
    "micro_entrepreneur",
    "monthly_income",
)


def smic_table() -> SmicTable:
    from jalons.territory.models import SmicRate

    return SmicTable(SmicRate.objects.values_list("effective_date", "monthly_gross"))


def parameters_for(plie_id: int, as_of: date) -> ExitParameters:
    """The rules of the PLIE's protocol in force on `as_of` (else the latest one before it,
    else the source document's defaults)."""
    from jalons.protocols.models import Protocol

    # Protocols of a PLIE follow each other: the latest one started is the one in force.
    protocol = (
        Protocol.objects.filter(plie_id=plie_id, start_date__lte=as_of)
        .order_by("-start_date")
        .first()
    )
    return protocol.parameters() if protocol else DEFAULT_PARAMETERS


_new, _set = object.__new__, object.__setattr__


def trusted_fact(
    pk: int,
    kind: str,
    start: date,
    end: date | None,
    monthly_hours: Decimal | None,
    hours_worked: Decimal | None,
    micro: bool,
    income: Decimal | None,
) -> StepFact:
    """`fact()` of a row read from the database, without `StepFact`'s checks: its kind is
    known (filtered), it ends after it starts (constraint) and its amounts are Decimal."""
    step = _new(StepFact)
    _set(step, "kind", kind)
    _set(step, "start", start)
    _set(step, "end", end)
    _set(step, "monthly_hours", monthly_hours)
    _set(step, "hours_worked", hours_worked)
    _set(step, "micro_entrepreneur", micro)
    _set(step, "monthly_income", income)
    _set(step, "ref", pk)
    return step


def fact(row: tuple[Any, ...] | Step) -> StepFact:
    if isinstance(row, Step):
        row = tuple(getattr(row, f) for f in STEP_FIELDS)
    pk, _, kind, start, end, monthly_hours, hours_worked, micro, income = row
    return StepFact(
        kind=kind,
        start=start,
        end=end,
        monthly_hours=monthly_hours,
        hours_worked=hours_worked,
        micro_entrepreneur=micro,
        monthly_income=income,
        ref=pk,
    )


def evaluate_pathway(
    pathway: Pathway,
    as_of: date,
    *,
    steps: Iterable[Step] | None = None,
    params: ExitParameters | None = None,
    smic: SmicTable | None = None,
) -> Verdict:
    """The verdict of one pathway's steps as of a date."""
    rows = pathway.steps.all() if steps is None else steps
    return evaluate_steps(
        [fact(s) for s in rows],
        as_of,
        params or parameters_for(pathway.plie_id, as_of),
        smic or smic_table(),
    )


@dataclass(frozen=True)
class Evaluated:
    pathway_id: int
    participant_id: int
    verdict: Verdict


def _qualifying_steps(as_of: date) -> Any:
    """Steps started by `as_of` of the kinds the engine reads (`KIND_RANK`): the others
    never qualify. The default ordering (latest start first) is kept: ties between
    verdicts go to input order."""
    return Step.objects.filter(start_date__lte=as_of, kind__in=list(KIND_RANK)).values_list(
        *STEP_FIELDS
    )


def _read_steps(
    owners: dict[int, int], plie_id: int, as_of: date, *, whole_plie: bool
) -> dict[int, list[StepFact]]:
    """The qualifying steps of the pathways `owners` holds, by pathway (those with none are
    left out), in the default order. When they are many pathways of the PLIE, their steps
    are read with one join on the PLIE rather than with tens of thousands of `IN (...)`
    parameters."""
    by_pathway: dict[int, list[StepFact]] = defaultdict(list)
    if whole_plie:
        queries = [_qualifying_steps(as_of).filter(pathway__plie_id=plie_id)]
    else:
        ids = list(owners)
        queries = [
            _qualifying_steps(as_of).filter(pathway_id__in=ids[i : i + IN_LIST_LIMIT])
            for i in range(0, len(ids), IN_LIST_LIMIT)
        ]
    for rows in queries:
        # Read with a client-side cursor: through a server-side one (`.iterator()`),
        # PostgreSQL plans for the first rows and the read takes twice as long. The
        # steps are all kept until evaluated anyway.
        for pk, pathway_id, kind, start, end, hours, worked, micro, income in rows:
            if pathway_id in owners:
                step = trusted_fact(pk, kind, start, end, hours, worked, micro, income)
                by_pathway[pathway_id].append(step)
    return by_pathway


def _evaluate_owned(
    owners: dict[int, int],
    pathway_ids: Iterable[int],
    plie_id: int,
    as_of: date,
    *,
    whole_plie: bool,
) -> Iterator[Evaluated]:
    """The verdicts of `pathway_ids` (in that order), whose owners are known."""
    params, smic = parameters_for(plie_id, as_of), smic_table()
    by_pathway = _read_steps(owners, plie_id, as_of, whole_plie=whole_plie)
    empty = evaluate_steps((), as_of, params, smic)  # the same verdict for each of them
    for pathway_id in pathway_ids:
        steps = by_pathway.get(pathway_id)
        verdict = evaluate_steps(steps, as_of, params, smic) if steps else empty
        yield Evaluated(pathway_id, owners[pathway_id], verdict)


def evaluate_pathways(pathway_ids: list[int], plie_id: int, as_of: date) -> Iterator[Evaluated]:
    """Bulk evaluation of pathways of the PLIE: one query for their steps."""
    whole_plie = len(pathway_ids) > IN_LIST_LIMIT
    if whole_plie:
        owned = Pathway.objects.filter(plie_id=plie_id).order_by()
    else:
        owned = Pathway.objects.filter(pk__in=pathway_ids).order_by()
    wanted = set(pathway_ids)
    owners = {pk: p for pk, p in owned.values_list("pk", "participant_id") if pk in wanted}
    if len(owners) < len(wanted):  # pathways of another PLIE: read by id
        whole_plie = False
        outside = Pathway.objects.filter(pk__in=wanted - owners.keys()).order_by()
        owners.update(outside.values_list("pk", "participant_id"))
    yield from _evaluate_owned(owners, pathway_ids, plie_id, as_of, whole_plie=whole_plie)


@transaction.atomic
def validate_exits(plie_id: int, as_of: date, *, dry_run: bool = False) -> list[Exit]:
    """Record the positive exits whose validation date has come (idempotent: run daily).

    Open pathways whose steps are positive as of `as_of` are closed with a computed exit
    dated on the validation date and carrying the engine's explanation."""
    open_ids = list(
        Pathway.objects.filter(
            plie_id=plie_id, status__in=[PathwayStatus.ACTIVE, PathwayStatus.SUSPENDED]
        )
        .filter(
            Q(
                steps__kind__in=[
                    "cdi",
                    "cdd",
                    "interim",
                    "formation_qualifiante",
                    "creation_activite",
                ]
            )
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    recorded: list[Exit] = []
    due = [
        e
        for e in evaluate_pathways(open_ids, plie_id, as_of)
        if e.verdict.status is ExitStatus.POSITIVE
    ]
    pathways = Pathway.objects.in_bulk([e.pathway_id for e in due])
    for evaluated in due:
        verdict = evaluated.verdict
        assert verdict.kind is not None and verdict.validated_on is not None
        if dry_run:
            recorded.append(
                Exit(
                    pathway=pathways[evaluated.pathway_id],
                    kind=verdict.kind,
                    date=verdict.validated_on,
                    is_positive=True,
                    source=ExitSource.COMPUTED,
                    explanation=verdict.explanation,
                )
            )
            continue
        recorded.append(
            record_exit(
                pathways[evaluated.pathway_id],
                kind=verdict.kind,
                on=verdict.validated_on,
                reason="",
                by=None,
                source=ExitSource.COMPUTED,
                is_positive=True,
                explanation=verdict.explanation,
            )
        )
    return recorded


@transaction.atomic
def propose_to_committee(
    pathway: Pathway,
    *,
    proposed_on: date,
    proposal: str,
    exit_kind: str,
    exit_date: date,
    counts_as_employment: bool,
    by: User | None,
) -> CommitteeDecision:
    """The operational committee proposes an atypical case to the steering committee."""
    if not pathway.is_open:
        raise BusinessRuleError("Ce parcours est terminé : il ne peut plus être proposé au comité.")
    if not proposal.strip():
        raise BusinessRuleError("Décrivez la situation proposée au Comité de pilotage.")
    if exit_date < pathway.entry_date:
        raise BusinessRuleError("La date de sortie proposée précède l'entrée dans le parcours.")
    if pathway.committee_decisions.filter(status=CommitteeDecision.Status.PROPOSED).exists():
        raise BusinessRuleError("Une proposition est déjà en attente de décision pour ce parcours.")
    return CommitteeDecision.objects.create(
        pathway=pathway,
        proposed_on=proposed_on,
        proposal=proposal.strip(),
        exit_kind=exit_kind,
        exit_date=exit_date,
        counts_as_employment=counts_as_employment,
        proposed_by=by,
    )


@transaction.atomic
def decide_committee(
    decision: CommitteeDecision,
    *,
    accepted: bool,
    decided_on: date,
    justification: str,
    by: User | None,
) -> CommitteeDecision:
    """The steering committee's decision, dated and justified; a positive one closes the
    pathway with an exit shown apart in the reports."""
    decision = CommitteeDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != CommitteeDecision.Status.PROPOSED:
        raise BusinessRuleError("Cette proposition a déjà été décidée.")
    if not justification.strip():
        raise BusinessRuleError("La justification de la décision est obligatoire.")
    if decided_on < decision.proposed_on:
        raise BusinessRuleError("Le Comité de pilotage ne peut décider avant la proposition.")
    decision.status = (
        CommitteeDecision.Status.ACCEPTED if accepted else CommitteeDecision.Status.REJECTED
    )
    decision.decided_on = decided_on
    decision.justification = justification.strip()
    decision.decided_by = by
    decision.save()
    if accepted:
        exit_record = record_exit(
            decision.pathway,
            kind=decision.exit_kind,
            on=decision.exit_date,
            reason=decision.proposal,
            by=by,
            source=ExitSource.COMMITTEE,
            is_positive=True,
            explanation=(
                f"Sortie positive décidée par le Comité de pilotage du {decided_on:%d/%m/%Y} "
                f"sur proposition du Comité opérationnel du {decision.proposed_on:%d/%m/%Y} : "
                f"{decision.justification}"
            ),
        )
        exit_record.committee_decision = decision
        exit_record.save(update_fields=["committee_decision"])
    return decision


def evaluate_participants(plie_id: int, as_of: date) -> Iterator[tuple[str, Verdict]]:
    """Every participant of the PLIE with the verdict of their latest pathway entered by
    `as_of`, in `identifiant` order (participants without one come last, by uid)."""
    from jalons.participants.models import Participant

    latest: dict[int, int] = {}
    for participant_id, pathway_id in (
        Pathway.objects.filter(plie_id=plie_id, entry_date__lte=as_of)
        .order_by("participant_id", "entry_date", "id")
        .values_list("participant_id", "id")
    ):
        latest[participant_id] = pathway_id
    owners = {pathway_id: participant_id for participant_id, pathway_id in latest.items()}
    params, smic = parameters_for(plie_id, as_of), smic_table()
    by_pathway = _read_steps(owners, plie_id, as_of, whole_plie=len(owners) > IN_LIST_LIMIT)
    verdicts = {
        owners[pathway_id]: evaluate_steps(steps, as_of, params, smic)
        for pathway_id, steps in by_pathway.items()
    }
    none = evaluate_steps([], as_of)  # without a step (or a pathway): the same verdict
    people = Participant.objects.filter(plie_id=plie_id).values_list("id", "source_id", "uid")
    # `source_id` is unique in a PLIE (constraint): the uid only orders those without one.
    known: list[tuple[str, int, Any]] = []
    unknown: list[tuple[str, int]] = []
    for pk, source_id, uid in people:
        if source_id is None:
            unknown.append((str(uid), pk))
        else:
            known.append((source_id, pk, uid))
    known.sort(key=itemgetter(0))
    unknown.sort(key=itemgetter(0))
    get = verdicts.get
    for source_id, pk, uid in known:
        yield source_id or str(uid), get(pk, none)
    for identifiant, pk in unknown:
        yield identifiant, get(pk, none)


def exit_outlook(
    pathway: Pathway, steps: list[Step], as_of: date
) -> tuple[Verdict, dict[int, Verdict]]:
    """For the participant file: the pathway's verdict as of `as_of` and each qualifying
    step's own verdict (two queries: the protocol and the SMIC table)."""
    params, smic = parameters_for(pathway.plie_id, as_of), smic_table()
    facts = [fact(s) for s in steps]
    per_step = {
        f.ref: v
        for f, v in verdicts_by_step(facts, as_of, params, smic)
        if v.status is not ExitStatus.NONE
    }
    return evaluate_steps(facts, as_of, params, smic), per_step  # type: ignore[return-value]
