from django.contrib import admin

from jalons.protocols.models import Protocol, ProtocolTarget


class TargetInline(admin.TabularInline):
    model = ProtocolTarget
    extra = 1


@admin.register(Protocol)
class ProtocolAdmin(admin.ModelAdmin):
    list_display = ["name", "plie", "start_date", "end_date"]
    list_filter = ["plie"]
    inlines = [TargetInline]
