"""The types each field of an import record must have, checked before anything is written.

A record is a JSON object; every field it uses is listed here with its type, so a
mistyped record (`"tags": 5`, `"contact": "Jan"`) is reported by its line with the field
and the expected type instead of ending the import. Fields that are missing or null count
as empty; fields not listed here are ignored.
"""

from dataclasses import dataclass


class SchemaError(ValueError):
    """A field of the record has the wrong type; the message names the field."""


class Text:
    description = "text"

    def check(self, value, path):
        if not isinstance(value, str):
            fail(path, self.description)


class Identifier:
    """An id: text, or a whole number (some catalogues number their records)."""

    description = "text or a whole number"

    def check(self, value, path):
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            fail(path, self.description)


class Boolean:
    description = "true or false"

    def check(self, value, path):
        if not isinstance(value, bool):
            fail(path, self.description)


@dataclass
class Object:
    fields: dict
    required: tuple = ()

    @property
    def description(self):
        return "an object with " + ", ".join(self.fields)

    def check(self, value, path):
        if not isinstance(value, dict):
            fail(path, self.description)
        for name, kind in self.fields.items():
            item = value.get(name)
            if item is None:
                if name in self.required:
                    raise SchemaError(f"field {join(path, name)} is required")
                continue
            kind.check(item, join(path, name))


@dataclass
class ListOf:
    item: object

    @property
    def description(self):
        if isinstance(self.item, Object):
            return "a list of objects with " + ", ".join(self.item.fields)
        return f"a list of {self.item.description}"

    def check(self, value, path):
        if not isinstance(value, list):
            fail(path, self.description)
        for number, item in enumerate(value):
            if item is None:
                fail(f"{path}[{number}]", self.item.description)
            self.item.check(item, f"{path}[{number}]")


def fail(path, description):
    raise SchemaError(f"field {path} must be {description}")


def join(path, name):
    return f"{path}.{name}" if path else name


TEXT = Text()
TEXTS = ListOf(TEXT)

COMMON = {
    "id": Identifier(),
    "type": TEXT,
    "title": TEXT,
    "summary": TEXT,
    "themes": TEXTS,
    "tags": TEXTS,
    "status": TEXT,
}
IDEA = Object(
    {
        **COMMON,
        "body": TEXT,
        "municipality": TEXT,
        "organisation": TEXT,
        "layer": TEXT,
        "found_via": TEXT,
        "contact": Object({"name": TEXT, "email": TEXT}),
        "links": ListOf(Object({"title": TEXT, "url": TEXT}, required=("url",))),
        "adoptions": ListOf(
            Object({"municipality": TEXT, "status": TEXT, "since": TEXT, "note": TEXT}, required=("municipality",))
        ),
    }
)
FIELDLAB = Object(
    {
        **COMMON,
        "starts_at": TEXT,
        "ends_at": TEXT,
        "location": TEXT,
        "host": TEXT,
        "participants": TEXTS,
        "facilitator": TEXT,
        "problem": TEXT,
        "agenda": TEXT,
        "report": TEXT,
        "decisions": ListOf(Object({"text": TEXT, "owner": TEXT, "due": TEXT, "done": Boolean()})),
        "related_ideas": TEXTS,
    }
)


def check_record(data):
    """Raise SchemaError naming the first field of `data` whose type is wrong."""
    if not isinstance(data, dict):
        raise SchemaError("a record must be a JSON object")
    kind = data.get("type")
    if kind is None:
        kind = "idea"
    TEXT.check(kind, "type")
    if kind not in ("idea", "fieldlab"):
        raise SchemaError(f'type must be "idea" or "fieldlab", not {kind!r}')
    (IDEA if kind == "idea" else FIELDLAB).check(data, "")
