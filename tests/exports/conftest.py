"""Background exports: files under a temporary VAR_DIR, and helpers to drive a run."""

import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jalons.exports.models import ExportRun

START = reverse("exports:participants_start")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def exports_dir(settings, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    return tmp_path / "exports"


@pytest.fixture
def background(settings) -> None:  # type: ignore[no-untyped-def]
    """Every list of more than one participant goes through the background task."""
    settings.JALONS_EXPORT_INLINE_MAX_ROWS = 1


@pytest.fixture
def queued(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """Runs are recorded but not executed (as when the worker has not picked them up
    yet): the test runs them with `run_task`."""
    from jalons.web.exports import views

    enqueued: list[int] = []

    class Task:
        def enqueue(self, run_id: int) -> None:
            enqueued.append(run_id)

    monkeypatch.setattr(views, "participants_export_task", Task())
    return enqueued


def run_task(run: ExportRun) -> ExportRun:
    from jalons.web.exports.tasks import participants_export_task

    participants_export_task.enqueue(run.pk)
    run.refresh_from_db()
    return run


def start(client: Client, query: str = "") -> ExportRun:
    response = client.post(START + (f"?{query}" if query else ""))
    assert response.status_code == 302, response.content
    run = ExportRun.objects.order_by("-id").first()
    assert run is not None
    assert response["Location"] == reverse("exports:run", args=[run.uid])
    run.refresh_from_db()
    return run


def download(client: Client, run: ExportRun) -> list[list[object]]:
    response = client.get(reverse("exports:run_download", args=[run.uid]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="participants-')
    content = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in workbook["Participants"].iter_rows(values_only=True)]


def names(rows: list[list[object]]) -> list[str]:
    return [f"{row[1]} {row[2]}" for row in rows[1:]]
