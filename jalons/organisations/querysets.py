from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OrganisationQuerySet(models.QuerySet):
    def plies(self) -> "OrganisationQuerySet":
        return self.filter(kind="plie")

    def active(self) -> "OrganisationQuerySet":
        return self.filter(is_active=True)


class MembershipQuerySet(models.QuerySet):
    def active(self, on: date | None = None) -> "MembershipQuerySet":
        day = on or timezone.localdate()
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )
