from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    """Editors extend the synonym list without a deploy; the database engine uses new groups at once."""

    model = SynonymGroup
    icon = "search"
    menu_label = _("Synonyms")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["terms", "updated_at"]
    search_fields = ["terms"]
    search_backend_name = None


register_snippet(SynonymGroupViewSet)
