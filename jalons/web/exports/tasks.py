"""Background task (django-tasks) of the large participant exports.

It lives in the web layer only because the list's filter (`ParticipantFilter`) does; the
work itself is the domain's `jalons.exports.runs.execute_run`.
"""

from django_tasks import task

from jalons.exports.runs import execute_run
from jalons.web.exports.filters import participants_queryset


@task()
def participants_export_task(run_id: int) -> None:
    execute_run(run_id, participants_queryset)
