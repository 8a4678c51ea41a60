"""Audit trail of pathway records; free texts about the person are masked in the log."""

from auditlog.registry import auditlog

from jalons.pathways.models import (
    CommitteeDecision,
    Contact,
    Exit,
    Orientation,
    Pathway,
    ReferentAssignment,
    Step,
    Suspension,
)

auditlog.register(Contact, mask_fields=["notes"])
auditlog.register(Exit, mask_fields=["reason"])
auditlog.register(Suspension, mask_fields=["reason"])
auditlog.register(CommitteeDecision, mask_fields=["proposal", "justification"])
auditlog.register(Orientation, mask_fields=["reasons", "decision_reason"])
auditlog.register(Step, mask_fields=["notes"])
for model in (Pathway, ReferentAssignment):
    auditlog.register(model)
