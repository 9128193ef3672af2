"""Run the queued background tasks inside a test, the way the worker process does.

The tasks wait in the real database queue (django-tasks-db). This claims each ready task
and runs it with django-tasks-db's own Worker.run_task, as `manage.py db_worker --batch`
would; only the worker loop's connection housekeeping (close_old_connections, which would
close the test's open transaction on PostgreSQL) is left out. Tasks a task queues run too,
once due. Real worker processes: tests/ops/test_two_workers.py and
tests/notifications/test_make_run.py.
"""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued_tasks(limit: int = 1000) -> int:
    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="tests", excluded_queue_names=[],
    )  # fmt: skip
    ran = 0
    while ran < limit and (task := DBTaskResult.objects.ready().first()) is not None:
        task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1
    return ran
