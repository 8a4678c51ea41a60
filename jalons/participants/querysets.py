from django.db import models
from django.db.models import Q


class ParticipantQuerySet(models.QuerySet):
    def in_pathway(self) -> "ParticipantQuerySet":
        return self.filter(status__in=["active", "suspended"])

    def search(self, text: str) -> "ParticipantQuerySet":
        """Name (either order, prefix) or France Travail id."""
        words = text.split()
        qs = self
        for word in words:
            qs = qs.filter(
                Q(last_name__istartswith=word)
                | Q(first_name__istartswith=word)
                | Q(birth_name__istartswith=word)
                | Q(france_travail_id__iexact=word)
                | Q(source_id__iexact=word)
            )
        return qs
