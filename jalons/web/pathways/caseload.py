"""Caseloads (portefeuilles) of a PLIE's advisers, and the transfer of a whole caseload."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from jalons.accounts.models import User
from jalons.core.actor import Actor, actor_of
from jalons.core.permissions import can_transfer_caseload
from jalons.core.scoping import scope
from jalons.organisations.enums import OrganisationKind, Role
from jalons.organisations.models import Membership, Organisation
from jalons.pathways import services
from jalons.pathways.models import Pathway
from jalons.pathways.services.errors import BusinessRuleError
from jalons.web.pathways.forms import TransferForm
from jalons.web.pathways.views import GET_POST


@dataclass
class CaseloadRow:
    user: User
    organisations: str  # the providers where the user is an adviser today ("" if none)
    open_count: int = 0
    no_contact: int = 0
    past_end: int = 0

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def is_adviser(self) -> bool:
        return bool(self.organisations)


@dataclass
class Caseloads:
    rows: list[CaseloadRow]
    unassigned: int  # open pathways without a referent
    total: CaseloadRow


def caseloads(actor: Actor, today: date) -> Caseloads:
    """Every adviser of the actor's PLIE, and anyone still referent of an open pathway there
    (an adviser who has left keeps a caseload until it is transferred), with the counts.

    Three queries whatever the number of advisers: the counts (one aggregate), the users,
    their adviser memberships (prefetch)."""
    open_pathways = scope(Pathway.objects.open(), actor)
    days = settings.JALONS_NO_CONTACT_ALERT_DAYS
    # The alert definitions are the queryset's own, so this page and the dashboards agree.
    no_contact = Pathway.objects.without_contact_since(today, days).values("pk")
    past_end = Pathway.objects.past_planned_end(today).values("pk")
    counts = {
        row["referent_id"]: row
        for row in open_pathways.order_by()
        .values("referent_id")
        .annotate(
            open_count=Count("pk"),
            no_contact=Count("pk", filter=Q(pk__in=no_contact)),
            past_end=Count("pk", filter=Q(pk__in=past_end)),
        )
    }
    adviser_memberships = (
        Membership.objects.active(today)
        .filter(
            role=Role.ADVISER,
            organisation__in=scope(
                Organisation.objects.filter(kind=OrganisationKind.PROVIDER, is_active=True), actor
            ),
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )
    users = (
        User.objects.filter(
            Q(pk__in=adviser_memberships.values("user_id"))
            | Q(pk__in=open_pathways.filter(referent__isnull=False).values("referent_id"))
        )
        .prefetch_related(
            Prefetch("memberships", queryset=adviser_memberships, to_attr="adviser_memberships")
        )
        .order_by("last_name", "first_name", "email")
    )
    rows = []
    total = CaseloadRow(user=actor.user, organisations="")
    for user in users:
        names = sorted({m.organisation.name for m in user.adviser_memberships})  # type: ignore[attr-defined]
        row = CaseloadRow(user=user, organisations=", ".join(names))
        found = counts.get(user.pk)
        if found:
            row.open_count = found["open_count"]
            row.no_contact = found["no_contact"]
            row.past_end = found["past_end"]
        rows.append(row)
        total.open_count += row.open_count
        total.no_contact += row.no_contact
        total.past_end += row.past_end
    unassigned = counts.get(None, {}).get("open_count", 0)
    return Caseloads(rows=rows, unassigned=unassigned, total=total)


def transfer_message(count: int, source: str, target: str, on: date) -> str:
    if count == 0:
        return f"{source} ne suit aucun parcours en cours : rien n'a été transféré."
    moved = "parcours transféré" if count == 1 else "parcours transférés"
    return f"{count} {moved} de {source} à {target} à compter du {on:%d/%m/%Y}."


@GET_POST
def transfer(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not can_transfer_caseload(actor) or actor.plie_id is None:
        raise PermissionDenied
    today = timezone.localdate()
    data = caseloads(actor, today)
    by_uid = {str(row.user.uid): row for row in data.rows}
    form = TransferForm(
        request.POST or None,
        sources=[(uid, f"{row.name} ({row.open_count})") for uid, row in by_uid.items()],
        targets=[(uid, row.name) for uid, row in by_uid.items() if row.is_adviser],
    )
    if request.method == "POST" and form.is_valid():
        source = by_uid[form.cleaned_data["from_referent"]]
        target = by_uid[form.cleaned_data["to_referent"]]
        on = form.cleaned_data["on"]
        try:
            count = services.transfer_caseload(
                plie_id=actor.plie_id,
                from_referent=source.user,
                to_referent=target.user,
                on=on,
                by=actor.user,
                reason=form.cleaned_data["reason"],
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            message = transfer_message(count, source.name, target.name, on)
            (messages.success if count else messages.info)(request, message)
            return redirect("pathways:transfer")
    return render(
        request,
        "pathways/transfer.html",
        {
            "caseloads": data,
            "form": form,
            "alert_days": settings.JALONS_NO_CONTACT_ALERT_DAYS,
            "today": today,
        },
    )
