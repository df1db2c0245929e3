"""An invitation's e-mail is a background job: a mail server failure never loses the invitation
or shows an error, and the e-mail is sent when the job is retried."""

import re
import uuid

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.invitations import send_invitation
from accounts.roles import EDITORS, SPECIALISTS
from tests.factories import UserFactory
from tests.tasks import DATABASE_TASKS, run_worker, waiting_jobs

FAILING_MAIL = "tests.mail_backends.FailingEmailBackend"


def invitation(email):
    return {"first_name": "Mehmet", "last_name": "Yilmaz", "email": email, "role": SPECIALISTS, "municipality": "GM0014"}


@pytest.mark.django_db
def test_a_mail_server_failure_keeps_the_invitation_and_shows_no_error(client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING_MAIL
    client.force_login(UserFactory(role=EDITORS))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invite_person"), invitation("m.yilmaz@example.org"))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and "m.yilmaz@example.org" in page.content.decode()
    assert User.objects.filter(email="m.yilmaz@example.org", is_active=True).exists()


@pytest.mark.commits  # requests commit for real and the worker runs the job
def test_the_invitation_mail_is_retried_when_the_mail_server_was_down(committing_db, settings, mailoutbox):
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = FAILING_MAIL
    email = f"uitgenodigd-{uuid.uuid4().hex[:8]}@example.org"
    client = Client(raise_request_exception=False)  # a 500 shows as a 500, as the editor would see it
    client.force_login(UserFactory(role=EDITORS))
    response = client.post(reverse("invite_person"), invitation(email))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    invited = User.objects.get(email=email)

    run_worker()  # the mail server is down: the job fails and is put back for later
    [retry] = waiting_jobs(send_invitation)
    assert retry.run_after > timezone.now() and not mailoutbox

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    type(retry).objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    assert [message.to for message in mail.outbox] == [[email]]
    assert re.search(r"/wachtwoord/nieuw/\S+/", mail.outbox[0].body)
    assert not waiting_jobs(send_invitation)
    invited.refresh_from_db()
    assert not invited.has_usable_password()
