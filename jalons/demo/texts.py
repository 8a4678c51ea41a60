"""Short French texts of the demonstration: notes, reasons, job titles, employers.

Every organisation and employer named here is fictional.
"""

# fmt: off
# Notes of a contact, by kind (no sensitive detail: notes are read by the whole team).
CONTACT_NOTES = {
    "individual": (
        "Point sur le projet professionnel ; CV mis à jour.",
        "Bilan des démarches du mois, deux candidatures envoyées.",
        "Préparation à l'entretien d'embauche prévu la semaine prochaine.",
        "Travail sur les freins périphériques, orientation vers un partenaire.",
        "Suivi de la formation en cours, bonne assiduité.",
        "Point d'étape : objectifs du mois fixés ensemble.",
        "Retour sur l'immersion en entreprise, expérience positive.",
        "Recherche d'offres ciblées avec le CRE.",
    ),
    "collective": (
        "Atelier CV et lettre de motivation.",
        "Information collective sur les métiers de l'aide à la personne.",
        "Atelier simulation d'entretien.",
        "Session numérique : candidater en ligne.",
    ),
    "phone": (
        "Appel de suivi, rendez-vous fixé.",
        "Point téléphonique sur la mission d'intérim en cours.",
        "Relance suite à l'absence au dernier rendez-vous.",
        "Échange sur une offre transmise par le CRE.",
    ),
    "home_visit": (
        "Visite à domicile, démarches administratives faites ensemble.",
        "Rencontre au domicile, point sur la garde des enfants.",
    ),
    "video": (
        "Entretien en visioconférence, suivi des candidatures.",
        "Point en visio sur la formation à distance.",
    ),
}
ENTRY_NOTE = "Entretien d'entrée : diagnostic partagé et contrat d'engagement signé."

ORIENTATION_REASONS = (
    "souhaite un accompagnement renforcé vers l'emploi",
    "recherche un emploi durable après plusieurs contrats courts",
    "projet de reconversion à construire",
    "a besoin d'un appui pour lever ses freins avant une reprise d'emploi",
    "souhaite reprendre une activité après une longue interruption",
    "souhaite accéder à une formation qualifiante",
)
REFUSAL_REASONS = (
    "Accompagnement déjà en cours dans un autre dispositif (garantie jeunes).",
    "La personne ne souhaite pas s'engager dans un parcours de 18 mois.",
    "Projet de formation longue déjà financé : l'accompagnement PLIE n'est pas adapté.",
    "Situation ne relevant pas du PLIE : orientation vers le service social.",
)
EXIT_REASONS = {
    "abandon": (
        "Ne se présente plus aux rendez-vous malgré trois relances.",
        "Ne souhaite plus poursuivre l'accompagnement.",
        "Injoignable depuis plusieurs mois.",
    ),
    "demenagement": (
        "Déménagement à Marseille.",
        "Déménagement hors de la région.",
        "Départ vers le Var pour raisons familiales.",
    ),
    "retraite": ("Départ à la retraite.",),
    "autre": (
        "Orientation vers un dispositif plus adapté à sa situation.",
        "Entrée dans un accompagnement spécialisé.",
        "Situation personnelle ne permettant plus l'accompagnement.",
    ),
}
SUSPENSION_REASONS = (
    "Congé maternité", "Hospitalisation", "Situation familiale à régler",
    "Absence prolongée à l'étranger",
)

JOBS = (
    "Agent d'entretien", "Employé polyvalent de restauration", "Aide à domicile",
    "Préparateur de commandes", "Agent de sécurité", "Vendeur en boulangerie", "Cariste",
    "Ouvrier paysagiste", "Assistant de vie", "Chauffeur livreur", "Plongeur", "Manutentionnaire",
    "Agent d'accueil", "Employé administratif", "Aide-maçon", "Caissier",
    "Agent de propreté urbaine", "Serveur",
)
EMPLOYERS = (
    "Boulangerie Mistral", "Transports Durance Logistique", "Clinique des Pins",
    "Propreté Provence Services", "Hôtel du Cours", "Supermarché Les Allées", "Paysages de l'Arc",
    "Restaurant La Rotonde", "Aide et Présence Pays d'Aix", "Bâtiments du Sud",
    "Logistique Les Milles", "Sécurité Sainte-Victoire",
)
AGENCIES = ("Intérim Provence Aix", "Agence Les Milles Travail Temporaire", "Durance Intérim")
QUALIFYING = (
    "Titre professionnel Agent de propreté et d'hygiène",
    "CAP Accompagnant éducatif petite enfance",
    "Titre professionnel Préparateur de commandes",
    "Titre professionnel Assistant de vie aux familles",
    "Titre professionnel Cuisinier", "CAP Agent de sécurité",
    "Titre professionnel Agent magasinier",
)
PRE_QUALIFYING = (
    "Remise à niveau en français et mathématiques", "Découverte des métiers du BTP",
    "Compétences numériques de base", "Préparation aux concours sanitaires et sociaux",
)
CREATIONS = (
    "services à la personne", "nettoyage", "coiffure à domicile", "vente sur les marchés",
    "jardinage", "transport de personnes (VTC)", "couture et retouches",
)
CLAUSES = (
    "Réhabilitation du lycée de Vauvenargues – gros œuvre",
    "Réhabilitation du lycée de Vauvenargues – second œuvre",
    "Entretien des espaces verts du Pays d'Aix",
    "Rénovation de l'école Jules Ferry de Gardanne",
)
# fmt: on
