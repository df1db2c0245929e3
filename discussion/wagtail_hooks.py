from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    """Hiding and showing comments appear in the page's history in the Wagtail admin
    (https://docs.wagtail.org/en/stable/extending/audit_log.html)."""

    @actions.register_action("veldwerk.comment_hidden")
    class CommentHidden(LogFormatter):
        label = _("Hide comment")

        def format_message(self, log_entry):
            return _("Hid comment %(comment)s: %(reason)s") % {
                "comment": log_entry.data.get("comment_id"), "reason": log_entry.data.get("reason", ""),
            }

    @actions.register_action("veldwerk.comment_unhidden")
    class CommentUnhidden(LogFormatter):
        label = _("Show hidden comment")

        def format_message(self, log_entry):
            return _("Showed comment %(comment)s again") % {"comment": log_entry.data.get("comment_id")}
