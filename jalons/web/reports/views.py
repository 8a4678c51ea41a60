"""The protocol review (bilan) screen and its exports (spec §4).

Who reads it: the PLIE's project lead and coordinator (their PLIE), the OI controller (its
PLIEs, consolidated or one by one). The figures come from `jalons.reports.bilan`; the
screen and every export format show the same ones.
"""

import json
import re
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from jalons.core import permissions
from jalons.core.actor import Actor, actor_of
from jalons.core.scoping import scope
from jalons.protocols.models import Protocol
from jalons.reports.bilan import compute_bilan
from jalons.reports.exports import to_csv, to_xlsx
from jalons.reports.pdf import to_pdf
from jalons.web.reports.forms import BilanForm, visible_plie_ids
from jalons.web.reports.review import review_context

EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json; charset=utf-8",
}
EXPORT_LABELS = [("xlsx", "Excel (XLSX)"), ("csv", "CSV"), ("pdf", "PDF"), ("json", "JSON")]


def review_reader(request: HttpRequest) -> Actor:
    actor = actor_of(request)
    if not permissions.can_read_review(actor):
        raise PermissionDenied
    return actor


def quick_periods(actor: Actor, today: date) -> list[dict[str, Any]]:
    """Shortcuts: each protocol of the actor's PLIE(s), this year, last year."""
    periods: list[dict[str, Any]] = []
    seen: set[tuple[date, date]] = set()
    protocols = scope(Protocol.objects.filter(plie_id__in=visible_plie_ids(actor)), actor)
    for protocol in protocols.order_by("start_date", "end_date"):
        key = (protocol.start_date, protocol.end_date)
        if key in seen:
            continue
        seen.add(key)
        periods.append(
            {
                "label": f"Protocole {protocol.start_date:%Y}–{protocol.end_date:%Y}",
                "start": protocol.start_date,
                "end": protocol.end_date,
            }
        )
    for label, year in (("Cette année", today.year), ("L'année dernière", today.year - 1)):
        periods.append({"label": label, "start": date(year, 1, 1), "end": date(year, 12, 31)})
    return periods


def with_default_period(query: QueryDict, periods: list[dict[str, Any]], today: date) -> QueryDict:
    """Without any date, the protocol in force today (else this year)."""
    data = query.copy()
    if not data.get("du") and not data.get("au"):
        current = next(
            (
                p
                for p in periods
                if p["label"].startswith("Protocole") and p["start"] <= today <= p["end"]
            ),
            next(p for p in periods if p["label"] == "Cette année"),
        )
        data["du"], data["au"] = current["start"].isoformat(), current["end"].isoformat()
    return data


def period_links(query: QueryDict, periods: list[dict[str, Any]], url: str) -> list[dict[str, Any]]:
    links = []
    for period in periods:
        data = query.copy()
        data["du"], data["au"] = period["start"].isoformat(), period["end"].isoformat()
        current = query.get("du") == data["du"] and query.get("au") == data["au"]
        links.append(
            {"label": period["label"], "url": f"{url}?{data.urlencode()}", "current": current}
        )
    return links


def render_review(request: HttpRequest, actor: Actor, *, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    periods = quick_periods(actor, today)
    data = with_default_period(request.GET, periods, today)
    form = BilanForm(data, actor=actor)
    context: dict[str, Any] = {
        "form": form,
        "review": None,
        "periods": period_links(data, periods, reverse("reports:bilan")),
        "exports": [],
    }
    if form.is_valid():
        scope_ = form.review_scope()
        context["review"] = review_context(compute_bilan(scope_), scope_, form, today)
        query = data.urlencode()
        context["exports"] = [
            {"label": label, "url": f"{reverse('reports:export', args=[fmt])}?{query}"}
            for fmt, label in EXPORT_LABELS
        ]
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    template = "reports_web/bilan.html#page" if partial else "reports_web/bilan.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def bilan(request: HttpRequest) -> HttpResponse:
    return render_review(request, review_reader(request))


def export_filename(bilan: dict[str, Any], form: BilanForm, fmt: str) -> str:
    """`bilan_AIX_2013-01-01_2017-12-31.xlsx`; the lot and the bassin when chosen."""
    parts = [
        "bilan",
        "-".join(bilan["plie"]) or "PLIE",
        bilan["period"]["from"],
        bilan["period"]["to"],
    ]
    if form.cleaned_data.get("lot"):
        parts.append(f"lot-{form.cleaned_data['lot'].code}")
    if form.cleaned_data.get("bassin"):
        parts.append(form.cleaned_data["bassin"].code)
    name = "_".join(parts)
    return re.sub(r"[^A-Za-z0-9_.-]", "-", name) + f".{fmt}"


@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404
    actor = review_reader(request)
    today = timezone.localdate()
    data = with_default_period(request.GET, quick_periods(actor, today), today)
    form = BilanForm(data, actor=actor)
    if not form.is_valid():
        # Bad parameters: the screen with its French messages, nothing downloaded.
        return render_review(request, actor)
    result = compute_bilan(form.review_scope())
    if fmt == "csv":
        payload = to_csv(result)
    elif fmt == "xlsx":
        payload = to_xlsx(result)
    elif fmt == "pdf":
        payload = to_pdf(result)
    else:
        payload = (json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode()
    response = HttpResponse(payload, content_type=EXPORTS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(result, form, fmt)}"'
    return response
