"""Organisations (OI, PLIE, providers, prescribers...), territorial lots and memberships."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from jalons.organisations.enums import OrganisationKind, PrescriberKind, Role
from jalons.organisations.querysets import MembershipQuerySet, OrganisationQuerySet


class Organisation(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("type", max_length=30, choices=OrganisationKind.choices)
    name = models.CharField("nom", max_length=200)
    code = models.CharField(
        "code", max_length=30, null=True, blank=True, help_text="Code court (PLIE : AIX, ...)"
    )
    siret = models.CharField("SIRET", max_length=14, blank=True)
    # A PLIE belongs to an OI; providers, prescribers and employers belong to a PLIE.
    oi = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plies",
        limit_choices_to={"kind": OrganisationKind.OI},
        verbose_name="organisme intermédiaire",
    )
    plie = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        limit_choices_to={"kind": OrganisationKind.PLIE},
        verbose_name="PLIE",
    )
    prescriber_kind = models.CharField(
        "type de prescripteur", max_length=20, choices=PrescriberKind.choices, blank=True
    )
    communes = models.ManyToManyField(
        "territory.Commune", blank=True, related_name="plies", verbose_name="communes du PLIE"
    )
    address = models.CharField("adresse", max_length=255, blank=True)
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name="commune",
    )
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    is_active = models.BooleanField("active", default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(kind="plie") & Q(code__isnull=False),
                name="uniq_plie_code",
            ),
            models.CheckConstraint(
                condition=~Q(kind="prescriber") | ~Q(prescriber_kind=""),
                name="prescriber_has_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_plie(self) -> bool:
        return self.kind == OrganisationKind.PLIE


class Lot(models.Model):
    """A territorial lot: a bassin-de-vie share of the accompaniment, held by a provider."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plie = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="lots",
        limit_choices_to={"kind": OrganisationKind.PLIE},
        verbose_name="PLIE",
    )
    code = models.CharField("code", max_length=30)
    name = models.CharField("nom", max_length=200)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_lots",
        limit_choices_to={"kind": OrganisationKind.PROVIDER},
        verbose_name="titulaire",
    )
    bassins = models.ManyToManyField(
        "territory.BassinDeVie", blank=True, related_name="lots", verbose_name="bassins de vie"
    )
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "lot territorial"
        verbose_name_plural = "lots territoriaux"
        ordering = ["plie", "code"]
        constraints = [models.UniqueConstraint(fields=["plie", "code"], name="uniq_lot_code")]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Membership(models.Model):
    """A user's role in an organisation, dated; deactivated (end date), never deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name="utilisateur",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name="organisation",
    )
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    lot = models.ForeignKey(
        Lot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="lot",
        help_text="Pour un AAE : le lot sur lequel il intervient.",
    )
    start_date = models.DateField("début", default=date.today)
    end_date = models.DateField("fin", null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "rattachement"
        verbose_name_plural = "rattachements"
        ordering = ["user", "organisation", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.organisation})"

    def is_active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    @property
    def plie(self) -> Organisation | None:
        """The PLIE this membership acts for (None for OI-level roles)."""
        org = self.organisation
        if org.kind == OrganisationKind.PLIE:
            return org
        return org.plie
