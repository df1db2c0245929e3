"""Demo accounts, one per role and an administrator, for trying Veldwerk locally."""

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import Group, User

from accounts.membership import grant_membership
from accounts.models import confirmed_municipality, profile_of
from accounts.roles import EDITORS, SCOUTS, SPECIALISTS
from municipalities.models import Municipality


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str | None
    municipality: str = ""
    is_superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("scout", "Sanne", "Talentscout", SCOUTS, municipality="GM0193"),
    DemoAccount("specialist", "Mehmet", "Specialist", SPECIALISTS, municipality="GM0014"),
    DemoAccount("redacteur", "Ilse", "Redacteur", EDITORS),
    DemoAccount("admin", "Ada", "Beheerder", None, is_superuser=True),
)


def generate_password():
    return secrets.token_urlsafe(12)


def ensure_demo_accounts(password):
    """Create the demo accounts that do not exist yet with `password`; return the names created."""
    created = []
    for account in DEMO_ACCOUNTS:
        user, is_new = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "email": f"{account.username}@veldwerk.example",
                "is_staff": account.is_superuser,
                "is_superuser": account.is_superuser,
            },
        )
        if is_new:
            user.set_password(password)
            user.save()
            created.append(account.username)
        if account.role:
            user.groups.add(Group.objects.get(name=account.role))
        profile_of(user)
        # Confirmed, so that the specialist and the scout can register their municipality's adoptions.
        if account.municipality and confirmed_municipality(user) is None:
            grant_membership(user, Municipality.objects.get(code=account.municipality), by=None)
    return created
