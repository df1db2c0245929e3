from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .invitations import InvitationForm, invite
from .models import profile_of
from .permissions import is_editor


@login_required
def profile(request):
    """`/profiel/`: name, municipality and roles of the person logged in."""
    profile = profile_of(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form, "profile": profile}, status=400 if form.errors else 200)


@login_required
def invite_person(request):
    """`/uitnodigen/`: editors create an account and the person sets a password from the e-mail."""
    if not is_editor(request.user):
        return render(request, "ideas/submission_refused.html", {"reason": _("Only editors invite people.")}, status=403)
    form = InvitationForm(request.POST or None, invited_by=request.user)
    if request.method == "POST" and form.is_valid():
        user = invite(form, request.user)
        messages.success(request, _("%(email)s has been invited; they will receive an e-mail to set a password.") % {"email": user.email})
        return redirect("invite_person")
    return render(request, "accounts/invite.html", {"form": form}, status=400 if form.errors else 200)
