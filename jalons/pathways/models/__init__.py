from jalons.pathways.models.activity import Contact, Step
from jalons.pathways.models.committee import CommitteeDecision
from jalons.pathways.models.exit import Exit
from jalons.pathways.models.orientation import Orientation
from jalons.pathways.models.pathway import EntrySnapshot, Pathway, ReferentAssignment, Suspension

__all__ = [
    "CommitteeDecision",
    "Contact",
    "EntrySnapshot",
    "Exit",
    "Orientation",
    "Pathway",
    "ReferentAssignment",
    "Step",
    "Suspension",
]
