"""Exports of lists: the participants as a spreadsheet (pathway team, OI controller)."""

import logging
import weakref

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.views.decorators.http import require_GET

from jalons.core import permissions
from jalons.core.actor import actor_of
from jalons.core.scoping import scope
from jalons.participants.exports import participants_xlsx_file
from jalons.participants.models import Participant
from jalons.web.participants.filters import ParticipantFilter, filter_data

logger = logging.getLogger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def participants_xlsx(request: HttpRequest) -> HttpResponse | FileResponse:
    """The participant list (same filters as the list page: the search from the session,
    the others from the query string) as XLSX, built in a temporary file by chunks and
    streamed."""
    actor = actor_of(request)
    if not permissions.can_export_participants(actor):
        raise PermissionDenied
    participant_filter = ParticipantFilter(
        filter_data(request.GET, request),
        queryset=scope(Participant.objects.all(), actor),
        actor=actor,
    )
    if not participant_filter.is_valid():
        # An ignored filter would export more people than the list shows: refuse instead.
        problems = " ".join(
            f"{participant_filter.form.fields[name].label} : {' '.join(errors)}"
            for name, errors in participant_filter.errors.items()
        )
        return HttpResponseBadRequest(
            f"Filtres invalides, rien n'a été exporté. {problems}",
            content_type="text/plain; charset=utf-8",
        )
    handle, count = participants_xlsx_file(participant_filter.qs)
    # No personal data in logs: who, and how many rows.
    logger.info("participants export: user %s, %d rows", actor.user.pk, count)
    filename = f"participants-{timezone.localdate():%Y-%m-%d}.xlsx"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
    # The WSGI server closes the response (and the file) once sent; a response dropped
    # unsent (a test reading the status only) still releases the temporary file.
    weakref.finalize(response, handle.close)
    return response
