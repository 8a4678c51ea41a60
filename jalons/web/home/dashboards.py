"""What each role's home page shows (spec §2, §3 alerts, §4 activity), all through `scope()`.

Each builder returns the template context; its queries do not grow with the number of rows.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, Q, When

from jalons.core.actor import Actor
from jalons.core.scoping import scope
from jalons.organisations.models import Organisation
from jalons.participants.models import Participant
from jalons.pathways.enums import OPEN_PATHWAY_STATUSES, OrientationStatus
from jalons.pathways.models import Pathway
from jalons.pathways.querysets import no_contact_q, past_planned_end_q
from jalons.web.orientations.queries import readable_orientations, with_list_columns

FIRST_ALERTS = 5
OLDEST_TO_DECIDE = 10
RECENT_ORIENTATIONS = 10


def _year(today: date) -> tuple[date, date]:
    return date(today.year, 1, 1), date(today.year, 12, 31)


def _no_contact_days() -> int:
    return settings.JALONS_NO_CONTACT_ALERT_DAYS


def adviser(actor: Actor, today: date) -> dict[str, Any]:
    """ "Mon portefeuille": the adviser's open pathways, alerts first, and their pending
    self-referrals."""
    days = _no_contact_days()
    pathways = list(
        scope(Pathway.objects.open().filter(referent=actor.user), actor)
        .select_related("participant", "lot")
        .annotate(
            # Case, not a bare boolean expression: NULL dates must read as "no alert".
            no_contact=Case(When(no_contact_q(today, days), then=True), default=False),
            past_end=Case(When(past_planned_end_q(today), then=True), default=False),
        )
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    for pathway in pathways:
        last = pathway.last_contact_on or pathway.entry_date
        pathway.days_without_contact = (today - last).days
        pathway.alerts = int(pathway.no_contact) + int(pathway.past_end)
    pathways.sort(key=lambda p: (-p.alerts, -p.days_without_contact))
    pending = list(
        readable_orientations(actor)
        .filter(status=OrientationStatus.PROPOSED)
        .select_related("participant")
        .order_by("submitted_on", "pk")
    )
    return {
        "pathways": pathways,
        "count": len(pathways),
        "no_contact_count": sum(1 for p in pathways if p.no_contact),
        "past_end_count": sum(1 for p in pathways if p.past_end),
        "no_contact_days": days,
        "planned_months": settings.JALONS_PATHWAY_PLANNED_MONTHS,
        "pending_orientations": pending,
    }


def _caseload_by_lot(open_pathways: Any) -> list[dict[str, Any]]:
    """Active caseload per lot and, within each lot, per referent (one grouped query)."""
    rows = (
        open_pathways.order_by()
        .values("lot__code", "lot__name", "referent__first_name", "referent__last_name")
        .annotate(n=Count("pk"))
        .order_by("lot__code", "referent__last_name", "referent__first_name")
    )
    lots: dict[Any, dict[str, Any]] = {}
    for row in rows:
        code = row["lot__code"]
        lot = lots.setdefault(
            code,
            {
                "label": f"{code} – {row['lot__name']}" if code else "Sans lot",
                "total": 0,
                "referents": [],
            },
        )
        name = f"{row['referent__first_name'] or ''} {row['referent__last_name'] or ''}".strip()
        lot["referents"].append({"name": name or "Sans référent·e", "count": row["n"]})
        lot["total"] += row["n"]
    return list(lots.values())


def pathway_team(actor: Actor, today: date) -> dict[str, Any]:
    """Project lead and coordinator: orientations to decide, alerts, caseload, the year."""
    days = _no_contact_days()
    start, end = _year(today)
    pending = readable_orientations(actor).filter(status=OrientationStatus.PROPOSED)
    no_contact = Pathway.objects.without_contact_since(today, days)
    past_end = Pathway.objects.past_planned_end(today)
    pathways = scope(Pathway.objects.all(), actor)
    totals = pathways.aggregate(
        active=Count("pk", filter=Q(status__in=OPEN_PATHWAY_STATUSES)),
        no_contact=Count("pk", filter=Q(pk__in=no_contact.values("pk"))),
        past_end=Count("pk", filter=Q(pk__in=past_end.values("pk"))),
        entries=Count("pk", filter=Q(entry_date__range=(start, end))),
        exits=Count("pk", filter=Q(exit_date__range=(start, end))),
    )
    no_contact_first = list(
        scope(no_contact, actor)
        .select_related("participant", "referent")
        .order_by(F("last_contact_on").asc(nulls_first=True), "entry_date", "pk")[:FIRST_ALERTS]
    )
    past_end_first = list(
        scope(past_end, actor)
        .select_related("participant", "referent")
        .order_by("planned_end_date", "pk")[:FIRST_ALERTS]
    )
    return {
        "to_decide_count": pending.count(),
        "to_decide": list(
            with_list_columns(pending).order_by("submitted_on", "pk")[:OLDEST_TO_DECIDE]
        ),
        "totals": totals,
        "no_contact_first": no_contact_first,
        "more_no_contact": max(totals["no_contact"] - len(no_contact_first), 0),
        "past_end_first": past_end_first,
        "more_past_end": max(totals["past_end"] - len(past_end_first), 0),
        "lots": _caseload_by_lot(scope(Pathway.objects.open(), actor)),
        "no_contact_days": days,
        "planned_months": settings.JALONS_PATHWAY_PLANNED_MONTHS,
        "year": str(today.year),  # a string: no thousands separator
    }


def prescriber(actor: Actor, today: date) -> dict[str, Any]:
    orientations = readable_orientations(actor)
    counts = dict(orientations.order_by().values_list("status").annotate(n=Count("pk")))
    return {
        "recent": list(
            with_list_columns(orientations).order_by("-submitted_on", "-pk")[:RECENT_ORIENTATIONS]
        ),
        "pending_count": counts.get(OrientationStatus.PROPOSED, 0),
        "accepted_count": counts.get(OrientationStatus.ACCEPTED, 0),
        "total": sum(counts.values()),
    }


def plie_officer(actor: Actor, today: date) -> dict[str, Any]:
    """CRE, clause and IAE officers: the PLIE's active participants, and the search."""
    return {"active_count": scope(Participant.objects.in_pathway(), actor).count()}


def oi_controller(actor: Actor, today: date) -> dict[str, Any]:
    """Per PLIE of the OI: active caseload, entries and exits this year (one grouped query)."""
    start, end = _year(today)
    figures = {
        row["plie_id"]: row
        for row in scope(Pathway.objects.all(), actor)
        .order_by()
        .values("plie_id")
        .annotate(
            active=Count("pk", filter=Q(status__in=OPEN_PATHWAY_STATUSES)),
            entries=Count("pk", filter=Q(entry_date__range=(start, end))),
            exits=Count("pk", filter=Q(exit_date__range=(start, end))),
        )
    }
    empty = {"active": 0, "entries": 0, "exits": 0}
    plies = [
        {"name": plie.name, "code": plie.code, **{k: figures.get(plie.pk, empty)[k] for k in empty}}
        for plie in Organisation.objects.filter(pk__in=actor.plie_ids).order_by("name")
    ]
    total = {k: sum(p[k] for p in plies) for k in empty}
    return {"plies": plies, "total": total, "year": str(today.year)}
