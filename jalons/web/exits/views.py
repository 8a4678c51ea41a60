"""Exits: the validated exits of a period (each with why it counts) and the exits pending
validation (spec §3 "Exits", exits.md). Reads only: exits are recorded by the services
(`validate_exits`, `record_exit`, committee decisions)."""

from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jalons.core import permissions
from jalons.core.actor import Actor, actor_of
from jalons.core.permissions import can_see_sensitive
from jalons.core.scoping import scope
from jalons.pathways.enums import ExitSource, StepKind
from jalons.pathways.models import Exit, Pathway, Step
from jalons.pathways.rules.exits import KIND_RANK, ExitStatus
from jalons.pathways.services.exits import Evaluated, evaluate_pathways
from jalons.web.exits.forms import ExitFilterForm

PER_PAGE = 25


def follower(request: HttpRequest) -> Actor:
    actor = actor_of(request)
    if not permissions.can_follow_exits(actor):
        raise PermissionDenied
    return actor


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def why(actor: Actor, exit_record: Exit) -> str:
    """The sentence that says why the exit counts (or does not)."""
    if exit_record.explanation:
        return exit_record.explanation
    if exit_record.source == ExitSource.IMPORTED:
        verdict = "validée" if exit_record.is_positive else "non validée"
        return f"Sortie importée : {verdict} comme sortie positive par le système d'origine."
    participant = exit_record.pathway.participant
    if exit_record.reason and can_see_sensitive(actor, participant):
        return f"Motif : {exit_record.reason}"
    if exit_record.reason:
        return (
            "Sortie saisie par l'équipe ; le motif est réservé au référent et à l'équipe du PLIE."
        )
    return "Sortie saisie par l'équipe."


@require_GET
def exit_list(request: HttpRequest) -> HttpResponse:
    actor = follower(request)
    form = ExitFilterForm(request.GET, actor=actor)
    exits = scope(
        Exit.objects.select_related(
            "pathway__participant__current_pathway", "pathway__referent", "decided_by"
        ).order_by("-date", "-id"),
        actor,
    )
    exits = form.filter(exits) if form.is_valid() else exits.none()
    page = Paginator(exits, PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"exit": e, "participant": e.pathway.participant, "why": why(actor, e)} for e in page]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query_without_page(request),
        "active_tab": "list",
    }
    return render(request, "exits/list.html", context)


def pending_exits(actor: Actor, as_of: Any) -> list[Evaluated]:
    """Open pathways the actor reads whose steps give a pending verdict, soonest first.
    One query for the candidates, then per PLIE one query for all their steps."""
    qualifying = Step.objects.filter(pathway=OuterRef("pk"), kind__in=list(KIND_RANK))
    candidates = scope(Pathway.objects.open(), actor).filter(Exists(qualifying)).order_by()
    by_plie: dict[int, list[int]] = defaultdict(list)
    for pk, plie_id in candidates.values_list("pk", "plie_id"):
        by_plie[plie_id].append(pk)
    found = [
        evaluated
        for plie_id, ids in sorted(by_plie.items())
        for evaluated in evaluate_pathways(ids, plie_id, as_of)
        if evaluated.verdict.status is ExitStatus.PENDING
    ]
    return sorted(found, key=lambda e: (e.verdict.validated_on, e.pathway_id))


@require_GET
def pending(request: HttpRequest) -> HttpResponse:
    actor = follower(request)
    today = timezone.localdate()
    page = Paginator(pending_exits(actor, today), PER_PAGE).get_page(request.GET.get("page"))
    pathways = scope(
        Pathway.objects.select_related("participant", "referent", "lot"), actor
    ).in_bulk([e.pathway_id for e in page])
    rows = []
    for evaluated in page:
        pathway = pathways[evaluated.pathway_id]
        verdict = evaluated.verdict
        rows.append(
            {
                "pathway": pathway,
                "participant": pathway.participant,
                "kind": StepKind(verdict.kind).label if verdict.kind else "",
                "expected_on": verdict.validated_on,
                "days": (verdict.validated_on - today).days if verdict.validated_on else None,
                "explanation": verdict.explanation,
            }
        )
    context = {
        "page": page,
        "rows": rows,
        "today": today,
        "query": query_without_page(request),
        "active_tab": "pending",
    }
    return render(request, "exits/pending.html", context)
