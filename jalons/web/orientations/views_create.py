"""Orienting a person (spec §3 "Orientation", "Duplicates"): the form, then the service."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from jalons.core import permissions
from jalons.core.actor import actor_of
from jalons.core.scoping import scope
from jalons.organisations.enums import Role
from jalons.participants.models import Participant
from jalons.participants.services import probable_duplicates
from jalons.pathways import services
from jalons.pathways.services.errors import BusinessRuleError
from jalons.web.orientations.forms import OrientationForm
from jalons.web.orientations.queries import prescriber_organisations

NEW_PERSON = "new"


@require_http_methods(["GET", "POST"])
def orientation_create(request: HttpRequest) -> HttpResponse:
    """Prescribers, the pathway team and advisers orient a person to the PLIE.

    Only the pathway team is shown probable duplicates (it reads every participant of the
    PLIE) and chooses between the known person and a new record. A prescriber or an adviser
    must not learn about other people: their orientation always creates a new record, and
    the team's screening page shows the probable duplicates."""
    actor = actor_of(request)
    if not permissions.can_submit_orientation(actor):
        raise PermissionDenied
    form = OrientationForm(
        request.POST or None,
        actor=actor,
        prescribers=[] if actor.role == Role.PRESCRIBER else prescriber_organisations(actor),
    )
    duplicates: list[Participant] = []
    duplicate_error = ""
    if request.method == "POST" and form.is_valid():
        person = form.instance
        if actor.is_pathway_team:
            duplicates = list(
                scope(
                    probable_duplicates(
                        plie_id=actor.plie_id,  # type: ignore[arg-type]
                        last_name=person.last_name,
                        first_name=person.first_name,
                        birth_date=person.birth_date,
                        france_travail_id=person.france_travail_id,
                    ),
                    actor,
                )
            )
        choice = request.POST.get("duplicate", "")
        known = {str(p.uid): p for p in duplicates}
        if duplicates and choice not in known and choice != NEW_PERSON:
            if choice:
                duplicate_error = (
                    "Choisissez l'une des personnes proposées ou « personne différente »."
                )
            else:
                duplicate_error = (
                    "Cette personne est peut-être déjà connue du PLIE : indiquez s'il s'agit de "
                    "l'une d'elles avant d'enregistrer."
                )
        else:
            participant = known.get(choice, person)
            response = _submit(request, form, participant)
            if response is not None:
                return response
    return render(
        request,
        "orientations/create.html",
        {
            "form": form,
            "duplicates": duplicates,
            "duplicate_error": duplicate_error,
            "chosen_duplicate": request.POST.get("duplicate", ""),
            "is_prescriber": actor.role == Role.PRESCRIBER,
            "organisation": actor.organisation,
        },
    )


def _submit(request: HttpRequest, form: OrientationForm, participant: Participant) -> Any:
    """Submit through the service; None (and the error on the form) when a rule refuses."""
    actor = actor_of(request)
    prescriber, kind = form.prescriber()
    is_new = participant.pk is None
    try:
        orientation = services.submit_orientation(
            plie=actor.plie,  # type: ignore[arg-type]
            participant=participant,
            prescriber=prescriber,
            prescriber_kind=kind,
            reasons=form.cleaned_data["reasons"],
            submitted_by=request.user,  # type: ignore[arg-type]
        )
    except BusinessRuleError as error:
        if is_new:
            participant.pk = None  # the transaction rolled back: nothing was saved
        form.add_error(None, error.message)
        return None
    except ValidationError as error:
        if is_new:
            participant.pk = None
        form.add_error(None, " ".join(error.messages))
        return None
    name = orientation.participant.full_name
    if is_new:
        messages.success(request, f"L'orientation de {name} est transmise au PLIE.")
    else:
        messages.success(
            request,
            f"L'orientation est rattachée à la fiche existante de {name} ; les informations "
            "saisies ne modifient pas cette fiche.",
        )
    if not actor.is_pathway_team:
        # A warning (e.g. not registered at France Travail) never blocks an orientation.
        for warning in services.screen_participant(
            orientation.participant, timezone.localdate()
        ).warnings:
            messages.warning(request, warning.label)
    return redirect("orientations:detail", uid=orientation.uid)
