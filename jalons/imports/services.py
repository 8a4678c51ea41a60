"""The one home of imports (interfaces.md "Import files"): used by the commands, the web
pages and the API alike.

    preview_participants(plie, file_bytes, filename) -> ImportReport   (writes nothing)
    import_participants(plie, file_bytes, filename, user=None, progress=None) -> ImportReport
    preview_steps(...) / import_steps(...)                              (the same for steps)

A file refused as a whole raises `ImportFileError` (French message). Otherwise the report
lists every faulty line; with any error nothing is written. An import checks every line in
memory first (a few queries whatever the size), then writes in bulk in one transaction,
and records an `ImportRun` — the import's trace, since bulk writes bypass the audit log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from time import perf_counter
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jalons.accounts.models import User
from jalons.imports import participants, steps
from jalons.imports.enums import ImportKind, ImportStatus
from jalons.imports.models import ImportRun
from jalons.imports.parsing import ImportFileError, read_table
from jalons.imports.participant_plan import plan_participants
from jalons.imports.participant_write import write_plan
from jalons.imports.report import ImportReport, LineError, Progress
from jalons.organisations.models import Organisation

CONFLICT_MESSAGE = (
    "Les données ont changé pendant l'import (un autre import ou une saisie en même temps) : "
    "rien n'a été enregistré, relancez l'import."
)


class ImportConflictError(ImportFileError):
    """The database refused the writes (concurrent change): nothing was written."""


Checked = tuple[ImportReport, Any]  # the report and the plan to write


def _check_participants(
    plie: Organisation, data: bytes, filename: str, user: User | None, progress: Progress | None
) -> Checked:
    table = read_table(data, filename, participants.COLUMNS)
    errors: list[LineError] = []
    ctx = participants.ParticipantContext(plie, table, timezone.localdate())
    lines = participants.read_lines(ctx, table, errors, progress)
    plan = plan_participants(ctx, table, lines, user, errors)
    return _report(ImportKind.PARTICIPANTS, len(table.rows), plan, errors), plan


def _check_steps(
    plie: Organisation, data: bytes, filename: str, user: User | None, progress: Progress | None
) -> Checked:
    table = read_table(data, filename, steps.COLUMNS)
    errors: list[LineError] = []
    lines = steps.read_lines(table, timezone.localdate(), errors, progress)
    plan = steps.plan_steps(plie, lines, user, errors)
    return _report(ImportKind.STEPS, len(table.rows), plan, errors), plan


def _report(kind: str, rows: int, plan: Any, errors: list[LineError]) -> ImportReport:
    return ImportReport(
        kind=kind,
        rows=rows,
        to_create=plan.to_create,
        to_update=plan.to_update,
        unchanged=plan.unchanged,
        errors=sorted(set(errors)),
    )


KINDS: dict[str, tuple[Callable[..., Checked], Callable[[Any], None]]] = {
    ImportKind.PARTICIPANTS: (_check_participants, write_plan),
    ImportKind.STEPS: (_check_steps, steps.write_steps),
}


def preview(
    kind: str,
    plie: Organisation,
    file_bytes: bytes,
    filename: str,
    *,
    user: User | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """What importing the file would do, and every faulty line; writes nothing."""
    started = perf_counter()
    report, _plan = KINDS[kind][0](plie, file_bytes, filename, user, progress)
    report.elapsed = perf_counter() - started
    return report


def run_import(
    kind: str,
    plie: Organisation,
    file_bytes: bytes,
    filename: str,
    *,
    user: User | None = None,
    progress: Progress | None = None,
    run: ImportRun | None = None,
) -> ImportReport:
    """Import the file (all or nothing) and record the run; see the module docstring."""
    check, write = KINDS[kind]
    started = perf_counter()
    if run is None:
        run = ImportRun(
            plie=plie,
            kind=kind,
            file_name=filename[:255],
            user=user,
            file_sha256=sha256(file_bytes),
        )
    run.status, run.started_at, run.processed = ImportStatus.RUNNING, timezone.now(), 0
    run.save()
    checked_at = timezone.now()

    def track(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(processed=done, rows=total)
        if progress is not None:
            progress(done, total)

    try:
        report, plan = check(plie, file_bytes, filename, user, track)
        if report.ok:
            with transaction.atomic():
                # One import at a time per PLIE; re-check if another one wrote meanwhile.
                list(Organisation.objects.select_for_update().filter(pk=plie.pk).values("pk"))
                if _written_since(run, checked_at):
                    report, plan = check(plie, file_bytes, filename, user, None)
                if report.ok:
                    write(plan)
                    report.written = True
                    report.elapsed = perf_counter() - started
                    _finish(run, ImportStatus.DONE, report)
    except ImportFileError as exc:
        _finish(run, ImportStatus.FAILED, message=exc.message)
        raise
    except IntegrityError as exc:
        _finish(run, ImportStatus.FAILED, message=CONFLICT_MESSAGE)
        raise ImportConflictError(CONFLICT_MESSAGE) from exc
    if not report.written:
        report.elapsed = perf_counter() - started
        _finish(
            run,
            ImportStatus.FAILED,
            report,
            message=f"{report.error_lines} ligne(s) en erreur : rien n'a été enregistré.",
        )
    report.run = run
    return report


def _written_since(run: ImportRun, since: Any) -> bool:
    return (
        ImportRun.objects.filter(
            plie_id=run.plie_id, status=ImportStatus.DONE, finished_at__gte=since
        )
        .exclude(pk=run.pk)
        .exists()
    )


def _finish(
    run: ImportRun, status: str, report: ImportReport | None = None, message: str = ""
) -> None:
    run.status, run.finished_at, run.message = status, timezone.now(), message
    if report is not None:
        run.rows, run.processed = report.rows, report.rows
        run.created, run.updated = report.to_create, report.to_update
        run.unchanged = report.unchanged
        run.errors = [e.as_dict() for e in report.errors]
    run.save()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def preview_participants(
    plie: Organisation, file_bytes: bytes, filename: str, **kwargs: Any
) -> ImportReport:
    return preview(ImportKind.PARTICIPANTS, plie, file_bytes, filename, **kwargs)


def import_participants(
    plie: Organisation, file_bytes: bytes, filename: str, **kwargs: Any
) -> ImportReport:
    return run_import(ImportKind.PARTICIPANTS, plie, file_bytes, filename, **kwargs)


def preview_steps(
    plie: Organisation, file_bytes: bytes, filename: str, **kwargs: Any
) -> ImportReport:
    return preview(ImportKind.STEPS, plie, file_bytes, filename, **kwargs)


def import_steps(
    plie: Organisation, file_bytes: bytes, filename: str, **kwargs: Any
) -> ImportReport:
    return run_import(ImportKind.STEPS, plie, file_bytes, filename, **kwargs)
