"""A participant: a person within one PLIE (the same person in two PLIEs is two records)."""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from jalons.participants.enums import Barrier, Household, ParticipantStatus, QualificationLevel, Sex
from jalons.participants.querysets import ParticipantQuerySet
from jalons.participants.validators import validate_france_travail_id, validate_nir


def validate_barriers(value: object) -> None:
    if not isinstance(value, list) or any(v not in Barrier.values for v in value):
        raise ValidationError("Liste de freins invalide.")


class Participant(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plie = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name="PLIE",
    )
    source_id = models.CharField(
        "identifiant",
        max_length=50,
        null=True,
        blank=True,
        help_text="Identifiant dans le système d'origine (imports).",
    )
    # Identity
    last_name = models.CharField("nom", max_length=150)
    first_name = models.CharField("prénom", max_length=150)
    birth_name = models.CharField("nom de naissance", max_length=150, blank=True)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("date de naissance")
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name="commune de résidence",
    )
    qpv = models.BooleanField("réside en QPV", default=False)
    qpv_zone = models.ForeignKey(
        "territory.Qpv",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name="quartier prioritaire",
    )
    france_travail_id = models.CharField(
        "identifiant France Travail",
        max_length=11,
        blank=True,
        validators=[validate_france_travail_id],
    )
    nir = models.CharField(
        "NIR (n° de sécurité sociale)", max_length=15, blank=True, validators=[validate_nir]
    )
    # Situation (current; the situation at entry is frozen in the pathway's snapshot)
    france_travail_registered = models.BooleanField("inscrit·e à France Travail", default=False)
    job_seeker_since = models.DateField(
        "inscrit·e comme demandeur d'emploi depuis", null=True, blank=True
    )
    rsa = models.BooleanField("bénéficiaire du RSA", default=False)
    ass = models.BooleanField("bénéficiaire de l'ASS", default=False)
    aah = models.BooleanField("bénéficiaire de l'AAH", default=False)
    rqth = models.BooleanField("RQTH (travailleur handicapé)", default=False)
    qualification_level = models.CharField(
        "niveau de qualification", max_length=4, choices=QualificationLevel.choices, blank=True
    )
    household = models.CharField(
        "situation familiale", max_length=20, choices=Household.choices, blank=True
    )
    children = models.PositiveSmallIntegerField("enfants à charge", default=0)
    executive_long_excluded = models.BooleanField(
        "cadre durablement exclu de l'emploi", default=False
    )
    barriers = models.JSONField("freins", default=list, blank=True, validators=[validate_barriers])
    # Kept in step by pathways.services
    status = models.CharField(
        "statut",
        max_length=20,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.ORIENTED,
    )
    current_pathway = models.ForeignKey(
        "pathways.Pathway",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="parcours en cours",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    anonymised_at = models.DateTimeField("anonymisé le", null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "participant"
        verbose_name_plural = "participants"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plie", "source_id"],
                condition=Q(source_id__isnull=False),
                name="uniq_participant_source_id",
            ),
            models.CheckConstraint(condition=Q(sex__in=["F", "M"]), name="participant_sex_valid"),
        ]
        indexes = [
            # The list's default order, covering its keys and counts (deferred join) with the
            # filters on status, RSA and QPV.
            models.Index(
                fields=["plie", "last_name", "first_name", "id"],
                include=["current_pathway", "status", "rsa", "qpv"],
                name="participant_list_idx",
            ),
            models.Index(fields=["plie", "france_travail_id"], name="participant_ft_idx"),
            models.Index(fields=["plie", "status"], name="participant_status_idx"),
            models.Index(fields=["plie", "birth_date"], name="participant_birth_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    def age_on(self, day: date) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def get_additional_data(self) -> dict[str, int]:
        """Stored with every audit entry, so the audit trail can be scoped by PLIE."""
        return {"plie": self.plie_id, "participant": self.pk}
