"""Human labels for facet values (codes and slugs in the index, names on the page)."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from fieldlabs.models import FieldlabStatus
from ideas.models import CommonGroundLayer, IdeaStatus
from municipalities.models import Municipality
from themes.models import Theme

FACET_TITLES = {
    "type": _("Type"),
    "municipality": _("Municipality"),
    "province": _("Province"),
    "theme": _("Theme"),
    "status": _("Status"),
    "tag": _("Tag"),
    "layer": _("Common Ground layer"),
}
TYPE_LABELS = {"idea": _("Idea"), "fieldlab": _("Fieldlab")}


def choice_labels(*choices):
    """Our status and layer labels are lowercase, for use inside sentences; as a facet value they
    start with a capital. Names (municipalities, themes, tags) are shown as they are written."""
    return {value: capfirst(label) for choice in choices for value, label in choice.choices}


def facet_labels(facets):
    """For each facet, a mapping of the values present to their labels (one query per lookup table)."""
    values = {facet: [f.value for f in counts] for facet, counts in facets.items()}
    labels = {
        "type": TYPE_LABELS,
        "status": choice_labels(IdeaStatus, FieldlabStatus),
        "layer": choice_labels(CommonGroundLayer),
        "province": {v: v for v in values.get("province", [])},
    }
    if values.get("municipality"):
        labels["municipality"] = dict(
            Municipality.objects.filter(code__in=values["municipality"]).values_list("code", "name")
        )
    if values.get("theme"):
        labels["theme"] = dict(Theme.objects.filter(slug__in=values["theme"]).values_list("slug", "name"))
    if values.get("tag"):
        labels["tag"] = dict(Tag.objects.filter(slug__in=values["tag"]).values_list("slug", "name"))
    return labels
