"""Fictional French names and streets for the demonstration data.

Every person and organisation seeded from these lists is invented; any resemblance to a
real person is a coincidence of common names.
"""

# fmt: off
FEMALE_FIRST_NAMES = (
    "Aïcha", "Alexandra", "Alice", "Amandine", "Amel", "Anaïs", "Angélique", "Anne", "Audrey",
    "Aurélie", "Béatrice", "Camille", "Carole", "Caroline", "Cécile", "Céline", "Chantal", "Chloé",
    "Christine", "Clara", "Corinne", "Delphine", "Dominique", "Élise", "Emma", "Estelle", "Fatima",
    "Fatoumata", "Florence", "Françoise", "Gaëlle", "Hafsa", "Hélène", "Inès", "Isabelle",
    "Jessica", "Julie", "Justine", "Karima", "Karine", "Kenza", "Laetitia", "Laura", "Leïla",
    "Linda", "Lucie", "Magali", "Malika", "Manon", "Mariam", "Marie", "Marine", "Martine",
    "Mélanie", "Monique", "Myriam", "Nadège", "Nadia", "Naïma", "Nathalie", "Nora", "Océane",
    "Pascale", "Patricia", "Rachida", "Rose", "Sabrina", "Safia", "Samia", "Sandra", "Sarah",
    "Séverine", "Sonia", "Stéphanie", "Sylvie", "Valérie", "Vanessa", "Virginie", "Yasmina",
    "Zohra",
)
MALE_FIRST_NAMES = (
    "Adrien", "Ahmed", "Alain", "Alexandre", "Ali", "Anthony", "Antoine", "Arnaud", "Bernard",
    "Bilal", "Bruno", "Cédric", "Christian", "Christophe", "Cyril", "Damien", "David", "Denis",
    "Didier", "Dylan", "Éric", "Fabien", "Farid", "Florian", "Franck", "François", "Frédéric",
    "Georges", "Grégory", "Guillaume", "Hakim", "Hamid", "Hervé", "Hugo", "Ibrahim", "Jérémy",
    "Jérôme", "Jordan", "José", "Julien", "Karim", "Kevin", "Laurent", "Loïc", "Luc", "Ludovic",
    "Malik", "Marc", "Mathieu", "Maxime", "Michel", "Mickaël", "Mohamed", "Moussa", "Mustapha",
    "Nabil", "Nicolas", "Olivier", "Pascal", "Patrick", "Philippe", "Pierre", "Rachid", "Rémi",
    "Romain", "Rudy", "Samir", "Samuel", "Sébastien", "Sofiane", "Stéphane", "Sylvain", "Thierry",
    "Thomas", "Vincent", "Walid", "Yacine", "Yann", "Yannick", "Youssef",
)
LAST_NAMES = (
    "Abbas", "Amrani", "André", "Arnaud", "Aubert", "Bailly", "Barbier", "Baron", "Benali",
    "Benhamou", "Benoît", "Bernard", "Berthier", "Blanc", "Bonnet", "Bouchet", "Boyer", "Brun",
    "Camara", "Carlier", "Caron", "Castel", "Chabert", "Chevalier", "Clément", "Colin", "Costa",
    "Coulibaly", "Da Silva", "Dahmani", "David", "Denis", "Diallo", "Diop", "Dubois", "Dufour",
    "Dumas", "Dupont", "Durand", "Fabre", "Faure", "Fernandes", "Ferrand", "Ferreira", "Fontaine",
    "Fournier", "Gaillard", "Garcia", "Garnier", "Gauthier", "Gerbaud", "Gimenez", "Girard",
    "Giraud", "Gomez", "Guerin", "Guillot", "Haddad", "Hamidi", "Henry", "Hoarau", "Imbert",
    "Jacob", "Joly", "Julien", "Khelifi", "Lambert", "Laurent", "Lebrun", "Leclerc", "Lefebvre",
    "Lemaire", "Leroy", "Lopez", "Lucas", "Maillard", "Marchand", "Marchetti", "Martin", "Martinez",
    "Masson", "Mathieu", "Mercier", "Meyer", "Michel", "Moreau", "Morel", "Morin", "Muller",
    "Nicolas", "Noël", "Olivier", "Ouali", "Paris", "Pascal", "Payet", "Perez", "Perrin", "Petit",
    "Picard", "Pons", "Prévost", "Rahmani", "Renard", "Rey", "Richard", "Rivière", "Robert",
    "Robin", "Rodriguez", "Roger", "Rossi", "Roussel", "Roux", "Saïdi", "Sanchez", "Santos",
    "Simon", "Sow", "Tessier", "Thomas", "Traoré", "Vasseur", "Vidal", "Vincent", "Ziani",
)
STREETS = (
    "rue des Lilas", "avenue Jean Jaurès", "chemin des Vignes", "boulevard de la République",
    "rue Victor Hugo", "allée des Pins", "rue du Moulin", "avenue de la Gare",
    "impasse des Oliviers", "rue Pasteur", "cours Mirabeau", "rue de la Fontaine",
    "chemin de la Colline", "avenue des Platanes", "rue Frédéric Mistral", "place du Marché",
    "rue Émile Zola", "résidence Les Cigales", "avenue Paul Cézanne", "rue des Écoles",
)
# fmt: on
