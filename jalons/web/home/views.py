"""The home page: one dashboard per role (spec §2)."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jalons.core import permissions
from jalons.core.actor import Actor, actor_of
from jalons.organisations.enums import Role
from jalons.web.home import dashboards

Builder = Callable[[Actor, date], dict[str, Any]]

DASHBOARDS: dict[str, tuple[str, Builder | None]] = {
    Role.ADVISER: ("home/adviser.html", dashboards.adviser),
    Role.PROJECT_LEAD: ("home/team.html", dashboards.pathway_team),
    Role.COORDINATOR: ("home/team.html", dashboards.pathway_team),
    Role.PRESCRIBER: ("home/prescriber.html", dashboards.prescriber),
    Role.CRE: ("home/officer.html", dashboards.plie_officer),
    Role.CLAUSE_OFFICER: ("home/officer.html", dashboards.plie_officer),
    Role.IAE_OFFICER: ("home/officer.html", dashboards.plie_officer),
    Role.OI_CONTROLLER: ("home/oi.html", dashboards.oi_controller),
    Role.ADMIN: ("home/admin.html", None),
}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    template, builder = DASHBOARDS.get(actor.role or "", ("home/no_role.html", None))
    context = builder(actor, timezone.localdate()) if builder else {}
    context["can_submit"] = permissions.can_submit_orientation(actor)
    return render(request, template, context)
