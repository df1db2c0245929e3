"""Talent scouts submit ideas on the public site: the form, saving as a Wagtail draft, and
starting the review workflow with Wagtail's own actions (revisions and audit log stay right)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import WorkflowState

from accounts.models import profile_of
from municipalities.models import Municipality
from themes.models import Theme
from core.drafts import create_draft, latest_draft, save_draft
from core.links import validate_link_url
from core.markdown import MARKDOWN_HELP

from .merging import active_merge_of
from .models import FoundVia, IdeaAttachment, IdeaIndexPage, IdeaLink, IdeaPage
from .uploads import store_attachment, validate_attachment

LINK_FIELDS = 3


class IdeaSubmissionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
        help_text=_("Plain text, at most 300 characters."),
    )
    body = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 12}), help_text=MARKDOWN_HELP)
    municipality = forms.ModelChoiceField(
        label=_("Municipality of origin"), queryset=Municipality.objects.active(), required=False, to_field_name="code",
    )
    organisation = forms.CharField(
        label=_("Organisation of origin"), max_length=200, required=False,
        help_text=_("For solutions from other public bodies or suppliers."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=500,
        help_text=_("Separate tags with commas, e.g. “afval, app”."),
        widget=forms.TextInput(attrs={"list": "known-tags"}),
    )
    found_via = forms.ChoiceField(label=_("Where did you find it?"), choices=FoundVia.choices)
    attachment = forms.FileField(
        label=_("Attachment"), required=False, validators=[validate_attachment],
        help_text=_("PDF, office document, image or text; at most 10 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, LINK_FIELDS + 1):
            self.fields[f"link_title_{number}"] = forms.CharField(label=_("Link %(n)s: title") % {"n": number}, max_length=200, required=False)
            self.fields[f"link_url_{number}"] = forms.URLField(
                label=_("Link %(n)s: address") % {"n": number}, max_length=500, required=False, assume_scheme="https",
                validators=[validate_link_url],
            )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("municipality") and not cleaned.get("organisation", "").strip():
            raise ValidationError({"organisation": _("Give the origin: a municipality, an organisation name, or both.")})
        return cleaned

    def tag_names(self):
        return [t.strip()[:100] for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]

    def links(self):
        pairs = []
        for number in range(1, LINK_FIELDS + 1):
            url = self.cleaned_data.get(f"link_url_{number}")
            if url:
                pairs.append((self.cleaned_data.get(f"link_title_{number}") or url, url))
        return pairs

    def link_fields(self):
        return [(self[f"link_title_{n}"], self[f"link_url_{n}"]) for n in range(1, LINK_FIELDS + 1)]


def saved_attachments(idea):
    """The documents attached to the latest draft of `idea`, in their order."""
    if idea is None:
        return []
    return [attachment.document for attachment in latest_draft(idea).attachments.all()]


def pending_documents(data, user):
    """Documents this user uploaded while previewing, carried in the form until the idea is saved.

    Only the user's own uploads count, so a tampered form cannot attach someone else's file.
    """
    ids = [value for value in data.getlist("pending_attachment") if str(value).isdigit()] if data else []
    Document = get_document_model()
    return list(Document.objects.filter(pk__in=ids, uploaded_by_user=user).order_by("pk"))


def carry_unsaved_attachment(form, user):
    """Keep a chosen file when the idea is not saved (a preview, or a form with errors).

    The browser cannot send a file input again after the page reloads, so a valid file is
    stored now, listed on the form and attached when the idea is saved. Returns it, or None.
    """
    if not form.is_bound or form.has_error("attachment"):
        return None
    upload = form.cleaned_data.get("attachment")
    return store_document(upload, user) if upload else None


def initial_for(user, idea=None):
    """Form values to start from: the user's municipality for a new idea, the latest draft otherwise."""
    if idea is None:
        municipality = profile_of(user).municipality
        return {"municipality": municipality.code if municipality else None, "found_via": FoundVia.VISIT}
    draft = latest_draft(idea)
    initial = {
        "title": draft.title, "summary": draft.summary, "body": draft.body,
        "municipality": draft.municipality.code if draft.municipality else None, "organisation": draft.organisation,
        "themes": list(draft.themes.all()), "tags": ", ".join(t.name for t in draft.tags.all()),
        "found_via": draft.found_via,
    }
    for number, link in enumerate(draft.links.all()[:LINK_FIELDS], start=1):
        initial[f"link_title_{number}"], initial[f"link_url_{number}"] = link.title, link.url
    return initial


@transaction.atomic
def save_submission(form, user, idea=None, pending=(), remove_ids=()):
    """Save the form as a new revision of the scout's draft (a new draft page when `idea` is None).

    Continues from the latest revision, so no earlier save is lost; keeps the attachments
    already there except those in `remove_ids`, and adds `pending` documents and a new upload.
    Returns the idea page.
    """
    data = form.cleaned_data
    draft = latest_draft(idea) if idea else IdeaPage(scout=user)
    draft.title = data["title"]
    draft.summary = data["summary"]
    draft.body = data["body"]
    draft.municipality = data["municipality"]
    draft.organisation = data["organisation"]
    draft.found_via = data["found_via"]
    draft.themes.set(list(data["themes"]))
    draft.tags.set(form.tag_names())
    draft.links = [IdeaLink(title=title, url=url) for title, url in form.links()]
    documents = [a.document for a in draft.attachments.all() if str(a.document_id) not in set(map(str, remove_ids))]
    documents += [document for document in pending if document not in documents]
    if data.get("attachment"):
        documents.append(store_document(data["attachment"], user))
    draft.attachments = [IdeaAttachment(document=document) for document in documents]
    if idea is None:
        create_draft(IdeaIndexPage.objects.get(), draft, user=user, fallback_slug="idee")
    else:
        save_draft(draft, user=user)
    return IdeaPage.objects.get(pk=draft.pk)


def store_document(upload, user):
    return store_attachment(upload, user)


def submit_for_review(idea, user):
    """Start the idea review workflow, or resume it after an editor asked for changes."""
    state = idea.current_workflow_state
    if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    elif not idea.workflow_in_progress:
        idea.get_workflow().start(idea, user)


SUBMISSION_STATES = {
    "draft": _("draft"),
    "in_review": _("under review"),
    "changes_requested": _("changes requested"),
    "published": _("published"),
    "rejected": _("rejected"),
    "merged": _("merged"),
}


def submission_state(idea):
    """Where a scout's idea stands, with a note: the editor's comment when changes were requested,
    or the idea it was merged into when an editor marked it a duplicate."""
    merge = active_merge_of(idea)
    if merge is not None:
        return "merged", merge.canonical
    if idea.live:
        return "published", ""
    state = idea.current_workflow_state
    if state is None:
        last = idea.workflow_states.order_by("-created_at").first()
        if last and last.status == WorkflowState.STATUS_CANCELLED:
            return "rejected", ""
        return "draft", ""
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "changes_requested", (state.current_task_state.comment if state.current_task_state else "")
    return "in_review", ""


def known_tag_names():
    return list(Tag.objects.order_by("name").values_list("name", flat=True)[:500])
