"""Jalons — information system of a PLIE (Plan Local pour l'Insertion et l'Emploi)."""
