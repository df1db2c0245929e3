"""Random sequences of merges and undos never lose or misplace an adoption, comment or follow.

Hypothesis draws the records of four ideas (overlapping municipalities and followers,
comments with replies) and a sequence of merges, undos and new replies; each step goes
through the real `merge_ideas` / `undo_merge` on the real database. After every step each
record is on its home idea or on an idea along its home's chain of active merges, and a
refused step changed nothing. Undoing all merges in an allowed order brings every record home.
Each example runs in a savepoint that is rolled back, so examples do not see each other.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.redirects.models import Redirect

from accounts.roles import EDITORS
from adoptions.models import Adoption
from discussion.models import Comment, Follow
from ideas.merging import MergeRefused, merge_ideas, undo_merge
from ideas.models import IdeaMerge, IdeaPage
from tests.factories import IdeaPageFactory, UserFactory, municipality

IDEAS = 4
CODES = ("GM0014", "GM0034", "GM0363")
FOLLOWERS = 3

records = st.fixed_dictionaries({
    # per idea: which municipalities adopted it, which users follow it, and per comment its number of replies
    "adoptions": st.lists(st.sets(st.integers(0, len(CODES) - 1)), min_size=IDEAS, max_size=IDEAS),
    "follows": st.lists(st.sets(st.integers(0, FOLLOWERS - 1)), min_size=IDEAS, max_size=IDEAS),
    "comments": st.lists(st.lists(st.integers(0, 1), max_size=2), min_size=IDEAS, max_size=IDEAS),
})
idea_index = st.integers(0, IDEAS - 1)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("merge"), idea_index, idea_index),
        st.tuples(st.just("undo"), st.integers(0, 15)),  # one of the merges so far, undone ones included
        st.tuples(st.just("reply"), st.integers(0, 15)),  # a new reply to a comment, wherever it is now
    ),
    max_size=10,
)


@pytest.fixture
def world(db):
    return {
        "editor": UserFactory(role=EDITORS),
        "ideas": [IdeaPageFactory(title=f"Idee {letter}") for letter in "ABCD"[:IDEAS]],
        "municipalities": [municipality(code) for code in CODES],
        "users": [UserFactory() for _ in range(FOLLOWERS)],
    }


def create_records(world, drawn):
    """Create the drawn records; returns {(model, pk): home idea pk}."""
    home = {}
    for number, idea in enumerate(world["ideas"]):
        for index in sorted(drawn["adoptions"][number]):
            adoption = Adoption.objects.create(idea=idea, municipality=world["municipalities"][index])
            home[Adoption, adoption.pk] = idea.pk
        for index in sorted(drawn["follows"][number]):
            follow = Follow.objects.create(user=world["users"][index], page=idea)
            home[Follow, follow.pk] = idea.pk
        for replies in drawn["comments"][number]:
            comment = Comment.objects.create(page=idea, author=world["users"][0], body="Opmerking")
            home[Comment, comment.pk] = idea.pk
            for _ in range(replies):
                reply = Comment.objects.create(page=idea, author=world["users"][1], parent=comment, body="Reactie")
                home[Comment, reply.pk] = idea.pk
    return home


def where_everything_is():
    """Every record's idea, the active merges, which ideas are live and how many redirects exist."""
    return {
        **{(Adoption, pk): idea for pk, idea in Adoption.objects.values_list("pk", "idea_id")},
        **{(Follow, pk): page for pk, page in Follow.objects.values_list("pk", "page_id")},
        **{(Comment, pk): page for pk, page in Comment.objects.values_list("pk", "page_id")},
        "active merges": set(IdeaMerge.objects.filter(undone_at__isnull=True).values_list("duplicate_id", "canonical_id")),
        "live": set(IdeaPage.objects.filter(live=True).values_list("pk", flat=True)),
        "redirects": Redirect.objects.count(),
    }


def chain_of(idea, active):
    """`idea` and the ideas its active merges lead to."""
    chain = [idea]
    while chain[-1] in active:
        chain.append(active[chain[-1]])
        assert len(chain) <= IDEAS, "merges form a cycle"
    return chain


def assert_nothing_lost_or_misplaced(home, active):
    now = where_everything_is()
    assert now["active merges"] == set(active.items())
    rows = {key: value for key, value in now.items() if isinstance(key, tuple)}
    assert rows.keys() == home.keys()  # nothing lost, nothing made
    for key, idea in rows.items():
        assert idea in chain_of(home[key], active), f"{key[0].__name__} {key[1]} of {home[key]} is on {idea}"
    for reply, parent in Comment.objects.filter(parent__isnull=False).values_list("page_id", "parent__page_id"):
        assert reply == parent  # a thread stays together


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=records, sequence=steps)
def test_merges_and_undos_never_lose_or_misplace_a_record(world, drawn, sequence):
    editor, ideas = world["editor"], world["ideas"]
    with transaction.atomic():
        home = create_records(world, drawn)
        active = {}  # the model: duplicate pk -> canonical pk
        merges = []
        active_merges = set()
        for step in sequence:
            before = where_everything_is()
            if step[0] == "merge":
                duplicate, canonical = ideas[step[1]], ideas[step[2]]
                allowed = duplicate != canonical and duplicate.pk not in active and canonical.pk not in active
                try:
                    merges.append(merge_ideas(duplicate, canonical, editor))
                    active[duplicate.pk] = canonical.pk
                    active_merges.add(merges[-1].pk)
                except MergeRefused:
                    assert not allowed, f"merging {duplicate} into {canonical} was refused"
                    assert where_everything_is() == before
                else:
                    assert allowed, f"merging {duplicate} into {canonical} was allowed"
            elif step[0] == "undo" and merges:
                merge = merges[step[1] % len(merges)]
                allowed = merge.pk in active_merges and merge.canonical_id not in active
                try:
                    undo_merge(merge, editor)
                    del active[merge.duplicate_id]
                    active_merges.remove(merge.pk)
                except MergeRefused:
                    assert not allowed, f"undoing {merge} was refused"
                    assert where_everything_is() == before
                else:
                    assert allowed, f"undoing {merge} was allowed"
            elif step[0] == "reply":
                comments = list(Comment.objects.filter(parent__isnull=True).order_by("pk"))
                if comments:
                    parent = comments[step[1] % len(comments)]
                    reply = Comment.objects.create(page_id=parent.page_id, parent=parent, author=editor, body="Later")
                    home[Comment, reply.pk] = home[Comment, parent.pk]
            assert_nothing_lost_or_misplaced(home, active)

        while active:  # undo everything, always a merge whose canonical is not merged itself
            duplicate = next(duplicate for duplicate, canonical in active.items() if canonical not in active)
            undo_merge(IdeaMerge.objects.get(duplicate_id=duplicate, undone_at__isnull=True), editor)
            del active[duplicate]
            assert_nothing_lost_or_misplaced(home, active)

        now = where_everything_is()
        assert {key: value for key, value in now.items() if isinstance(key, tuple)} == home
        assert now["live"] >= {idea.pk for idea in ideas} and now["redirects"] == 0
        transaction.set_rollback(True)
