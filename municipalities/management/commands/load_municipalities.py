from django.core.management.base import BaseCommand

from municipalities.models import Municipality
from municipalities.reference import MUNICIPALITIES_CSV, sync_municipalities


class Command(BaseCommand):
    help = "Synchronise municipalities with a CBS list (code,name,province). Idempotent; never deletes."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(MUNICIPALITIES_CSV), help="CSV file (default: bundled list)")

    def handle(self, *args, path, **options):
        result = sync_municipalities(Municipality, path)
        self.stdout.write(
            f"Municipalities: {result.created} created, {result.updated} updated, "
            f"{result.deactivated} marked inactive, {Municipality.objects.active().count()} active."
        )
