"""The participant's timeline: contacts, steps and pathway events, newest first (spec §3).

Other views re-render it after an htmx write:

    from jalons.web.participants.timeline import timeline_context
    return render(request, "participants/detail.html#timeline",
                  timeline_context(request.actor, participant))
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from jalons.core.actor import Actor
from jalons.core.permissions import can_record_activity, can_see_sensitive
from jalons.core.scoping import scope
from jalons.participants.models import Participant
from jalons.pathways.enums import Attendance, PathwayStatus, StepKind
from jalons.pathways.models import Contact, Pathway, ReferentAssignment, Step, Suspension

# Step kinds that tell about health or social difficulties: sensitive readers only (spec §2).
SENSITIVE_STEP_KINDS = frozenset({StepKind.SOCIAL_SUPPORT})

ATTENDANCE_BADGES: dict[str, str] = {
    Attendance.ATTENDED: "text-bg-success",
    Attendance.EXCUSED: "text-bg-warning",
    Attendance.MISSED: "text-bg-danger",
}

# Same-day order, newest first: an exit closes the day, an entry opens it.
RANK_ENTRY, RANK_REFERENT, RANK_SUSPENSION, RANK_STEP, RANK_CONTACT = 0, 1, 2, 3, 4
RANK_RESUMPTION, RANK_EXIT = 5, 9


@dataclass
class TimelineEntry:
    day: date
    rank: int
    kind: str  # "contact", "step" or "event" (CSS: li.tl-contact / tl-step / tl-event)
    icon: str  # a bootstrap-icons name
    title: str
    pathway: Pathway
    order: int = 0
    details: list[str] = field(default_factory=list)  # short facts shown to every reader
    text: str = ""  # free text, already withheld from readers who may not see it
    badge: str = ""
    badge_class: str = "text-bg-light"
    step: Step | None = None
    can_edit: bool = False  # the step's "Modifier" button


def pathways_of(actor: Actor, participant: Participant) -> list[Pathway]:
    """Every pathway of the person (re-entries included), newest first, with what the file
    shows prefetched: a constant number of queries whatever the activity recorded."""
    qs: QuerySet[Pathway] = scope(Pathway.objects.filter(participant=participant), actor)
    return list(
        qs.select_related("lot", "referent", "exit_record", "orientation__prescriber")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.select_related("author")),
            Prefetch("steps", queryset=Step.objects.select_related("provider")),
            Prefetch(
                "assignments",
                queryset=ReferentAssignment.objects.select_related("referent", "assigned_by"),
            ),
            Prefetch("suspensions", queryset=Suspension.objects.all()),
        )
        .order_by("-entry_date", "-pk")
    )


def _name(user: Any) -> str:
    return str(user) if user is not None else "—"


def _hours(value: Any) -> str:
    """120.00 → "120", 151.67 → "151,67"."""
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def _pathway_events(pathway: Pathway, sensitive: bool) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    assignments = sorted(pathway.assignments.all(), key=lambda a: (a.start_date, a.pk))
    first_referent = assignments[0].referent if assignments else pathway.referent
    details = [f"Lot {pathway.lot.code} – {pathway.lot.name}"] if pathway.lot else []
    details.append(f"Référent·e : {_name(first_referent)}")
    entries.append(
        TimelineEntry(
            pathway.entry_date,
            RANK_ENTRY,
            "event",
            "box-arrow-in-right",
            "Entrée dans le parcours",
            pathway,
            details=details,
        )
    )
    for previous, assignment in zip(assignments, assignments[1:], strict=False):
        entries.append(
            TimelineEntry(
                assignment.start_date,
                RANK_REFERENT,
                "event",
                "person-gear",
                "Changement de référent·e",
                pathway,
                order=assignment.pk,
                details=[f"{_name(previous.referent)} → {_name(assignment.referent)}"]
                + ([f"Motif : {assignment.reason}"] if assignment.reason else []),
            )
        )
    for suspension in pathway.suspensions.all():
        entries.append(
            TimelineEntry(
                suspension.start_date,
                RANK_SUSPENSION,
                "event",
                "pause-circle",
                "Parcours suspendu",
                pathway,
                order=suspension.pk,
                text=suspension.reason if sensitive else "",
            )
        )
        closed_by_exit = (
            pathway.status == PathwayStatus.EXITED and suspension.end_date == pathway.exit_date
        )
        if suspension.end_date and not closed_by_exit:
            entries.append(
                TimelineEntry(
                    suspension.end_date,
                    RANK_RESUMPTION,
                    "event",
                    "play-circle",
                    "Reprise du parcours",
                    pathway,
                    order=suspension.pk,
                )
            )
    exit_record = getattr(pathway, "exit_record", None)
    if exit_record is not None:
        entries.append(
            TimelineEntry(
                exit_record.date,
                RANK_EXIT,
                "event",
                "box-arrow-right",
                f"Sortie : {exit_record.get_kind_display()}",
                pathway,
                badge="Sortie positive" if exit_record.is_positive else "",
                badge_class="text-bg-success",
                details=[exit_record.explanation] if exit_record.explanation else [],
                text=exit_record.reason if sensitive else "",
            )
        )
    return entries


def _contact_entry(contact: Contact, pathway: Pathway, sensitive: bool) -> TimelineEntry:
    return TimelineEntry(
        contact.date,
        RANK_CONTACT,
        "contact",
        "chat-left-text",
        contact.get_kind_display(),
        pathway,
        order=contact.pk,
        details=[f"Saisi par {_name(contact.author)}"] if contact.author else [],
        badge=contact.get_attendance_display(),
        badge_class=ATTENDANCE_BADGES.get(contact.attendance, "text-bg-light"),
        text=contact.notes if sensitive else "",
    )


VERDICT_BADGES = {
    "positive": ("Sortie positive", "text-bg-success"),
    "pending": ("En attente de validation", "text-bg-warning"),
    "not_positive": ("Ne compte pas comme sortie positive", "text-bg-secondary"),
}


def _step_entry(
    step: Step, pathway: Pathway, sensitive: bool, can_edit: bool, verdict: Any = None
) -> TimelineEntry:
    title = step.get_kind_display() + (f" — {step.title}" if step.title else "")
    if step.end_date == step.start_date:
        period = f"Le {step.start_date:%d/%m/%Y}"
    elif step.end_date:
        period = f"Du {step.start_date:%d/%m/%Y} au {step.end_date:%d/%m/%Y}"
    else:
        period = f"Depuis le {step.start_date:%d/%m/%Y}"
    details = [period]
    if step.monthly_hours is not None:
        details.append(f"{_hours(step.monthly_hours)} h par mois")
    if step.hours_worked is not None:
        details.append(f"{_hours(step.hours_worked)} h réalisées")
    provider = step.provider.name if step.provider else step.provider_name
    if provider:
        details.append(f"Organisme : {provider}")
    badge, badge_class = step.get_outcome_display(), "text-bg-light border"
    if verdict is not None:
        details.append(verdict.explanation)
        badge, badge_class = VERDICT_BADGES[str(verdict.status)]
    return TimelineEntry(
        step.start_date,
        RANK_STEP,
        "step",
        "flag",
        title,
        pathway,
        order=step.pk,
        details=details,
        badge=badge,
        badge_class=badge_class,
        text=step.notes if sensitive else "",
        step=step,
        can_edit=can_edit,
    )


def build_timeline(
    actor: Actor,
    participant: Participant,
    pathways: list[Pathway],
    step_verdicts: dict[int, Any] | None = None,
) -> list[TimelineEntry]:
    """Merge every pathway's contacts, steps and events, newest first. What a reader may not
    see (notes, reasons, health and social support steps) is left out here, not in the HTML."""
    sensitive = can_see_sensitive(actor, participant)
    entries: list[TimelineEntry] = []
    for pathway in pathways:
        can_edit = can_record_activity(actor, pathway)
        entries.extend(_pathway_events(pathway, sensitive))
        entries.extend(_contact_entry(c, pathway, sensitive) for c in pathway.contacts.all())
        entries.extend(
            _step_entry(s, pathway, sensitive, can_edit, (step_verdicts or {}).get(s.pk))
            for s in pathway.steps.all()
            if sensitive or s.kind not in SENSITIVE_STEP_KINDS
        )
    entries.sort(key=lambda e: (e.day, e.rank, e.order), reverse=True)
    return entries


def timeline_context(actor: Actor, participant: Participant) -> dict[str, Any]:
    """The context of the `participants/detail.html#timeline` partial."""
    return {"timeline": build_timeline(actor, participant, pathways_of(actor, participant))}
