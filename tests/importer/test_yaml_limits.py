"""publiccode.yml files are read within limits: size, and nodes after expanding aliases."""

import pytest
from django.core.management import CommandError, call_command

from ideas.models import IdeaPage
from tests.importer.test_import_ideas import AFTER_IDEA, PUBLICCODE, write_jsonl


def billion_laughs(levels=9, width=10):
    """Ten aliases per level, nine levels: 10**9 strings once expanded, a few hundred bytes as text."""
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels + 1):
        aliases = ", ".join(f"*a{level - 1}" for _ in range(width))
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "name: Bom\n" + "\n".join(lines) + f"\ndescription:\n  nl:\n    features: *a{levels}\n"


def run_import(tmp_path, capsys, name, text):
    bomb = tmp_path / name / "publiccode.yml"
    bomb.parent.mkdir()
    bomb.write_text(text, encoding="utf-8")
    write_jsonl(tmp_path / "after.jsonl", AFTER_IDEA)
    with pytest.raises(CommandError):
        call_command("import_ideas", str(tmp_path), verbosity=0)
    return bomb, capsys.readouterr().err


@pytest.mark.django_db
def test_an_alias_bomb_is_refused_before_it_expands(tmp_path, capsys):
    text = billion_laughs()
    assert len(text) < 1000

    bomb, errors = run_import(tmp_path, capsys, "bomb", text)

    assert f"{bomb}:1: refused: the YAML expands to more than 100,000 nodes through its aliases" in errors
    assert not IdeaPage.objects.filter(title="Bom").exists()
    assert IdeaPage.objects.filter(external_id="after").exists()


@pytest.mark.django_db
def test_a_recursive_alias_is_refused(tmp_path, capsys):
    bomb, errors = run_import(tmp_path, capsys, "loop", "name: Lus\nusedBy: &loop [*loop]\n")
    assert f"{bomb}:1: refused: the YAML refers to itself through an alias" in errors
    assert IdeaPage.objects.filter(external_id="after").exists()


@pytest.mark.django_db
def test_a_file_larger_than_one_mebibyte_is_refused(tmp_path, capsys):
    padding = "".join(f"  - Functie {number}\n" for number in range(60_000))
    big, errors = run_import(tmp_path, capsys, "big", PUBLICCODE + "features:\n" + padding)
    assert len(big.read_bytes()) > 1024 * 1024
    assert f"{big}:1: refused: the file is larger than 1,024 KiB" in errors
    assert IdeaPage.objects.filter(external_id="after").exists()


@pytest.mark.django_db
def test_shared_anchors_within_the_limit_still_import(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "publiccode.yml").write_text(
        PUBLICCODE + "maintenance:\n  contacts: &people\n    - name: Sanne\nextra: *people\n", encoding="utf-8"
    )
    call_command("import_ideas", str(folder), verbosity=0)
    assert IdeaPage.objects.filter(title="Open Formulieren").exists()
