"""Replace Wagtail's welcome page with the Veldwerk home page and its two index pages.

Uses historical models, like Wagtail's own initial-data migration, so it keeps
working when the models change later.
"""

from django.db import migrations
from django.utils import timezone

INDEX_PAGES = [
    ("ideas", "IdeaIndexPage", "Ideeën", "ideeen", "0001"),
    ("fieldlabs", "FieldlabIndexPage", "Fieldlabs", "fieldlabs", "0002"),
]


def create_page_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("veldwerk", "HomePage")

    if HomePage.objects.exists():
        return
    root = Page.objects.get(depth=1)
    locale = Locale.objects.first() or Locale.objects.create(language_code="nl")
    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()
    if Page.objects.filter(depth=2).exists():
        raise RuntimeError("The page tree already has a site root; create the Veldwerk pages by hand.")

    now = timezone.now()

    def page_fields(title, slug, path, depth, numchild, url_path):
        return dict(
            title=title, draft_title=title, slug=slug, path=path, depth=depth, numchild=numchild,
            url_path=url_path, live=True, has_unpublished_changes=False, locale=locale,
            first_published_at=now, last_published_at=now,
        )

    home = HomePage.objects.create(
        content_type=ContentType.objects.get_for_model(HomePage),
        intro=(
            "Veldwerk is de gedeelde kennisbank van Nederlandse gemeenten. Talentscouts leggen hier "
            "veelbelovende lokale ideeën vast, fieldlabs schrijven op wat gemeenten samen bouwden, en "
            "iedereen zoekt hier eerst voordat hij zelf iets begint."
        ),
        **page_fields("Veldwerk", "home", "00010001", 2, len(INDEX_PAGES), "/home/"),
    )
    for app_label, model_name, title, slug, step in INDEX_PAGES:
        model = apps.get_model(app_label, model_name)
        model.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            **page_fields(title, slug, home.path + step, 3, 0, f"/home/{slug}/"),
        )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk, "site_name": "Veldwerk"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("veldwerk", "0001_initial"),
        ("ideas", "0001_initial"),
        ("fieldlabs", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_page_tree, migrations.RunPython.noop)]
