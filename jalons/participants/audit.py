"""Audit trail (django-auditlog): every write of these models is logged; reads are logged by views."""

from auditlog.registry import auditlog

from jalons.participants.models import Participant

auditlog.register(Participant, exclude_fields=["updated_at"])
