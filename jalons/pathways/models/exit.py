from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from jalons.pathways import profile
from jalons.pathways.enums import ExitKind, ExitSource

if TYPE_CHECKING:
    from jalons.pathways.models.pathway import Pathway


class Exit(models.Model):
    """A pathway's exit: kind, date, reason, who decided; for positive exits the verdict."""

    pathway = models.OneToOneField(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="exit_record"
    )
    kind = models.CharField("type de sortie", max_length=30, choices=ExitKind.choices)
    date = models.DateField("date de sortie")
    is_positive = models.BooleanField("sortie positive", default=False)
    source = models.CharField("origine", max_length=20, choices=ExitSource.choices)
    reason = models.TextField("motif / commentaire", blank=True)
    explanation = models.TextField("explication du verdict", blank=True)
    committee_decision = models.OneToOneField(
        "pathways.CommitteeDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exit_record",
        verbose_name="décision du comité",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidée par",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Copied from the pathway when the exit is written (neither changes afterwards), so
    # that the review counts exits per PLIE and RSA at entry without joining the pathways.
    plie = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name="PLIE",
    )
    entry_rsa = models.BooleanField("RSA à l'entrée du parcours", default=False, editable=False)

    class Meta:
        verbose_name = "sortie"
        verbose_name_plural = "sorties"
        indexes = [models.Index(fields=["date", "kind"], name="exit_date_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} le {self.date:%d/%m/%Y}"

    def copy_pathway(self, pathway: "Pathway") -> None:
        """Set the exit's copy of its pathway's PLIE and RSA at entry (before saving)."""
        self.plie_id = pathway.plie_id
        self.entry_rsa = profile.decode(pathway.entry_profile).rsa

    def get_additional_data(self) -> dict[str, int]:
        return {"plie": self.plie_id, "participant": self.pathway.participant_id}
