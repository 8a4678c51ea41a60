"""Reference data is read-only in the admin: it comes from the versioned files (`data/`)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jalons.territory.models import (
    BassinDeVie,
    Commune,
    CommunePostalCode,
    DiplomaLevel,
    Qpv,
    RomeCode,
    RomeDomain,
    SmicRate,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PostalCodeInline(admin.TabularInline):
    model = CommunePostalCode
    extra = 0
    can_delete = False
    readonly_fields = ["postal_code", "is_main"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ["name", "insee_code", "postal_code", "department_code", "bassin", "population"]
    list_filter = ["bassin", "department_code"]
    search_fields = ["name", "insee_code", "postal_codes__postal_code"]
    inlines = [PostalCodeInline]


@admin.register(BassinDeVie)
class BassinAdmin(ReadOnlyAdmin):
    list_display = ["name", "code"]


@admin.register(Qpv)
class QpvAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "commune", "generation"]
    list_filter = ["generation", "commune"]


@admin.register(SmicRate)
class SmicAdmin(ReadOnlyAdmin):
    list_display = ["effective_date", "hourly_gross", "monthly_gross"]


@admin.register(DiplomaLevel)
class DiplomaLevelAdmin(ReadOnlyAdmin):
    list_display = ["label", "new_level", "old_level", "isced"]


@admin.register(RomeDomain)
class RomeDomainAdmin(ReadOnlyAdmin):
    list_display = ["code", "label"]


@admin.register(RomeCode)
class RomeCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "label", "domain"]
    list_filter = ["domain"]
    search_fields = ["code", "label"]
