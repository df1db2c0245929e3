"""Background jobs run through django-tasks; a failing job is tried again later with a growing delay."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.tasks import RETRY_DELAYS, enqueue_job, enqueue_job_after_commit

ATTEMPTS = []


def send_greeting(address, fail_times=0):
    ATTEMPTS.append(address)
    if len(ATTEMPTS) <= fail_times:
        raise ConnectionError("the mail server is down")
    mail.send_mail("Hallo", "Een bericht.", None, [address])


@pytest.fixture
def database_tasks(settings):
    """The production task backend: jobs wait in the database until a worker runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    ATTEMPTS.clear()
    yield
    ATTEMPTS.clear()


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


@pytest.mark.django_db
def test_a_job_waits_for_the_commit_then_runs(django_capture_on_commit_callbacks):
    ATTEMPTS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_job_after_commit(send_greeting, "a@example.org")
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


@pytest.mark.commits  # the worker closes its database connections
def test_a_failed_job_is_retried_later_with_a_growing_delay(committing_db, database_tasks, mailoutbox):
    enqueue_job(send_greeting, "b@example.org", fail_times=2)
    run_worker()
    assert mailoutbox == [] and len(ATTEMPTS) == 1
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert timedelta(seconds=50) < retry.run_after - timezone.now() <= RETRY_DELAYS[0]
    run_worker()
    assert len(ATTEMPTS) == 1  # not due yet

    for _retry in range(2):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()
    assert len(ATTEMPTS) == 3 and [m.to for m in mailoutbox] == [["b@example.org"]]
    assert not DBTaskResult.objects.filter(status="READY").exists()
