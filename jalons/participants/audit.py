"""Audit trail (django-auditlog): writes of these models are logged; views log the reads.

The log keeps old and new values: identifiers and contact details are masked in it, so
the trail does not become a second copy of them (the journal shows field names only)."""

from auditlog.registry import auditlog

from jalons.participants.models import Participant

auditlog.register(
    Participant,
    exclude_fields=["updated_at"],
    mask_fields=["nir", "france_travail_id", "phone", "email", "address"],
)
