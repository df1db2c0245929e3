from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .invitations import InvitationForm, invite
from .models import membership_of, profile_of
from .permissions import can, require


@login_required
def profile(request):
    """`/profiel/`: name, roles, and the municipality membership of the person logged in (its status
    shown; choosing a municipality only asks for it)."""
    form = ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        requested = "municipality" in form.changed_data and form.cleaned_data["municipality"] is not None
        form.save()
        messages.success(request, _("Your profile has been saved."))
        if requested:
            messages.info(request, _("Your request has been sent to the editors; you will see here when it is confirmed."))
        return redirect("profile")
    context = {
        "form": form, "profile": profile_of(request.user), "membership": membership_of(request.user),
        "may_invite": can(request.user, "invite_person"),
    }
    return render(request, "accounts/profile.html", context, status=400 if form.errors else 200)


@login_required
def invite_person(request):
    """`/uitnodigen/`: editors create an account and the person sets a password from the e-mail."""
    require(request.user, "invite_person")
    form = InvitationForm(request.POST or None, invited_by=request.user)
    if request.method == "POST" and form.is_valid():
        user = invite(form, request.user)
        messages.success(request, _("%(email)s has been invited; they will receive an e-mail to set a password.") % {"email": user.email})
        return redirect("invite_person")
    return render(request, "accounts/invite.html", {"form": form}, status=400 if form.errors else 200)
