import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from jalons.pathways.enums import Attendance, ContactKind, StepKind, StepOutcome


class Contact(models.Model):
    """An interview or exchange with the participant (entretien)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.CASCADE, related_name="contacts"
    )
    date = models.DateField("date")
    kind = models.CharField("type", max_length=20, choices=ContactKind.choices)
    attendance = models.CharField(
        "présence", max_length=20, choices=Attendance.choices, default=Attendance.ATTENDED
    )
    notes = models.TextField("compte rendu", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="saisi par",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "contact"
        verbose_name_plural = "contacts"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["pathway", "date"], name="contact_pathway_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.date:%d/%m/%Y}"

    def get_additional_data(self) -> dict[str, int]:
        return {"plie": self.pathway.plie_id, "participant": self.pathway.participant_id}


class Step(models.Model):
    """A typed pathway action with dates and outcome: the facts the exit engine reads."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pathway = models.ForeignKey("pathways.Pathway", on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField("type d'étape", max_length=30, choices=StepKind.choices)
    title = models.CharField("intitulé", max_length=255, blank=True)
    start_date = models.DateField("début")
    end_date = models.DateField("fin (incluse)", null=True, blank=True)
    monthly_hours = models.DecimalField(
        "heures par mois", max_digits=6, decimal_places=2, null=True, blank=True
    )
    hours_worked = models.DecimalField(
        "heures réalisées", max_digits=7, decimal_places=2, null=True, blank=True
    )
    micro_entrepreneur = models.BooleanField("micro-entrepreneur", default=False)
    monthly_income = models.DecimalField(
        "revenu mensuel déclaré (€)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    employer_siret = models.CharField("SIRET de l'employeur", max_length=14, blank=True)
    provider = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provided_steps",
        verbose_name="organisme",
    )
    provider_name = models.CharField("organisme (texte)", max_length=200, blank=True)
    outcome = models.CharField(
        "résultat", max_length=30, choices=StepOutcome.choices, default=StepOutcome.ONGOING
    )
    notes = models.TextField("observations", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="saisi par",
    )
    imported = models.BooleanField("importée", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "étape de parcours"
        verbose_name_plural = "étapes de parcours"
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["pathway", "start_date"], name="step_pathway_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="step_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(monthly_hours__isnull=True) | Q(monthly_hours__gte=0),
                name="step_monthly_hours_positive",
            ),
            models.CheckConstraint(
                condition=Q(hours_worked__isnull=True) | Q(hours_worked__gte=0),
                name="step_hours_worked_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.start_date:%d/%m/%Y}"

    def get_additional_data(self) -> dict[str, int]:
        return {"plie": self.pathway.plie_id, "participant": self.pathway.participant_id}
