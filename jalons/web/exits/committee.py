"""The committee workflow (exits.md "Committee decisions"): the operational committee
proposes a case outside the rules, the steering committee decides it, dated and justified.

A decision is identified by its pathway: the pathway's pending proposal (at most one)."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from jalons.core import permissions
from jalons.core.actor import actor_of
from jalons.core.permissions import can_manage_pathway
from jalons.core.scoping import scope
from jalons.pathways.models import CommitteeDecision, Pathway
from jalons.pathways.services.errors import BusinessRuleError
from jalons.pathways.services.exits import decide_committee, propose_to_committee
from jalons.web.exits.forms import DecisionForm, ProposalForm
from jalons.web.exits.views import PER_PAGE, follower, query_without_page

STATUS_FILTERS = [("", "Toutes"), *CommitteeDecision.Status.choices]
PROPOSED = CommitteeDecision.Status.PROPOSED


@require_GET
def committee(request: HttpRequest) -> HttpResponse:
    """Proposals waiting for the steering committee first, then the decisions."""
    actor = follower(request)
    status = request.GET.get("statut", "")
    decisions = (
        scope(
            CommitteeDecision.objects.select_related(
                "pathway__participant__current_pathway",
                "pathway__plie",
                "proposed_by",
                "decided_by",
            ),
            actor,
        )
        .annotate(
            waiting=Case(
                When(status=PROPOSED, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("waiting", "-proposed_on", "-id")
    )
    if status in CommitteeDecision.Status.values:
        decisions = decisions.filter(status=status)
    else:
        status = ""
    page = Paginator(decisions, PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "decision": d,
            "participant": d.pathway.participant,
            "can_decide": d.status == PROPOSED and can_manage_pathway(actor, d.pathway),
            # The situation proposed and the justification tell about the person: the
            # referent, the pathway team and the OI only (as exit reasons, spec §2).
            "sensitive": permissions.can_see_sensitive(actor, d.pathway.participant),
        }
        for d in page
    ]
    context = {
        "page": page,
        "rows": rows,
        "status": status,
        "statuses": STATUS_FILTERS,
        "query": query_without_page(request),
        "active_tab": "committee",
    }
    return render(request, "exits/committee.html", context)


def readable_pathway(request: HttpRequest, uid: UUID) -> Pathway:
    return get_object_or_404(
        scope(Pathway.objects.select_related("participant", "referent", "plie"), actor_of(request)),
        uid=uid,
    )


@require_http_methods(["GET", "POST"])
def committee_propose(request: HttpRequest, pathway_uid: UUID) -> HttpResponse:
    pathway = readable_pathway(request, pathway_uid)
    if not permissions.can_propose(actor_of(request), pathway):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, pathway=pathway)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            propose_to_committee(
                pathway,
                proposed_on=data["proposed_on"],
                proposal=data["proposal"],
                exit_kind=data["exit_kind"],
                exit_date=data["exit_date"],
                counts_as_employment=data["counts_as_employment"],
                by=request.user,  # type: ignore[arg-type]
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"La situation de {pathway.participant} est proposée au Comité de pilotage.",
            )
            return redirect("exits:committee")
    unavailable = ""
    if not pathway.is_open:
        unavailable = "Ce parcours est terminé : il ne peut plus être proposé au comité."
    elif pathway.committee_decisions.filter(status=PROPOSED).exists():
        unavailable = "Une proposition est déjà en attente de décision pour ce parcours."
    context = {
        "pathway": pathway,
        "participant": pathway.participant,
        "form": form,
        "decision": None,
        "unavailable": unavailable,
        "page_title": "Proposer au Comité de pilotage",
        "submit_label": "Proposer au comité",
        "back_url": reverse("participants:detail", args=[pathway.participant.uid]),
    }
    return render(request, "exits/committee_form.html", context)


@require_http_methods(["GET", "POST"])
def committee_decide(request: HttpRequest, pathway_uid: UUID) -> HttpResponse:
    pathway = readable_pathway(request, pathway_uid)
    if not can_manage_pathway(actor_of(request), pathway):
        raise PermissionDenied
    decision = (
        pathway.committee_decisions.filter(status=PROPOSED).select_related("proposed_by").first()
    )
    if decision is None:
        raise Http404("Aucune proposition en attente de décision pour ce parcours.")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        accepted = data["decision"] == CommitteeDecision.Status.ACCEPTED
        try:
            decide_committee(
                decision,
                accepted=accepted,
                decided_on=data["decided_on"],
                justification=data["justification"],
                by=request.user,  # type: ignore[arg-type]
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            outcome = "sortie positive enregistrée" if accepted else "proposition refusée"
            messages.success(
                request, f"Décision du Comité de pilotage pour {pathway.participant} : {outcome}."
            )
            return redirect("exits:committee")
    context = {
        "pathway": pathway,
        "participant": pathway.participant,
        "form": form,
        "decision": decision,
        "unavailable": "",
        "page_title": "Décision du Comité de pilotage",
        "submit_label": "Enregistrer la décision",
        "back_url": reverse("exits:committee"),
    }
    return render(request, "exits/committee_form.html", context)
