from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    """Comments on ideas and fieldlabs, their moderation, and following a page by e-mail."""

    name = "discussion"
    verbose_name = _("Discussion")

    def ready(self):
        from . import signals

        signals.connect()
