"""Helpers for creating pages in code (importer, fieldlab drafts)."""

from django.utils.text import slugify


def free_slug(parent, title, fallback="pagina"):
    """A slug from `title` that no child of `parent` uses yet ("titel", "titel-2", …)."""
    base = slugify(title)[:200] or fallback
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
