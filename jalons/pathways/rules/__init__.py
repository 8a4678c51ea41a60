"""Pure business rules of pathways: exit engine and eligibility screening (no ORM)."""
