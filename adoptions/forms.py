from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import confirmed_municipality
from accounts.permissions import can
from municipalities.models import Municipality

from .models import AdoptionStatus


class AdoptionForm(forms.Form):
    """A municipality's relation to an idea. Editors choose any municipality; confirmed members register
    their own."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.active(), to_field_name="code"
    )
    status = forms.ChoiceField(label=_("Status"), choices=AdoptionStatus.choices)
    # A text field in the Dutch day-month-year order rather than a native date picker, whose
    # calendar button in Chromium takes the focus without showing it.
    since = forms.DateField(
        label=_("Since"), required=False, help_text=_("Day-month-year, e.g. 1-3-2026."),
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"inputmode": "numeric", "size": 10}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    contact = forms.CharField(
        label=_("Contact"), required=False, max_length=200,
        help_text=_("Who in your municipality can tell more; shown to logged-in users."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not can(user, "register_adoption_for_any_municipality"):
            own = confirmed_municipality(user)
            self.fields["municipality"].queryset = Municipality.objects.filter(pk=own.pk) if own else Municipality.objects.none()
            self.fields["municipality"].initial = own.code if own else None
            self.fields["municipality"].widget = forms.HiddenInput()


def adoption_form_for(user, idea, data=None):
    """The form for registering on an idea page, pre-filled with the user's municipality's current entry;
    None when the user may not register for any municipality (not logged in, or not a confirmed member)."""
    if not user.is_authenticated:
        return None
    own = confirmed_municipality(user)
    if own is None and not can(user, "register_adoption_for_any_municipality"):
        return None
    initial = {}
    if own is not None:
        current = idea.adoptions.filter(municipality=own).first()
        if current:
            initial = {"status": current.status, "since": current.since, "note": current.note, "contact": current.contact}
    return AdoptionForm(data, user=user, initial=initial)
