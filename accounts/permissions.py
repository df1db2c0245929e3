"""The one place that decides who may do what on the public site.

Views ask `can(user, action, target)`; the Wagtail admin keeps its own page
permissions (set up by the roles migration). Every action is listed in ACTIONS.
"""

from datetime import timedelta

from django.utils import timezone

from .roles import EDITORS, SCOUTS

COMMENT_EDIT_WINDOW = timedelta(minutes=15)

ACTIONS = (
    "submit_idea",  # target: None
    "edit_submission",  # target: the idea page
    "comment",  # target: the page commented on
    "edit_comment",  # target: the comment
    "delete_comment",  # target: the comment
    "hide_comment",  # target: the comment
    "register_adoption",  # target: the municipality whose entry changes
    "review_idea",  # target: the idea page
    "publish_report",  # target: the fieldlab page
    "merge_ideas",  # target: the duplicate idea page
)


def in_role(user, role):
    if not user.is_authenticated or not user.is_active:
        return False
    if not hasattr(user, "_veldwerk_roles"):
        user._veldwerk_roles = set(user.groups.values_list("name", flat=True))
    return role in user._veldwerk_roles


def is_editor(user):
    return user.is_authenticated and user.is_active and (user.is_superuser or in_role(user, EDITORS))


def can(user, action, target=None):
    """True when `user` may do `action` on `target`."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if not user.is_authenticated or not user.is_active:
        return False
    if action in ("review_idea", "publish_report", "merge_ideas", "hide_comment"):
        return is_editor(user)
    if action == "submit_idea":
        return is_editor(user) or in_role(user, SCOUTS)
    if action == "edit_submission":
        return is_editor(user) or (
            in_role(user, SCOUTS) and target.owner_id == user.pk and not target.live and not target.workflow_in_progress
            and not target.is_merged_duplicate
        )
    if action == "comment":
        return target.live
    if action == "edit_comment":
        return (
            target.author_id == user.pk and not target.is_deleted and not target.is_hidden
            and timezone.now() - target.created_at <= COMMENT_EDIT_WINDOW
        )
    if action == "delete_comment":
        return target.author_id == user.pk and not target.is_deleted
    if action == "register_adoption":
        from .models import profile_of

        return is_editor(user) or (target is not None and profile_of(user).municipality_id == target.pk)
    return False
