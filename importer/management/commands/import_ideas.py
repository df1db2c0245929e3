from django.core.management.base import BaseCommand, CommandError

from importer.pages import import_records
from importer.sources import read_records


class Command(BaseCommand):
    help = (
        "Import ideas and fieldlabs from JSON Lines files and publiccode.yml files (files or folders). "
        "An unchanged record changes nothing; a changed record becomes a new revision unless editors "
        "have touched its page since the last import, which is reported as a conflict."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="JSON Lines files, publiccode.yml files or folders")
        parser.add_argument(
            "--publish", action="store_true",
            help="publish the new revisions of changed records (default: drafts); never anything else",
        )
        parser.add_argument(
            "--overwrite", action="append", default=[], metavar="ID",
            help="resolve the conflict of the record with this id in favour of the source: its changes become "
                 "a new revision over the editors' changes (not for a merged duplicate); may be repeated",
        )

    def handle(self, *args, paths, publish, overwrite, **options):
        report = import_records(
            read_records(paths), publish=publish, overwrite=overwrite, progress=options["verbosity"] > 0
        )
        for location, reason in report.conflicts:
            self.stderr.write(f"{location}: conflict: {reason}")
        for location, reason in report.problems:
            self.stderr.write(f"{location}: {reason}")
        self.stdout.write(f"Import: {report.summary()}.")
        if report.problems:
            raise CommandError(f"{len(report.problems)} record(s) could not be imported; see the lines above.")
