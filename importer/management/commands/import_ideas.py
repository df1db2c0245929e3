from django.core.management.base import BaseCommand, CommandError

from importer.pages import import_records
from importer.sources import read_records


class Command(BaseCommand):
    help = (
        "Import ideas and fieldlabs from JSON Lines files and publiccode.yml files (files or folders). "
        "Re-importing an unchanged record changes nothing; a changed record becomes a new revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="JSON Lines files, publiccode.yml files or folders")
        parser.add_argument("--publish", action="store_true", help="publish the pages (default: drafts)")

    def handle(self, *args, paths, publish, **options):
        report = import_records(read_records(paths), publish=publish, progress=options["verbosity"] > 0)
        for location, reason in report.problems:
            self.stderr.write(f"{location}: {reason}")
        self.stdout.write(f"Import: {report.summary()}.")
        if report.problems:
            raise CommandError(f"{len(report.problems)} record(s) could not be imported; see the lines above.")
