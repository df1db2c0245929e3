from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import can, require
from core.markdown import render_markdown

from .models import IdeaPage
from .submission import (
    SUBMISSION_STATES,
    IdeaSubmissionForm,
    carry_unsaved_attachment,
    initial_for,
    known_tag_names,
    pending_documents,
    save_submission,
    saved_attachments,
    submission_state,
    submit_for_review,
)


@login_required
def submit_idea(request, idea_id=None):
    """`/idee-aandragen/`: write an idea, preview it, keep it as a draft or submit it for review."""
    idea = get_object_or_404(IdeaPage, pk=idea_id) if idea_id else None
    if idea is None:
        require(request.user, "submit_idea")
    else:
        require(request.user, "edit_submission", idea)

    form = IdeaSubmissionForm(request.POST or None, request.FILES or None, initial=initial_for(request.user, idea))
    action = request.POST.get("action", "")
    remove_ids = request.POST.getlist("remove_attachment")
    pending = [d for d in pending_documents(request.POST, request.user) if str(d.pk) not in remove_ids]
    preview = ""
    if request.method == "POST":
        if action != "preview" and form.is_valid():
            with transaction.atomic():
                saved = save_submission(form, request.user, idea, pending=pending, remove_ids=remove_ids)
                if action == "submit":
                    submit_for_review(saved, request.user)
            if action == "submit":
                messages.success(request, _("Thank you! Your idea has been submitted; the editors will review it."))
            else:
                messages.success(request, _("Your draft has been saved."))
            return redirect("my_ideas")
        if action == "preview":
            preview = render_markdown(request.POST.get("body", ""))
        carried = carry_unsaved_attachment(form, request.user)
        if carried is not None:
            pending.append(carried)
    status = 400 if request.method == "POST" and form.errors and action != "preview" else 200
    context = {
        "form": form, "idea": idea, "preview": preview, "known_tags": known_tag_names(),
        "saved_attachments": saved_attachments(idea), "pending_attachments": pending, "removed_ids": remove_ids,
    }
    return render(request, "ideas/submit_idea.html", context, status=status)


@login_required
def my_ideas(request):
    """`/mijn-ideeen/`: the ideas this person logged, with where each one stands."""
    ideas = IdeaPage.objects.filter(owner=request.user).order_by("-latest_revision_created_at", "-pk")
    rows = []
    for idea in ideas:
        state, note = submission_state(idea)
        rows.append({
            "idea": idea, "state": state, "state_label": SUBMISSION_STATES[state], "note": note,
            "editable": state != "merged" and can(request.user, "edit_submission", idea),
        })
    return render(request, "ideas/my_ideas.html", {"rows": rows})
