from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Municipality


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    menu_label = _("Municipalities")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "code", "province", "active"]
    list_filter = ["province", "active"]
    search_fields = ["name", "code"]
    search_backend_name = None
    ordering = ["name"]


register_snippet(MunicipalityViewSet)
