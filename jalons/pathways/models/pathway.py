import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from jalons.organisations.enums import PrescriberKind
from jalons.participants.enums import Household, QualificationLevel, Sex
from jalons.pathways import profile
from jalons.pathways.enums import PathwayStatus
from jalons.pathways.querysets import PathwayQuerySet


class Pathway(models.Model):
    """An 18-month pathway with one referent at a time (spec §3)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        related_name="pathways",
        verbose_name="participant",
    )
    # Denormalised from the participant so that scoping and reports need no join.
    plie = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="pathways",
        verbose_name="PLIE",
    )
    orientation = models.OneToOneField(
        "pathways.Orientation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pathway",
        verbose_name="orientation",
    )
    entry_date = models.DateField("date d'entrée")
    planned_end_date = models.DateField("fin prévue")
    lot = models.ForeignKey(
        "organisations.Lot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pathways",
        verbose_name="lot",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name="référent·e",
    )
    status = models.CharField(
        "statut", max_length=20, choices=PathwayStatus.choices, default=PathwayStatus.ACTIVE
    )
    exit_date = models.DateField("date de sortie", null=True, blank=True)
    last_contact_on = models.DateField("dernier contact", null=True, blank=True)
    # The entry decision (a dated snapshot, with its author and the screening it saw).
    entry_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="entrée décidée par",
    )
    entry_decided_at = models.DateTimeField("entrée décidée le", null=True, blank=True)
    eligibility = models.JSONField("éligibilité constatée à l'entrée", default=dict, blank=True)
    override_justification = models.TextField(
        "justification de la dérogation",
        blank=True,
        help_text="Obligatoire quand l'entrée est décidée malgré un critère non rempli.",
    )
    imported = models.BooleanField("importé", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The review's copies, written with the snapshot and never edited (`copy_entry_profile`,
    # or in bulk by `pathways.services.review_copies`), so that the protocol review counts a
    # million pathways in one scan of this table: the situation at entry as one integer
    # (`jalons.pathways.profile`), its bassin, and the exit date of the person's previous
    # pathway (none for a first pathway).
    entry_profile = models.PositiveSmallIntegerField(
        "situation à l'entrée (code)", default=0, editable=False
    )
    entry_bassin = models.ForeignKey(
        "territory.BassinDeVie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="bassin de vie à l'entrée",
    )
    previous_exit_date = models.DateField(
        "sortie du parcours précédent", null=True, blank=True, editable=False
    )

    objects = PathwayQuerySet.as_manager()

    class Meta:
        verbose_name = "parcours"
        verbose_name_plural = "parcours"
        ordering = ["-entry_date"]
        constraints = [
            # Never two open pathways for one participant (spec §9).
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status__in=["active", "suspended"]),
                name="one_open_pathway_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True) | Q(exit_date__gte=models.F("entry_date")),
                name="pathway_exit_after_entry",
            ),
            models.CheckConstraint(
                condition=~Q(status="exited") | Q(exit_date__isnull=False),
                name="pathway_exited_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["plie", "status"], name="pathway_plie_status_idx"),
            models.Index(fields=["referent", "status"], name="pathway_referent_idx"),
            models.Index(fields=["plie", "entry_date"], name="pathway_entry_idx"),
            models.Index(fields=["plie", "exit_date"], name="pathway_exit_idx"),
            # The participant list sorted by entry date, last contact or referent: the sort
            # keys of each participant's current pathway, read from the index alone.
            models.Index(
                fields=["id"],
                include=["entry_date", "last_contact_on", "referent", "lot"],
                name="pathway_list_idx",
            ),
            # The referent choices of the participant list: the open pathways' referents.
            models.Index(
                fields=["plie", "referent"],
                condition=Q(status__in=["active", "suspended"]),
                name="pathway_open_referent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Parcours du {self.entry_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status in (PathwayStatus.ACTIVE, PathwayStatus.SUSPENDED)

    def get_additional_data(self) -> dict[str, int]:
        return {"plie": self.plie_id, "participant": self.participant_id}


def copy_entry_profile(pathway: Pathway, snapshot: "EntrySnapshot") -> None:
    """Set the pathway's copy of its entry snapshot (before saving the pathway)."""
    pathway.entry_profile = profile.of_snapshot(snapshot)
    pathway.entry_bassin_id = snapshot.bassin_id


class EntrySnapshot(models.Model):
    """The situation at entry, frozen: reports read this, never the current situation."""

    pathway = models.OneToOneField(Pathway, on_delete=models.CASCADE, related_name="snapshot")
    recorded_at = models.DateTimeField(auto_now_add=True)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    age = models.PositiveSmallIntegerField("âge à l'entrée")
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name="commune"
    )
    bassin = models.ForeignKey(
        "territory.BassinDeVie",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="bassin de vie",
    )
    qpv = models.BooleanField("QPV", default=False)
    rsa = models.BooleanField("RSA", default=False)
    ass = models.BooleanField("ASS", default=False)
    aah = models.BooleanField("AAH", default=False)
    deld = models.BooleanField("DELD", default=False)
    rqth = models.BooleanField("RQTH", default=False)
    qualification_level = models.CharField(
        "niveau", max_length=4, choices=QualificationLevel.choices, blank=True
    )
    qualification_bucket = models.CharField("groupe de niveau", max_length=20)
    prescriber_kind = models.CharField(
        "prescripteur", max_length=20, choices=PrescriberKind.choices
    )
    household = models.CharField(
        "situation familiale", max_length=20, choices=Household.choices, blank=True
    )
    barriers = models.JSONField("freins", default=list, blank=True)

    class Meta:
        verbose_name = "situation à l'entrée"
        verbose_name_plural = "situations à l'entrée"

    def __str__(self) -> str:
        return f"Situation à l'entrée du parcours {self.pathway_id}"


class ReferentAssignment(models.Model):
    """Referent history: exactly one open assignment while the pathway is open."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="assignments")
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name="référent·e",
    )
    start_date = models.DateField("depuis le")
    end_date = models.DateField("jusqu'au", null=True, blank=True)
    reason = models.CharField("motif", max_length=255, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "référent·e successif·ve"
        verbose_name_plural = "historique des référents"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway"],
                condition=Q(end_date__isnull=True),
                name="one_current_referent_per_pathway",
            )
        ]

    def __str__(self) -> str:
        return f"{self.referent} depuis le {self.start_date:%d/%m/%Y}"

    def get_additional_data(self) -> dict[str, int]:
        return {"plie": self.pathway.plie_id, "participant": self.pathway.participant_id}


class Suspension(models.Model):
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="suspensions")
    start_date = models.DateField("suspendu le")
    end_date = models.DateField("repris le", null=True, blank=True)
    reason = models.CharField("motif", max_length=255)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "suspension"
        verbose_name_plural = "suspensions"
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway"],
                condition=Q(end_date__isnull=True),
                name="one_open_suspension_per_pathway",
            )
        ]

    def __str__(self) -> str:
        return f"Suspension du {self.start_date:%d/%m/%Y}"

    def get_additional_data(self) -> dict[str, int]:
        return {"plie": self.pathway.plie_id, "participant": self.pathway.participant_id}
