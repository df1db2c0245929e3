"""The one place that decides who may do what on the public site.

Views ask `can(user, action, target)` to decide what to show, and call `require(user, action, target)`
to refuse: it raises PermissionDenied with the reason from REASONS, which the one 403 page shows.
The Wagtail admin keeps its own page permissions (set up by the roles migration); admin views of
our own ask `can` too. Every action is listed in ACTIONS, every refusal's wording in REASONS.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import MembershipStatus, confirmed_municipality, membership_of
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
    "register_adoption_for_any_municipality",  # target: None
    "review_idea",  # target: the idea page
    "publish_report",  # target: the fieldlab page
    "merge_ideas",  # target: the duplicate idea page
    "start_fieldlab",  # target: the idea page (or None)
    "invite_person",  # target: None
    "decide_membership",  # target: the membership (or None): confirm, refuse, revoke, grant
    "unlock_sign_in",  # target: None (lift sign-in locks on an account)
    "manage_documents",  # target: None (see and choose every document, private attachments included)
)

EDITOR_ACTIONS = (
    "review_idea", "publish_report", "merge_ideas", "hide_comment", "register_adoption_for_any_municipality",
    "start_fieldlab", "invite_person", "decide_membership", "unlock_sign_in",
    "manage_documents",
)


def _register_adoption_reason(user, municipality):
    membership = membership_of(user)
    if membership is not None and municipality is not None and membership.municipality_id == municipality.pk:
        if membership.status in (MembershipStatus.REQUESTED, MembershipStatus.INVITED):
            return gettext(
                "Your membership of %(municipality)s has not been confirmed by an editor yet. Once it is, you can "
                "register its adoptions."
            ) % {"municipality": municipality.name}
        if membership.status in (MembershipStatus.REFUSED, MembershipStatus.REVOKED):
            return gettext(
                "You are not a confirmed member of %(municipality)s, so you cannot register its adoptions. "
                "Ask an editor if this is a mistake."
            ) % {"municipality": municipality.name}
    if confirmed_municipality(user) is None:
        return gettext(
            "Only confirmed members of a municipality register its adoptions. Choose your municipality on your "
            "profile; an editor confirms it."
        )
    return gettext("You may only register adoptions for your own municipality.")


def _edit_submission_reason(user, idea):
    if idea is not None and idea.owner_id != user.pk and not is_editor(user):
        return gettext("You can only change ideas you submitted yourself.")
    return gettext("This idea is under review or published; it cannot be changed here.")


# Why an action is refused: a text, or a function of (user, target) for reasons that depend on the case.
REASONS = {
    "submit_idea": _("Only talent scouts and editors submit ideas. Ask an editor for the talent scout role."),
    "edit_submission": _edit_submission_reason,
    "comment": _("Comments can only be posted on published ideas and fieldlabs."),
    "edit_comment": _(
        "You can only edit your own comments, within 15 minutes of posting them, unless they were deleted or hidden."
    ),
    "delete_comment": _("You can only delete your own comments."),
    "hide_comment": _("Only editors can hide comments or show them again."),
    "register_adoption": _register_adoption_reason,
    "register_adoption_for_any_municipality": _("Only editors register adoptions for any municipality."),
    "review_idea": _("Only editors review ideas."),
    "publish_report": _("Only editors publish fieldlab reports."),
    "merge_ideas": _("Only editors mark ideas as duplicates."),
    "start_fieldlab": _("Only editors start fieldlabs."),
    "invite_person": _("Only editors invite people."),
    "decide_membership": _("Only editors confirm, refuse or revoke municipality memberships."),
    "unlock_sign_in": _("Only editors lift sign-in locks."),
    "manage_documents": _("Only editors see documents that are not published yet."),
}


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
    if action in EDITOR_ACTIONS:
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
        if is_editor(user):
            return True
        own = confirmed_municipality(user)
        return target is not None and own is not None and own.pk == target.pk
    return False


def refusal_reason(user, action, target=None):
    """Why `user` may not do `action` on `target`, in the user's language."""
    if not user.is_authenticated:
        return gettext("Log in to do this.")
    if not user.is_active:
        return gettext("This account has been deactivated.")
    reason = REASONS[action]
    return str(reason(user, target) if callable(reason) else reason)


class Refused(PermissionDenied):
    """A refusal with its reason, and optionally the text the user typed and where to go back to,
    shown by the one 403 page (templates/403.html)."""

    def __init__(self, reason, kept_text="", back_url="", back_title=""):
        super().__init__(reason)
        self.reason, self.kept_text, self.back_url, self.back_title = reason, kept_text, back_url, back_title


def require(user, action, target=None, *, kept_text="", back_url="", back_title=""):
    """Return when `user` may do `action` on `target`; otherwise raise PermissionDenied with the reason."""
    if not can(user, action, target):
        raise Refused(refusal_reason(user, action, target), kept_text=kept_text, back_url=back_url, back_title=back_title)


def refuse_in_admin(request, action, target=None):
    """For our own Wagtail admin views: None when allowed; otherwise the admin's way of refusing
    (as wagtail.admin.auth.permission_denied: an error message on the dashboard), with our reason."""
    if can(request.user, action, target):
        return None
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        raise Refused(refusal_reason(request.user, action, target))
    messages.error(request, refusal_reason(request.user, action, target))
    return redirect("wagtailadmin_home")
