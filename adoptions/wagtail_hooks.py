from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.components import Component

from accounts.permissions import can, refuse_in_admin
from ideas.models import IdeaPage

from .candidates import fieldlab_candidates, start_fieldlab_draft


class FieldlabCandidatesPanel(Component):
    """Dashboard panel for editors: ideas several municipalities want and no fieldlab covers yet."""

    name = "fieldlab_candidates"
    template_name = "adoptions/fieldlab_candidates_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        return {"candidates": list(fieldlab_candidates()[:10]), "csrf_token": parent_context.get("csrf_token")}


@hooks.register("construct_homepage_panels")
def add_fieldlab_candidates_panel(request, panels):
    if can(request.user, "start_fieldlab"):
        panels.append(FieldlabCandidatesPanel())


@require_POST
def start_fieldlab(request, idea_id):
    idea = get_object_or_404(IdeaPage.objects.live(), pk=idea_id)
    if (refusal := refuse_in_admin(request, "start_fieldlab", idea)) is not None:
        return refusal
    fieldlab, created = start_fieldlab_draft(idea, request.user)
    if created:
        messages.success(request, _("A draft fieldlab was started for “%(idea)s”.") % {"idea": idea.title})
    else:
        messages.info(request, _("A fieldlab for “%(idea)s” already exists; here it is.") % {"idea": idea.title})
    return redirect(reverse("wagtailadmin_pages:edit", args=(fieldlab.pk,)))


@hooks.register("register_admin_urls")
def register_fieldlab_candidate_urls():
    return [path("fieldlab-kandidaten/<int:idea_id>/starten/", start_fieldlab, name="start_fieldlab_from_idea")]
