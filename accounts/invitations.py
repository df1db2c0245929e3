"""Editors invite people: the account is created without a password and a set-password link is e-mailed
by a background job after the commit (retried when the mail server fails).

The invited municipality is confirmed when the person sets their password from that link (it proves the
address; see accounts.views.PasswordResetConfirmView)."""

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils import translation
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tasks import enqueue_job_after_commit
from municipalities.models import Municipality

from .membership import invite_membership
from .models import profile_of
from .roles import ALL_ROLES
from .throttling import invitation_refusal


class InvitationForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=[(role, role) for role in ALL_ROLES])
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Municipality"), queryset=Municipality.objects.active(), required=False, to_field_name="code",
    )

    def __init__(self, *args, invited_by=None, **kwargs):
        self.invited_by = invited_by
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.invited_by is not None and not self.errors:
            refusal = invitation_refusal(self.invited_by)
            if refusal:
                raise forms.ValidationError(refusal.message, code="throttled")
        return cleaned

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(_("Someone with this e-mail address already has an account."))
        return email


def invite(form, invited_by):
    """Create the account from a valid InvitationForm, atomically, and e-mail the set-password link
    in a background job after the commit: a mail server failure never undoes the account or shows
    an error; the job is retried later (core.tasks)."""
    data = form.cleaned_data
    with transaction.atomic():
        user = User.objects.create_user(
            username=data["email"], email=data["email"], first_name=data["first_name"], last_name=data["last_name"],
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=data["role"]))
        profile_of(user)
        if data["municipality"] is not None:
            invite_membership(user, data["municipality"], invited_by)
        enqueue_job_after_commit(send_invitation, user.pk, getattr(invited_by, "pk", None))
    return user


def send_invitation(user_id, invited_by_id=None):
    """Job: e-mail the invitation with a fresh set-password link, in the site's language.

    The link's token is made here, so it is never stored with the job; nothing is sent when the
    person already set a password or the account was closed in the meantime.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password() or not user.email:
        return
    invited_by = User.objects.filter(pk=invited_by_id).first() if invited_by_id is not None else None
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)},
    )
    with translation.override(settings.LANGUAGE_CODE):
        message = render_to_string("accounts/invitation_email.txt", {"user": user, "link": link, "invited_by": invited_by})
        subject = _("You are invited to Veldwerk")
    send_mail(subject, message, None, [user.email])
