"""Background tasks (django-tasks): a confirmed import runs outside the request."""

from django_tasks import task

from jalons.imports.runs import execute_run


@task()
def run_import_task(run_id: int) -> None:
    execute_run(run_id)
