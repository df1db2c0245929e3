from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from accounts.permissions import can, refuse_in_admin

from .merging import MergeRefused, merge_ideas, undo_merge
from .models import IdeaMerge, IdeaPage
from .uploads import is_public, may_download


class MarkDuplicateButton(PageMenuItem):
    label = gettext_lazy("Mark as duplicate")
    icon_name = "duplicate"
    priority = 80

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, IdeaPage) and can(user, "merge_ideas", self.page)

    @property
    def url(self):
        return reverse("idea_duplicates", args=(self.page.pk,))


@hooks.register("register_page_header_buttons")
def duplicate_button(page, user, view_name, next_url=None):
    yield MarkDuplicateButton(page=page)


class MergeForm(forms.Form):
    canonical = forms.ModelChoiceField(label=gettext_lazy("This idea is a duplicate of"), queryset=IdeaPage.objects.none())

    def __init__(self, *args, duplicate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canonical"].queryset = IdeaPage.objects.live().exclude(pk=duplicate.pk).order_by("title")


def parse_id(value):
    """A posted id as a number, or None (which finds nothing) when it is not one."""
    return int(value) if value.isdigit() else None


def idea_duplicates(request, idea_id):
    """Mark an idea as a duplicate of another, or undo an earlier merge."""
    idea = get_object_or_404(IdeaPage, pk=idea_id)
    if (refusal := refuse_in_admin(request, "merge_ideas", idea)) is not None:
        return refusal
    form = MergeForm(request.POST or None, duplicate=idea)
    if request.method == "POST":
        try:
            if "undo" in request.POST:
                merge = get_object_or_404(IdeaMerge, pk=parse_id(request.POST["undo"]), duplicate=idea)
                undo_merge(merge, request.user)
                messages.success(request, _("The merge was undone; “%(title)s” is back.") % {"title": idea.title})
                return redirect("idea_duplicates", idea.pk)
            if form.is_valid():
                canonical = form.cleaned_data["canonical"]
                merge_ideas(idea, canonical, request.user)
                messages.success(request, _("“%(duplicate)s” now redirects to “%(canonical)s”.") % {
                    "duplicate": idea.title, "canonical": canonical.title,
                })
                return redirect("idea_duplicates", idea.pk)
        except MergeRefused as refusal:
            messages.error(request, str(refusal))
    context = {
        "idea": idea,
        "form": form,
        "merges": IdeaMerge.objects.filter(duplicate=idea).select_related("canonical"),
        "merged_here": IdeaMerge.objects.filter(canonical=idea, undone_at__isnull=True).select_related("duplicate"),
    }
    return TemplateResponse(request, "ideas/admin/duplicates.html", context)


@hooks.register("register_admin_urls")
def register_duplicate_urls():
    return [path("ideeen/<int:idea_id>/duplicaat/", idea_duplicates, name="idea_duplicates")]


@hooks.register("register_log_actions")
def register_merge_log_actions(actions):
    actions.register_action(
        "veldwerk.idea_merged", gettext_lazy("Marked as duplicate"), gettext_lazy("Marked as a duplicate of another idea")
    )
    actions.register_action(
        "veldwerk.idea_merge_undone", gettext_lazy("Duplicate merge undone"), gettext_lazy("The duplicate merge was undone")
    )


@hooks.register("before_serve_document")
def keep_unpublished_attachments_private(document, request):
    """Wagtail's document view asks this before serving: a scout's attachment is served to
    others only once an idea carrying it is published (see ideas/uploads.py). Anyone else gets
    the 404 page, as if the file did not exist."""
    if is_public(document):
        return None
    request.serves_private_document = True  # the response must not be cached by shared caches
    if not may_download(request.user, document):
        raise Http404("No document here.")
    return None


@hooks.register("construct_document_chooser_queryset")
def scouts_choose_only_their_own_documents(documents, request):
    """Scouts may choose documents in the admin (to attach them to their ideas), but see only
    what they uploaded themselves; editors see every document."""
    if can(request.user, "manage_documents"):
        return documents
    return documents.filter(uploaded_by_user=request.user)
