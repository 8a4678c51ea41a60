"""The participant list table.

django-tables2 sorts and paginates the queryset (`ParticipantTable`); the rows are not rendered
by it, though: rendering 25 rows through its per-cell machinery (attributes, ordering classes,
`call_with_appropriate` and `inspect.signature` for every cell) cost most of the page's time.
`display_rows` computes every cell of the page in one pass instead, with the very functions the
table's `render_*` methods use, and `participants/_table.html` loops over the result."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import django_tables2 as tables
from django.conf import settings
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from jalons.core.actor import Actor
from jalons.organisations.enums import Role
from jalons.participants.models import Participant
from jalons.pathways.enums import PathwayStatus
from jalons.pathways.models import Pathway

EMPTY = "—"  # what django-tables2 shows for an empty value (`Meta.default`)
EMPTY_VALUES = (None, "")  # django-tables2's default `Column.empty_values`

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
    (the Python mirror of `jalons.pathways.querysets.no_contact_q`, for a page's rows)."""
    pathway = participant.current_pathway
    if pathway is None or pathway.status != PathwayStatus.ACTIVE:
        return False
    limit = today - timedelta(days=settings.JALONS_NO_CONTACT_ALERT_DAYS)
    return (pathway.last_contact_on or pathway.entry_date) < limit


def _date(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def lot_cell(lot: Any) -> SafeString:
    return format_html('<span title="{}">{}</span>', lot.name, lot.code)


def last_contact_cell(participant: Participant, today: date) -> str:
    pathway = participant.current_pathway
    if pathway is None:
        return EMPTY
    value = pathway.last_contact_on
    shown = _date(value) if value else "Aucun"
    if not no_contact_alert(participant, today):
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


def rsa_cell(participant: Participant, actor: Actor) -> str:
    if not actor.reads_sensitive_data:
        pathway = participant.current_pathway
        if pathway is None or pathway.referent_id != actor.user.pk:
            return format_html(
                '<span class="text-body-secondary" title="{}">—</span>',
                "Réservé au référent ou à la référente",
            )
    return "Oui" if participant.rsa else "Non"


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
        return lot_cell(value)

    def render_entry_date(self, value: date) -> str:
        return _date(value)

    def render_last_contact(self, record: Participant) -> str:
        return last_contact_cell(record, self.today)

    def render_rsa(self, record: Participant) -> str:
        return rsa_cell(record, self.actor)

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


@dataclass(frozen=True, slots=True)
class Header:
    """A column header, computed once per page for `participants/_table.html`."""

    name: str
    label: str
    orderable: bool
    ordered: bool
    descending: bool
    next_sort: str  # the `?sort=` value of the header's link: this column, the other way


def headers(table: ParticipantTable) -> list[Header]:
    result = []
    for column in table.columns:
        alias = column.order_by_alias
        ordered = bool(column.orderable and column.is_ordered)
        result.append(
            Header(
                name=column.name,
                label=str(column.header),
                orderable=column.orderable,
                ordered=ordered,
                descending=ordered and alias.is_descending,
                next_sort=str(alias.next) if column.orderable else "",
            )
        )
    return result


def _cell(value: Any) -> Any:
    """django-tables2's rule for a column without `render_*`: an empty value shows
    `Meta.default`, any other the value itself (escaped by the template)."""
    return EMPTY if value in EMPTY_VALUES else value


def display_rows(table: ParticipantTable) -> list[list[Any]]:
    """The cells of the page's rows, in the order of the visible columns, in one pass and
    without a query (everything comes from the page's `select_related`). A cell is either
    safe HTML or a value the template escapes, exactly as django-tables2 rendered it."""
    names = [column.name for column in table.columns]
    today, actor = table.today, table.actor
    detail = reverse("participants:detail", args=["00000000-0000-0000-0000-000000000000"])
    prefix, suffix = detail.split("00000000-0000-0000-0000-000000000000")
    rows = []
    for row in table.paginated_rows:
        participant: Participant = row.record
        pathway: Pathway | None = participant.current_pathway
        commune, plie = participant.commune, participant.plie
        cells: dict[str, Any] = {
            "name": format_html(
                '<a hx-boost="false" href="{}{}{}">{}</a>',
                prefix,
                participant.uid,
                suffix,
                participant,
            )
            if participant.last_name not in EMPTY_VALUES
            else EMPTY,
            "age": f"{participant.age_on(today)} ans",
            "commune": _cell(commune.name if commune else None),
            "plie": _cell(plie.code if plie else None),
            "status": EMPTY if participant.status in EMPTY_VALUES else status_badge(participant),
            "referent": _cell(pathway.referent if pathway else None),
            "lot": lot_cell(pathway.lot) if pathway and pathway.lot else EMPTY,
            "entry_date": _date(pathway.entry_date) if pathway and pathway.entry_date else EMPTY,
            "last_contact": last_contact_cell(participant, today),
            "rsa": rsa_cell(participant, actor),
        }
        rows.append([cells[name] for name in names])
    return rows
