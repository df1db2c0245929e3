"""Factories for the page types. Municipalities, themes and the page tree come from the
data migrations, so tests run against the same reference data as the site."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth.models import Group, User
from django.utils import timezone

from accounts.membership import grant_membership
from fieldlabs.models import FieldlabIndexPage, FieldlabSessionPage
from adoptions.models import Adoption
from ideas.models import IdeaIndexPage, IdeaPage
from municipalities.models import Municipality
from themes.models import Theme


def municipality(code):
    return Municipality.objects.get(code=code)


def theme(slug):
    return Theme.objects.get(slug=slug)


class IdeaPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = IdeaPage

    title = factory.Sequence(lambda n: f"Idee {n}")
    summary = factory.LazyAttribute(lambda o: f"Samenvatting van {o.title}.")
    body = "## Aanpak\n\nWe beginnen **klein**."
    municipality = factory.LazyFunction(lambda: municipality("GM0363"))
    parent = factory.LazyFunction(IdeaIndexPage.objects.get)
    live = True


class FieldlabSessionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = FieldlabSessionPage

    title = factory.Sequence(lambda n: f"Fieldlab {n}")
    summary = "Gemeenten werken samen aan een oplossing."
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))
    host_municipality = factory.LazyFunction(lambda: municipality("GM0193"))
    parent = factory.LazyFunction(FieldlabIndexPage.objects.get)
    live = True


class AdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adoption

    idea = factory.SubFactory(IdeaPageFactory)
    municipality = factory.LazyFunction(lambda: municipality("GM0014"))
    status = "interest"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if extracted:
            user.groups.add(Group.objects.get(name=extracted))
        user.save()


def confirmed_member(user, code):
    """Make `user` a confirmed member of the municipality with CBS `code`, as an editor's grant would."""
    grant_membership(user, municipality(code), by=None)
    return user
