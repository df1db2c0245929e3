"""Adoptions moved from the idea page's inline panel to their own ledger; copy what exists."""

from django.db import migrations


def copy_adoptions(apps, schema_editor):
    OldAdoption = apps.get_model("ideas", "Adoption")
    Adoption = apps.get_model("adoptions", "Adoption")
    AdoptionChange = apps.get_model("adoptions", "AdoptionChange")
    for old in OldAdoption.objects.all():
        adoption = Adoption.objects.create(
            idea_id=old.page_id, municipality_id=old.municipality_id, status=old.status, since=old.since, note=old.note
        )
        AdoptionChange.objects.create(
            adoption=adoption, status=old.status, since=old.since, note=old.note, changed_at=adoption.confirmed_at
        )


class Migration(migrations.Migration):
    dependencies = [("adoptions", "0001_initial"), ("ideas", "0001_initial")]

    operations = [migrations.RunPython(copy_adoptions, migrations.RunPython.noop)]
