from datetime import date, timedelta

from django.db import models
from django.db.models import Q


def no_contact_q(day: date, days: int) -> Q:
    """An active pathway without an attended contact for `days` days on `day` (spec §3)."""
    limit = day - timedelta(days=days)
    return Q(status="active") & (
        Q(last_contact_on__lt=limit) | Q(last_contact_on__isnull=True, entry_date__lt=limit)
    )


def past_planned_end_q(day: date) -> Q:
    """An open pathway past its planned end (18 months by default)."""
    return Q(status__in=["active", "suspended"], planned_end_date__lt=day)


class PathwayQuerySet(models.QuerySet):
    def open(self) -> "PathwayQuerySet":
        return self.filter(status__in=["active", "suspended"])

    def active_during(self, start: date, end: date) -> "PathwayQuerySet":
        """Pathways active on at least one day of [start, end] (the review's 'accompanied')."""
        return self.filter(entry_date__lte=end).filter(
            Q(exit_date__isnull=True) | Q(exit_date__gte=start)
        )

    def without_contact_since(self, day: date, days: int) -> "PathwayQuerySet":
        return self.filter(no_contact_q(day, days))

    def past_planned_end(self, day: date) -> "PathwayQuerySet":
        return self.filter(past_planned_end_q(day))
