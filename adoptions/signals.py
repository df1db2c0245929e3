"""The search index follows the ledger: adoption counts and municipalities are searchable."""

from django.db.models.signals import post_delete, post_save

from .models import Adoption


def adoption_changed(sender, instance, **kwargs):
    from search.indexing import schedule_reindex

    schedule_reindex([instance.idea_id])


def connect():
    post_save.connect(adoption_changed, sender=Adoption, dispatch_uid="adoption_saved")
    post_delete.connect(adoption_changed, sender=Adoption, dispatch_uid="adoption_deleted")
