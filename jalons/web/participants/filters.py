"""Filters of the participant list; every choice list is limited to what the actor may read."""

from collections.abc import Iterable
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict

from jalons.accounts.models import User
from jalons.core.actor import Actor
from jalons.core.scoping import PLIE_WIDE_ROLES, scope
from jalons.organisations.enums import Role
from jalons.organisations.models import Lot
from jalons.participants.enums import ParticipantStatus
from jalons.pathways.enums import OPEN_PATHWAY_STATUSES
from jalons.pathways.models import Pathway
from jalons.territory.models import BassinDeVie, Commune
from jalons.web import search
from jalons.web.widgets import fast_options

YES_NO = [("", "Tous"), ("true", "Oui"), ("false", "Non")]
# The free-text search holds names and France Travail ids: personal data, kept out of URLs
# (and so out of the address bar, the history and the server logs). It is posted, kept in
# the session under this key, and read back by the list and its export.
SEARCH_SESSION_KEY = "participants_search"


def remembered_search(request: HttpRequest) -> str:
    """The participant search the user last posted, or ""."""
    return search.remembered_search(request, SEARCH_SESSION_KEY)


def remember_search(request: HttpRequest, text: str) -> None:
    """Keep `text` as the participant search; an empty text clears it."""
    search.remember_search(request, SEARCH_SESSION_KEY, text)


def filter_data(query: QueryDict, request: HttpRequest) -> QueryDict:
    """The filter data: `query` (the non-personal filters of the URL) with any `q` there
    ignored, and the search from the session."""
    data = query.copy()
    data.pop("q", None)
    text = remembered_search(request)
    if text:
        data["q"] = text
    return data


def shows_rsa(actor: Actor) -> bool:
    """RSA is sensitive (spec §2): the column and its filter are for the roles that read it
    role-wide, and for advisers, who only ever see it for their own caseload."""
    return actor.reads_sensitive_data or actor.role == Role.ADVISER


def current_referents(actor: Actor, plie_ids: Iterable[int]) -> QuerySet:
    """The referents of the open pathways the actor reads, as a subquery. For the roles
    reading their whole PLIE(s) it uses `pathway_open_referent_idx` instead of scanning
    every pathway; the other roles keep their narrower scope."""
    followed: QuerySet = Pathway.objects.filter(
        plie_id__in=plie_ids, status__in=OPEN_PATHWAY_STATUSES
    )
    if actor.role not in PLIE_WIDE_ROLES and actor.role != Role.OI_CONTROLLER:
        followed = scope(followed, actor)
    return followed.order_by().values("referent_id")


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Rechercher",
        method="filter_search",
        help_text="Nom et prénom (dans n'importe quel ordre, début du mot), "
        "identifiant France Travail ou identifiant.",
    )
    status = django_filters.ChoiceFilter(
        label="Statut", choices=ParticipantStatus.choices, empty_label="Tous"
    )
    referent = django_filters.ModelChoiceFilter(
        label="Référent·e",
        field_name="current_pathway__referent",
        queryset=User.objects.none(),
        empty_label="Tous",
    )
    lot = django_filters.ModelChoiceFilter(
        label="Lot",
        field_name="current_pathway__lot",
        queryset=Lot.objects.none(),
        empty_label="Tous",
    )
    bassin = django_filters.ModelChoiceFilter(
        label="Bassin de vie",
        field_name="commune__bassin",
        queryset=BassinDeVie.objects.none(),
        empty_label="Tous",
    )
    commune = django_filters.ModelChoiceFilter(
        label="Commune", queryset=Commune.objects.none(), empty_label="Toutes"
    )
    rsa = django_filters.BooleanFilter(
        label="RSA", method="filter_rsa", widget=forms.Select(choices=YES_NO)
    )
    qpv = django_filters.BooleanFilter(label="QPV", widget=forms.Select(choices=YES_NO))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        plie_ids = actor.plie_ids or ({actor.plie_id} if actor.plie_id else set())
        filters = self.filters
        filters["referent"].queryset = User.objects.filter(
            pk__in=current_referents(actor, plie_ids)
        ).order_by("last_name", "first_name")
        filters["lot"].queryset = scope(Lot.objects.all(), actor).order_by("code")
        filters["commune"].queryset = (
            Commune.objects.filter(plies__in=plie_ids).distinct().order_by("name")
        )
        filters["bassin"].queryset = (
            BassinDeVie.objects.filter(communes__plies__in=plie_ids).distinct().order_by("name")
        )
        if not shows_rsa(actor):
            del self.filters["rsa"]
        elif not actor.reads_sensitive_data:
            self.filters["rsa"].label = "RSA (mon portefeuille)"

    @property
    def form(self) -> forms.Form:
        form = super().form
        if not getattr(form, "_styled", False):
            for name, field in form.fields.items():
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css)
                fast_options(field.widget)
                if name == "q":
                    field.widget.attrs.update(
                        {
                            "aria-describedby": f"{form[name].id_for_label}-aide",
                            "type": "search",
                            "autocomplete": "off",
                            "placeholder": "Nom, prénom, n° FT…",
                        }
                    )
            form._styled = True  # type: ignore[attr-defined]
        return form

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value) if value.strip() else queryset  # type: ignore[attr-defined]

    def filter_rsa(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        q = Q(rsa=value)
        if not self.actor.reads_sensitive_data:
            # An adviser reads RSA only for their own caseload: filtering the whole lot on it
            # would reveal it for people they do not follow.
            q &= Q(current_pathway__referent_id=self.actor.user.pk)
        return queryset.filter(q)
