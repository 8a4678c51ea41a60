from django.db import models


class ExportKind(models.TextChoices):
    PARTICIPANTS = "participants", "Liste des participants"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "En file d'attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Prêt"
    FAILED = "failed", "Échec (aucun fichier)"


PENDING_STATUSES = frozenset({ExportStatus.QUEUED, ExportStatus.RUNNING})
