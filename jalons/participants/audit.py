"""Audit trail (django-auditlog): writes of these models are logged; views log the reads."""

from auditlog.registry import auditlog

from jalons.participants.models import Participant

auditlog.register(Participant, exclude_fields=["updated_at"])
