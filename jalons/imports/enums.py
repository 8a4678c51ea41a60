from django.db import models


class ImportKind(models.TextChoices):
    """The two import files of interfaces.md."""

    PARTICIPANTS = "participants", "Participants (parcours et sorties)"
    STEPS = "steps", "Étapes de parcours"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Vérifié, en attente de confirmation"
    QUEUED = "queued", "En file d'attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échec (rien n'a été enregistré)"


FINISHED_STATUSES = frozenset({ImportStatus.DONE, ImportStatus.FAILED})
