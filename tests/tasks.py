"""Helpers for tests that run background jobs as production does: in the database, by the worker.

Tests using them commit for real (`@pytest.mark.commits` + the `committing_db` fixture), since the
worker only sees committed jobs; see tests/core/test_tasks.py.
"""

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from core.tasks import dotted_path

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker():
    """Run every job that is due, once, in this process."""
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def waiting_jobs(function):
    """The jobs for `function` that wait in the database to be run (now or later)."""
    path = dotted_path(function)
    return [result for result in DBTaskResult.objects.filter(status="READY") if result.args_kwargs["args"][0] == path]
