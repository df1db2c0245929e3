import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.documents import indexable_page_ids, search_documents
from search.engines import all_engines
from search.indexing import INDEX_BATCH_SIZE, reindex_pages
from search.models import PendingIndexUpdate

# After repairing this many pages (all of them, after an analysis change), the index is settled:
# its pieces merged and its dead rows cleared, as a rebuild leaves them.
SETTLE_AFTER_REPAIRS = 1000


class Command(BaseCommand):
    help = (
        "Manage the search index. rebuild: index every live page again in every engine; "
        "status: documents per engine; verify: report drift between pages and index (and documents "
        "indexed by an older analysis), and repair it."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "verify"])

    def handle(self, *args, action, **options):
        getattr(self, action)(progress=options["verbosity"] > 0)

    def rebuild(self, progress):
        live_ids = self.live_ids()
        for engine in all_engines():
            started = time.perf_counter()
            documents = tqdm(search_documents(), total=len(live_ids), disable=not progress, desc=engine.name, unit="doc")
            count = engine.rebuild(documents)
            seconds = time.perf_counter() - started
            self.stdout.write(f"{engine.name}: {count} documents indexed in {seconds:.1f} s ({count / max(seconds, 1e-9):.0f}/s).")
        PendingIndexUpdate.objects.all().delete()

    def status(self, progress):
        live_ids = self.live_ids()
        self.stdout.write(f"Live pages that belong in the index: {len(live_ids)}.")
        for engine in all_engines():
            try:
                indexed = len(engine.indexed_ids())
            except Exception as error:  # a server that is down is a status, not a crash
                self.stdout.write(f"{engine.name}: unavailable ({error}).")
                continue
            self.stdout.write(f"{engine.name}: {indexed} documents.")
        pending = PendingIndexUpdate.objects.count()
        if pending:
            self.stdout.write(f"{pending} page(s) wait for a retried index update.")

    def verify(self, progress):
        live_ids = self.live_ids()
        drift = set(PendingIndexUpdate.objects.values_list("page_id", flat=True))
        for engine in all_engines():
            try:
                indexed = engine.indexed_ids()
                outdated = engine.outdated_ids() & live_ids
            except Exception as error:
                raise CommandError(f"{engine.name} cannot be read: {error}") from error
            missing, stale = live_ids - indexed, indexed - live_ids
            self.stdout.write(
                f"{engine.name}: {len(missing)} missing, {len(stale)} that should not be there, "
                f"{len(outdated)} indexed in an older form."
            )
            drift |= missing | stale | outdated
        if drift:
            pages = sorted(drift)
            for start in tqdm(range(0, len(pages), INDEX_BATCH_SIZE), disable=not progress, desc="repair", unit="batch"):
                reindex_pages(pages[start : start + INDEX_BATCH_SIZE])
            self.stdout.write(f"Repaired {len(drift)} page(s).")
            if len(drift) >= SETTLE_AFTER_REPAIRS:
                for engine in all_engines():
                    engine.settle()
        else:
            self.stdout.write("Index and pages agree.")

    @staticmethod
    def live_ids():
        return indexable_page_ids()
