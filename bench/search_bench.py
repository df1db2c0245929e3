"""`make bench`: search speed at 10k and 100k generated items, in one run.

For a fixed mix of rare, common, multi-word, phrase and faceted queries it measures
p50/p95 latency of our engine (the medians of --runs runs of the mix) and of the JSON API
over HTTP, of Wagtail's built-in search over the same pages, of a naive ORM `icontains`
search, and of the raw FTS5 MATCH of the same terms (the floor); then full rebuild throughput and index size; and
import throughput: generated JSON Lines idea records through `import_ideas --publish`
(`import_records`), in records/s. Writes a markdown table under var/bench/ and prints it.

    python bench/search_bench.py [--sizes 10000 100000] [--import-records 1000] [--database-url URL] [--repeat 5] [--runs 3]

`--sizes` without a value skips the search measurements (`--sizes --import-records 1000`
measures only the import); `--import-records 0` skips the import.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parents[1]
TREEBEARD_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BASELINE_QUERIES_PER_KIND = 3
BASELINE_LIMIT_SECONDS = 30
TIMEOUTS = []


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def step(number):
    digits = ""
    for _ in range(4):
        number, remainder = divmod(number, 36)
        digits = TREEBEARD_ALPHABET[remainder] + digits
    return digits


class Corpus:
    """Dutch-looking text: words from the lexicon, drawn with Zipf-like frequencies."""

    def __init__(self, seed=7):
        self.random = random.Random(seed)
        lexicon = (ROOT / "search" / "data" / "nl-lexicon.txt").read_text(encoding="utf-8").split()
        self.words = lexicon[:30_000]
        weights = [1 / (rank + 1) ** 1.05 for rank in range(len(self.words))]
        total = sum(weights)
        self.cumulative = []
        running = 0.0
        for weight in weights:
            running += weight / total
            self.cumulative.append(running)

    def sample(self, count):
        import bisect

        return [self.words[min(bisect.bisect(self.cumulative, self.random.random()), len(self.words) - 1)] for _ in range(count)]

    def sentence(self, low, high):
        return " ".join(self.sample(self.random.randint(low, high))).capitalize()


def create_pages(size, corpus):
    """Insert `size` published idea pages directly (the admin path is far too slow for 100k)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from taggit.models import Tag
    from wagtail.models import Locale, Page

    from ideas.models import IdeaIndexPage, IdeaPage, IdeaTag
    from municipalities.models import Municipality
    from themes.models import Theme

    index = IdeaIndexPage.objects.get()
    content_type = ContentType.objects.get_for_model(IdeaPage)
    locale = Locale.objects.first()
    municipalities = list(Municipality.objects.values_list("pk", flat=True))
    themes = list(Theme.objects.values_list("pk", flat=True))
    tags = [Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in corpus.sample(400) if len(name) > 3]
    now = datetime.now(timezone.utc)
    idea_columns = [f.column for f in IdeaPage._meta.local_concrete_fields]
    with transaction.atomic():
        for start in range(0, size, 2000):
            batch = range(start, min(size, start + 2000))
            pages = Page.objects.bulk_create([
                Page(
                    title=(title := corpus.sentence(3, 8)), draft_title=title, slug=f"bench-{n}",
                    path=index.path + step(n + 1), depth=index.depth + 1, numchild=0,
                    url_path=f"{index.url_path}bench-{n}/", content_type=content_type, locale=locale,
                    live=True, first_published_at=now, last_published_at=now,
                )
                for n in batch
            ])
            rows = []
            for page in pages:
                values = {
                    "page_ptr_id": page.pk, "external_id": f"bench-{page.pk}", "summary": corpus.sentence(12, 30)[:300],
                    "body": "\n\n".join(corpus.sentence(15, 40) for _ in range(corpus.random.randint(4, 10))),
                    "municipality_id": corpus.random.choice(municipalities), "organisation": "",
                    "status": corpus.random.choice(["submitted", "pilot", "reusable"]), "layer": "",
                    "found_via": "visit", "scout_id": None, "contact_name": "", "contact_email": "",
                }
                rows.append([values[c] for c in idea_columns])
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO ideas_ideapage ({', '.join(idea_columns)}) VALUES ({', '.join(['%s'] * len(idea_columns))})", rows
                )
            IdeaTag.objects.bulk_create([
                IdeaTag(content_object_id=page.pk, tag=tag) for page in pages for tag in corpus.random.sample(tags, 3)
            ])
            IdeaPage.themes.through.objects.bulk_create([
                IdeaPage.themes.through(ideapage_id=page.pk, theme_id=corpus.random.choice(themes)) for page in pages
            ])
        Page.objects.filter(pk=index.pk).update(numchild=size)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(function, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def timed_with_limit(function, limit_seconds=BASELINE_LIMIT_SECONDS):
    """One timing of a baseline query, interrupted at the limit (SQLite) or by statement_timeout
    (PostgreSQL); a query that hits the limit counts as the limit, so ratios are lower bounds."""
    from django.db import OperationalError, connection, transaction
    from django.db.utils import DatabaseError

    started = time.perf_counter()
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            timer = threading.Timer(limit_seconds, connection.connection.interrupt)
            timer.start()
            try:
                function()
            finally:
                timer.cancel()
        else:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {int(limit_seconds * 1000)}")
                function()
    except (OperationalError, DatabaseError):
        TIMEOUTS.append(limit_seconds)
        return [limit_seconds * 1000]
    return [(time.perf_counter() - started) * 1000]


def query_mix(corpus):
    """A fixed mix: rare, common, multi-word, phrase and faceted queries."""
    words = corpus.words
    rng = random.Random(11)
    rare = [words[rng.randint(15_000, 25_000)] for _ in range(8)]
    common = [w for w in words[40:400] if len(w) > 4][:8]
    multi = [" ".join(rng.sample(words[200:3000], 2)) for _ in range(4)] + [" ".join(rng.sample(words[100:1500], 3)) for _ in range(4)]
    phrase = [f'"{words[rng.randint(60, 600)]} {words[rng.randint(60, 600)]}"' for _ in range(4)]
    faceted = [(w, {"municipality": ("GM0363", "GM0014")}) for w in common[:4]]
    return (
        [("rare", q, {}) for q in rare] + [("common", q, {}) for q in common] + [("multi-word", q, {}) for q in multi]
        + [("phrase", q, {}) for q in phrase] + [("faceted", q, f) for q, f in faceted]
    )


def run_size(size, repeat, corpus, report, runs=3):
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Q

    from ideas.models import IdeaPage
    from search.contract import SearchQuery
    from search.documents import search_documents
    from search.engines import primary_engine
    from search.planner import plan_query
    from search.synonyms import synonym_map

    started = time.perf_counter()
    create_pages(size, corpus)
    report.append(f"\n### {size:,} items ({connection.vendor})\n\nGenerated and inserted in {time.perf_counter() - started:.0f} s.\n")

    engine = primary_engine()
    started = time.perf_counter()
    count = engine.rebuild(search_documents())
    rebuild_seconds = time.perf_counter() - started

    started = time.perf_counter()
    if BASELINE_QUERIES_PER_KIND:
        call_command("update_index", verbosity=0, stdout=open(os.devnull, "w"))
    wagtail_seconds = time.perf_counter() - started

    mix = query_mix(corpus)
    floor, builtin, naive, api = {}, {}, {}, {}
    server = make_server("127.0.0.1", 0, wsgi_app(), handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    dialect = engine.dialect
    baseline_seen = {}
    first_searches = []  # the first search of a query after the rebuild builds the impact lists it needs
    for kind, text, filters in mix:
        print(f"  {size}: {kind} {text!r}", file=sys.stderr, flush=True)
        query = SearchQuery(text=text, filters=filters)
        first_searches.extend(timed(lambda: engine.search(query), 1))
        strict, _relaxed = engine.compile(plan_query(text, synonym_map(), engine.vocabulary), filters, dialect)
        floor.setdefault(kind, []).extend(timed(lambda: dialect.ranked(strict, "relevance", 10, 0), repeat))
        params = urllib.parse.urlencode({"q": text, **{k: v[0] for k, v in filters.items()}})
        api.setdefault(kind, []).extend(timed(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/search?{params}").read(), repeat))
        # The baselines are slow at scale: a few queries of each kind, once each.
        baseline_seen[kind] = baseline_seen.get(kind, 0) + 1
        if baseline_seen[kind] > BASELINE_QUERIES_PER_KIND:
            continue
        words = [w for w in text.replace('"', " ").split() if w]
        builtin.setdefault(kind, []).extend(timed_with_limit(lambda: list(IdeaPage.objects.live().search(" ".join(words), operator="or")[:10])))
        condition = Q()
        for word in words:
            condition &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        matches = IdeaPage.objects.live().filter(condition)
        naive.setdefault(kind, []).extend(timed_with_limit(lambda: (matches.count(), list(matches[:10]))))
    server.shutdown()
    # Our figures are the medians, over `runs` runs of the whole mix on their own, of each run's p50 and
    # p95: one run's p95 rests on its two or three slowest queries, which on a noisy machine are often
    # slow for reasons of their own (the pass above interleaves the API, the floor and the baselines).
    run_p50, run_p95 = {}, {}
    for _run in range(runs):
        run_times = {}
        for kind, text, filters in mix:
            query = SearchQuery(text=text, filters=filters)
            run_times.setdefault(kind, []).extend(timed(lambda: engine.search(query), repeat))
        for kind, values in [*run_times.items(), ("all", [v for values in run_times.values() for v in values])]:
            run_p50.setdefault(kind, []).append(statistics.median(values))
            run_p95.setdefault(kind, []).append(percentile(values, 0.95))

    report.append(
        f"| queries | ours p50 | ours p95 (medians of {runs} runs) | API p50 | API p95 | FTS floor p50 | ours / floor | "
        "Wagtail p50 | Wagtail / ours | icontains p50 | icontains / ours |"
    )
    report.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for kind in [*run_p50]:
        pick = (lambda d: [v for values in d.values() for v in values]) if kind == "all" else (lambda d: d.get(kind, []))
        f, w, n, a = pick(floor), pick(builtin) or [float("nan")], pick(naive) or [float("nan")], pick(api)
        o50 = statistics.median(run_p50[kind])
        report.append(
            f"| {kind} | {o50:.1f} | {statistics.median(run_p95[kind]):.1f} | {statistics.median(a):.1f} | {percentile(a, 0.95):.1f} | "
            f"{statistics.median(f):.1f} | {o50 / max(statistics.median(f), 1e-6):.1f}× | {statistics.median(w):.1f} | "
            f"{statistics.median(w) / o50:.1f}× | {statistics.median(n):.1f} | {statistics.median(n) / o50:.1f}× |"
        )
    if TIMEOUTS:
        report.append(f"\n{len(TIMEOUTS)} baseline queries hit the {BASELINE_LIMIT_SECONDS} s limit and count as {BASELINE_LIMIT_SECONDS} s (the ratios are lower bounds).")
        TIMEOUTS.clear()
    size_bytes, text_bytes = index_size(connection), indexed_text_size(connection)
    report.append(
        f"\nTimes in ms. Rebuild: {count:,} documents in {rebuild_seconds:.1f} s = **{count / rebuild_seconds:,.0f} documents/s**; "
        f"Wagtail's update_index (its own second index, for the admin): {wagtail_seconds:.1f} s, "
        f"{index_size(connection, 'wagtailsearch') / 1e6:.1f} MB. Index size: {size_bytes / 1e6:.1f} MB for {text_bytes / 1e6:.1f} MB "
        f"of text (title, summary, body): **{size_bytes / max(text_bytes, 1):.1f}×**. The first search of each query after "
        f"the rebuild (it builds the impact lists the query needs; not in the table): p50 {statistics.median(first_searches):.1f}, "
        f"max {max(first_searches):.1f} ms.\n"
    )


def import_record_lines(count, corpus):
    """`count` JSON Lines idea records as a harvest would bring them: themes, tags, links and
    0-3 adoptions each."""
    import json

    from municipalities.models import Municipality
    from themes.models import Theme

    codes = list(Municipality.objects.values_list("code", flat=True))
    themes = list(Theme.objects.values_list("slug", flat=True))
    rng = corpus.random
    for n in range(count):
        yield json.dumps({
            "id": f"bench-import-{n}", "type": "idea", "title": corpus.sentence(3, 8)[:200],
            "summary": corpus.sentence(12, 30)[:300],
            "body": "\n\n".join(corpus.sentence(15, 40) for _ in range(rng.randint(2, 5))),
            "municipality": rng.choice(codes), "status": rng.choice(["submitted", "pilot", "reusable"]),
            "themes": rng.sample(themes, 2), "tags": [w for w in corpus.sample(3) if len(w) > 2],
            "links": [{"title": "Broncode", "url": f"https://example.org/bench/{n}"}],
            "adoptions": [{"municipality": code, "status": "interest"} for code in rng.sample(codes, rng.randint(0, 3))],
        }, ensure_ascii=False)


def run_import(count, corpus, report, queued=False):
    """Import throughput: `count` generated records through import_records with publish=True,
    the path of `manage.py import_ideas --publish`.

    Inline (the test settings): every background task (our index jobs, Wagtail's own search and
    reference index) runs inside the import. Queued (production: django-tasks-db): the import
    only queues them, and `db_worker --batch` works the queue off afterwards; both are timed."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from importer.pages import import_records
    from importer.sources import read_records
    from search.engines import primary_engine

    path = Path(tempfile.mkdtemp(prefix="veldwerk-bench-import-")) / "ideas.jsonl"
    path.write_text("\n".join(import_record_lines(count, corpus)) + "\n", encoding="utf-8")
    tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}} if queued else None
    with override_settings(**({"TASKS": tasks} if queued else {})):
        started = time.perf_counter()
        result = import_records(read_records([path]), publish=True)
        seconds = time.perf_counter() - started
        worker_seconds = 0.0
        if queued:
            started = time.perf_counter()
            call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0, stdout=open(os.devnull, "w"))
            worker_seconds = time.perf_counter() - started
    indexed = len(primary_engine().indexed_ids())
    how = (
        f"background tasks queued: import {seconds:.1f} s = **{count / seconds:,.1f} records/s**, then `db_worker` "
        f"{worker_seconds:.1f} s (import and worker together {count / (seconds + worker_seconds):,.1f} records/s)"
        if queued else
        f"background tasks inline: {seconds:.1f} s = **{count / seconds:,.1f} records/s**"
    )
    report.append(
        f"\n### Import of {count:,} records ({connection.vendor}, {'queued' if queued else 'inline'} tasks)\n\n"
        f"`import_ideas --publish` on {count:,} generated idea records (0-3 adoptions each): {result.summary()}; "
        f"{how}; {indexed:,} documents in the index afterwards.\n"
    )


def wsgi_app():
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def indexed_text_size(connection):
    """Characters of title, summary and body in the index (the summary and body are stored compressed)."""
    from search.engines.stored import StoredDocument

    with connection.cursor() as cursor:
        cursor.execute("SELECT title, stored FROM search_document")
        return sum(len(title) + len((text := StoredDocument.unpacked(data)).summary) + len(text.body) for title, data in cursor)


def index_size(connection, prefix="search"):
    """Every table of our search index (or, with prefix "wagtailsearch", of Wagtail's own) with its indexes."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT coalesce(sum(pg_total_relation_size(oid)), 0) FROM pg_class WHERE relkind = 'r' AND relname LIKE %s",
                [prefix + "\\_%"],
            )
            return int(cursor.fetchone()[0])
        cursor.execute("PRAGMA page_size")
        page_size = cursor.fetchone()[0]
        try:
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE %s", [prefix + "%"])
            return cursor.fetchone()[0] or 0
        except Exception:
            cursor.execute("PRAGMA page_count")
            return cursor.fetchone()[0] * page_size


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--import-records", type=int, default=1_000, help="records for the import measurement (0: skip)")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3, help="runs of the query mix whose p95s give the median p95")
    parser.add_argument("--no-baselines", action="store_true", help="skip Wagtail's search and icontains (much faster)")
    args = parser.parse_args()
    global BASELINE_QUERIES_PER_KIND
    if args.no_baselines:
        BASELINE_QUERIES_PER_KIND = 0

    report = [
        f"# Search benchmark, {datetime.now():%Y-%m-%d %H:%M}", "",
        f"Machine: {os.cpu_count()} cores. Queries per kind: 8 (phrase, faceted: 4), each run {args.repeat}×; "
        f"Wagtail's built-in search and icontains (count plus first page, as a search page needs) on the first "
        f"{BASELINE_QUERIES_PER_KIND} of each kind, once each.",
    ]
    workdir = Path(tempfile.mkdtemp(prefix="veldwerk-bench-"))
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "veldwerk.settings.test"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    for size in args.sizes:
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / f'bench-{size}.sqlite3'}"
        run_isolated(lambda: run_size(size, args.repeat, Corpus(), report, args.runs))
    if args.import_records:
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench-import.sqlite3'}"
        run_isolated(lambda: run_import(args.import_records, Corpus(), report))
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench-import-queued.sqlite3'}"
        run_isolated(lambda: run_import(args.import_records, Corpus(), report, queued=True))
    output = ROOT / "var" / "bench"
    output.mkdir(parents=True, exist_ok=True)
    path = output / f"search-{datetime.now():%Y%m%d-%H%M%S}.md"
    path.write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(report))
    print(f"\nWritten to {path.relative_to(ROOT)}")


def run_isolated(measure):
    import django
    from django.conf import settings

    if not settings.configured:
        django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    connections.close_all()
    settings.DATABASES["default"]["NAME"] = os.environ["DATABASE_URL"].split("sqlite:///")[-1] if "sqlite" in os.environ["DATABASE_URL"] else settings.DATABASES["default"]["NAME"]
    if connection.vendor == "postgresql":
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        call_command("migrate", verbosity=0)
    settings.DEBUG = False
    try:
        measure()
    finally:
        if connection.vendor == "postgresql":
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
