"""Participant screens: the list, the file (fiche) and the identity/situation form."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from jalons.core import permissions
from jalons.core.actor import Actor, actor_of
from jalons.core.audit import log_read
from jalons.core.scoping import scope
from jalons.organisations.enums import Role
from jalons.participants.enums import SENSITIVE_BARRIERS, Barrier
from jalons.participants.models import Participant
from jalons.pathways.enums import PathwayStatus
from jalons.pathways.models import Orientation, Pathway
from jalons.pathways.rules.eligibility import DELD_MONTHS, registration_months
from jalons.pathways.services.exits import exit_outlook
from jalons.web.pagination import DeferredJoinPaginator
from jalons.web.participants.filters import (
    ParticipantFilter,
    filter_data,
    remember_search,
    shows_rsa,
)
from jalons.web.participants.forms import ParticipantForm
from jalons.web.participants.tables import (
    STATUS_BADGES,
    ParticipantTable,
    display_rows,
    headers,
)
from jalons.web.participants.timeline import build_timeline, pathways_of

PER_PAGE = 25
ELIGIBILITY_GROUPS = [
    ("criteria", "Critères publics remplis"),
    ("barriers", "Freins constatés"),
    ("blockers", "Points bloquants"),
    ("warnings", "Points d'attention"),
]


def readable_participant(actor: Actor, uid: UUID) -> Participant:
    """The participant `uid` if the actor may open the file, else 404. Prescribers follow
    their orientations, not files: they never open one."""
    if actor.role == Role.PRESCRIBER:
        raise Http404
    qs = Participant.objects.select_related(
        "plie",
        "commune__bassin",
        "qpv_zone",
        "current_pathway__referent",
        "current_pathway__lot",
    )
    return get_object_or_404(scope(qs, actor), uid=uid)


# The list's filters that may travel in the URL: everything but the free-text search.
URL_FILTERS = [name for name in ParticipantFilter.base_filters if name != "q"] + ["sort"]
RESET_PARAM = "reinitialiser"


def _url_query(source: QueryDict) -> QueryDict:
    """The non-empty URL filters (and sort) of `source`: never the search, never a token."""
    query = QueryDict(mutable=True)
    for name in URL_FILTERS:
        value = source.get(name, "")
        if value:
            query[name] = value
    return query


def _list_url(query: QueryDict) -> str:
    url = reverse("participants:list")
    return f"{url}?{query.urlencode()}" if query else url


@require_http_methods(["GET", "POST"])
def participant_list(request: HttpRequest) -> HttpResponse:
    """The list. The search text is personal data: it is posted (never in the URL), kept in
    the session and applied from there; the other filters stay in the query string."""
    actor = actor_of(request)
    if not permissions.can_list_participants(actor):
        raise PermissionDenied
    htmx = getattr(request, "htmx", None)
    if request.method == "POST":
        remember_search(request, request.POST.get("q", ""))
        query = _url_query(request.POST)
        if not htmx:
            return redirect(_list_url(query))  # Post/Redirect/Get
        partial = True
    else:
        if RESET_PARAM in request.GET:
            remember_search(request, "")
            return redirect("participants:list")
        query = request.GET.copy()
        query.pop("q", None)  # the search comes from the session only
        partial = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    # The table (sort, page) and its links read the request's query: never the search.
    request.GET = QueryDict(query.urlencode())
    queryset = scope(
        Participant.objects.select_related(
            "plie", "commune", "current_pathway__referent", "current_pathway__lot"
        ).order_by("last_name", "first_name", "pk"),
        actor,
    )
    participant_filter = ParticipantFilter(
        filter_data(query, request), queryset=queryset, actor=actor
    )
    table = ParticipantTable(
        participant_filter.qs, actor=actor, exclude=() if shows_rsa(actor) else ("rsa",)
    )
    RequestConfig(
        request, paginate={"per_page": PER_PAGE, "paginator_class": DeferredJoinPaginator}
    ).configure(table)
    can_export = permissions.can_export_participants(actor)
    context = {
        "filter": participant_filter,
        "table": table,
        # The page is rendered from these, not by django-tables2 (see `tables.py`).
        "headers": headers(table),
        "rows": display_rows(table),
        "sort": query.get("sort", ""),
        "reset_url": f"{reverse('participants:list')}?{RESET_PARAM}=1",
        "export_query": query.urlencode() if can_export else "",
        "can_export": can_export,
    }
    template = "participants/list.html#results" if partial else "participants/list.html"
    response = render(request, template, context)
    if request.method == "POST":
        response["HX-Push-Url"] = _list_url(query)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _masked_nir(nir: str) -> str:
    return "•" * (len(nir) - 4) + nir[-4:] if len(nir) > 4 else nir


def _eligibility(pathway: Pathway | None) -> list[tuple[str, list[dict[str, str]]]]:
    record = (pathway.eligibility if pathway else None) or {}
    groups = []
    for key, title in ELIGIBILITY_GROUPS:
        items = [
            {"label": str(i.get("label", "")), "reason": str(i.get("reason", ""))}
            for i in record.get(key, [])
            if isinstance(i, dict)
        ]
        groups.append((title, items))
    return groups


def _situation(participant: Participant, sensitive: bool, today: Any) -> dict[str, Any]:
    deld_months = registration_months(
        participant.france_travail_registered, participant.job_seeker_since, today
    )
    barriers = [
        {"label": Barrier(code).label, "sensitive": code in SENSITIVE_BARRIERS}
        for code in participant.barriers or []
        if code in Barrier.values and (sensitive or code not in SENSITIVE_BARRIERS)
    ]
    return {
        "deld": deld_months is not None and deld_months >= DELD_MONTHS,
        "deld_months": deld_months,
        "barriers": barriers,
    }


@require_GET
def participant_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    actor = actor_of(request)
    participant = readable_participant(actor, uid)
    log_read(participant)
    today = timezone.localdate()
    sensitive = permissions.can_see_sensitive(actor, participant)
    pathways = pathways_of(actor, participant)
    current = next((p for p in pathways if p.pk == participant.current_pathway_id), None)
    orientations = scope(
        Orientation.objects.filter(participant=participant).select_related("prescriber"), actor
    ).order_by("-submitted_on", "-pk")
    open_suspension = None
    if current is not None:
        open_suspension = next((s for s in current.suspensions.all() if s.end_date is None), None)
    verdict, step_verdicts = None, {}  # type: ignore[var-annotated]
    if current is not None and current.is_open:
        verdict, step_verdicts = exit_outlook(current, list(current.steps.all()), today)
    context = {
        "participant": participant,
        "verdict": verdict,
        "status_class": STATUS_BADGES.get(participant.status, "text-bg-light"),
        "age": participant.age_on(today),
        "sensitive": sensitive,
        "nir_masked": _masked_nir(participant.nir) if sensitive else "",
        "situation": _situation(participant, sensitive, today),
        "current": current,
        "previous_pathways": [p for p in pathways if p is not current],
        "open_suspension": open_suspension,
        "past_planned_end": bool(current and current.is_open and current.planned_end_date < today),
        "eligibility": _eligibility(current) if sensitive else [],
        "assignments": list(current.assignments.all()) if current else [],
        "orientations": list(orientations),
        "timeline": build_timeline(actor, participant, pathways, step_verdicts),
        "can_edit": permissions.can_edit_participant(actor, participant),
        "can_record": bool(current and permissions.can_record_activity(actor, current)),
        "can_manage": bool(
            current and current.is_open and permissions.can_manage_pathway(actor, current)
        ),
        "can_propose": bool(current and permissions.can_propose(actor, current)),
        "is_active": bool(current and current.status == PathwayStatus.ACTIVE),
        "is_suspended": bool(current and current.status == PathwayStatus.SUSPENDED),
    }
    return render(request, "participants/detail.html", context)


@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, uid: UUID) -> HttpResponse:
    actor = actor_of(request)
    participant = readable_participant(actor, uid)
    if not permissions.can_edit_participant(actor, participant):
        raise PermissionDenied
    name = str(participant)  # the form may change the instance before it is found invalid
    data = request.POST if request.method == "POST" else None
    form = ParticipantForm(data, instance=participant)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"La fiche de {participant} a été mise à jour.")
        return redirect("participants:detail", uid=participant.uid)
    if request.method == "GET":
        log_read(participant)  # the form shows the whole file, sensitive data included
    readable = (
        set(
            scope(
                Participant.objects.filter(pk__in=[d.pk for d in form.duplicates]), actor
            ).values_list("pk", flat=True)
        )
        if form.duplicates
        else set()
    )
    duplicates = [{"participant": d, "readable": d.pk in readable} for d in form.duplicates]
    return render(
        request,
        "participants/edit.html",
        {"participant": participant, "name": name, "form": form, "duplicates": duplicates},
    )
