import pytest
from django.urls import reverse

from accounts.roles import SPECIALISTS
from tests.factories import UserFactory, confirmed_member


@pytest.fixture(autouse=True)
def english(client, settings):
    """The site is Dutch first; these tests read the English msgids, as a visitor who switched language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def specialist_of(code, **kwargs):
    user = UserFactory(role=SPECIALISTS, **kwargs)
    return confirmed_member(user, code)


def post_comment(client, page, body, parent=None):
    data = {"body": body}
    if parent is not None:
        data["parent"] = parent.pk
    return client.post(reverse("post_comment", args=(page.pk,)), data)


def discussion_of(html):
    """The discussion section of a page's HTML."""
    start = html.index('<section id="discussie"')
    return html[start:html.index("</section>", start)]
