"""The main menu, by role (what a role cannot open is not shown)."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from jalons.core import permissions
from jalons.organisations.enums import Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None or not request.user.is_authenticated:
        return {"nav_items": []}

    items: list[tuple[str, str]] = [("Accueil", reverse("home"))]
    if permissions.can_list_participants(actor):
        items.append(("Participants", reverse("participants:list")))
    if actor.role == Role.PRESCRIBER:
        items.append(("Mes orientations", reverse("orientations:list")))
    elif actor.role in (Role.PROJECT_LEAD, Role.COORDINATOR, Role.ADVISER):
        items.append(("Orientations", reverse("orientations:list")))
    if permissions.can_read_review(actor):
        items.append(("Bilan", reverse("reports:bilan")))
    if permissions.can_follow_exits(actor):
        items.append(("Sorties", reverse("exits:list")))
    if permissions.can_transfer_caseload(actor):
        items.append(("Portefeuilles", reverse("pathways:transfer")))
    if actor.is_pathway_team:
        items.append(("Imports", reverse("imports:upload")))
    if permissions.can_read_audit(actor):
        items.append(("Journal d'audit", reverse("audit:list")))
    if request.user.is_staff:
        items.append(("Administration", reverse("admin:index")))
    path = request.path
    home = reverse("home")
    return {
        "nav_items": [
            {
                "label": label,
                "url": url,
                "active": path == url if url == home else path.startswith(url),
            }
            for label, url in items
        ]
    }
