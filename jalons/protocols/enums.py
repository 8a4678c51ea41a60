from django.db import models


class TargetKey(models.TextChoices):
    """What an objective measures; the keys are those of the review (interfaces.md)."""

    ACCOMPANIED = "accompanied", "Personnes accompagnées"
    RSA = "rsa", "Bénéficiaires du RSA accompagnés"
    ENTRIES = "entries", "Entrées"
    EXITS_POSITIVE = "exits_positive", "Sorties positives"
    EXITS_EMPLOYMENT = "exits_employment", "Sorties en emploi stable et durable"
    EXITS_EMPLOYMENT_RSA = "exits_employment_rsa", "Sorties en emploi de bénéficiaires du RSA"
    EXITS_TRAINING = "exits_training", "Sorties en formation qualifiante"


class TargetUnit(models.TextChoices):
    COUNT = "count", "Nombre"
    PERCENT = "percent", "% des personnes accompagnées"
