from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    """The idea lifecycle: ideas logged by talent scouts, their status and adoptions."""

    name = "ideas"
    verbose_name = _("Ideas")
