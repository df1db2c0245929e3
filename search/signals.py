"""Signal receivers that keep the index up to date; connected in SearchConfig.ready().

Search listens; the content apps below it announce (core.signals.content_changed) and never
call the index themselves.
"""

from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.signals import content_changed
from fieldlabs.models import FieldlabSessionPage, FieldlabTag
from ideas.models import IdeaPage, IdeaTag
from municipalities.models import Municipality
from themes.models import Theme

from .indexing import schedule_reindex


def content_announced(sender, page_ids, **kwargs):
    schedule_reindex(page_ids)


def page_changed(sender, instance, **kwargs):
    schedule_reindex([instance.pk])


def page_moved(sender, instance, **kwargs):
    schedule_reindex(Page.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True))


def restriction_changed(sender, instance, **kwargs):
    schedule_reindex(Page.objects.descendant_of(instance.page, inclusive=True).values_list("pk", flat=True))


def tag_changed(sender, instance, **kwargs):
    ids = [*IdeaTag.objects.filter(tag=instance).values_list("content_object_id", flat=True)]
    ids += FieldlabTag.objects.filter(tag=instance).values_list("content_object_id", flat=True)
    schedule_reindex(ids)


def theme_changed(sender, instance, **kwargs):
    schedule_reindex([*instance.ideas.values_list("pk", flat=True), *instance.fieldlabs.values_list("pk", flat=True)])


def municipality_changed(sender, instance, **kwargs):
    ids = [*IdeaPage.objects.filter(municipality=instance).values_list("pk", flat=True)]
    ids += IdeaPage.objects.filter(adoptions__municipality=instance).values_list("pk", flat=True)
    ids += FieldlabSessionPage.objects.filter(host_municipality=instance).values_list("pk", flat=True)
    ids += FieldlabSessionPage.objects.filter(participants=instance).values_list("pk", flat=True)
    schedule_reindex(set(ids))


def connect():
    content_changed.connect(content_announced, dispatch_uid="search_content_changed")
    page_published.connect(page_changed, dispatch_uid="search_page_published")
    page_unpublished.connect(page_changed, dispatch_uid="search_page_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="search_page_moved")
    for model in (IdeaPage, FieldlabSessionPage):
        post_delete.connect(page_changed, sender=model, dispatch_uid=f"search_delete_{model.__name__}")
    for signal in (post_save, post_delete):
        signal.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=f"search_restriction_{signal}")
    post_save.connect(tag_changed, sender=Tag, dispatch_uid="search_tag_changed")
    post_save.connect(theme_changed, sender=Theme, dispatch_uid="search_theme_changed")
    post_save.connect(municipality_changed, sender=Municipality, dispatch_uid="search_municipality_changed")
