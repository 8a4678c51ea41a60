from auditlog.registry import auditlog

from jalons.pathways.models import (
    Contact,
    Exit,
    Orientation,
    Pathway,
    ReferentAssignment,
    Step,
    Suspension,
)

for model in (Contact, Exit, Orientation, Pathway, ReferentAssignment, Step, Suspension):
    auditlog.register(model)
