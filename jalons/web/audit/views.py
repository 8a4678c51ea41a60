"""The audit journal (spec §2, §8): who read or changed what, and when, in one's PLIEs.

Entries are django-auditlog `LogEntry` rows; every tenant model stores its PLIE in
`additional_data["plie"]` (`get_additional_data()`), which scopes the journal. Only the
names of changed fields are shown, never their values: the journal must not become a
second copy of the personal data it protects.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.text import capfirst

from jalons.core.actor import actor_of
from jalons.core.permissions import can_read_audit
from jalons.core.scoping import scope
from jalons.organisations.models import Organisation
from jalons.participants.models import Participant
from jalons.web.audit.filters import ACTIONS, AuditFilter

PAGE_SIZE = 50
ACTION_LABELS = {action: (key, label) for key, (action, label) in ACTIONS.items()}
# Bootstrap badge per action (all reach a 4.5:1 contrast).
ACTION_BADGES = {
    "lecture": "text-bg-secondary",
    "creation": "text-bg-success",
    "modification": "text-bg-warning",
    "suppression": "text-bg-danger",
}


@dataclass(frozen=True)
class Row:
    timestamp: datetime
    who: str
    who_email: str
    action: str
    action_label: str
    badge: str
    model_label: str
    object_repr: str
    participant: str
    detail: str
    plie_code: str


def _field_label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        return name


def _detail(entry: LogEntry, model: Any) -> str:
    """Changed field names of an update (their values are deliberately left out)."""
    if entry.action != LogEntry.Action.UPDATE:
        return ""
    labels = []
    for name, change in (entry.changes_dict or {}).items():
        label = _field_label(model, name)
        if isinstance(change, dict) and change.get("type") == "m2m":
            label += " (ajout)" if change.get("operation") == "add" else " (retrait)"
        labels.append(label)
    return capfirst(", ".join(labels)) if labels else ""


def _row(entry: LogEntry, plie_codes: dict[int, str], names: dict[int, str]) -> Row:
    model = entry.content_type.model_class()
    model_label = capfirst(model._meta.verbose_name) if model else entry.content_type.name
    # Models without __str__ are logged as "Suspension object (12)": the label says enough.
    object_repr = entry.object_repr
    if model is not None and object_repr == f"{model.__name__} object ({entry.object_pk})":
        object_repr = ""
    data = entry.additional_data or {}
    participant_id = data.get("participant")
    participant = names.get(participant_id, "") if isinstance(participant_id, int) else ""
    if model is Participant:
        participant = ""
    key, label = ACTION_LABELS.get(entry.action, ("", str(entry.action)))
    actor = entry.actor
    if actor is not None:
        who, email = actor.get_full_name() or actor.email, actor.email
    else:
        who, email = (entry.actor_email or "Système (import, tâche automatique)"), ""
    plie_id = data.get("plie")
    return Row(
        timestamp=entry.timestamp,
        who=who,
        who_email=email,
        action=key,
        action_label=label,
        badge=ACTION_BADGES.get(key, "text-bg-light"),
        model_label=str(model_label),
        object_repr=object_repr,
        participant=participant,
        detail=_detail(entry, model),
        plie_code=plie_codes.get(plie_id, "") if isinstance(plie_id, int) else "",
    )


def _participant_names(entries: list[LogEntry], actor: Any) -> dict[int, str]:
    """Whose file an entry concerns, when the model stores it (`additional_data["participant"]`):
    one query for the whole page."""
    ids = {
        pid
        for entry in entries
        if isinstance(pid := (entry.additional_data or {}).get("participant"), int)
    }
    if not ids:
        return {}
    return {
        p.pk: str(p)
        for p in scope(Participant.objects.filter(pk__in=ids), actor).only(
            "pk", "last_name", "first_name"
        )
    }


def _page_number(value: str | None) -> int:
    try:
        return max(int(value or 1), 1)
    except ValueError:
        return 1


def _page_url(query: QueryDict, page: int) -> str:
    params = query.copy()
    params["page"] = str(page)
    return "?" + params.urlencode()


def audit_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not can_read_audit(actor):
        raise PermissionDenied
    plie_ids = actor.plie_ids or (frozenset({actor.plie_id}) if actor.plie_id else frozenset())
    plies = list(Organisation.objects.filter(pk__in=plie_ids).order_by("code", "name"))
    entries = (
        LogEntry.objects.filter(additional_data__plie__in=sorted(plie_ids))
        .select_related("actor", "content_type")
        .defer("serialized_data", "changes_text")
        .order_by("-timestamp", "-pk")
    )
    filterset = AuditFilter(request.GET or None, entries, plie_ids=plie_ids, plies=plies)
    form = filterset.form
    if filterset.is_bound and not filterset.is_valid():
        for name in form.errors:
            if name in form.fields:
                widget = form.fields[name].widget
                widget.attrs["aria-describedby"] = f"{form[name].auto_id}-erreur"
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
    page = _page_number(request.GET.get("page"))
    offset = (page - 1) * PAGE_SIZE
    # One more row than shown tells whether a next page exists, without counting the
    # whole journal (it grows with every read).
    window = list(filterset.qs[offset : offset + PAGE_SIZE + 1])
    plie_codes = {plie.pk: plie.code or plie.name for plie in plies}
    shown = window[:PAGE_SIZE]
    names = _participant_names(shown, actor)
    rows = [_row(entry, plie_codes, names) for entry in shown]
    return render(
        request,
        "audit/list.html",
        {
            "filterset": filterset,
            "form": form,
            "rows": rows,
            "plies": plies,
            "show_plie": len(plies) > 1,
            "page": page,
            "first_index": offset + 1,
            "last_index": offset + len(rows),
            "previous_url": _page_url(request.GET, page - 1) if page > 1 else "",
            "next_url": _page_url(request.GET, page + 1) if len(window) > PAGE_SIZE else "",
            "is_filtered": any(request.GET.get(name) for name in form.fields),
        },
    )
