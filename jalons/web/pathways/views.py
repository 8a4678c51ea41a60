"""Actions on a pathway: contacts, steps, referent change, suspension, resumption, exit.

Each view reads the pathway through `scope()` (404 when it may not be read), asks the
permission function (403), and hands the write to `jalons.pathways.services`.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from jalons.accounts.models import User
from jalons.core.actor import Actor, actor_of
from jalons.core.permissions import can_manage_pathway, can_record_activity
from jalons.core.scoping import scope
from jalons.organisations.enums import OrganisationKind, Role
from jalons.organisations.models import Membership, Organisation
from jalons.pathways import services
from jalons.pathways.enums import PathwayStatus
from jalons.pathways.models import Pathway, Step
from jalons.pathways.services.errors import BusinessRuleError
from jalons.web.pathways.forms import (
    STEP_FIELD_KINDS,
    STEP_PROVIDER_KINDS,
    ContactForm,
    ExitForm,
    ReferentChangeForm,
    ResumeForm,
    StepForm,
    SuspendForm,
)

Permission = Callable[[Actor, Pathway], bool]
GET_POST = require_http_methods(["GET", "POST"])


def participant_url(pathway: Pathway) -> str:
    return reverse("participants:detail", args=[pathway.participant.uid])


def get_pathway(request: HttpRequest, uid: UUID, allowed: Permission) -> Pathway:
    actor = actor_of(request)
    pathway = get_object_or_404(
        scope(Pathway.objects.select_related("participant", "referent", "plie"), actor), uid=uid
    )
    if not allowed(actor, pathway):
        raise PermissionDenied
    return pathway


def handle(
    request: HttpRequest,
    pathway: Pathway,
    form: forms.Form,
    *,
    template: str,
    title: str,
    save: Callable[[Any], str],
    partial: bool = False,
    unavailable: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The common flow: a valid POST calls `save` (a service call returning the success
    message) then goes back to the participant file; a refused rule is shown in the form."""
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form.cleaned_data)
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, message)
            url = participant_url(pathway)
            if partial and request.htmx:  # type: ignore[attr-defined]
                return HttpResponseClientRedirect(url)
            return redirect(url)
    context = {
        "pathway": pathway,
        "participant": pathway.participant,
        "form": form,
        "page_title": title,
        "back_url": participant_url(pathway),
        "unavailable": unavailable,
        "submit_label": "Enregistrer",
        **(extra or {}),
    }
    if partial and request.htmx:  # type: ignore[attr-defined]
        template += "#form"
    return render(request, template, context)


@GET_POST
def contact_add(request: HttpRequest, pathway_uid: UUID) -> HttpResponse:
    pathway = get_pathway(request, pathway_uid, can_record_activity)
    form = ContactForm(request.POST or None)

    def save(data: dict[str, Any]) -> str:
        services.add_contact(
            pathway,
            on=data["date"],
            kind=data["kind"],
            attendance=data["attendance"],
            notes=data["notes"],
            author=actor_of(request).user,
            today=timezone.localdate(),
        )
        return f"Contact du {data['date']:%d/%m/%Y} enregistré."

    return handle(
        request,
        pathway,
        form,
        template="pathways/contact_form.html",
        title="Ajouter un contact",
        save=save,
        partial=True,
    )


def step_providers(actor: Actor, step: Step | None) -> QuerySet[Organisation]:
    """Active organisations of the actor's PLIE that can deliver a step (and the step's own
    provider, even if since deactivated)."""
    organisations = scope(Organisation.objects.filter(kind__in=STEP_PROVIDER_KINDS), actor)
    if step is not None and step.provider_id:
        return organisations.filter(is_active=True) | organisations.filter(pk=step.provider_id)
    return organisations.filter(is_active=True)


def step_view(request: HttpRequest, pathway: Pathway, step: Step | None) -> HttpResponse:
    actor = actor_of(request)
    form = StepForm(request.POST or None, providers=step_providers(actor, step), step=step)

    def save(data: dict[str, Any]) -> str:
        # The form's fields are save_step's keyword arguments.
        saved = services.save_step(pathway, author=actor.user, step=step, **data)
        verb = "modifiée" if step is not None else "enregistrée"
        return f"Étape « {saved.get_kind_display()} » du {saved.start_date:%d/%m/%Y} {verb}."

    return handle(
        request,
        pathway,
        form,
        template="pathways/step_form.html",
        title="Modifier une étape" if step is not None else "Ajouter une étape",
        save=save,
        partial=True,
        extra={
            "step": step,
            "field_kinds": {
                name: " ".join(sorted(kinds)) for name, kinds in STEP_FIELD_KINDS.items()
            },
        },
    )


@GET_POST
def step_add(request: HttpRequest, pathway_uid: UUID) -> HttpResponse:
    pathway = get_pathway(request, pathway_uid, can_record_activity)
    return step_view(request, pathway, None)


@GET_POST
def step_edit(request: HttpRequest, step_uid: UUID) -> HttpResponse:
    actor = actor_of(request)
    step = get_object_or_404(
        scope(
            Step.objects.select_related(
                "pathway", "pathway__participant", "pathway__referent", "provider"
            ),
            actor,
        ),
        uid=step_uid,
    )
    if not can_record_activity(actor, step.pathway):
        raise PermissionDenied
    return step_view(request, step.pathway, step)


def pathway_advisers(pathway: Pathway) -> QuerySet[User]:
    """Who may become referent: users with an active adviser membership in a provider of the
    pathway's PLIE, with the name of that provider."""
    memberships = Membership.objects.active().filter(
        role=Role.ADVISER,
        organisation__kind=OrganisationKind.PROVIDER,
        organisation__plie_id=pathway.plie_id,
        organisation__is_active=True,
    )
    first_organisation = memberships.filter(user=OuterRef("pk")).order_by("organisation__name")
    advisers = User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))
    if pathway.referent_id is not None:
        advisers = advisers.exclude(pk=pathway.referent_id)
    return advisers.annotate(
        organisation_name=Subquery(first_organisation.values("organisation__name")[:1])
    ).order_by("last_name", "first_name")


@GET_POST
def referent_change(request: HttpRequest, pathway_uid: UUID) -> HttpResponse:
    pathway = get_pathway(request, pathway_uid, can_manage_pathway)
    form = ReferentChangeForm(request.POST or None, advisers=pathway_advisers(pathway))
    current = pathway.assignments.filter(end_date__isnull=True).first()

    def save(data: dict[str, Any]) -> str:
        services.change_referent(
            pathway,
            referent=data["referent"],
            on=data["on"],
            by=actor_of(request).user,
            reason=data["reason"],
        )
        name = data["referent"].get_full_name() or data["referent"].email
        return f"{name} est référent·e du parcours à compter du {data['on']:%d/%m/%Y}."

    return handle(
        request,
        pathway,
        form,
        template="pathways/referent_form.html",
        title="Changer de référent·e",
        save=save,
        unavailable=(
            "" if pathway.is_open else "Ce parcours est terminé : son référent ne change plus."
        ),
        extra={"current_assignment": current, "submit_label": "Changer de référent·e"},
    )


@GET_POST
def suspend(request: HttpRequest, pathway_uid: UUID) -> HttpResponse:
    pathway = get_pathway(request, pathway_uid, can_manage_pathway)
    form = SuspendForm(request.POST or None)

    def save(data: dict[str, Any]) -> str:
        services.suspend_pathway(
            pathway, on=data["on"], reason=data["reason"], by=actor_of(request).user
        )
        return f"Parcours suspendu à compter du {data['on']:%d/%m/%Y}."

    unavailable = ""
    if pathway.status != PathwayStatus.ACTIVE:
        unavailable = (
            "Ce parcours est déjà suspendu."
            if pathway.status == PathwayStatus.SUSPENDED
            else "Ce parcours est terminé : il ne peut plus être suspendu."
        )
    return handle(
        request,
        pathway,
        form,
        template="pathways/status_form.html",
        title="Suspendre le parcours",
        save=save,
        unavailable=unavailable,
        extra={
            "submit_label": "Suspendre le parcours",
            "intro": (
                "Une suspension met le parcours en pause (santé, maternité, incarcération, "
                "formation longue hors PLIE…). Le parcours reste ouvert et pourra être repris."
            ),
        },
    )


@GET_POST
def resume(request: HttpRequest, pathway_uid: UUID) -> HttpResponse:
    pathway = get_pathway(request, pathway_uid, can_manage_pathway)
    form = ResumeForm(request.POST or None)
    suspension = pathway.suspensions.filter(end_date__isnull=True).first()

    def save(data: dict[str, Any]) -> str:
        services.resume_pathway(pathway, on=data["on"], by=actor_of(request).user)
        return f"Parcours repris le {data['on']:%d/%m/%Y}."

    intro = ""
    if suspension is not None:
        since = f"{suspension.start_date:%d/%m/%Y}"
        intro = f"Parcours suspendu depuis le {since} : {suspension.reason}"
    return handle(
        request,
        pathway,
        form,
        template="pathways/status_form.html",
        title="Reprendre le parcours",
        save=save,
        unavailable=(
            ""
            if pathway.status == PathwayStatus.SUSPENDED
            else "Ce parcours n'est pas suspendu : il n'y a rien à reprendre."
        ),
        extra={"submit_label": "Reprendre le parcours", "intro": intro},
    )


@GET_POST
def exit_pathway(request: HttpRequest, pathway_uid: UUID) -> HttpResponse:
    pathway = get_pathway(request, pathway_uid, can_manage_pathway)
    form = ExitForm(request.POST or None)

    def save(data: dict[str, Any]) -> str:
        record = services.record_exit(
            pathway,
            kind=data["kind"],
            on=data["on"],
            reason=data["reason"],
            by=actor_of(request).user,
        )
        return f"Sortie « {record.get_kind_display()} » enregistrée au {record.date:%d/%m/%Y}."

    return handle(
        request,
        pathway,
        form,
        template="pathways/exit_form.html",
        title="Enregistrer une sortie",
        save=save,
        unavailable="" if pathway.is_open else "Ce parcours est déjà terminé.",
        extra={
            "can_add_step": can_record_activity(actor_of(request), pathway),
            "submit_label": "Enregistrer la sortie",
        },
    )
