"""Two editors merging at the same moment: the row locks make the second see the first's merge.

Only PostgreSQL runs two writers at once (SQLite serializes them), so this runs there.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from accounts.roles import EDITORS
from ideas.merging import MergeRefused, merge_ideas
from ideas.models import IdeaMerge
from tests.factories import AdoptionFactory, IdeaPageFactory, UserFactory, municipality


def someone_waits_for_a_lock():
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.postgres_only
@pytest.mark.commits
def test_two_editors_merging_one_idea_into_two_others_at_once_make_one_merge(committing_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL (set DATABASE_URL)")
    duplicate = IdeaPageFactory(title="Trouwplanner online")
    first_choice, second_choice = IdeaPageFactory(title="Huwelijksplanner"), IdeaPageFactory(title="Trouwen regelen")
    AdoptionFactory(idea=duplicate, municipality=municipality("GM0034"))
    editors = UserFactory(role=EDITORS), UserFactory(role=EDITORS)
    first_merged, release = threading.Event(), threading.Event()
    outcome = {}

    def first_editor():
        try:
            with transaction.atomic():  # the first merge is done but not yet committed
                merge_ideas(duplicate, first_choice, editors[0])
                first_merged.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    def second_editor():
        first_merged.wait(timeout=30)
        try:
            merge_ideas(duplicate, second_choice, editors[1])
            outcome["second"] = "merged"
        except MergeRefused as refusal:
            outcome["second"] = str(refusal)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first_editor), threading.Thread(target=second_editor)]
    for thread in threads:
        thread.start()
    first_merged.wait(timeout=30)
    deadline = time.monotonic() + 30  # wait until the second editor is blocked (or done), then commit the first
    while threads[1].is_alive() and not someone_waits_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    for thread in threads:
        thread.join(timeout=60)

    assert list(IdeaMerge.objects.filter(undone_at__isnull=True).values_list("canonical__title", flat=True)) == [
        "Huwelijksplanner"
    ]
    assert "Huwelijksplanner" in outcome["second"]  # "… is already merged into Huwelijksplanner"
