from django import template

from accounts.models import confirmed_municipality
from accounts.permissions import can

from ..forms import CommentForm
from ..models import Comment, Follow
from ..rendering import render_comment

register = template.Library()


def author_details(author):
    """The name and municipality shown with a comment, read from the membership loaded with the comment.
    Only a confirmed membership is shown: a request does not let anyone speak for a municipality."""
    if author is None:
        return "", ""
    name = author.get_full_name() or author.get_username()
    municipality = confirmed_municipality(author)
    return name, municipality.name if municipality else ""


def prepare(comment, user):
    """Attach what the template shows: rendered text, author details and the user's possible actions."""
    comment.html = render_comment(comment.body) if not comment.is_deleted else ""
    comment.author_name, comment.author_municipality = author_details(comment.author)
    comment.may_edit = can(user, "edit_comment", comment)
    comment.may_delete = can(user, "delete_comment", comment)
    comment.may_hide = can(user, "hide_comment", comment)
    return comment


def threads_of(page, user):
    """Top-level comments, oldest first, each with its replies in `thread_replies`; one query."""
    threads, by_id = [], {}
    for comment in Comment.objects.filter(page_id=page.pk).for_display():
        prepare(comment, user)
        comment.thread_replies = []
        if comment.parent_id is None:
            threads.append(comment)
            by_id[comment.pk] = comment
        elif comment.parent_id in by_id:
            by_id[comment.parent_id].thread_replies.append(comment)
    return threads


@register.inclusion_tag("discussion/section.html", takes_context=True)
def discussion_section(context, page):
    """`{% discussion_section page %}`: the comments on an idea or fieldlab, the forms to join in and
    the follow button. After a refused post the view puts the form with its errors in the context
    as `discussion_form`; it is shown where it was typed."""
    request = context["request"]
    user = request.user
    if page.pk is None:  # a preview of a page that was never saved
        return {"page": page, "enabled": False}
    threads = threads_of(page, user)
    may_comment = can(user, "comment", page)
    bound = context.get("discussion_form")
    reply_to = bound.thread_id if bound is not None else None
    if reply_to not in {thread.pk for thread in threads}:
        reply_to = None
    for thread in threads:
        auto_id = f"id_reply_{thread.pk}_%s"
        thread.reply_open = bound is not None and reply_to == thread.pk
        if thread.reply_open:
            bound.auto_id = auto_id
            thread.reply_form = bound
        else:
            thread.reply_form = CommentForm(page=page, auto_id=auto_id)
    new_form = bound if bound is not None and reply_to is None else CommentForm(page=page)
    return {
        "page": page,
        "enabled": True,
        "request": request,
        "user": user,
        "threads": threads,
        "comment_count": sum(1 + len(thread.thread_replies) for thread in threads),
        "may_comment": may_comment,
        "new_form": new_form,
        "following": user.is_authenticated and Follow.objects.filter(user=user, page_id=page.pk).exists(),
    }
