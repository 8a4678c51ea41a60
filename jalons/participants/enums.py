from django.db import models


class Sex(models.TextChoices):
    FEMALE = "F", "Femme"
    MALE = "M", "Homme"


class QualificationLevel(models.TextChoices):
    """Both nomenclatures are accepted (interfaces.md); reports group them into buckets."""

    VI = "VI", "VI – sans diplôme, sortie de collège"
    VBIS = "Vbis", "V bis – sortie de 3e / second cycle court"
    V = "V", "V – CAP, BEP"
    IV = "IV", "IV – baccalauréat, BP, BT"
    III = "III", "III – bac + 2"
    II = "II", "II – licence"
    I = "I", "I – master, doctorat"  # noqa: E741
    N1 = "1", "Niveau 1 – savoirs de base"
    N2 = "2", "Niveau 2"
    N3 = "3", "Niveau 3 – CAP, BEP"
    N4 = "4", "Niveau 4 – baccalauréat"
    N5 = "5", "Niveau 5 – bac + 2"
    N6 = "6", "Niveau 6 – licence"
    N7 = "7", "Niveau 7 – master"
    N8 = "8", "Niveau 8 – doctorat"


class Barrier(models.TextChoices):
    """Cumulative barriers to employment (freins) — spec §3."""

    QUALIFICATION = "qualification", "Qualification"
    HEALTH = "health", "Santé"
    HOUSING = "housing", "Logement"
    CHILDCARE = "childcare", "Garde d'enfants"
    DEBT = "debt", "Endettement"
    PSYCHOLOGICAL = "psychological", "Difficultés psychologiques"
    MOBILITY = "mobility", "Mobilité"
    LANGUAGE = "language", "Maîtrise de la langue"
    ISOLATION = "isolation", "Isolement social"
    DISCRIMINATION = "discrimination", "Discriminations"


# Barriers that are sensitive data (spec §2): hidden from CRE, prescribers, clause officers.
SENSITIVE_BARRIERS = frozenset(
    {Barrier.HEALTH, Barrier.HOUSING, Barrier.DEBT, Barrier.PSYCHOLOGICAL}
)


class Household(models.TextChoices):
    SINGLE = "single", "Personne seule"
    SINGLE_PARENT = "single_parent", "Parent isolé"
    COUPLE = "couple", "En couple sans enfant"
    COUPLE_CHILDREN = "couple_children", "En couple avec enfant(s)"
    OTHER = "other", "Autre"


class ParticipantStatus(models.TextChoices):
    """Where the person stands, kept in step by the pathway services."""

    ORIENTED = "oriented", "Orienté·e"
    ACTIVE = "active", "En parcours"
    SUSPENDED = "suspended", "Parcours suspendu"
    EXITED = "exited", "Sorti·e"
    NOT_ADMITTED = "not_admitted", "Non admis·e"
