"""Background work: e-mails and index updates run as django-tasks tasks, retried with backoff.

`TASKS` chooses the backend (https://github.com/RealOrangeOne/django-tasks): production and
`make run` use django-tasks-db with its `db_worker`; the test suite runs tasks immediately.
django-tasks-db does not retry a failed task, so every job goes through `run_job`, which
calls the job and, when it fails and the backend can run tasks later, enqueues itself again
after a growing delay. Jobs are plain module-level functions with JSON-serialisable arguments,
named by their dotted path, so they can be called and tested directly too.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import default_task_backend, task

logger = logging.getLogger(__name__)

RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


def dotted_path(function):
    return f"{function.__module__}.{function.__qualname__}"


@task()
def run_job(job, args, kwargs, attempt=1):
    """Call the function at dotted path `job`; retry it later when it fails (see RETRY_DELAYS)."""
    try:
        return import_string(job)(*args, **kwargs)
    except Exception:
        if attempt > len(RETRY_DELAYS) or not default_task_backend.supports_defer:
            logger.exception("Background job %s failed for good after %s attempt(s)", job, attempt)
            raise
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning("Background job %s failed (attempt %s); retrying in %s", job, attempt, delay, exc_info=True)
        run_job.using(run_after=timezone.now() + delay).enqueue(job, args, kwargs, attempt + 1)
        return None


def enqueue_job(function, *args, run_after=None, **kwargs):
    """Run `function(*args, **kwargs)` in the background now (or from `run_after`), with retries."""
    job = run_job.using(run_after=run_after) if run_after is not None else run_job
    return job.enqueue(dotted_path(function), list(args), kwargs)


def enqueue_job_after_commit(function, *args, **kwargs):
    """Like `enqueue_job`, once the current transaction commits: a rolled-back change starts nothing."""
    transaction.on_commit(lambda: enqueue_job(function, *args, **kwargs), robust=True)


def can_run_later():
    """True when the task backend can hold a job until a later time (django-tasks-db can; the
    immediate backend of the test suite cannot)."""
    return default_task_backend.supports_defer
