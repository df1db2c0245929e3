"""Posting, editing, deleting and moderating comments; following a page and unsubscribing.

Every action is decided by `accounts.permissions.require`; a refusal is the one 403 page, which
says why and keeps any text that was typed.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.log_actions import log
from wagtail.models import Page

from accounts.permissions import require
from fieldlabs.models import FieldlabSessionPage
from ideas.models import IdeaPage

from .forms import CommentForm, CommentTextForm, HideCommentForm
from .models import Comment, Follow
from .notifications import announce_comment, follow_id_from_token

DISCUSSION_ANCHOR = "discussie"


def check_view_restrictions(request, page):
    """A page the visitor may not see (private, or behind a password) does not exist for them."""
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404


def discussable_page(request, page_id):
    """The idea or fieldlab page with this id, live or not; `can` decides whether it takes comments."""
    page = get_object_or_404(Page.objects.type(IdeaPage, FieldlabSessionPage), pk=page_id).specific
    check_view_restrictions(request, page)
    return page


def comment_or_404(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=comment_id)
    check_view_restrictions(request, comment.page)
    return comment


def back_to(page):
    """Where the 403 page links back to: the page's discussion."""
    return {"back_url": f"{page.url}#{DISCUSSION_ANCHOR}", "back_title": page.title} if page is not None and page.url else {}


def page_with_form(request, page, form, status, headers=None):
    """The page again, with the comment form showing its errors and the text that was typed."""
    context = page.get_context(request)
    context["discussion_form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status, headers=headers)


def seconds_until_allowed(user):
    """0 when `user` may post now; otherwise how long until the oldest comment in the window ages out."""
    limit, window = settings.COMMENT_RATE_LIMIT
    since = timezone.now() - timedelta(seconds=window)
    recent = list(
        Comment.objects.posted_by_since(user, since).order_by("-created_at").values_list("created_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return 0
    return max(1, math.ceil((recent[-1] - since).total_seconds()))


@login_required
@require_POST
def post_comment(request, page_id):
    """Post a comment or a reply; invalid or too many comments show the page again with the text kept."""
    page = discussable_page(request, page_id)
    require(request.user, "comment", page, kept_text=request.POST.get("body", ""), **back_to(page))
    form = CommentForm(request.POST, page=page)
    if not form.is_valid():
        return page_with_form(request, page, form, status=400)
    with transaction.atomic():
        # Lock the author's row so that parallel posts are counted one after the other.
        get_user_model().objects.select_for_update().get(pk=request.user.pk)
        wait = seconds_until_allowed(request.user)
        if not wait:
            comment = Comment.objects.create(
                page=page, author=request.user, parent=form.cleaned_data["parent"], body=form.cleaned_data["body"]
            )
            comment.page = page
            announce_comment(comment)
    if wait:
        limit, window = settings.COMMENT_RATE_LIMIT
        form.add_error("body", _(
            "You can post at most %(limit)d comments per %(window)d seconds. Wait %(wait)d seconds and post again; "
            "your text is kept below."
        ) % {"limit": limit, "window": window, "wait": wait})
        return page_with_form(request, page, form, status=429, headers={"Retry-After": str(wait)})
    messages.success(request, _("Your comment was posted."))
    return redirect(comment.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request, comment_id):
    comment = comment_or_404(request, comment_id)
    require(request.user, "edit_comment", comment, kept_text=request.POST.get("body", ""), **back_to(comment.page))
    form = CommentTextForm(request.POST if request.method == "POST" else None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        comment.body = form.cleaned_data["body"]
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        messages.success(request, _("Your comment was saved."))
        return redirect(comment.get_absolute_url())
    status = 400 if form.is_bound else 200
    return render(request, "discussion/edit_comment.html", {"form": form, "comment": comment}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete_comment(request, comment_id):
    """GET asks for confirmation; POST empties the text and leaves a marker in the thread."""
    comment = comment_or_404(request, comment_id)
    require(request.user, "delete_comment", comment, **back_to(comment.page))
    if request.method == "POST":
        comment.body = ""
        comment.is_deleted = True
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["body", "is_deleted", "deleted_at"])
        messages.success(request, _("Your comment was deleted."))
        return redirect(comment.get_absolute_url())
    return render(request, "discussion/delete_comment.html", {"comment": comment})


def save_moderation(comment, action, user, reason):
    """Save a comment's hidden state and write the act to its page's audit log, together."""
    with transaction.atomic():
        comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
        log(instance=comment.page.specific, action=action, user=user, data={
            "comment_id": comment.pk, "author_id": comment.author_id, "reason": reason,
        })


@login_required
@require_http_methods(["GET", "POST"])
def hide_comment(request, comment_id):
    """Editors hide a comment with a reason shown in its place; the act is written to the page's audit log."""
    comment = comment_or_404(request, comment_id)
    require(request.user, "hide_comment", comment, **back_to(comment.page))
    form = HideCommentForm(request.POST if request.method == "POST" else None, initial={"reason": comment.hidden_reason})
    if request.method == "POST" and form.is_valid():
        comment.is_hidden = True
        comment.hidden_reason = form.cleaned_data["reason"]
        comment.hidden_by = request.user
        comment.hidden_at = timezone.now()
        save_moderation(comment, "veldwerk.comment_hidden", request.user, comment.hidden_reason)
        messages.success(request, _("The comment is hidden."))
        return redirect(comment.get_absolute_url())
    status = 400 if form.is_bound else 200
    return render(request, "discussion/hide_comment.html", {"form": form, "comment": comment}, status=status)


@login_required
@require_POST
def unhide_comment(request, comment_id):
    comment = comment_or_404(request, comment_id)
    require(request.user, "hide_comment", comment, **back_to(comment.page))
    if comment.is_hidden:
        reason = comment.hidden_reason
        comment.is_hidden = False
        comment.hidden_reason = ""
        comment.hidden_by = None
        comment.hidden_at = None
        save_moderation(comment, "veldwerk.comment_unhidden", request.user, reason)
        messages.success(request, _("The comment is visible again."))
    return redirect(comment.get_absolute_url())


@login_required
@require_POST
def follow_page(request, page_id):
    """Follow a page to get an e-mail for each new comment; allowed wherever the user may comment."""
    page = discussable_page(request, page_id)
    require(request.user, "comment", page, **back_to(page))
    Follow.objects.get_or_create(user=request.user, page=page)
    messages.success(request, _("You follow this page: you get an e-mail for each new comment."))
    return redirect(f"{page.url}#{DISCUSSION_ANCHOR}")


@login_required
@require_POST
def unfollow_page(request, page_id):
    """Stop following a page; this only removes the user's own follow."""
    page = discussable_page(request, page_id)
    Follow.objects.filter(user=request.user, page=page).delete()
    messages.success(request, _("You no longer follow this page."))
    return redirect(f"{page.url}#{DISCUSSION_ANCHOR}")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link in every follower e-mail: GET asks, POST ends the follow. No login needed: the signed
    token is the proof, which is also why no CSRF token is asked (mail clients POST here for
    RFC 8058 one-click unsubscribe)."""
    try:
        follow_id = follow_id_from_token(token)
    except signing.BadSignature:
        return render(request, "discussion/unsubscribe.html", {"invalid": True}, status=400)
    follow = Follow.objects.select_related("page").filter(pk=follow_id).first()
    done = False
    if request.method == "POST" and follow is not None:
        follow.delete()
        done = True
    return render(request, "discussion/unsubscribe.html", {"follow": follow, "done": done})
