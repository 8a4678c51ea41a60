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

for model in (
    CommitteeDecision,
    Contact,
    Exit,
    Orientation,
    Pathway,
    ReferentAssignment,
    Step,
    Suspension,
):
    auditlog.register(model)
