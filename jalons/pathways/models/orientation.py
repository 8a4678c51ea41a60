import uuid

from django.conf import settings
from django.db import models

from jalons.organisations.enums import PrescriberKind
from jalons.pathways.enums import OrientationStatus


class Orientation(models.Model):
    """A prescriber (or the person) proposes someone to the PLIE, with the reasons (spec §3)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plie = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="orientations",
        verbose_name="PLIE",
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        related_name="orientations",
        verbose_name="participant",
    )
    prescriber = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sent_orientations",
        verbose_name="prescripteur",
    )
    prescriber_kind = models.CharField(
        "type de prescripteur", max_length=20, choices=PrescriberKind.choices
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_orientations",
        verbose_name="proposée par",
    )
    submitted_on = models.DateField("date d'orientation")
    reasons = models.TextField("motifs de l'orientation")
    status = models.CharField(
        "statut",
        max_length=20,
        choices=OrientationStatus.choices,
        default=OrientationStatus.PROPOSED,
    )
    decided_on = models.DateField("date de décision", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_orientations",
        verbose_name="décidée par",
    )
    decision_reason = models.TextField("motif de la décision", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "orientation"
        verbose_name_plural = "orientations"
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["plie", "status"], name="orientation_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(decision_reason=""),
                name="orientation_refusal_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Orientation du {self.submitted_on:%d/%m/%Y} ({self.get_status_display()})"

    def get_additional_data(self) -> dict[str, int]:
        return {"plie": self.plie_id, "participant": self.participant_id}
