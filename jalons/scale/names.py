"""Fictional names and short texts for the scale data set (every person is invented).

The lists are long enough for searches to behave as on real files: a common surname
matches a few hundred people of a PLIE, a rare one a handful.
"""


def _words(text: str) -> tuple[str, ...]:
    return tuple(" ".join(word.split()) for word in text.split(",") if word.strip())


FEMALE_FIRST_NAMES = _words("""
Adèle, Agathe, Aïcha, Alexandra, Alice, Aline, Amandine, Amel, Amina, Anaïs, Angèle,
Angélique, Anne, Annie, Audrey, Aurélie, Awa, Béatrice, Bernadette, Brigitte, Camille,
Carole, Caroline, Cécile, Céline, Chantal, Charlotte, Chloé, Christelle, Christine, Claire,
Clara, Corinne, Dalila, Delphine, Djamila, Dominique, Élodie, Élise, Emma, Estelle, Eva,
Fanny, Fatima, Fatoumata, Florence, Françoise, Gaëlle, Géraldine, Hafsa, Hélène, Inès,
Isabelle, Jacqueline, Jeanne, Jessica, Josiane, Julie, Justine, Karima, Karine, Kenza,
Khadija, Laetitia, Laura, Laurence, Leïla, Léa, Linda, Lucie, Lydia, Magali, Malika, Manon,
Mariam, Marie, Marine, Martine, Mélanie, Monique, Morgane, Myriam, Nadège, Nadia, Naïma,
Nathalie, Nora, Océane, Odile, Pascale, Patricia, Pauline, Rachida, Rose, Sabrina, Safia,
Samia, Sandra, Sarah, Séverine, Sonia, Sophie, Stéphanie, Sylvie, Valérie, Vanessa,
Véronique, Virginie, Yasmina, Zohra
""")

MALE_FIRST_NAMES = _words("""
Abdel, Adrien, Ahmed, Alain, Alexandre, Ali, Amadou, Anthony, Antoine, Arnaud, Bernard,
Bilal, Boris, Bruno, Cédric, Christian, Christophe, Claude, Cyril, Damien, Daniel, David,
Denis, Didier, Djibril, Dylan, Éric, Fabien, Fabrice, Farid, Florian, Franck, François,
Frédéric, Gérard, Georges, Gilles, Grégory, Guillaume, Hakim, Hamid, Hervé, Hugo, Ibrahim,
Issa, Jacques, Jean, Jérémy, Jérôme, Joël, Jordan, José, Julien, Karim, Kevin, Lamine,
Laurent, Loïc, Luc, Lucas, Ludovic, Malik, Marc, Mathieu, Maxime, Mehdi, Michel, Mickaël,
Mohamed, Moussa, Mustapha, Nabil, Nicolas, Noël, Olivier, Omar, Pascal, Patrick, Philippe,
Pierre, Rachid, Raphaël, Rémi, Richard, Romain, Rudy, Samir, Samuel, Sébastien, Serge,
Sofiane, Stéphane, Sylvain, Thierry, Thomas, Tony, Vincent, Walid, Xavier, Yacine, Yann,
Yannick, Youssef, Zinedine
""")

LAST_NAMES = _words("""
Abbas, Adam, Aubert, Amrani, André, Arnaud, Aubry, Bailly, Barbier, Baron, Barre, Benali,
Benhamou, Benoît, Bernard, Berthier, Bertrand, Blanc, Blanchard, Bonnet, Bouchet, Boucher,
Bourgeois, Boyer, Brun, Brunet, Camara, Carlier, Caron, Carpentier, Castel, Chabert,
Charles, Chevalier, Clément, Colin, Collet, Costa, Coulibaly, Da Silva, Dahmani, Daniel,
David, Denis, Diallo, Diop, Dubois, Dufour, Dumas, Dupont, Dupuis, Durand, Fabre, Faure,
Fernandes, Fernandez, Ferrand, Ferreira, Fleury, Fontaine, Fournier, François, Gaillard,
Garcia, Garnier, Gauthier, Gautier, Gérard, Gerbaud, Gimenez, Girard, Giraud, Gomez,
Gonzalez, Guerin, Guillaume, Guillot, Haddad, Hamidi, Henry, Hoarau, Hubert, Imbert, Jacob,
Jean, Joly, Julien, Keita, Khelifi, Lacroix, Lambert, Laurent, Leblanc, Leclerc, Lefebvre,
Legrand, Lemaire, Lemoine, Leroy, Lopez, Lucas, Maillard, Marchand, Marie, Martin, Martinez,
Mathieu, Mercier, Meunier, Meyer, Michel, Moreau, Morel, Moulin, Muller, Nguyen, Nicolas,
Noël, Olivier, Ouali, Paris, Perez, Perrin, Petit, Picard, Pierre, Poulain, Renard, Renaud,
Rey, Richard, Rivière, Robert, Robin, Roche, Rodriguez, Roger, Rolland, Rousseau, Roussel,
Roux, Roy, Saïdi, Sanchez, Schmitt, Simon, Sylla, Tessier, Thomas, Touré, Traoré, Vasseur,
Vidal, Vincent, Yahiaoui, Ziani
""")

STREETS = _words("""
rue de la République, avenue Jean Jaurès, boulevard de la Libération, chemin des Oliviers,
rue Victor Hugo, allée des Pins, avenue de la Gare, rue Pasteur, impasse des Lilas, place du
Marché, rue des Écoles, avenue du Général de Gaulle, rue du Moulin, traverse des Cigales
""")

JOBS = _words("""
Agent d'entretien, Employé polyvalent de restauration, Aide à domicile, Préparateur de
commandes, Agent de sécurité, Vendeur, Cariste, Ouvrier paysagiste, Assistant de vie,
Chauffeur livreur, Plongeur, Manutentionnaire, Agent d'accueil, Employé administratif,
Aide-maçon, Caissier, Agent de propreté urbaine, Serveur
""")

QUALIFYING_TRAININGS = _words("""
Titre professionnel Agent de propreté et d'hygiène, CAP Accompagnant éducatif petite
enfance, Titre professionnel Préparateur de commandes, Titre professionnel Assistant de vie
aux familles, Titre professionnel Cuisinier, CAP Agent de sécurité, Titre professionnel
Agent magasinier
""")

SUSPENSION_REASONS = _words("""
Hospitalisation, Congé maternité, Incarcération, Difficultés familiales
""")

CONTACT_NOTES = (
    "Point sur les démarches de la semaine, CV mis à jour.",
    "Préparation d'un entretien d'embauche.",
    "Bilan de l'immersion, retours positifs de l'employeur.",
    "Échange sur les freins à la mobilité, orientation vers un diagnostic.",
    "Point sur la formation en cours.",
    "Relance pour les justificatifs demandés.",
    "Atelier collectif : techniques de recherche d'emploi.",
    "Suivi dans l'emploi : premier mois de contrat.",
    "",
    "",
)

OTHER_STEP_TITLES = {
    "formation": ("Remise à niveau", "Compétences numériques de base", "Découverte des métiers"),
    "mobilite": ("Diagnostic mobilité", "Aide au permis de conduire", "Location de scooter"),
    "accompagnement_social": ("Accompagnement social", "Accompagnement santé"),
    "atelier": ("Atelier CV et lettre", "Simulation d'entretien", "Club Ambition"),
    "immersion": ("PMSMP – découverte métier",),
    "autre": ("Bilan de compétences", "Démarches administratives"),
}

EXIT_REASONS = {
    "abandon": (
        "Ne se présente plus aux rendez-vous malgré les relances.",
        "Souhaite interrompre l'accompagnement.",
    ),
    "demenagement": ("Déménagement hors du territoire du PLIE.",),
    "deces": ("Décès.",),
    "retraite": ("Départ à la retraite.",),
    "autre": (
        "Fin de parcours sans sortie positive.",
        "Réorientation vers un autre dispositif.",
        "Situation de santé incompatible avec une reprise d'emploi à court terme.",
    ),
}
