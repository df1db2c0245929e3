from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .models import Comment

MAX_COMMENT_LENGTH = 5000
COMMENT_HELP = _("You can use **bold**, *italic*, `code`, lists, > quotes and [links](https://…).")


class CommentTextForm(forms.Form):
    """The text of a comment. All errors land on the text field, so the textarea points at them.

    The length is checked on the server only (no `maxlength` attribute): a browser would
    silently cut a pasted text, and the writer should see what was too long.
    """

    body = forms.CharField(
        label=_("Your comment"),
        help_text=COMMENT_HELP,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[MaxLengthValidator(
            MAX_COMMENT_LENGTH,
            message=_("A comment can be at most 5,000 characters; this one has %(show_value)d."),
        )],
        error_messages={"required": _("Write something before you post.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_comment_%s")
        super().__init__(*args, **kwargs)


class CommentForm(CommentTextForm):
    """A new comment on `page`; with `parent`, a reply. A reply to a reply attaches to its top-level comment."""

    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, page, **kwargs):
        self.page = page
        super().__init__(*args, **kwargs)

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = Comment.objects.filter(page_id=self.page.pk, pk=parent_id).select_related("parent").first()
        if parent is None:
            self.add_error("body", _("The comment you replied to no longer exists."))
            return None
        return parent.parent or parent

    @property
    def thread_id(self):
        """The top-level comment this form replies to, as typed; None for a new comment."""
        parent = self.cleaned_data.get("parent") if hasattr(self, "cleaned_data") else None
        if parent is not None:
            return parent.pk
        try:
            return int(self.data.get("parent") or 0) or None
        except (TypeError, ValueError):
            return None


class HideCommentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500,
        help_text=_("Shown in place of the comment: “Hidden by the editors: <reason>”."),
        error_messages={"required": _("Give the reason for hiding this comment.")},
    )
