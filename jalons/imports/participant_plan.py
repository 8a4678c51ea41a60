"""Match checked participants lines with the database and decide every write, in memory.

Keys: a participant is `identifiant` (source_id) within the PLIE; a pathway is the
participant's pathway with the line's entry date. The pathways of one person (those
recorded and those of the file) must follow each other: each one exited before the next
entry (the invariant `enter_pathway` keeps). Nothing here writes; `participant_write`
applies the plan in bulk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from jalons.accounts.models import User
from jalons.imports.fast import build
from jalons.imports.loading import load_existing
from jalons.imports.parsing import Table, fmt
from jalons.imports.participants import ParticipantContext, ParticipantLine
from jalons.imports.pathway_plan import ParticipantPlan, PathwayPlanner, assign_changes
from jalons.imports.report import LineError
from jalons.participants.models import Participant
from jalons.pathways.models import Pathway


def plan_participants(
    ctx: ParticipantContext,
    table: Table,
    lines: list[ParticipantLine],
    user: User | None,
    errors: list[LineError],
) -> ParticipantPlan:
    """Group the valid lines by identifiant and plan each person (no write)."""
    faulty = {e.line for e in errors}
    skipped = {
        str(cells.get("identifiant", "")) for number, cells in table.rows if number in faulty
    }
    groups: dict[str, list[ParticipantLine]] = defaultdict(list)
    for line in lines:
        if line.source_id not in skipped:
            groups[line.source_id].append(line)
    for rows in groups.values():
        rows.sort(key=lambda row: (row.entry_date, row.line))
    consistent = {sid: rows for sid, rows in groups.items() if _consistent(rows, errors)}
    existing = load_existing(ctx.plie.pk, sorted(consistent))
    planner = Planner(ctx, existing, user, errors)
    for rows in consistent.values():
        planner.plan_person(rows)
    return planner.plan


def _consistent(rows: Iterable[ParticipantLine], errors: list[LineError]) -> bool:
    """Lines of one identifiant: one per entry date, the same person (birth date, sex)."""
    ok = True
    first: ParticipantLine | None = None
    by_entry: dict[date, int] = {}
    for row in rows:
        if row.entry_date in by_entry:
            errors.append(
                LineError(
                    row.line,
                    "date_entree",
                    "Ligne en double : même identifiant "
                    f"et même date d'entrée qu'à la ligne {by_entry[row.entry_date]}.",
                )
            )
            ok = False
        by_entry.setdefault(row.entry_date, row.line)
        if first is None:
            first = row
            continue
        for column, attr in (("date_naissance", "birth_date"), ("sexe", "sex")):
            if getattr(row, attr) != getattr(first, attr):
                errors.append(
                    LineError(
                        row.line,
                        column,
                        f"Différent de la ligne {first.line} pour le même identifiant.",
                    )
                )
                ok = False
    return ok


@dataclass
class _Item:
    """One pathway of a person once the file is applied, to check their sequence."""

    entry: date
    exit: date | None
    row: ParticipantLine | None
    pathway: Pathway | None


class Planner(PathwayPlanner):
    """Plans each person: their record, then each of their pathways."""

    def plan_person(self, rows: list[ParticipantLine]) -> None:
        """`rows`: the valid lines of one identifiant, in entry-date order."""
        participant = self.existing.participants.get(rows[0].source_id)
        pathways = self.existing.pathways.get(participant.pk, []) if participant else []
        if not self._check_sequence(rows, pathways):
            return
        by_entry = {pw.entry_date: pw for pw in pathways}
        last_recorded = max((pw.entry_date for pw in pathways), default=None)
        current_row = (
            rows[-1] if last_recorded is None or rows[-1].entry_date >= last_recorded else None
        )
        changed_person = False
        if participant is None:
            participant = self._new_participant(rows[-1])
            self.plan.new_participants.append(participant)
        elif current_row is not None and self._update_participant(participant, current_row):
            self.plan.changed_participants.append(participant)
            changed_person = True
        refresh = participant.pk is None
        person_pathways = list(pathways)
        for row in rows:
            pathway = by_entry.get(row.entry_date)
            if pathway is None:
                person_pathways.append(self._new_pathway(participant, row))
                self.plan.to_create += 1
                refresh = True
                continue
            changed, status_changed = self._update_pathway(pathway, row)
            refresh = refresh or status_changed
            if changed or (changed_person and row is current_row):
                self.plan.to_update += 1
            else:
                self.plan.unchanged += 1
        for pathway in person_pathways:
            if pathway._state.adding:  # the review's copy of the previous exit
                pathway.previous_exit_date = max(
                    (p.exit_date for p in person_pathways
                     if p.entry_date < pathway.entry_date and p.exit_date),
                    default=None,
                )  # fmt: skip
        if refresh:
            self.plan.refresh.append((participant, person_pathways))

    # ------------------------------------------------------------ checks

    def _check_sequence(self, rows: list[ParticipantLine], pathways: list[Pathway]) -> bool:
        if not pathways and len(rows) == 1:
            return True  # a new person with one pathway: nothing to order
        ok = True
        by_entry = {pw.entry_date: pw for pw in pathways}
        items = []
        for row in rows:
            pathway = by_entry.get(row.entry_date)
            if pathway is not None and not pathway.imported:
                self.error(
                    row,
                    "date_entree",
                    f"Le parcours débuté le {fmt(row.entry_date)} a "
                    "été ouvert dans Jalons : un import ne peut pas le modifier.",
                )
                ok = False
            protected = self._protected_exit(pathway) if pathway is not None else None
            if (
                protected
                and self.ctx.has_exit
                and row.exit_date
                and (row.exit_date, row.exit_kind) != (protected.date, protected.kind)
            ):
                self.error(
                    row,
                    "date_sortie",
                    "La sortie de ce parcours a été enregistrée dans "
                    f"Jalons ({protected.get_kind_display()} le {fmt(protected.date)}) : "
                    "un import ne peut pas la remplacer.",
                )
                ok = False
            items.append(_Item(row.entry_date, self._desired_exit(row, pathway), row, pathway))
        file_entries = {row.entry_date for row in rows}
        items += [
            _Item(pw.entry_date, pw.exit_date, None, pw)
            for pw in pathways
            if pw.entry_date not in file_entries
        ]
        items.sort(key=lambda item: item.entry)
        for before, after in pairwise(items):
            if before.exit is not None and before.exit < after.entry:
                continue
            ok = False
            if after.row is not None:
                state = f"sorti le {fmt(before.exit)}" if before.exit else "toujours en cours"
                self.error(
                    after.row,
                    "date_entree",
                    f"Le parcours précédent (entré le "
                    f"{fmt(before.entry)}) est {state} : un nouveau parcours ne peut "
                    "commencer qu'après sa sortie.",
                )
            elif before.row is not None:
                self.error(
                    before.row,
                    "date_sortie",
                    "Ce parcours doit être terminé avant "
                    f"l'entrée du {fmt(after.entry)} dans le parcours suivant, déjà "
                    "enregistré.",
                )
        return ok

    # ------------------------------------------------------------ participant

    def _person_values(
        self, row: ParticipantLine, participant: Participant | None
    ) -> dict[str, Any]:
        values: dict[str, Any] = {
            "last_name": row.last_name,
            "first_name": row.first_name,
            "sex": row.sex,
            "birth_date": row.birth_date,
            "commune_id": row.commune_id,
            "rsa": row.rsa,
            "qualification_level": row.level,
        }
        if row.qpv is not None:
            values.update(qpv=row.qpv, qpv_zone_id=row.qpv_zone_id)
        elif participant is None:
            values.update(qpv=False, qpv_zone_id=None)
        if row.rqth is not None or participant is None:
            values["rqth"] = bool(row.rqth)
        return values

    def _new_participant(self, row: ParticipantLine) -> Participant:
        return build(
            Participant,
            plie_id=self.ctx.plie.pk,
            source_id=row.source_id,
            created_by_id=self.user_id,
            status="exited" if self._desired_exit(row, None) else "active",
            **self._person_values(row, None),
        )

    def _update_participant(self, participant: Participant, row: ParticipantLine) -> bool:
        return assign_changes(participant, self._person_values(row, participant))
