"""A PLIE's protocol: its period, its exit-rule parameters and its targets (spec §3–4).

The thresholds are data, not code: other PLIEs use other values. Defaults are the
Pays d'Aix values of the source document."""

import uuid
from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from jalons.pathways.rules.exits import ExitParameters
from jalons.protocols.enums import TargetKey, TargetUnit


class ProtocolQuerySet(models.QuerySet["Protocol"]):
    def covering(self, day: date) -> "ProtocolQuerySet":
        return self.filter(start_date__lte=day, end_date__gte=day)

    def overlapping(self, start: date, end: date) -> "ProtocolQuerySet":
        return self.filter(start_date__lte=end, end_date__gte=start)


class Protocol(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plie = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="protocols",
        limit_choices_to={"kind": "plie"},
        verbose_name="PLIE",
    )
    name = models.CharField("nom", max_length=100)
    start_date = models.DateField("début")
    end_date = models.DateField("fin")
    # Exit rules (exits.md)
    min_monthly_hours = models.DecimalField(
        "heures mensuelles minimales (mi-temps)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("76"),
    )
    contract_months = models.PositiveSmallIntegerField("durée minimale CDI / CDD (mois)", default=6)
    interim_long_hours = models.DecimalField(
        "intérim : heures sur la longue fenêtre",
        max_digits=6,
        decimal_places=2,
        default=Decimal("936"),
    )
    interim_long_months = models.PositiveSmallIntegerField(
        "intérim : longue fenêtre (mois)", default=9
    )
    interim_short_hours = models.DecimalField(
        "intérim : heures sur la courte fenêtre",
        max_digits=6,
        decimal_places=2,
        default=Decimal("624"),
    )
    interim_short_months = models.PositiveSmallIntegerField(
        "intérim : courte fenêtre (mois)", default=6
    )
    training_months = models.PositiveSmallIntegerField(
        "formation qualifiante : durée (mois)", default=6
    )
    creation_months = models.PositiveSmallIntegerField(
        "création d'activité : durée (mois)", default=6
    )
    training_cap_percent = models.PositiveSmallIntegerField(
        "plafond des formations qualifiantes (% des sorties positives)",
        default=8,
        validators=[MaxValueValidator(100)],
    )
    micro_income_smic_ratio = models.DecimalField(
        "revenu minimal d'un micro-entrepreneur (part du SMIC mensuel)",
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("2"))],
    )

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        verbose_name = "protocole"
        verbose_name_plural = "protocoles"
        ordering = ["plie", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="protocol_period"
            ),
            models.UniqueConstraint(fields=["plie", "name"], name="uniq_protocol_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_date:%Y}–{self.end_date:%Y})"

    def parameters(self) -> ExitParameters:
        return ExitParameters(
            min_monthly_hours=self.min_monthly_hours,
            contract_months=self.contract_months,
            interim_long_hours=self.interim_long_hours,
            interim_long_months=self.interim_long_months,
            interim_short_hours=self.interim_short_hours,
            interim_short_months=self.interim_short_months,
            training_months=self.training_months,
            creation_months=self.creation_months,
            training_cap_percent=self.training_cap_percent,
            micro_income_smic_ratio=self.micro_income_smic_ratio,
        )


class ProtocolTarget(models.Model):
    """An objective of the protocol, for the whole protocol (year empty) or one year."""

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="targets")
    key = models.CharField("indicateur", max_length=30, choices=TargetKey.choices)
    unit = models.CharField(
        "unité", max_length=10, choices=TargetUnit.choices, default=TargetUnit.COUNT
    )
    year = models.PositiveSmallIntegerField("année", null=True, blank=True)
    value = models.DecimalField("objectif", max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = "objectif"
        verbose_name_plural = "objectifs"
        ordering = ["protocol", "year", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "key", "unit", "year"],
                condition=Q(year__isnull=False),
                name="uniq_yearly_target",
            ),
            models.UniqueConstraint(
                fields=["protocol", "key", "unit"],
                condition=Q(year__isnull=True),
                name="uniq_protocol_target",
            ),
        ]

    def __str__(self) -> str:
        suffix = " %" if self.unit == TargetUnit.PERCENT else ""
        return f"{self.get_key_display()} : {self.value.normalize()}{suffix}"
