"""`manage.py unlock_account USERNAME`: lift the sign-in locks on an account before they expire."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.throttling import unlock_account


class Command(BaseCommand):
    help = "Lift every sign-in lock on an account (account-wide and per client) before its window passes."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="+", help="user name(s) as typed at sign-in")

    def handle(self, *args, **options):
        User = get_user_model()
        for username in options["username"]:
            unlock_account(username)
            exists = User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).exists()
            note = "" if exists else " (no account has this name; its counters were cleared anyway)"
            self.stdout.write(f"Sign-in locks lifted for {username}{note}.")
