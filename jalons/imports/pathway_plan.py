"""Plan the writes of one pathway from a participants line: the pathway itself, its entry
snapshot, its exit and its referent assignment — keeping what people recorded in Jalons.

An exit recorded in Jalons (not imported) is never replaced by an import, and a referent
history made in Jalons (several assignments) is never rewritten; the single assignment an
import created follows the line's referent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings

from jalons.accounts.models import User
from jalons.imports.fast import build
from jalons.imports.loading import Existing
from jalons.imports.parsing import fmt
from jalons.imports.participants import ParticipantContext, ParticipantLine
from jalons.imports.report import LineError
from jalons.participants.models import Participant
from jalons.pathways.enums import POSITIVE_EXIT_KINDS, ExitKind, ExitSource, PathwayStatus
from jalons.pathways.models import EntrySnapshot, Exit, Pathway, ReferentAssignment, Suspension
from jalons.pathways.models.pathway import copy_entry_profile

PARTICIPANT_FIELDS = [
    "last_name",
    "first_name",
    "sex",
    "birth_date",
    "commune_id",
    "rsa",
    "qualification_level",
    "qpv",
    "qpv_zone_id",
    "rqth",
]
PATHWAY_FIELDS = ["lot_id", "referent_id", "status", "exit_date"]
SNAPSHOT_FIELDS = [
    "sex",
    "age",
    "commune_id",
    "bassin_id",
    "qpv",
    "rsa",
    "deld",
    "rqth",
    "qualification_level",
    "qualification_bucket",
    "prescriber_kind",
]
EXIT_FIELDS = ["kind", "date", "is_positive", "explanation"]
ASSIGNMENT_REASON = "Import de l'historique"


@dataclass
class ParticipantPlan:
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    new_participants: list[Participant] = field(default_factory=list)
    changed_participants: list[Participant] = field(default_factory=list)
    closing_pathways: list[Pathway] = field(default_factory=list)
    changed_pathways: list[Pathway] = field(default_factory=list)
    new_pathways: list[Pathway] = field(default_factory=list)
    new_snapshots: list[EntrySnapshot] = field(default_factory=list)
    changed_snapshots: list[EntrySnapshot] = field(default_factory=list)
    new_exits: list[Exit] = field(default_factory=list)
    changed_exits: list[Exit] = field(default_factory=list)
    deleted_exit_ids: list[int] = field(default_factory=list)
    new_assignments: list[ReferentAssignment] = field(default_factory=list)
    changed_assignments: list[ReferentAssignment] = field(default_factory=list)
    deleted_assignment_ids: list[int] = field(default_factory=list)
    closed_suspensions: list[Suspension] = field(default_factory=list)
    # People whose status and current pathway may change, with all their pathways.
    refresh: list[tuple[Participant, list[Pathway]]] = field(default_factory=list)


@lru_cache(maxsize=8192)
def planned_end(entry: date, months: int) -> date:
    return entry + relativedelta(months=months)


EXIT_LABELS: dict[str, str] = dict(ExitKind.choices)


def exit_explanation(kind: str, on: date, validated: bool) -> str:
    label = EXIT_LABELS[kind]
    text = f"Sortie importée : {label} (sortie le {fmt(on)})"
    if kind in POSITIVE_EXIT_KINDS:
        verdict = "validée" if validated else "non validée"
        return f"{text}, {verdict} par le système d'origine."
    return f"{text}."


class PathwayPlanner:
    def __init__(
        self,
        ctx: ParticipantContext,
        existing: Existing,
        user: User | None,
        errors: list[LineError],
    ) -> None:
        self.ctx = ctx
        self.existing = existing
        self.user = user
        self.user_id = user.pk if user else None
        self.errors = errors
        self.plan = ParticipantPlan()
        self.months = settings.JALONS_PATHWAY_PLANNED_MONTHS

    def error(self, row: ParticipantLine, column: str, message: str) -> None:
        self.errors.append(LineError(row.line, column, message))

    def _desired_exit(self, row: ParticipantLine, pathway: Pathway | None) -> date | None:
        if pathway is not None and (not self.ctx.has_exit or self._protected_exit(pathway)):
            return pathway.exit_date
        return row.exit_date

    def _protected_exit(self, pathway: Pathway) -> Exit | None:
        """An exit recorded in Jalons (not by an import) is never replaced by an import."""
        recorded = self.existing.exits.get(pathway.pk)
        return recorded if recorded and recorded.source != ExitSource.IMPORTED else None

    # ------------------------------------------------------------ pathway

    def _snapshot_values(
        self, row: ParticipantLine, recorded: EntrySnapshot | None
    ) -> dict[str, Any]:
        return {
            "sex": row.sex,
            "age": row.age,
            "commune_id": row.commune_id,
            "bassin_id": row.bassin_id,
            "rsa": row.rsa,
            "deld": row.deld,
            "qpv": row.qpv if row.qpv is not None else bool(recorded and recorded.qpv),
            "rqth": row.rqth if row.rqth is not None else bool(recorded and recorded.rqth),
            "qualification_level": row.level,
            "qualification_bucket": row.bucket,
            "prescriber_kind": row.prescriber_kind,
        }

    def _exit_values(self, row: ParticipantLine) -> dict[str, Any]:
        assert row.exit_date is not None
        positive = row.exit_kind in POSITIVE_EXIT_KINDS and row.exit_validated
        return {
            "kind": row.exit_kind,
            "date": row.exit_date,
            "is_positive": positive,
            "explanation": exit_explanation(row.exit_kind, row.exit_date, row.exit_validated),
        }

    def _new_pathway(self, participant: Participant, row: ParticipantLine) -> Pathway:
        exit_date = row.exit_date if self.ctx.has_exit else None
        pathway = build(
            Pathway,
            related={"participant": participant},
            plie_id=self.ctx.plie.pk,
            entry_date=row.entry_date,
            planned_end_date=planned_end(row.entry_date, self.months),
            lot_id=row.lot_id,
            referent_id=row.referent_id,
            imported=True,
            status=PathwayStatus.EXITED if exit_date else PathwayStatus.ACTIVE,
            exit_date=exit_date,
        )
        self.plan.new_pathways.append(pathway)
        snapshot = build(
            EntrySnapshot, {"pathway": pathway}, barriers=[], **self._snapshot_values(row, None)
        )
        copy_entry_profile(pathway, snapshot)  # the previous exit: set by the caller
        self.plan.new_snapshots.append(snapshot)
        if exit_date:
            self.plan.new_exits.append(
                build(
                    Exit,
                    {"pathway": pathway},
                    plie_id=pathway.plie_id,
                    entry_rsa=snapshot.rsa,
                    source=ExitSource.IMPORTED,
                    **self._exit_values(row),
                )
            )
        if row.referent_id:
            self.plan.new_assignments.append(
                build(
                    ReferentAssignment,
                    {"pathway": pathway},
                    referent_id=row.referent_id,
                    start_date=row.entry_date,
                    end_date=exit_date,
                    reason=ASSIGNMENT_REASON,
                    assigned_by_id=self.user_id,
                )
            )
        return pathway

    def _update_pathway(self, pathway: Pathway, row: ParticipantLine) -> tuple[bool, bool]:
        """Apply the line to a recorded pathway: (anything changed, status or exit changed)."""
        old_exit, old_status = pathway.exit_date, pathway.status
        exit_date = self._desired_exit(row, pathway)
        values: dict[str, Any] = {"exit_date": exit_date}
        if exit_date:
            values["status"] = PathwayStatus.EXITED
        elif old_status == PathwayStatus.EXITED:
            values["status"] = PathwayStatus.ACTIVE
        if self.ctx.has("lot"):
            values["lot_id"] = row.lot_id
        changed = self._plan_referent(pathway, row, old_exit, exit_date, values)
        if assign_changes(pathway, values):
            changed = True
            closing = old_status != PathwayStatus.EXITED and pathway.status == PathwayStatus.EXITED
            (self.plan.closing_pathways if closing else self.plan.changed_pathways).append(pathway)
            if closing:
                for suspension in self.existing.suspensions.get(pathway.pk, []):
                    suspension.end_date = exit_date
                    self.plan.closed_suspensions.append(suspension)
        snapshot = self.existing.snapshots.get(pathway.pk)
        if snapshot is None:
            self.plan.new_snapshots.append(
                build(
                    EntrySnapshot,
                    {"pathway": pathway},
                    barriers=[],
                    **self._snapshot_values(row, None),
                )
            )
            changed = True
        elif assign_changes(snapshot, self._snapshot_values(row, snapshot)):
            self.plan.changed_snapshots.append(snapshot)
            changed = True
        if self.ctx.has_exit and not self._protected_exit(pathway):
            changed = self._plan_exit(pathway, row) or changed
        status_changed = (old_exit, old_status) != (pathway.exit_date, pathway.status)
        return changed, status_changed

    def _plan_exit(self, pathway: Pathway, row: ParticipantLine) -> bool:
        recorded = self.existing.exits.get(pathway.pk)
        if row.exit_date is None:
            if recorded is None:
                return False
            self.plan.deleted_exit_ids.append(recorded.pk)
            return True
        if recorded is None:
            self.plan.new_exits.append(
                build(
                    Exit,
                    {"pathway": pathway},
                    plie_id=pathway.plie_id,
                    source=ExitSource.IMPORTED,
                    **self._exit_values(row),
                )
            )
            return True
        if assign_changes(recorded, self._exit_values(row)):
            self.plan.changed_exits.append(recorded)
            return True
        return False

    def _plan_referent(
        self,
        pathway: Pathway,
        row: ParticipantLine,
        old_exit: date | None,
        exit_date: date | None,
        values: dict[str, Any],
    ) -> bool:
        """The import owns a pathway's single assignment; a history made in Jalons is kept."""
        assignments = sorted(
            self.existing.assignments.get(pathway.pk, []), key=lambda a: (a.start_date, a.pk)
        )
        if self.ctx.has("referent") and len(assignments) <= 1:
            values["referent_id"] = row.referent_id
            current = assignments[0] if assignments else None
            if row.referent_id is None:
                if current is None:
                    return False
                self.plan.deleted_assignment_ids.append(current.pk)
                return True
            if current is None:
                self.plan.new_assignments.append(
                    build(
                        ReferentAssignment,
                        {"pathway": pathway},
                        referent_id=row.referent_id,
                        start_date=pathway.entry_date,
                        end_date=exit_date,
                        reason=ASSIGNMENT_REASON,
                        assigned_by_id=self.user_id,
                    )
                )
                return True
            if assign_changes(current, {"referent_id": row.referent_id, "end_date": exit_date}):
                self.plan.changed_assignments.append(current)
                return True
            return False
        if self.ctx.has("referent") and row.referent_id != pathway.referent_id:
            self.error(
                row,
                "referent",
                "Le ou la référent·e de ce parcours a été changé·e dans "
                "Jalons : un import ne peut pas le modifier.",
            )
            return False
        latest = assignments[-1] if assignments else None
        if latest is not None and old_exit != exit_date and latest.end_date in (None, old_exit):
            latest.end_date = exit_date
            self.plan.changed_assignments.append(latest)
            return True
        return False


def assign_changes(obj: Any, values: dict[str, Any]) -> bool:
    """Set the values that differ; True when any did (unchanged records are not saved)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
