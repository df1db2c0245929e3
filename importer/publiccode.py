from municipalities.names import normalise_name

"""Mapping a publiccode.yml document (https://yml.publiccode.tools) onto an idea record."""

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


def record_from_publiccode(document, code_by_name):
    """Return an idea record for a parsed publiccode.yml document; ValueError when it is not one.

    `usedBy` entries become adoptions (in production) where the name is a municipality
    in `code_by_name` (see municipalities.names); other users are left out.
    """
    if not isinstance(document, dict) or not document.get("name"):
        raise ValueError("not a publiccode.yml document: 'name' is missing")
    description = preferred_description(document.get("description"))
    url = str(document.get("url") or "").strip()
    summary = str(description.get("shortDescription") or "").strip()
    return {
        "id": url or str(document["name"]),
        "type": "idea",
        "title": str(document["name"]).strip(),
        "summary": summary[:300],
        "body": body_markdown(description),
        "municipality": "",
        "organisation": organisation_name(document),
        "themes": [],
        "tags": [str(c) for c in document.get("categories") or []],
        "status": STATUS_BY_DEVELOPMENT_STATUS.get(str(document.get("developmentStatus", "")).lower(), "submitted"),
        "links": [{"title": "Broncode", "url": url}] if url else [],
        "adoptions": [
            {"municipality": code, "status": "production"}
            for code in dict.fromkeys(code_by_name.get(normalise_name(user)) for user in document.get("usedBy") or [])
            if code
        ],
    }
