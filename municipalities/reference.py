"""Loading the CBS municipality list into the database.

Used by the data migration (with the historical model) and by the
`load_municipalities` command, so that both apply the same rules.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "municipalities.csv"


@dataclass(frozen=True)
class SyncResult:
    created: int
    updated: int
    deactivated: int


def read_municipalities(path=MUNICIPALITIES_CSV):
    """Return the rows of a `code,name,province` CSV file as dictionaries."""
    with open(path, encoding="utf-8", newline="") as csv_file:
        return [
            {"code": row["code"].strip(), "name": row["name"].strip(), "province": row["province"].strip()}
            for row in csv.DictReader(csv_file)
        ]


def sync_municipalities(municipality_model, path=MUNICIPALITIES_CSV):
    """Make the table match the CSV: create new codes, update names and provinces,
    and mark codes that are no longer listed as inactive (never delete them)."""
    rows = {row["code"]: row for row in read_municipalities(path)}
    existing = {m.code: m for m in municipality_model.objects.all()}
    created = updated = deactivated = 0
    to_create = []
    for code, row in rows.items():
        current = existing.get(code)
        if current is None:
            to_create.append(municipality_model(active=True, **row))
            created += 1
        elif (current.name, current.province, current.active) != (row["name"], row["province"], True):
            current.name, current.province, current.active = row["name"], row["province"], True
            current.save(update_fields=["name", "province", "active"])
            updated += 1
    municipality_model.objects.bulk_create(to_create)
    gone = [code for code, m in existing.items() if code not in rows and m.active]
    if gone:
        deactivated = municipality_model.objects.filter(code__in=gone).update(active=False)
    return SyncResult(created=created, updated=updated, deactivated=deactivated)
