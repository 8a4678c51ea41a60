"""Steps file (interfaces.md "étapes"): columns, the check of each line, matching and writing.

A step is attached to the pathway of its participant that covers its start date. Its
identity on re-import is (pathway, type, start date, title, employer SIRET): the same key
updates the other figures when they changed, and leaves the step alone otherwise. The
figures are checked by `validate_step_fields`, as in the forms and the API.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from stdnum.fr import siret

from jalons.accounts.models import User
from jalons.imports.fast import build, insert, load
from jalons.imports.loading import by_chunks
from jalons.imports.parsing import Column, Line, Table, fmt, latest_plausible
from jalons.imports.report import LineError, Progress
from jalons.organisations.models import Organisation
from jalons.participants.models import Participant
from jalons.pathways.enums import StepKind, StepOutcome
from jalons.pathways.models import Pathway, Step
from jalons.pathways.services.activity import validate_step_fields

COLUMNS = [
    Column("identifiant_participant", True, "identifiant d'un participant du PLIE"),
    Column("type_etape", True, ", ".join(StepKind.values)),
    Column("date_debut", True, "date de début"),
    Column("date_fin", False, "date de fin (incluse), vide si en cours"),
    Column("heures_mensuelles", False, "heures par mois du contrat (obligatoire : cdi, cdd)"),
    Column(
        "heures_realisees", False, "heures travaillées pendant la mission (obligatoire : interim)"
    ),
    Column("micro_entrepreneur", False, "oui/non, pour creation_activite"),
    Column("revenu_mensuel", False, "revenu mensuel déclaré en euros, pour creation_activite"),
    Column("employeur_siret", False, "SIRET de l'employeur (14 chiffres)"),
    Column("intitule", False, "intitulé"),
]
# Step field -> column, to report validate_step_fields' errors on the file's columns.
FIELD_COLUMNS = {
    "kind": "type_etape",
    "start_date": "date_debut",
    "end_date": "date_fin",
    "monthly_hours": "heures_mensuelles",
    "hours_worked": "heures_realisees",
    "micro_entrepreneur": "micro_entrepreneur",
    "monthly_income": "revenu_mensuel",
}
FIGURES = ["end_date", "monthly_hours", "hours_worked", "micro_entrepreneur", "monthly_income"]
BATCH = 1000
STEP_KINDS = tuple(StepKind.values)
STEP_ATTNAMES = (
    "id",
    "pathway_id",
    "kind",
    "start_date",
    "title",
    "employer_siret",
    "outcome",
    *FIGURES,
)
PROGRESS_EVERY = 1000


@dataclass(slots=True)
class StepLine:
    line: int
    source_id: str
    kind: str
    start_date: date
    title: str
    employer_siret: str
    figures: dict[str, Any]


@dataclass
class StepPlan:
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    new_steps: list[Step] = field(default_factory=list)
    changed_steps: list[Step] = field(default_factory=list)


def read_lines(
    table: Table, today: date, errors: list[LineError], progress: Progress | None
) -> list[StepLine]:
    latest = latest_plausible(today)
    lines: list[StepLine] = []
    total = len(table.rows)
    for index, (number, cells) in enumerate(table.rows, start=1):
        parsed = _read_line(Line(number, cells, errors), latest)
        if parsed is not None:
            lines.append(parsed)
        if progress and (index % PROGRESS_EVERY == 0 or index == total):
            progress(index, total)
    return lines


def _read_line(line: Line, latest: date) -> StepLine | None:
    source_id = line.text("identifiant_participant", required=True, max_length=50)
    kind = line.choice("type_etape", STEP_KINDS, required=True)
    start = line.date("date_debut", required=True, latest=latest)
    end = line.date("date_fin", latest=latest)
    figures = {
        "end_date": end,
        "monthly_hours": line.decimal("heures_mensuelles", maximum=Decimal("744")),
        "hours_worked": line.decimal("heures_realisees", maximum=Decimal("99999.99")),
        "micro_entrepreneur": bool(line.boolean("micro_entrepreneur")),
        "monthly_income": line.decimal("revenu_mensuel", maximum=Decimal("9999999.99")),
    }
    employer = _siret(line)
    title = line.text("intitule", max_length=255)
    if not line.ok:
        return None
    assert start is not None
    problems = validate_step_fields({"kind": kind, "start_date": start, **figures})
    for name, message in problems.items():
        line.error(FIELD_COLUMNS.get(name, ""), message)
    if problems:
        return None
    return StepLine(line.number, source_id, kind, start, title, employer, figures)


def _siret(line: Line) -> str:
    value = line.text("employeur_siret", max_length=30)
    compact = "".join(ch for ch in value if ch not in " .\u00a0")
    if not compact:
        return ""
    if len(compact) != 14 or not compact.isdigit():
        line.error("employeur_siret", f"« {value} » n'est pas un SIRET : 14 chiffres attendus.")
        return ""
    if not siret.is_valid(compact):
        line.error("employeur_siret", f"Le SIRET {compact} est invalide (clé de contrôle).")
        return ""
    return compact


def plan_steps(
    plie: Organisation, lines: list[StepLine], user: User | None, errors: list[LineError]
) -> StepPlan:
    """Match each valid line with its participant's pathway and its recorded step."""
    source_ids = sorted({line.source_id for line in lines})
    participants = dict(
        by_chunks(
            source_ids,
            lambda ids: Participant.objects.filter(plie=plie, source_id__in=ids).values_list(
                "source_id", "id"
            ),
        )
    )
    pathways: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    for pk, participant_id, entry, exit_date in by_chunks(
        list(participants.values()),
        lambda ids: Pathway.objects.filter(participant_id__in=ids).values_list(
            "id", "participant_id", "entry_date", "exit_date"
        ),
    ):
        pathways[participant_id].append((pk, entry, exit_date))
    recorded: dict[tuple[Any, ...], Step] = {}
    pathway_ids = [pw[0] for group in pathways.values() for pw in group]
    for step in by_chunks(
        pathway_ids,
        lambda ids: load(Step, Step.objects.filter(pathway_id__in=ids), STEP_ATTNAMES),
    ):
        recorded.setdefault(
            (step.pathway_id, step.kind, step.start_date, step.title, step.employer_siret), step
        )
    plan = StepPlan()
    seen: dict[tuple[Any, ...], int] = {}
    today = timezone.localdate()
    for line in lines:
        participant_id = participants.get(line.source_id)
        if participant_id is None:
            errors.append(
                LineError(
                    line.line,
                    "identifiant_participant",
                    f"Aucun participant d'identifiant « {line.source_id} » dans "
                    f"le PLIE {plie.code or plie.name}.",
                )
            )
            continue
        pathway_id = _covering(pathways[participant_id], line.start_date)
        if pathway_id is None:
            errors.append(
                LineError(
                    line.line,
                    "date_debut",
                    _no_pathway_message(line.start_date, pathways[participant_id]),
                )
            )
            continue
        key = (pathway_id, line.kind, line.start_date, line.title, line.employer_siret)
        if key in seen:
            errors.append(
                LineError(
                    line.line,
                    "date_debut",
                    f"Étape en double : même participant, type, "
                    f"date de début, intitulé et SIRET qu'à la ligne {seen[key]}.",
                )
            )
            continue
        seen[key] = line.line
        step = recorded.get(key)
        if step is None:
            plan.new_steps.append(
                build(
                    Step,
                    pathway_id=pathway_id,
                    kind=line.kind,
                    start_date=line.start_date,
                    title=line.title,
                    employer_siret=line.employer_siret,
                    imported=True,
                    author_id=user.pk if user else None,
                    outcome=_outcome(line.figures["end_date"], today),
                    **line.figures,
                )
            )
            plan.to_create += 1
        elif _apply(step, line.figures, today):
            plan.changed_steps.append(step)
            plan.to_update += 1
        else:
            plan.unchanged += 1
    return plan


def write_steps(plan: StepPlan) -> None:
    if plan.changed_steps:
        Step.objects.bulk_update(plan.changed_steps, [*FIGURES, "outcome"], batch_size=BATCH)
    insert(Step, plan.new_steps)


def _covering(pathways: list[tuple[int, date, date | None]], day: date) -> int | None:
    covering = [
        (entry, pk)
        for pk, entry, exit_date in pathways
        if entry <= day and (exit_date is None or day <= exit_date)
    ]
    return max(covering)[1] if covering else None


def _no_pathway_message(day: date, pathways: list[tuple[int, date, date | None]]) -> str:
    if not pathways:
        return (
            f"Ce participant n'a aucun parcours : l'étape du {fmt(day)} ne peut pas y être "
            "rattachée."
        )
    spans = ", ".join(
        f"du {fmt(entry)} au {fmt(exit_date)}" if exit_date else f"depuis le {fmt(entry)}"
        for _, entry, exit_date in sorted(pathways, key=lambda p: p[1])
    )
    return f"Aucun parcours de ce participant ne couvre le {fmt(day)} (parcours : {spans})."


def _outcome(end: date | None, today: date) -> str:
    return StepOutcome.COMPLETED if end is not None and end <= today else StepOutcome.ONGOING


def _apply(step: Step, figures: dict[str, Any], today: date) -> bool:
    changed = False
    for name, value in figures.items():
        if getattr(step, name) != value:
            setattr(step, name, value)
            changed = True
    if changed and step.outcome in (StepOutcome.ONGOING, StepOutcome.COMPLETED):
        step.outcome = _outcome(step.end_date, today)
    return changed
