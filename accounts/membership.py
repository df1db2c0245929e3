"""Granting, refusing and revoking municipality memberships: the one way they change.

Each change is saved together with its entry in Wagtail's audit log
(https://docs.wagtail.org/en/stable/extending/audit_log.html), so the membership's history in the
admin shows who granted or revoked what, when and how.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .models import (
    GrantedThrough,
    Membership,
    MembershipStatus,
    MunicipalityEmailDomain,
    membership_of,
    profile_of,
)

LOG_ACTIONS = {
    MembershipStatus.INVITED: "veldwerk.membership_invited",
    MembershipStatus.REQUESTED: "veldwerk.membership_requested",
    MembershipStatus.CONFIRMED: "veldwerk.membership_confirmed",
    MembershipStatus.REFUSED: "veldwerk.membership_refused",
    MembershipStatus.REVOKED: "veldwerk.membership_revoked",
}
WITHDRAWN = "veldwerk.membership_withdrawn"


def _log(membership, action, by, **extra):
    log(instance=membership, action=action, user=by, data={
        "person": membership.user.get_username(), "person_id": membership.user_id,
        "municipality": membership.municipality.code, "municipality_name": membership.municipality.name,
        "granted_through": membership.granted_through, **extra,
    })


def _set(user, municipality, status, by=None, through=""):
    """Create or overwrite `user`'s one membership and log the change."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(user=user).first() or Membership(user=user)
        membership.municipality = municipality
        membership.status = status
        membership.granted_through = through
        membership.decided_by = by
        membership.decided_at = timezone.now() if status != MembershipStatus.REQUESTED else None
        if status == MembershipStatus.REQUESTED:
            membership.requested_at = timezone.now()
        membership.save()
        _log(membership, LOG_ACTIONS[status], by)
    user.membership = membership
    return membership


def request_membership(user, municipality):
    """The person asks to be a member of `municipality` (None withdraws). Grants nothing: an editor
    decides. Asking for the municipality one already belongs to, or has asked for, changes nothing."""
    current = membership_of(user)
    if municipality is None:
        if current is not None:
            with transaction.atomic():
                _log(current, WITHDRAWN, user, status=current.status)
                current.delete()
            user._state.fields_cache.pop("membership", None)
        return None
    if current is not None and current.municipality_id == municipality.pk and current.status in (
        MembershipStatus.REQUESTED, MembershipStatus.CONFIRMED, MembershipStatus.INVITED,
    ):
        return current
    return _set(user, municipality, MembershipStatus.REQUESTED, by=user)


def invite_membership(user, municipality, invited_by):
    """An editor's invitation: confirmed once the person accepts it (see `email_verified`)."""
    return _set(user, municipality, MembershipStatus.INVITED, by=invited_by, through=GrantedThrough.INVITATION)


def grant_membership(user, municipality, by, through=GrantedThrough.EDITOR):
    """Make `user` a confirmed member of `municipality` (replacing any other membership)."""
    return _set(user, municipality, MembershipStatus.CONFIRMED, by=by, through=through)


def confirm_membership(membership, by):
    """An editor approves a request."""
    return _set(membership.user, membership.municipality, MembershipStatus.CONFIRMED, by=by, through=GrantedThrough.EDITOR)


def refuse_membership(membership, by):
    """An editor refuses a request; the person may ask again."""
    return _set(membership.user, membership.municipality, MembershipStatus.REFUSED, by=by)


def revoke_membership(membership, by):
    """An editor takes a confirmed (or invited) membership back."""
    return _set(membership.user, membership.municipality, MembershipStatus.REVOKED, by=by)


def domain_municipality(email):
    """The municipality whose listed e-mail domain `email` is at, or None."""
    local, at, domain = (email or "").rpartition("@")
    domain = domain.strip().lower()
    if not (local and at and domain):
        return None
    entry = MunicipalityEmailDomain.objects.select_related("municipality").filter(domain=domain).first()
    return entry.municipality if entry is not None and entry.municipality.active else None


def email_verified(user):
    """`user` just proved their address (accepted an invitation or completed a password reset):
    record it, confirm a pending invitation, then apply the e-mail domain rule."""
    with transaction.atomic():
        profile = profile_of(user)
        profile.verified_email = user.email
        profile.email_verified_at = timezone.now()
        profile.save(update_fields=["verified_email", "email_verified_at"])
        membership = membership_of(user)
        if membership is not None and membership.status == MembershipStatus.INVITED:
            _set(
                user, membership.municipality, MembershipStatus.CONFIRMED, by=membership.decided_by,
                through=GrantedThrough.INVITATION,
            )
        apply_email_domain_rule(user)


def apply_email_domain_rule(user):
    """Confirm the membership of the municipality whose e-mail domain the user's *verified* address is
    at, unless they already are a confirmed member or an editor refused or revoked that membership."""
    profile = profile_of(user)
    if not profile.email_is_verified:
        return None
    municipality = domain_municipality(profile.verified_email)
    if municipality is None:
        return None
    membership = membership_of(user)
    if membership is not None and (
        membership.is_confirmed
        or (membership.municipality_id == municipality.pk
            and membership.status in (MembershipStatus.REFUSED, MembershipStatus.REVOKED))
    ):
        return membership
    return grant_membership(user, municipality, by=None, through=GrantedThrough.EMAIL_DOMAIN)
