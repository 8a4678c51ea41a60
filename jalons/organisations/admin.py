from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jalons.organisations.models import Lot, Membership, Organisation


class LotInline(admin.TabularInline):
    model = Lot
    fk_name = "plie"
    extra = 0
    fields = ["code", "name", "provider", "is_active"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "plie", "oi", "prescriber_kind", "is_active"]
    list_filter = ["kind", "prescriber_kind", "is_active"]
    search_fields = ["name", "code", "siret"]
    filter_horizontal = ["communes"]
    autocomplete_fields = ["plie", "oi"]

    def get_inlines(self, request: HttpRequest, obj: Organisation | None) -> list[Any]:
        return [LotInline] if obj is not None and obj.is_plie else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: records and audits point to organisations


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "lot", "start_date", "end_date"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # memberships are ended (end date), never deleted
