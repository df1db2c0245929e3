"""Mapping a publiccode.yml document (https://yml.publiccode.tools) onto an idea record."""

from municipalities.names import normalise_name

STATUS_BY_DEVELOPMENT_STATUS = {
    "concept": "submitted",
    "development": "pilot",
    "beta": "pilot",
    "stable": "reusable",
    "obsolete": "archived",
}


def preferred_description(descriptions):
    """The Dutch description when there is one, else English, else any language."""
    if not isinstance(descriptions, dict) or not descriptions:
        return {}
    for prefix in ("nl", "en"):
        for language, description in descriptions.items():
            if str(language).lower().startswith(prefix) and isinstance(description, dict):
                return description
    return next((d for d in descriptions.values() if isinstance(d, dict)), {})


def body_markdown(description):
    parts = [str(description.get("longDescription") or "").strip()]
    features = [str(f).strip() for f in description.get("features") or [] if str(f).strip()]
    if features:
        parts.append("## Functionaliteit\n\n" + "\n".join(f"- {feature}" for feature in features))
    return "\n\n".join(part for part in parts if part)


def organisation_name(document):
    legal = document.get("legal") or {}
    organisation = document.get("organisation") or {}
    for name in (legal.get("mainCopyrightOwner"), legal.get("repoOwner"), organisation.get("name")):
        if name and str(name).strip():
            return str(name).strip()
    return ""


class PubliccodeError(ValueError):
    """A publiccode.yml document that cannot become an idea; the message says which field and why."""


TEXT, LIST_OF_TEXT, MAPPING = "text", "a list of text", "a mapping"
FIELD_TYPES = {
    "name": TEXT,
    "url": TEXT,
    "developmentStatus": TEXT,
    "categories": LIST_OF_TEXT,
    "usedBy": LIST_OF_TEXT,
    "legal": MAPPING,
    "organisation": MAPPING,
    "description": MAPPING,
}
NESTED_FIELD_TYPES = {
    "legal": {"mainCopyrightOwner": TEXT, "repoOwner": TEXT},
    "organisation": {"name": TEXT},
}
DESCRIPTION_FIELD_TYPES = {"shortDescription": TEXT, "longDescription": TEXT, "features": LIST_OF_TEXT}


def has_type(value, expected):
    if value is None:
        return True
    if expected == TEXT:
        return isinstance(value, str)
    if expected == LIST_OF_TEXT:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, dict)


def check_types(document):
    """Raise PubliccodeError for the first field this importer reads whose type is wrong."""
    checks = [(name, document.get(name), expected) for name, expected in FIELD_TYPES.items()]
    for parent, fields in NESTED_FIELD_TYPES.items():
        if isinstance(document.get(parent), dict):
            checks += [(f"{parent}.{name}", document[parent].get(name), expected) for name, expected in fields.items()]
    if isinstance(document.get("description"), dict):
        for language, description in document["description"].items():
            checks.append((f"description.{language}", description, MAPPING))
            if isinstance(description, dict):
                checks += [
                    (f"description.{language}.{name}", description.get(name), expected)
                    for name, expected in DESCRIPTION_FIELD_TYPES.items()
                ]
    for path, value, expected in checks:
        if not has_type(value, expected):
            raise PubliccodeError(f"field {path} must be {expected}")


def record_from_publiccode(document, code_by_name):
    """Return an idea record for a parsed publiccode.yml document; ValueError when it is not one.

    Each field read here is type-checked first (`check_types`), so a mistyped document is
    reported with the field at fault. `usedBy` entries become adoptions (in production) where
    the name is a municipality in `code_by_name` (see municipalities.names); other users are left out.
    """
    if not isinstance(document, dict):
        raise PubliccodeError("not a publiccode.yml document: it must be a mapping with 'name'")
    check_types(document)
    if not (document.get("name") or "").strip():
        raise PubliccodeError("not a publiccode.yml document: 'name' is missing")
    description = preferred_description(document.get("description"))
    url = (document.get("url") or "").strip()
    summary = str(description.get("shortDescription") or "").strip()
    return {
        "id": url or document["name"].strip(),
        "type": "idea",
        "title": document["name"].strip(),
        "summary": summary[:300],
        "body": body_markdown(description),
        "municipality": "",
        "organisation": organisation_name(document),
        "themes": [],
        "tags": list(document.get("categories") or []),
        "status": STATUS_BY_DEVELOPMENT_STATUS.get((document.get("developmentStatus") or "").lower(), "submitted"),
        "links": [{"title": "Broncode", "url": url}] if url else [],
        "adoptions": [
            {"municipality": code, "status": "production"}
            for code in dict.fromkeys(code_by_name.get(normalise_name(user)) for user in document.get("usedBy") or [])
            if code
        ],
    }
