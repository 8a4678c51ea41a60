"""The participant list's filters for its exports: read from the request, stored on a
background run, and applied again when the run executes."""

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import QueryDict

from jalons.core.actor import Actor
from jalons.core.scoping import scope
from jalons.exports.models import ExportRun
from jalons.exports.runs import ExportRefused
from jalons.participants.models import Participant
from jalons.web.participants.filters import ParticipantFilter

SEARCH = "q"
INVALID_AT_RUN = "Les filtres de la liste ne sont plus valides (relancez l'export depuis la liste)."


def list_filter(data: QueryDict, actor: Actor) -> ParticipantFilter:
    """The list's filter over the actor's scope."""
    return ParticipantFilter(data, queryset=scope(Participant.objects.all(), actor), actor=actor)


def problems(participant_filter: ParticipantFilter) -> str:
    return " ".join(
        f"{participant_filter.form.fields[name].label} : {' '.join(errors)}"
        for name, errors in participant_filter.errors.items()
    )


def stored_filters(query: QueryDict) -> dict[str, list[str]]:
    """The list's filters of a query string, without the search (personal data, never
    read from a URL) nor anything the filter ignores (sort, page)."""
    return {
        name: query.getlist(name)
        for name in ParticipantFilter.base_filters
        if name != SEARCH and name in query
    }


def filters_query(query: QueryDict) -> str:
    return urlencode(stored_filters(query), doseq=True)


def run_data(run: ExportRun) -> QueryDict:
    """The filter data of a run: its stored filters, and its search."""
    data = QueryDict(mutable=True)
    for name, values in run.filters.items():
        data.setlist(name, [str(value) for value in values])
    if run.search:
        data[SEARCH] = run.search
    return data


def participants_queryset(run: ExportRun, actor: Actor) -> QuerySet:
    """The participants of a run: its filters re-applied over the requester's scope now."""
    participant_filter = list_filter(run_data(run), actor)
    if not participant_filter.is_valid():
        raise ExportRefused(f"{INVALID_AT_RUN} {problems(participant_filter)}")
    return participant_filter.qs
