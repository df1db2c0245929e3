from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

from .models import Profile


class ProfileForm(forms.ModelForm):
    """Name and municipality; the municipality decides whose adoptions someone may register."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    class Meta:
        model = Profile
        fields = ["municipality"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.active()
        self.fields["first_name"].initial = self.instance.user.first_name
        self.fields["last_name"].initial = self.instance.user.last_name
        self.order_fields(["first_name", "last_name", "municipality"])

    def save(self, commit=True):
        user: User = self.instance.user
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        return super().save(commit)
