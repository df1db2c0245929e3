from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "folder-open-inverse"
    menu_label = _("Themes")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None


class TagViewSet(SnippetViewSet):
    """Free tags shared by ideas and fieldlabs, so editors can merge spelling variants."""

    model = Tag
    icon = "tag"
    menu_label = _("Tags")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None


register_snippet(ThemeViewSet)
register_snippet(TagViewSet)
