import pytest


@pytest.mark.django_db
def test_statement_follows_the_model_structure(client, settings):
    settings.ACCESSIBILITY_ORGANISATION = "Gemeente Voorbeeld"
    settings.ACCESSIBILITY_CONTACT_EMAIL = "digitoegankelijk@voorbeeld.nl"
    html = client.get("/toegankelijkheid/").content.decode()
    for heading in ("Toegankelijkheidsverklaring", "Nalevingsstatus", "Onderzoek", "Bekende problemen en maatregelen",
                    "Feedback en contactgegevens", "Handhavingsprocedure", "Over deze verklaring"):
        assert f">{heading}</h" in html, heading
    assert "Status C: eerste maatregelen genomen." in html
    assert "Gemeente Voorbeeld wil dat iedereen Veldwerk kan gebruiken" in html
    assert 'href="mailto:digitoegankelijk@voorbeeld.nl"' in html
    assert "https://www.nationaleombudsman.nl" in html
    assert "29 november 2026" in html


@pytest.mark.django_db
def test_every_page_links_to_the_statement(client):
    for path in ("/", "/ideeen/", "/zoeken/", "/inloggen/", "/bestaat-niet/"):
        assert 'href="/toegankelijkheid/"' in client.get(path).content.decode(), path
