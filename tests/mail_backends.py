"""E-mail backends for tests: point settings.EMAIL_BACKEND at one to simulate a mail server."""

from smtplib import SMTPException

from django.core.mail.backends.base import BaseEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down: every send raises, as Django's SMTP backend does."""

    def send_messages(self, email_messages):
        raise SMTPException("421 The mail server is not available")
