"""Large exports: recorded by the request, written by a background task, kept 24 hours.

The request records what to export (`start_export`) and queues the task; the task
(`execute_run`) re-resolves the requester's acting role, re-applies the filters through
the caller's `build_queryset` (the list's filters belong to the web layer) and writes the
file under a temporary name, renamed once whole. Small lists are still exported inside
the request: `exceeds_inline_limit` tells them apart without counting the whole scope.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from jalons.core import permissions
from jalons.core.actor import Actor, build_actor
from jalons.exports import storage
from jalons.exports.enums import PENDING_STATUSES, ExportKind, ExportStatus
from jalons.exports.models import RETENTION, ExportRun
from jalons.participants.exports import write_participants_xlsx

logger = logging.getLogger(__name__)

# Shown under "L'export a échoué : aucun fichier n'a été produit."
ROLE_CHANGED = (
    "Vos droits ont changé depuis la demande (rôle terminé ou modifié) : relancez l'export "
    "depuis la liste des participants."
)
UNEXPECTED = (
    "Erreur inattendue pendant la préparation du fichier. Relancez l'export ; si l'erreur "
    "persiste, prévenez l'administrateur de Jalons."
)
ABANDONED = (
    "La préparation n'a pas abouti dans les 24 heures (traitement en arrière-plan "
    "interrompu) : relancez l'export depuis la liste des participants."
)


class ExportRefused(Exception):
    """The run cannot produce its file; `message` (French) is shown to the requester."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


QuerysetBuilder = Callable[[ExportRun, Actor], QuerySet]


def inline_max_rows() -> int:
    return int(settings.JALONS_EXPORT_INLINE_MAX_ROWS)


def exceeds_inline_limit(queryset: QuerySet) -> bool:
    """Whether `queryset` holds more rows than an export built inside a request may: one
    bounded query (`LIMIT 1 OFFSET max`), never a count of the whole scope."""
    limit = inline_max_rows()
    return queryset.order_by()[limit : limit + 1].exists()


def start_export(
    actor: Actor, kind: ExportKind, filters: dict[str, list[str]], search: str
) -> ExportRun:
    """Record an export for the actor's current role; the caller queues the task."""
    if actor.membership is None:
        raise ExportRefused(ROLE_CHANGED)
    purge_exports()
    return ExportRun.objects.create(
        kind=kind, user=actor.user, membership=actor.membership, filters=filters, search=search
    )


def execute_run(run_id: int, build_queryset: QuerysetBuilder) -> None:
    """The background task: write the file of a queued run and record the outcome.

    A run is claimed once (a retried task changes nothing). Whatever fails, the run ends
    `failed` with a French message and no file; the log gets the error's type and
    traceback, never its text (which may quote a cell, i.e. personal data).
    """
    claimed = ExportRun.objects.filter(pk=run_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    run = ExportRun.objects.select_related("user").get(pk=run_id)
    started = time.perf_counter()
    try:
        queryset = build_queryset(run, requester(run))
        total = queryset.count()
        ExportRun.objects.filter(pk=run.pk).update(total=total)
        name = f"{run.uid}.xlsx"
        with storage.writing(name) as handle:
            rows = write_participants_xlsx(queryset, handle)
    except ExportRefused as refusal:
        _finish(run, ExportStatus.FAILED, message=refusal.message)
        logger.info("participants export %s refused: user %s", run.uid, run.user_id)
        return
    except Exception as error:
        _finish(run, ExportStatus.FAILED, message=UNEXPECTED)
        logger.error(
            "participants export %s failed: %s\n%s",
            run.uid,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)).rstrip(),
        )
        return
    _finish(run, ExportStatus.DONE, rows=rows, file_name=name, file_size=storage.size_of(name))
    # No personal data in logs: which run, who, and how many rows.
    logger.info(
        "participants export %s built: user %s, %d rows in %.1f s",
        run.uid,
        run.user_id,
        rows,
        time.perf_counter() - started,
    )


def requester(run: ExportRun) -> Actor:
    """The requester acting in the role they asked with, as it stands now: a role ended or
    no longer allowed to export refuses the run."""
    user = run.user
    actor = build_actor(user, run.membership_id)
    if (
        not user.is_active
        or actor.membership is None
        or actor.membership.pk != run.membership_id
        or not permissions.can_export_participants(actor)
    ):
        raise ExportRefused(ROLE_CHANGED)
    return actor


def _finish(run: ExportRun, status: str, **fields: object) -> None:
    """Record the outcome; the search text, only needed to run, is forgotten."""
    values = {"status": status, "finished_at": timezone.now(), "search": "", **fields}
    ExportRun.objects.filter(pk=run.pk).update(**values)


def purge_exports(now: datetime | None = None) -> int:
    """Delete the files older than the retention (and any leftover), forget their names,
    and give up the runs that never finished. Returns the number of files deleted."""
    now = now or timezone.now()
    cutoff = now - RETENTION
    expired = ExportRun.objects.filter(finished_at__lt=cutoff).exclude(file_name="")
    names = list(expired.values_list("file_name", flat=True))
    for name in names:
        storage.delete(name)
    expired.update(file_name="")
    ExportRun.objects.filter(status__in=PENDING_STATUSES, created_at__lt=cutoff).update(
        status=ExportStatus.FAILED, message=ABANDONED, search="", finished_at=now
    )
    return len(names) + storage.delete_older_than(cutoff)
