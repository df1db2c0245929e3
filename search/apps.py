from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Finding ideas and fieldlabs across all municipalities: the search contract, its engines,
    indexing after commit, the search page and the JSON API."""

    name = "search"
    label = "veldwerk_search"
    verbose_name = _("Search")

    def ready(self):
        from . import signals

        signals.connect()
