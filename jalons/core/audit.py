"""Audit of reads: every read of a participant file is logged (who, when, what) — spec §2."""

from auditlog.signals import accessed
from django.db.models import Model


def log_read(instance: Model) -> None:
    """Record that the current user (set by AuditlogMiddleware) read `instance`."""
    accessed.send(sender=instance.__class__, instance=instance)
