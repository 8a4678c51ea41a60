"""The participant list table (django-tables2)."""

from datetime import date, timedelta
from typing import Any

import django_tables2 as tables
from django.conf import settings
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from jalons.core.actor import Actor
from jalons.organisations.enums import Role
from jalons.participants.models import Participant
from jalons.pathways.enums import PathwayStatus

STATUS_BADGES = {
    "oriented": "text-bg-info",
    "active": "text-bg-success",
    "suspended": "text-bg-warning",
    "exited": "text-bg-secondary",
    "not_admitted": "text-bg-light border",
}


def status_badge(participant: Participant) -> str:
    css = STATUS_BADGES.get(participant.status, "text-bg-light")
    return format_html('<span class="badge {}">{}</span>', css, participant.get_status_display())


def no_contact_alert(participant: Participant, today: date) -> bool:
    """Spec §3: an active participant without contact for `JALONS_NO_CONTACT_ALERT_DAYS` days
    (same rule as `PathwayQuerySet.without_contact_since`)."""
    pathway = participant.current_pathway
    if pathway is None or pathway.status != PathwayStatus.ACTIVE:
        return False
    limit = today - timedelta(days=settings.JALONS_NO_CONTACT_ALERT_DAYS)
    return (pathway.last_contact_on or pathway.entry_date) < limit


def _nulls_last(queryset: QuerySet, is_descending: bool, *fields: str) -> tuple[QuerySet, bool]:
    """Rows without a pathway (or a contact) come last in both directions, on every database."""
    exprs = [
        F(f).desc(nulls_last=True) if is_descending else F(f).asc(nulls_last=True) for f in fields
    ]
    return queryset.order_by(*exprs, "last_name", "first_name", "pk"), True


class ParticipantTable(tables.Table):
    name = tables.Column(
        verbose_name="Nom",
        accessor="last_name",
        order_by=("last_name", "first_name", "pk"),
        linkify=lambda record: reverse("participants:detail", args=[record.uid]),
        attrs={"a": {"hx-boost": "false"}},
    )
    age = tables.Column(verbose_name="Âge", empty_values=(), orderable=False)
    commune = tables.Column(verbose_name="Commune", accessor="commune__name", orderable=False)
    plie = tables.Column(verbose_name="PLIE", accessor="plie__code", orderable=False)
    status = tables.Column(verbose_name="Statut", orderable=False)
    referent = tables.Column(verbose_name="Référent·e", accessor="current_pathway__referent")
    lot = tables.Column(verbose_name="Lot", accessor="current_pathway__lot", orderable=False)
    entry_date = tables.Column(verbose_name="Entrée", accessor="current_pathway__entry_date")
    last_contact = tables.Column(
        verbose_name="Dernier contact",
        accessor="current_pathway__last_contact_on",
        empty_values=(),
    )
    rsa = tables.Column(verbose_name="RSA", orderable=False, empty_values=())

    class Meta:
        template_name = "participants/_table.html"
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = "Aucun participant ne correspond à ces critères."
        default = "—"
        order_by_field = "sort"
        page_field = "page"

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        exclude = list(kwargs.pop("exclude", ()))
        if actor.role != Role.OI_CONTROLLER:
            exclude.append("plie")  # one PLIE only: the column would say the same on every row
        super().__init__(*args, exclude=exclude, **kwargs)
        self.actor = actor
        self.today = timezone.localdate()

    def render_name(self, record: Participant) -> str:
        return str(record)

    def render_age(self, record: Participant) -> str:
        return f"{record.age_on(self.today)} ans"

    def render_status(self, record: Participant) -> str:
        return status_badge(record)

    def render_lot(self, value: Any) -> str:
        return format_html('<span title="{}">{}</span>', value.name, value.code)

    def render_entry_date(self, value: date) -> str:
        return f"{value:%d/%m/%Y}"

    def render_last_contact(self, record: Participant, value: date | None) -> str:
        shown = f"{value:%d/%m/%Y}" if value else "Aucun"
        if record.current_pathway is None:
            return "—"
        if not no_contact_alert(record, self.today):
            return shown
        days = settings.JALONS_NO_CONTACT_ALERT_DAYS
        return format_html(
            '{} <i class="bi bi-exclamation-triangle-fill text-warning" aria-hidden="true" '
            'title="Aucun contact depuis plus de {} jours"></i>'
            '<span class="visually-hidden">(aucun contact depuis plus de {} jours)</span>',
            shown,
            days,
            days,
        )

    def render_rsa(self, record: Participant) -> str:
        if not self.actor.reads_sensitive_data:
            pathway = record.current_pathway
            if pathway is None or pathway.referent_id != self.actor.user.pk:
                return format_html(
                    '<span class="text-body-secondary" title="{}">—</span>',
                    "Réservé au référent ou à la référente",
                )
        return "Oui" if record.rsa else "Non"

    def order_referent(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return _nulls_last(
            queryset,
            is_descending,
            "current_pathway__referent__last_name",
            "current_pathway__referent__first_name",
        )

    def order_entry_date(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return _nulls_last(queryset, is_descending, "current_pathway__entry_date")

    def order_last_contact(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return _nulls_last(queryset, is_descending, "current_pathway__last_contact_on")
