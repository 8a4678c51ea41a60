from django.conf import settings
from django.db import models
from django.db.models import Q

from jalons.pathways.enums import ExitKind


class CommitteeDecision(models.Model):
    """A case outside the exit rules: proposed by the operational committee, decided by the
    steering committee, with its date and justification (spec §3, exits.md)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposée par le Comité opérationnel"
        ACCEPTED = "accepted", "Sortie positive décidée par le Comité de pilotage"
        REJECTED = "rejected", "Refusée par le Comité de pilotage"

    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.PROTECT, related_name="committee_decisions"
    )
    proposed_on = models.DateField("date du Comité opérationnel")
    proposal = models.TextField("situation proposée")
    exit_kind = models.CharField(
        "type de sortie proposé", max_length=30, choices=ExitKind.choices, default=ExitKind.OTHER
    )
    counts_as_employment = models.BooleanField("sortie en emploi", default=True)
    exit_date = models.DateField("date de sortie proposée")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    decided_on = models.DateField("date du Comité de pilotage", null=True, blank=True)
    justification = models.TextField("justification de la décision", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "décision de comité"
        verbose_name_plural = "décisions de comité"
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="proposed")
                | (Q(decided_on__isnull=False) & ~Q(justification="")),
                name="committee_decision_dated_and_justified",
            )
        ]

    def __str__(self) -> str:
        return f"Proposition du {self.proposed_on:%d/%m/%Y} ({self.get_status_display()})"

    def get_additional_data(self) -> dict[str, int]:
        return {"plie": self.pathway.plie_id, "participant": self.pathway.participant_id}
