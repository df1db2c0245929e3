from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People and their roles: talent scouts, municipal specialists, editors."""

    name = "accounts"
    verbose_name = _("Accounts and roles")
