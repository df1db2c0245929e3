from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdoptionsConfig(AppConfig):
    """The adoption ledger: which municipality wants, pilots, uses or stopped using an idea."""

    name = "adoptions"
    verbose_name = _("Adoptions")

    def ready(self):
        from . import signals

        signals.connect()
