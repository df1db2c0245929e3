from django.db import migrations

THEMES = [
    ("Burgerzaken", "burgerzaken", "Paspoorten, rijbewijzen, verhuizingen, trouwen en de BRP."),
    ("Sociaal domein", "sociaal-domein", "Wmo, jeugdhulp, participatie en schuldhulpverlening."),
    ("Ruimte en Omgevingswet", "ruimte-en-omgevingswet", "Vergunningen, omgevingsplannen en het DSO."),
    ("Dienstverlening en klantcontact", "dienstverlening-en-klantcontact", "Website, KCC, formulieren en afspraken."),
    ("Belastingen en financiën", "belastingen-en-financien", "Gemeentelijke belastingen, WOZ en financiën."),
    ("Informatiebeveiliging en privacy", "informatiebeveiliging-en-privacy", "BIO, AVG en weerbaarheid."),
    ("Data en informatiemanagement", "data-en-informatiemanagement", "Datagedreven werken, archief en Woo."),
    ("Werk en inkomen", "werk-en-inkomen", "Bijstand, re-integratie en inkomensondersteuning."),
    ("Openbare ruimte", "openbare-ruimte", "Beheer, meldingen, afval en groen."),
    ("Bedrijfsvoering", "bedrijfsvoering", "HR, inkoop, facilitair en ICT."),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("themes", "Theme")
    for name, slug, description in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
