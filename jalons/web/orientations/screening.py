"""What the screening page shows: the eligibility screen, as computed now or as frozen at entry."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from jalons.pathways.enums import OrientationStatus
from jalons.pathways.models import Orientation
from jalons.pathways.rules.eligibility import Finding, Screening
from jalons.pathways.services import screen_participant


@dataclass(frozen=True)
class ScreenView:
    criteria: tuple[Finding, ...]
    barriers: tuple[Finding, ...]
    blockers: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    as_of: date
    frozen: bool  # True when read from the pathway's entry record (the screen the team saw)

    @property
    def is_eligible(self) -> bool:
        return not self.blockers and bool(self.criteria)

    @property
    def needs_override(self) -> bool:
        return not self.is_eligible


def _findings(items: list[dict[str, Any]]) -> tuple[Finding, ...]:
    return tuple(Finding(i.get("code", ""), i.get("label", ""), i.get("reason", "")) for i in items)


def screen_view(orientation: Orientation, today: date, accepted_pathway: Any = None) -> ScreenView:
    """A proposed orientation is screened today; an accepted one shows the screen recorded at
    entry; a refused or withdrawn one is screened as of its decision."""
    if accepted_pathway is not None and accepted_pathway.eligibility:
        record = accepted_pathway.eligibility
        return ScreenView(
            _findings(record.get("criteria", [])),
            _findings(record.get("barriers", [])),
            _findings(record.get("blockers", [])),
            _findings(record.get("warnings", [])),
            as_of=accepted_pathway.entry_date,
            frozen=True,
        )
    as_of = today
    if orientation.status != OrientationStatus.PROPOSED and orientation.decided_on:
        as_of = orientation.decided_on
    screening: Screening = screen_participant(orientation.participant, as_of)
    return ScreenView(
        screening.criteria,
        screening.barriers,
        screening.blockers,
        screening.warnings,
        as_of=as_of,
        frozen=False,
    )
