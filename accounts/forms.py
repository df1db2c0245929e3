from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

from .membership import request_membership
from .models import MembershipStatus, membership_of


class ProfileForm(forms.Form):
    """Name, and the municipality this person asks to be a member of. Asking grants nothing:
    an editor confirms it (or the e-mail domain rule does, for a verified address)."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality you work for"), queryset=Municipality.objects.active(), required=False,
        help_text=_(
            "Choosing a municipality asks an editor to confirm that you work there. Once confirmed, you can "
            "register its adoptions. Choosing another municipality asks again."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        membership = membership_of(user)
        initial = {
            "first_name": user.first_name, "last_name": user.last_name,
            # After a refusal or revocation the field starts empty, so choosing the municipality asks again.
            "municipality": membership.municipality_id if membership is not None and membership.status in (
                MembershipStatus.INVITED, MembershipStatus.REQUESTED, MembershipStatus.CONFIRMED,
            ) else None,
        }
        super().__init__(*args, initial=initial, **kwargs)

    def save(self):
        with transaction.atomic():
            self.user.first_name = self.cleaned_data["first_name"]
            self.user.last_name = self.cleaned_data["last_name"]
            self.user.save(update_fields=["first_name", "last_name"])
            if "municipality" in self.changed_data:
                request_membership(self.user, self.cleaned_data["municipality"])
        return self.user
