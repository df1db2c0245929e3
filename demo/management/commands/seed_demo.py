import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.accounts import DEMO_ACCOUNTS, ensure_demo_accounts, generate_password
from importer.pages import import_records
from importer.sources import read_records

DEMO_CONTENT = Path(__file__).resolve().parents[2] / "fixtures" / "demo-content.jsonl"


class Command(BaseCommand):
    help = (
        "Load the demo ideas and fieldlabs through the importer (published) and, in development, "
        "create demo accounts. Idempotent: a second run changes nothing."
    )

    def handle(self, *args, **options):
        report = import_records(read_records([DEMO_CONTENT]), publish=True)
        if report.problems:
            for location, reason in report.problems:
                self.stderr.write(f"{location}: {reason}")
            raise CommandError("The demo content did not import cleanly.")
        for location, reason in report.conflicts:
            self.stdout.write(f"{location}: left as editors made it ({reason})")
        self.stdout.write(f"Demo content: {report.summary()}.")
        if settings.DEBUG:
            self.seed_accounts()
        else:
            self.stdout.write("Demo accounts skipped: they exist only in development (DEBUG=True).")

    def seed_accounts(self):
        password_file = Path(settings.BASE_DIR) / "var" / "demo-password.txt"
        password = os.environ.get("DEMO_PASSWORD", "")
        if not password and password_file.exists():
            password = password_file.read_text(encoding="utf-8").strip()
        if not password:
            password = generate_password()
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n", encoding="utf-8")
            password_file.chmod(0o600)
        created = ensure_demo_accounts(password)
        names = ", ".join(account.username for account in DEMO_ACCOUNTS)
        if created:
            self.stdout.write(f"Demo accounts created: {', '.join(created)}; password: {password}")
        self.stdout.write(
            f"Log in at /admin/ or /inloggen/ as {names}. "
            f"The password is in {password_file.relative_to(settings.BASE_DIR)} (or DEMO_PASSWORD)."
        )
