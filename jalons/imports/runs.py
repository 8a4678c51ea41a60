"""An import from the web pages: upload and preview, confirm, then run in the background."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from jalons.accounts.models import User
from jalons.imports import services, storage
from jalons.imports.enums import ImportStatus
from jalons.imports.models import ImportRun
from jalons.imports.parsing import XLSX_MAGIC, ImportFileError
from jalons.organisations.models import Organisation

logger = logging.getLogger(__name__)
MISSING_FILE = "Le fichier déposé n'est plus disponible : déposez-le à nouveau."
STALE_AFTER = timedelta(days=1)
UNEXPECTED = "Erreur inattendue pendant l'import : rien n'a été enregistré."


def create_preview_run(
    plie: Organisation, kind: str, file_bytes: bytes, filename: str, user: User | None
) -> ImportRun:
    """Check the file and record the preview; an error-free file is kept for confirmation.

    Raises ImportFileError (nothing recorded) when the file is refused as a whole.
    """
    purge_stale_uploads()
    report = services.preview(kind, plie, file_bytes, filename, user=user)
    run = ImportRun.objects.create(
        plie=plie,
        kind=kind,
        file_name=filename[:255],
        file_sha256=services.sha256(file_bytes),
        status=ImportStatus.PREVIEWED,
        rows=report.rows,
        processed=report.rows,
        created=report.to_create,
        updated=report.to_update,
        unchanged=report.unchanged,
        errors=[e.as_dict() for e in report.errors],
        user=user,
    )
    if report.ok:
        xlsx = filename.lower().endswith(".xlsx") or file_bytes.startswith(XLSX_MAGIC)
        run.stored_file = storage.save(f"{run.uid}.{'xlsx' if xlsx else 'csv'}", file_bytes)
        run.save(update_fields=["stored_file"])
    return run


def confirm_run(run: ImportRun) -> bool:
    """Queue a previewed, error-free run once (a second click changes nothing)."""
    from jalons.imports.tasks import run_import_task

    if not run.can_confirm:
        return False
    queued = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED, processed=0
    )
    if not queued:
        return False
    run_import_task.enqueue(run.pk)
    return True


def execute_run(run_id: int) -> None:
    """The background task: import the stored file, record the outcome, delete the file."""
    run = ImportRun.objects.select_related("plie", "user").get(pk=run_id)
    if run.status != ImportStatus.QUEUED:
        return  # already run (a retried task changes nothing)
    data = storage.read(run.stored_file)
    try:
        if data is None or services.sha256(data) != run.file_sha256:
            _fail(run, MISSING_FILE)
            return
        services.run_import(run.kind, run.plie, data, run.file_name, user=run.user, run=run)
    except ImportFileError:
        pass  # recorded on the run by run_import
    except Exception:
        logger.exception("import run %s failed", run.uid)
        _fail(run, UNEXPECTED)
        raise
    finally:
        storage.delete(run.stored_file)
        ImportRun.objects.filter(pk=run.pk).update(stored_file="")


def purge_stale_uploads(max_age: timedelta = STALE_AFTER) -> int:
    """Uploaded files never confirmed are personal data with no use: delete them."""
    stale = ImportRun.objects.filter(
        status=ImportStatus.PREVIEWED, uploaded_at__lt=timezone.now() - max_age
    ).exclude(stored_file="")
    names = list(stale.values_list("stored_file", flat=True))
    for name in names:
        storage.delete(name)
    stale.update(stored_file="")
    return len(names)


def _fail(run: ImportRun, message: str) -> None:
    run.status, run.message, run.finished_at = ImportStatus.FAILED, message, timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])


def previous_import(run: ImportRun) -> ImportRun | None:
    """The last successful import of the same content into the same PLIE, if any."""
    return (
        ImportRun.objects.filter(
            plie_id=run.plie_id,
            kind=run.kind,
            file_sha256=run.file_sha256,
            status=ImportStatus.DONE,
        )
        .exclude(pk=run.pk)
        .order_by("-finished_at")
        .first()
    )
