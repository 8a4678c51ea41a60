"""The one home of every multi-model operation on orientations and pathways (atomic).

Views, commands, imports and the API call these; none of them writes these models itself.
"""

from jalons.pathways.services.activity import add_contact, save_step
from jalons.pathways.services.lifecycle import (
    change_referent,
    enter_pathway,
    record_exit,
    resume_pathway,
    suspend_pathway,
    transfer_caseload,
)
from jalons.pathways.services.orientations import (
    accept_orientation,
    refuse_orientation,
    screen_participant,
    submit_orientation,
    withdraw_orientation,
)

__all__ = [
    "accept_orientation",
    "add_contact",
    "change_referent",
    "enter_pathway",
    "record_exit",
    "refuse_orientation",
    "resume_pathway",
    "save_step",
    "screen_participant",
    "submit_orientation",
    "suspend_pathway",
    "transfer_caseload",
    "withdraw_orientation",
]
