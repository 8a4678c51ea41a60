"""Filters of the audit journal: action, user, PLIE (for the OI) and date range."""

from datetime import date, datetime, time, timedelta
from typing import Any

import django_filters
from auditlog.models import LogEntry
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from jalons.accounts.models import User
from jalons.organisations.models import Organisation

# GET value → (stored action, French label)
ACTIONS: dict[str, tuple[int, str]] = {
    "lecture": (LogEntry.Action.ACCESS, "Lecture"),
    "creation": (LogEntry.Action.CREATE, "Création"),
    "modification": (LogEntry.Action.UPDATE, "Modification"),
    "suppression": (LogEntry.Action.DELETE, "Suppression"),
}


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class UidChoiceField(forms.ModelChoiceField):
    """Choices posted by uid: a malformed uid is just an invalid choice."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


class UserChoiceField(UidChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class UserFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


class PlieChoiceField(UidChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} – {obj.name}" if obj.code else obj.name


class PlieFilter(django_filters.ModelChoiceFilter):
    field_class = PlieChoiceField


class AuditFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error(
                "end", "La date de fin doit être postérieure ou égale à la date de début."
            )
        return data


def _date_widget() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})


class AuditFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(
        label="Action",
        choices=[(key, label) for key, (_, label) in ACTIONS.items()],
        empty_label="Toutes",
        method="filter_action",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    user = UserFilter(
        label="Utilisateur",
        queryset=User.objects.none(),
        to_field_name="uid",
        empty_label="Tous",
        method="filter_user",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    plie = PlieFilter(
        label="PLIE",
        queryset=Organisation.objects.none(),
        to_field_name="uid",
        empty_label="Tous",
        method="filter_plie",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    start = django_filters.DateFilter(label="Du", method="filter_start", widget=_date_widget())
    end = django_filters.DateFilter(label="Au", method="filter_end", widget=_date_widget())

    class Meta:
        model = LogEntry
        fields: list[str] = []
        form = AuditFilterForm

    def __init__(
        self,
        data: Any,
        queryset: QuerySet[LogEntry],
        *,
        plie_ids: frozenset[int],
        plies: list[Organisation],
    ) -> None:
        super().__init__(data, queryset)
        self.filters["user"].queryset = users_of(plie_ids)
        if len(plies) > 1:
            self.filters["plie"].queryset = Organisation.objects.filter(pk__in=plie_ids)
        else:
            del self.filters["plie"]

    def filter_action(self, qs: QuerySet[LogEntry], name: str, value: str) -> QuerySet[LogEntry]:
        return qs.filter(action=ACTIONS[value][0]) if value else qs

    def filter_user(
        self, qs: QuerySet[LogEntry], name: str, value: User | None
    ) -> QuerySet[LogEntry]:
        return qs.filter(actor=value) if value else qs

    def filter_plie(
        self, qs: QuerySet[LogEntry], name: str, value: Organisation | None
    ) -> QuerySet[LogEntry]:
        return qs.filter(additional_data__plie=value.pk) if value else qs

    def filter_start(
        self, qs: QuerySet[LogEntry], name: str, value: date | None
    ) -> QuerySet[LogEntry]:
        return qs.filter(timestamp__gte=_start_of(value)) if value else qs

    def filter_end(
        self, qs: QuerySet[LogEntry], name: str, value: date | None
    ) -> QuerySet[LogEntry]:
        return qs.filter(timestamp__lt=_start_of(value + timedelta(days=1))) if value else qs


def users_of(plie_ids: frozenset[int]) -> QuerySet[User]:
    """The people who may appear in these PLIEs' journal: members of the PLIEs, of their
    partner organisations (providers, prescribers) and of the OI above them."""
    ids = list(plie_ids)
    return (
        User.objects.filter(
            Q(memberships__organisation_id__in=ids)
            | Q(memberships__organisation__plie_id__in=ids)
            | Q(memberships__organisation__plies__in=ids)
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )
