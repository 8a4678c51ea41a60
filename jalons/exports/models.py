"""A large export prepared in the background, downloadable by its requester for 24 hours."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from jalons.exports.enums import PENDING_STATUSES, ExportKind, ExportStatus

# How long a prepared file stays downloadable (then `purge_exports` deletes it).
RETENTION = timedelta(hours=24)


class ExportRun(models.Model):
    """One export request: the list's filters, the acting role, and the file once written.

    The filters are re-applied, and the requester's scope re-resolved from `membership`, when
    the task runs. `search` is the list's free-text search (names, identifiers: personal
    data): it never goes into a URL or a log, and is cleared as soon as the run ends.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("type d'export", max_length=20, choices=ExportKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="demandé par",
    )
    membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="rôle du demandeur",
    )
    filters = models.JSONField("filtres", default=dict, blank=True)
    search = models.TextField("recherche", blank=True)
    status = models.CharField(
        "statut", max_length=20, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    total = models.PositiveIntegerField("lignes à écrire", null=True, blank=True)
    rows = models.PositiveIntegerField("lignes écrites", default=0)
    # Name of the finished file in the exports directory; "" before it is complete and
    # once it has been deleted.
    file_name = models.CharField("fichier", max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField("taille (octets)", default=0)
    message = models.TextField("message", blank=True)
    created_at = models.DateTimeField("demandé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "export"
        verbose_name_plural = "exports"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="exportrun_user_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def is_ready(self) -> bool:
        """Finished, its file not yet deleted nor past the retention."""
        expires_at = self.expires_at
        return (
            self.status == ExportStatus.DONE
            and bool(self.file_name)
            and expires_at is not None
            and expires_at > timezone.now()
        )

    @property
    def expires_at(self) -> datetime | None:
        return self.finished_at + RETENTION if self.finished_at else None
