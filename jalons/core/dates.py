"""Dates as French users and files write them: JJ/MM/AAAA or AAAA-MM-JJ."""

from datetime import date, datetime


def parse_date(value: str) -> date:
    """Parse `JJ/MM/AAAA` or `AAAA-MM-JJ`; ValueError with a French message otherwise."""
    text = (value or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date invalide « {text} » : attendu JJ/MM/AAAA ou AAAA-MM-JJ")
