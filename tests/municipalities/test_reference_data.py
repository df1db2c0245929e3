from collections import Counter

import pytest
from django.core.management import call_command

from municipalities.models import Municipality
from municipalities.reference import sync_municipalities

EXPECTED_PER_PROVINCE = {
    "Noord-Brabant": 56, "Gelderland": 51, "Zuid-Holland": 50, "Noord-Holland": 44, "Limburg": 31,
    "Utrecht": 26, "Overijssel": 25, "Fryslân": 18, "Zeeland": 13, "Drenthe": 12, "Groningen": 10, "Flevoland": 6,
}


@pytest.mark.django_db
def test_all_342_municipalities_are_loaded_with_unique_cbs_codes():
    codes = list(Municipality.objects.values_list("code", flat=True))
    assert len(codes) == 342
    assert len(set(codes)) == 342
    assert all(code.startswith("GM") and len(code) == 6 and code[2:].isdigit() for code in codes)
    assert Municipality.objects.get(code="GM0363").name == "Amsterdam"
    assert Municipality.objects.get(code="GM0518").name == "'s-Gravenhage"


@pytest.mark.django_db
def test_every_province_has_its_number_of_municipalities():
    assert Counter(Municipality.objects.values_list("province", flat=True)) == EXPECTED_PER_PROVINCE


@pytest.mark.django_db
def test_loading_twice_changes_nothing(capsys):
    call_command("load_municipalities")
    assert "0 created, 0 updated, 0 marked inactive, 342 active" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_municipality_gone_after_a_merger_is_kept_inactive(tmp_path):
    merged = tmp_path / "after-merger.csv"
    rows = (Municipality.objects.exclude(code="GM0014").order_by("code").values_list("code", "name", "province"))
    merged.write_text("code,name,province\n" + "".join(f'{c},"{n}",{p}\n' for c, n, p in rows), encoding="utf-8")

    result = sync_municipalities(Municipality, merged)

    assert result.deactivated == 1
    groningen = Municipality.objects.get(code="GM0014")
    assert groningen.active is False
    assert Municipality.objects.active().count() == 341


@pytest.mark.django_db
def test_a_renamed_municipality_is_updated(tmp_path):
    renamed = tmp_path / "renamed.csv"
    renamed.write_text("code,name,province\nGM0363,Amsterdam-Weesp,Noord-Holland\n", encoding="utf-8")
    result = sync_municipalities(Municipality, renamed)
    assert (result.created, result.updated) == (0, 1)
    assert Municipality.objects.get(code="GM0363").name == "Amsterdam-Weesp"
