from django.db import models


class OrganisationKind(models.TextChoices):
    OI = "oi", "Organisme intermédiaire (OI)"
    PLIE = "plie", "PLIE"
    PROVIDER = "provider", "Structure d'accompagnement"
    PRESCRIBER = "prescriber", "Prescripteur"
    EMPLOYER = "employer", "Employeur"
    CONTRACTING_AUTHORITY = "contracting_authority", "Donneur d'ordre"
    IAE_STRUCTURE = "iae_structure", "Structure de l'IAE"
    OTHER = "other", "Autre"


class PrescriberKind(models.TextChoices):
    """Who sent the person (stored values are the import/report keys of interfaces.md)."""

    FRANCE_TRAVAIL = "france_travail", "France Travail"
    CAF = "caf", "CAF"
    CCAS = "ccas", "CCAS"
    BME = "bme", "BME (Boutique Métier Emploi)"
    POLE_INSERTION = "pole_insertion", "Pôle insertion (Département)"
    AUTRE = "autre", "Autre prescripteur"
    SPONTANE = "spontane", "Candidature spontanée"


class Role(models.TextChoices):
    """Spec §2: each role is a permission set, scoped to the membership's organisation."""

    PROJECT_LEAD = "project_lead", "Cheffe / chef de projet PLIE"
    COORDINATOR = "coordinator", "Coordination / gestion de parcours"
    ADVISER = "adviser", "Accompagnateur à l'emploi (AAE)"
    CRE = "cre", "Chargé·e de relations entreprises (CRE)"
    CLAUSE_OFFICER = "clause_officer", "Chargé·e de mission clauses"
    IAE_OFFICER = "iae_officer", "Chargé·e de mission IAE/ESS"
    PRESCRIBER = "prescriber", "Prescripteur"
    OI_CONTROLLER = "oi_controller", "Contrôleur de l'OI"
    ADMIN = "admin", "Administrateur"


# Which organisation kind a role's membership must be held in.
ROLE_ORGANISATION_KINDS: dict[str, tuple[str, ...]] = {
    Role.PROJECT_LEAD: (OrganisationKind.PLIE,),
    Role.COORDINATOR: (OrganisationKind.PLIE,),
    Role.ADVISER: (OrganisationKind.PROVIDER,),
    Role.CRE: (OrganisationKind.PLIE, OrganisationKind.PROVIDER),
    Role.CLAUSE_OFFICER: (OrganisationKind.PLIE,),
    Role.IAE_OFFICER: (OrganisationKind.PLIE,),
    Role.PRESCRIBER: (OrganisationKind.PRESCRIBER,),
    Role.OI_CONTROLLER: (OrganisationKind.OI,),
    Role.ADMIN: (OrganisationKind.OI, OrganisationKind.PLIE),
}

# Roles allowed to read sensitive data (health, disability, debt, RSA...) — spec §2.
PATHWAY_TEAM_ROLES = frozenset({Role.PROJECT_LEAD, Role.COORDINATOR})
SENSITIVE_READER_ROLES = PATHWAY_TEAM_ROLES | {Role.OI_CONTROLLER}
