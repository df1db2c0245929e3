from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import membership_of
from accounts.permissions import require
from ideas.models import IdeaPage

from .forms import adoption_form_for
from .ledger import register_adoption
from .models import AdoptionStatus


@login_required
@require_POST
def register(request, idea_id):
    """Register or confirm a municipality's status for an idea (POST from the idea page)."""
    idea = get_object_or_404(IdeaPage.objects.live().public(), pk=idea_id)
    form = adoption_form_for(request.user, idea, request.POST)
    if form is None:
        membership = membership_of(request.user)
        require(request.user, "register_adoption", membership.municipality if membership is not None else None)
    if not form.is_valid():
        context = idea.get_context(request)
        context["adoption_form"] = form
        return TemplateResponse(request, idea.get_template(request), context, status=400)
    municipality = form.cleaned_data["municipality"]
    require(request.user, "register_adoption", municipality)
    register_adoption(
        idea, municipality, form.cleaned_data["status"], since=form.cleaned_data["since"],
        note=form.cleaned_data["note"], contact=form.cleaned_data["contact"], user=request.user,
    )
    messages.success(request, _("Registered: %(municipality)s – %(status)s.") % {
        "municipality": municipality.name, "status": AdoptionStatus(form.cleaned_data["status"]).label,
    })
    return redirect(idea.url + "#gebruik")
