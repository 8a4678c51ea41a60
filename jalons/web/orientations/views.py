"""Orientation screens (spec §3): the list, the screening page and the entry decisions."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from jalons.core import permissions
from jalons.core.actor import Actor, actor_of
from jalons.core.audit import log_read
from jalons.core.scoping import scope
from jalons.organisations.enums import Role
from jalons.participants.enums import SENSITIVE_BARRIERS
from jalons.participants.models import Participant
from jalons.participants.services import probable_duplicates
from jalons.pathways import services
from jalons.pathways.enums import OrientationStatus
from jalons.pathways.models import Orientation, Pathway
from jalons.pathways.services.errors import BusinessRuleError
from jalons.web.orientations.forms import AcceptForm, RefuseForm, WithdrawForm
from jalons.web.orientations.queries import (
    LIST_ROLES,
    lot_choices,
    readable_orientations,
    referent_choices,
    with_list_columns,
)
from jalons.web.orientations.screening import screen_view
from jalons.web.search import remember_search, remembered_search

PAGE_SIZE = 50
STATUS_TABS = [
    ("", "Toutes"),
    (OrientationStatus.PROPOSED, "En attente de décision"),
    (OrientationStatus.ACCEPTED, "Acceptées"),
    (OrientationStatus.REFUSED, "Refusées"),
    (OrientationStatus.WITHDRAWN, "Retirées"),
]


SEARCH_KEY = "orientations_search"


@require_http_methods(["GET", "POST"])
def orientation_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor.role not in LIST_ROLES:
        raise PermissionDenied
    if request.method == "POST":
        # The search (a name) is kept in the session, never in the URL (see web/search.py).
        remember_search(request, SEARCH_KEY, request.POST.get("q", ""))
        status = request.POST.get("statut", "")
        url = reverse("orientations:list")
        return redirect(f"{url}?statut={status}" if status in OrientationStatus.values else url)
    base = readable_orientations(actor)
    counts = dict(base.order_by().values_list("status").annotate(n=Count("pk")))
    status = request.GET.get("statut", "")
    if status not in OrientationStatus.values:
        status = ""
    query = remembered_search(request, SEARCH_KEY)
    rows = with_list_columns(base)
    if status:
        rows = rows.filter(status=status)
    if query:
        rows = rows.filter(participant__in=Participant.objects.search(query))
    # What is to decide comes first, oldest first; then the rest, most recent first.
    rows = rows.annotate(
        pending=Case(
            When(status=OrientationStatus.PROPOSED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        pending_on=Case(When(status=OrientationStatus.PROPOSED, then=F("submitted_on"))),
    ).order_by("pending", F("pending_on").asc(nulls_last=True), "-submitted_on", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [
        {
            "value": value,
            "label": label,
            "count": sum(counts.values()) if not value else counts.get(value, 0),
            "active": value == status,
        }
        for value, label in STATUS_TABS
    ]
    return render(
        request,
        "orientations/list.html",
        {
            "page": page,
            "tabs": tabs,
            "status": status,
            "query": query,
            "is_team": actor.is_pathway_team,
            "is_prescriber": actor.role == Role.PRESCRIBER,
            "can_submit": permissions.can_submit_orientation(actor),
            "to_decide": counts.get(OrientationStatus.PROPOSED, 0),
        },
    )


def _orientation(actor: Actor, uid: Any) -> Orientation:
    return get_object_or_404(
        readable_orientations(actor).select_related(
            "participant__commune",
            "participant__plie",
            "participant__current_pathway__referent",
            "prescriber",
            "submitted_by",
            "decided_by",
        ),
        uid=uid,
    )


def _accepted_pathway(orientation: Orientation) -> Pathway | None:
    if orientation.status != OrientationStatus.ACCEPTED:
        return None
    return Pathway.objects.filter(orientation=orientation).select_related("referent", "lot").first()


def _reads_screening(actor: Actor) -> bool:
    """The screening (situation, criteria, other people) is for the PLIE's pathway team and
    the OI controller; the sender of an orientation sees its status only."""
    return actor.is_pathway_team or actor.role == Role.OI_CONTROLLER


def _decision_forms(
    actor: Actor, orientation: Orientation, needs_override: bool, bound: dict[str, Any]
) -> dict[str, Any]:
    """The decision forms the actor may use (None for the others); `bound` ones are kept."""
    forms: dict[str, Any] = {"accept_form": None, "refuse_form": None, "withdraw_form": None}
    if permissions.can_decide_orientation(actor, orientation):
        forms["accept_form"] = bound.get("accept_form") or AcceptForm(
            referents=referent_choices(actor),
            lots=lot_choices(actor),
            needs_override=needs_override,
            submitted_on=orientation.submitted_on,
        )
        forms["refuse_form"] = bound.get("refuse_form") or RefuseForm()
    if permissions.can_withdraw_orientation(actor, orientation):
        forms["withdraw_form"] = bound.get("withdraw_form") or WithdrawForm()
    return forms


def render_orientation(
    request: HttpRequest, orientation: Orientation, **bound_forms: Any
) -> HttpResponse:
    """The screening page (team, OI) or the status page (the sender), with any bound form."""
    actor = actor_of(request)
    pathway = _accepted_pathway(orientation)
    participant = orientation.participant
    if not (_reads_screening(actor) and permissions.can_see_sensitive(actor, participant)):
        forms = _decision_forms(actor, orientation, False, bound_forms)
        return render(
            request,
            "orientations/status.html",
            {"orientation": orientation, "participant": participant, "pathway": pathway, **forms},
        )
    log_read(participant)
    screen = screen_view(orientation, timezone.localdate(), pathway)
    forms = _decision_forms(actor, orientation, screen.needs_override, bound_forms)
    duplicates = scope(
        probable_duplicates(
            plie_id=participant.plie_id,
            last_name=participant.last_name,
            first_name=participant.first_name,
            birth_date=participant.birth_date,
            france_travail_id=participant.france_travail_id,
            nir=participant.nir,
            exclude_pk=participant.pk,
        ),
        actor,
    )
    return render(
        request,
        "orientations/detail.html",
        {
            "orientation": orientation,
            "participant": participant,
            "pathway": pathway,
            "screen": screen,
            "duplicates": list(duplicates),
            "sensitive_barriers": [str(code) for code in SENSITIVE_BARRIERS],
            "age": participant.age_on(timezone.localdate()),
            "benefits": ", ".join(
                name
                for name, held in (
                    ("RSA", participant.rsa),
                    ("ASS", participant.ass),
                    ("AAH", participant.aah),
                    ("RQTH", participant.rqth),
                )
                if held
            ),
            **forms,
        },
    )


@require_GET
def orientation_detail(request: HttpRequest, uid: Any) -> HttpResponse:
    return render_orientation(request, _orientation(actor_of(request), uid))


def _for_decision(request: HttpRequest, uid: Any, allowed: Any) -> Orientation | HttpResponse:
    """The orientation if `allowed`; a decided one sends its team back to its page."""
    actor = actor_of(request)
    orientation = _orientation(actor, uid)
    if allowed(actor, orientation):
        return orientation
    if orientation.status != OrientationStatus.PROPOSED and (
        actor.is_pathway_team or actor.role == Role.PRESCRIBER
    ):
        messages.info(request, "Cette orientation a déjà été traitée.")
        return redirect("orientations:detail", uid=orientation.uid)
    raise PermissionDenied


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, uid: Any) -> HttpResponse:
    orientation = _for_decision(request, uid, permissions.can_decide_orientation)
    if isinstance(orientation, HttpResponse):
        return orientation
    if request.method == "GET":
        return render_orientation(request, orientation)
    actor = actor_of(request)
    screen = screen_view(orientation, timezone.localdate())
    form = AcceptForm(
        request.POST,
        referents=referent_choices(actor),
        lots=lot_choices(actor),
        needs_override=screen.needs_override,
        submitted_on=orientation.submitted_on,
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            pathway = services.accept_orientation(
                orientation,
                decided_by=actor.user,
                entry_date=data["entry_date"],  # type: ignore[arg-type]
                referent=data["referent"].user,
                lot=data["lot"],
                override_justification=data["justification"],
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            participant = orientation.participant
            messages.success(
                request,
                f"Entrée de {participant.full_name} dans le PLIE le "
                f"{pathway.entry_date:%d/%m/%Y}, référent·e : {pathway.referent}.",
            )
            return redirect(reverse("participants:detail", kwargs={"uid": participant.uid}))
    return render_orientation(request, orientation, accept_form=form)


@require_http_methods(["GET", "POST"])
def refuse(request: HttpRequest, uid: Any) -> HttpResponse:
    orientation = _for_decision(request, uid, permissions.can_decide_orientation)
    if isinstance(orientation, HttpResponse):
        return orientation
    if request.method == "GET":
        return render_orientation(request, orientation)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.refuse_orientation(
                orientation,
                decided_by=actor_of(request).user,
                reason=form.cleaned_data["reason"],  # type: ignore[arg-type]
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "L'orientation est refusée ; le prescripteur voit le motif.")
            return redirect("orientations:detail", uid=orientation.uid)
    return render_orientation(request, orientation, refuse_form=form)


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, uid: Any) -> HttpResponse:
    orientation = _for_decision(request, uid, permissions.can_withdraw_orientation)
    if isinstance(orientation, HttpResponse):
        return orientation
    if request.method == "GET":
        return render_orientation(request, orientation)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_orientation(
                orientation,
                by=actor_of(request).user,
                reason=form.cleaned_data["reason"],  # type: ignore[arg-type]
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "L'orientation est retirée.")
            return redirect("orientations:detail", uid=orientation.uid)
    return render_orientation(request, orientation, withdraw_form=form)
