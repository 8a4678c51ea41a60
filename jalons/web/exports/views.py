"""Exports of lists: the participants as a spreadsheet (pathway team, OI controller).

A list of up to `JALONS_EXPORT_INLINE_MAX_ROWS` participants is written and streamed
inside the request. A longer one is prepared by the background worker: the export link
then leads to a page that starts it (a POST: a link or a prefetch never queues a heavy
job), and the run's page follows it and offers the file, to its requester only, for 24 h.
"""

import logging
import weakref
from datetime import timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jalons.core import permissions
from jalons.core.actor import Actor, actor_of
from jalons.exports import runs, storage
from jalons.exports.enums import ExportKind, ExportStatus
from jalons.exports.models import RETENTION, ExportRun
from jalons.participants.exports import participants_xlsx_file
from jalons.web.exports.filters import filters_query, list_filter, problems, stored_filters
from jalons.web.exports.tasks import participants_export_task
from jalons.web.participants.filters import ParticipantFilter, filter_data

logger = logging.getLogger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_RUNS = 10
# A run still queued after this long suggests the worker is not running.
STALLED_AFTER = timedelta(minutes=2)


def _exporter(request: HttpRequest) -> Actor:
    actor = actor_of(request)
    if not permissions.can_export_participants(actor):
        raise PermissionDenied
    return actor


def _invalid(participant_filter: ParticipantFilter) -> HttpResponse:
    # An ignored filter would export more people than the list shows: refuse instead.
    return HttpResponseBadRequest(
        f"Filtres invalides, rien n'a été exporté. {problems(participant_filter)}",
        content_type="text/plain; charset=utf-8",
    )


def _attachment(handle: object, name: str) -> FileResponse:
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)
    # The WSGI server closes the response (and the file) once sent; a response dropped
    # unsent (a test reading the status only) still releases the file.
    weakref.finalize(response, handle.close)  # type: ignore[attr-defined]
    return response


@require_GET
def participants_xlsx(request: HttpRequest) -> HttpResponse | FileResponse:
    """The participant list (same filters as the list page: the search from the session,
    the others from the query string) as XLSX, built in a temporary file by chunks and
    streamed; a list too long for a request gets the page that starts a background run."""
    actor = _exporter(request)
    participant_filter = list_filter(filter_data(request.GET, request), actor)
    if not participant_filter.is_valid():
        return _invalid(participant_filter)
    if runs.exceeds_inline_limit(participant_filter.qs):
        return _large_export_page(request, actor)
    handle, count = participants_xlsx_file(participant_filter.qs)
    # No personal data in logs: who, and how many rows.
    logger.info("participants export: user %s, %d rows", actor.user.pk, count)
    return _attachment(handle, f"participants-{timezone.localdate():%Y-%m-%d}.xlsx")


def _large_export_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    query = filters_query(request.GET)
    list_url = reverse("participants:list")
    recent = ExportRun.objects.filter(
        user=actor.user,
        membership_id__in=[membership.pk for membership in actor.memberships],
        created_at__gte=timezone.now() - RETENTION,
    ).order_by("-created_at", "-id")[:RECENT_RUNS]
    context = {
        "limit": runs.inline_max_rows(),
        "start_url": reverse("exports:participants_start") + (f"?{query}" if query else ""),
        "list_url": list_url + (f"?{query}" if query else ""),
        "recent": recent,
    }
    return render(request, "exports/large.html", context)


@require_POST
def participants_start(request: HttpRequest) -> HttpResponse:
    """Record a background export of the list (filters from the query string, search from
    the session, as the list) and follow it on its page."""
    actor = _exporter(request)
    data = filter_data(request.GET, request)
    participant_filter = list_filter(data, actor)
    if not participant_filter.is_valid():
        return _invalid(participant_filter)
    run = runs.start_export(
        actor, ExportKind.PARTICIPANTS, stored_filters(request.GET), data.get("q", "")
    )
    participants_export_task.enqueue(run.pk)
    logger.info("participants export %s queued: user %s", run.uid, actor.user.pk)
    return redirect("exports:run", uid=run.uid)


def _own_run(request: HttpRequest, uid: UUID) -> ExportRun:
    """A run of the user, asked in one of their current roles; anyone else's is a 404."""
    actor = _exporter(request)
    memberships = [membership.pk for membership in actor.memberships]
    return get_object_or_404(
        ExportRun, uid=uid, user_id=actor.user.pk, membership_id__in=memberships
    )


def _run_context(run: ExportRun) -> dict[str, object]:
    stalled = run.status == ExportStatus.QUEUED and run.created_at < timezone.now() - STALLED_AFTER
    return {"run": run, "stalled": stalled, "list_url": reverse("participants:list")}


@require_GET
def run_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    run = _own_run(request, uid)
    return render(request, "exports/run.html", _run_context(run))


@require_GET
def run_status(request: HttpRequest, uid: UUID) -> HttpResponse:
    """The run's status block, polled by the page (htmx) while the file is prepared."""
    run = _own_run(request, uid)
    return render(request, "exports/run.html#status", _run_context(run))


@require_GET
def run_download(request: HttpRequest, uid: UUID) -> HttpResponse | FileResponse:
    run = _own_run(request, uid)
    handle = storage.open_file(run.file_name) if run.is_ready else None
    if handle is None:
        if run.is_ready:  # the file vanished (deleted by hand): stop offering it
            ExportRun.objects.filter(pk=run.pk).update(file_name="")
        # Not ready, failed or deleted: the run's page says which.
        return redirect("exports:run", uid=run.uid)
    # No personal data in logs: who, and how many rows.
    logger.info(
        "participants export: user %s, %d rows (background run %s)",
        request.user.pk,
        run.rows,
        run.uid,
    )
    assert run.finished_at is not None  # is_ready
    return _attachment(handle, f"participants-{timezone.localdate(run.finished_at):%Y-%m-%d}.xlsx")
