"""The Dutch interface is complete: no template text outside translation tags, and no
untranslated or fuzzy entry in the catalogue."""

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"

TRANSLATED_BLOCKS = re.compile(r"{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}", re.S)
TEMPLATE_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
CODE_AND_MARKUP = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]*>", re.S)
WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")
NOT_TO_TRANSLATE = {"DOCTYPE", "html", "Veldwerk"}


def untranslated_words(template_source):
    text = TRANSLATED_BLOCKS.sub("", template_source)
    text = CODE_AND_MARKUP.sub(" ", TEMPLATE_SYNTAX.sub("", text))
    return [word for word in WORD.findall(text) if word not in NOT_TO_TRANSLATE]


@pytest.mark.parametrize("template", sorted((ROOT / "templates").rglob("*.html")), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_text_is_inside_translation_tags(template):
    assert untranslated_words(template.read_text(encoding="utf-8")) == []


def test_the_check_catches_plain_text():
    assert untranslated_words("<p>{% translate 'Search' %} Submit now</p>") == ["Submit", "now"]


def test_every_catalogue_entry_is_translated_and_not_fuzzy():
    statistics = subprocess.run(
        ["msgfmt", "--statistics", "--check-format", "-o", os.devnull, str(CATALOGUE)],
        capture_output=True, text=True, check=True,
    ).stderr
    assert re.fullmatch(r"\d+ translated messages?\.\n", statistics), statistics
