"""Importing history files: upload and preview, confirm, follow the background run.

Only the PLIE's pathway team (project lead, coordinator) imports, into its own PLIE.
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jalons.core.actor import Actor, actor_of
from jalons.core.scoping import scope
from jalons.imports import participants, runs, steps
from jalons.imports.enums import ImportKind
from jalons.imports.models import ImportRun
from jalons.imports.parsing import ImportFileError
from jalons.web.imports.forms import ImportUploadForm

RECENT_RUNS = 15
SHOWN_ERRORS = 500


def _team_actor(request: HttpRequest) -> Actor:
    actor = actor_of(request)
    if not actor.is_pathway_team or actor.plie is None:
        raise PermissionDenied
    return actor


def _run(actor: Actor, uid: UUID) -> ImportRun:
    queryset = ImportRun.objects.select_related("user", "plie")
    return get_object_or_404(scope(queryset, actor), uid=uid)


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    actor = _team_actor(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        plie = actor.plie
        assert plie is not None  # _team_actor
        try:
            run = runs.create_preview_run(
                plie, form.cleaned_data["kind"], upload_file.read(), upload_file.name, actor.user
            )
        except ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("imports:preview", uid=run.uid)
    runs_of_plie = scope(ImportRun.objects.select_related("user"), actor)
    recent = runs_of_plie.filter(plie_id=actor.plie_id)[:RECENT_RUNS]
    context = {
        "form": form,
        "recent": recent,
        "formats": [
            (ImportKind.PARTICIPANTS.label, participants.COLUMNS),
            (ImportKind.STEPS.label, steps.COLUMNS),
        ],
    }
    return render(request, "imports/upload.html", context)


def _status_context(run: ImportRun) -> dict[str, Any]:
    errors = run.errors or []
    return {
        "run": run,
        "errors": errors[:SHOWN_ERRORS],
        "hidden_errors": max(0, len(errors) - SHOWN_ERRORS),
        "error_lines": len({e["line"] for e in errors}),
        "percent": int(100 * run.processed / run.rows) if run.rows else 0,
    }


@require_GET
def preview(request: HttpRequest, uid: UUID) -> HttpResponse:
    actor = _team_actor(request)
    run = _run(actor, uid)
    context = _status_context(run)
    context["previous"] = runs.previous_import(run)
    return render(request, "imports/preview.html", context)


@require_POST
def confirm(request: HttpRequest, uid: UUID) -> HttpResponse:
    actor = _team_actor(request)
    run = _run(actor, uid)
    if runs.confirm_run(run):
        messages.success(request, "Import lancé : il se poursuit en arrière-plan.")
    elif run.errors:
        messages.error(
            request, "Ce fichier contient des erreurs : corrigez-le et déposez-le à nouveau."
        )
    else:
        messages.info(request, "Cet import a déjà été lancé.")
    return redirect("imports:preview", uid=run.uid)


@require_GET
def status(request: HttpRequest, uid: UUID) -> HttpResponse:
    actor = _team_actor(request)
    run = _run(actor, uid)
    return render(request, "imports/preview.html#status", _status_context(run))
