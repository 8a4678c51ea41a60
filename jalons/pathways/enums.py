from django.db import models


class OrientationStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposée"
    ACCEPTED = "accepted", "Acceptée (entrée)"
    REFUSED = "refused", "Refusée"
    WITHDRAWN = "withdrawn", "Retirée"


class PathwayStatus(models.TextChoices):
    ACTIVE = "active", "En cours"
    SUSPENDED = "suspended", "Suspendu"
    EXITED = "exited", "Terminé"


OPEN_PATHWAY_STATUSES = (PathwayStatus.ACTIVE, PathwayStatus.SUSPENDED)


class ContactKind(models.TextChoices):
    INDIVIDUAL = "individual", "Entretien individuel"
    COLLECTIVE = "collective", "Atelier / collectif"
    PHONE = "phone", "Téléphone"
    HOME_VISIT = "home_visit", "Visite à domicile"
    VIDEO = "video", "Visioconférence"


class Attendance(models.TextChoices):
    ATTENDED = "attended", "Présent·e"
    EXCUSED = "excused", "Excusé·e"
    MISSED = "missed", "Absent·e"


class StepKind(models.TextChoices):
    """Step types (spec §3); values are the import keys of interfaces.md."""

    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    INTERIM = "interim", "Mission d'intérim"
    QUALIFYING_TRAINING = "formation_qualifiante", "Formation qualifiante"
    TRAINING = "formation", "Formation pré-qualifiante"
    BUSINESS_CREATION = "creation_activite", "Création ou reprise d'activité"
    IAE_ACI = "iae_aci", "IAE – atelier et chantier d'insertion (ACI)"
    IAE_EI = "iae_ei", "IAE – entreprise d'insertion (EI)"
    IAE_ETTI = "iae_etti", "IAE – entreprise de travail temporaire d'insertion (ETTI)"
    IAE_AI = "iae_ai", "IAE – association intermédiaire (AI)"
    CLAUSE = "clause", "Heures en clause d'insertion"
    IMMERSION = "immersion", "Immersion en entreprise (PMSMP)"
    MOBILITY = "mobilite", "Mobilité (diagnostic, actions)"
    SOCIAL_SUPPORT = "accompagnement_social", "Accompagnement santé / social"
    WORKSHOP = "atelier", "Atelier de recherche d'emploi / Club Ambition"
    OTHER = "autre", "Autre étape"


EMPLOYMENT_STEP_KINDS = frozenset(
    {
        StepKind.CDI,
        StepKind.CDD,
        StepKind.INTERIM,
        StepKind.IAE_ACI,
        StepKind.IAE_EI,
        StepKind.IAE_ETTI,
        StepKind.IAE_AI,
        StepKind.CLAUSE,
    }
)
# Steps whose kind needs hours per month (contracts) or hours worked (missions).
MONTHLY_HOURS_KINDS = frozenset({StepKind.CDI, StepKind.CDD})
HOURS_WORKED_KINDS = frozenset({StepKind.INTERIM})


class StepOutcome(models.TextChoices):
    ONGOING = "ongoing", "En cours"
    COMPLETED = "completed", "Réalisée"
    ABANDONED = "abandoned", "Abandonnée"
    BARRIER_LIFTED = "barrier_lifted", "Frein levé"
    BARRIER_PARTLY_LIFTED = "barrier_partly_lifted", "Frein partiellement levé"
    BARRIER_NOT_LIFTED = "barrier_not_lifted", "Frein non levé"


class ExitKind(models.TextChoices):
    """Exit kinds; the first five are positive when the rules validate them (exits.md)."""

    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD de 6 mois ou plus"
    INTERIM = "interim", "Intérim"
    QUALIFYING_TRAINING = "formation_qualifiante", "Formation qualifiante"
    BUSINESS_CREATION = "creation_activite", "Création ou reprise d'activité"
    DROP_OUT = "abandon", "Abandon de parcours"
    MOVE = "demenagement", "Déménagement"
    DEATH = "deces", "Décès"
    RETIREMENT = "retraite", "Retraite"
    OTHER = "autre", "Autre sortie"


POSITIVE_EXIT_KINDS = frozenset(
    {
        ExitKind.CDI,
        ExitKind.CDD,
        ExitKind.INTERIM,
        ExitKind.QUALIFYING_TRAINING,
        ExitKind.BUSINESS_CREATION,
    }
)
OTHER_EXIT_KINDS = frozenset(
    {ExitKind.DROP_OUT, ExitKind.MOVE, ExitKind.DEATH, ExitKind.RETIREMENT, ExitKind.OTHER}
)


class ExitSource(models.TextChoices):
    RECORDED = "recorded", "Saisie par l'équipe"
    COMPUTED = "computed", "Calculée à partir des étapes"
    IMPORTED = "imported", "Importée"
    COMMITTEE = "committee", "Décision du comité de pilotage"
