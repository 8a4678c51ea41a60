"""The trace of every import: bulk writes bypass the audit log, so each run is recorded here."""

import uuid

from django.conf import settings
from django.db import models

from jalons.imports.enums import FINISHED_STATUSES, ImportKind, ImportStatus


class ImportRun(models.Model):
    """One file checked (preview) and, once confirmed, imported — with its outcome."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plie = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="import_runs",
        verbose_name="PLIE",
    )
    kind = models.CharField("type d'import", max_length=20, choices=ImportKind.choices)
    file_name = models.CharField("fichier", max_length=255)
    file_sha256 = models.CharField("empreinte SHA-256", max_length=64)
    # Name of the uploaded file in the imports directory while it waits for confirmation.
    stored_file = models.CharField("fichier déposé", max_length=100, blank=True)
    status = models.CharField(
        "statut", max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    rows = models.PositiveIntegerField("lignes", default=0)
    processed = models.PositiveIntegerField("lignes vérifiées", default=0)
    created = models.PositiveIntegerField("créées", default=0)
    updated = models.PositiveIntegerField("mises à jour", default=0)
    unchanged = models.PositiveIntegerField("inchangées", default=0)
    errors = models.JSONField("erreurs", default=list, blank=True)
    message = models.TextField("message", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lancé par",
    )
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["plie", "-uploaded_at"], name="importrun_plie_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def can_confirm(self) -> bool:
        return self.status == ImportStatus.PREVIEWED and not self.errors and self.rows > 0

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    def get_additional_data(self) -> dict[str, int]:
        return {"plie": self.plie_id}
