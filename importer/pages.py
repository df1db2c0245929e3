"""Turning import records into idea and fieldlab pages.

Each record is written in its own transaction: a bad record is reported with its
location and reason and leaves nothing behind, while the others still import.
Pages are created and changed through Wagtail revisions, so history and the
audit log stay right (https://docs.wagtail.org/en/stable/reference/pages/model_reference.html).
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from tqdm import tqdm

from fieldlabs.models import FieldlabDecision, FieldlabIndexPage, FieldlabSessionPage, FieldlabStatus
from adoptions.ledger import register_adoption
from adoptions.models import AdoptionStatus
from ideas.models import (
    CommonGroundLayer,
    FoundVia,
    IdeaIndexPage,
    IdeaLink,
    IdeaPage,
    IdeaStatus,
)
from municipalities.models import Municipality
from themes.models import Theme
from core.drafts import free_slug

from .models import ImportedRecord

CREATED, UPDATED, UNCHANGED, PUBLISHED = "created", "updated", "unchanged", "published"


class RecordError(ValueError):
    """A record that cannot be imported; the message is shown to the person importing."""


@dataclass
class ImportReport:
    counts: dict = field(default_factory=lambda: dict.fromkeys((CREATED, UPDATED, UNCHANGED, PUBLISHED), 0))
    problems: list = field(default_factory=list)

    def summary(self):
        counts = ", ".join(f"{count} {outcome}" for outcome, count in self.counts.items())
        return f"{counts}, {len(self.problems)} failed"


def choice_value(choices, value, what):
    """Accept a stable slug or its Dutch or English label; return the slug."""
    text = str(value or "").strip()
    accepted = {slug: slug for slug, _label in choices.choices}
    for language in ("nl", "en"):
        with translation.override(language):
            accepted.update({str(label).lower(): slug for slug, label in choices.choices})
    if text.lower() in accepted:
        return accepted[text.lower()]
    raise RecordError(f"unknown {what} {text!r}; use one of {', '.join(choices.values)}")


def validation_message(error):
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


def fingerprint(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class PageImporter:
    """Creates or updates one page per record; lookups are loaded once per import."""

    def __init__(self, publish=False):
        self.publish = publish
        self.municipalities = {m.code: m for m in Municipality.objects.all()}
        self.themes = {t.slug: t for t in Theme.objects.all()} | {t.name.lower(): t for t in Theme.objects.all()}
        self.idea_index = IdeaIndexPage.objects.first()
        self.fieldlab_index = FieldlabIndexPage.objects.first()

    def import_record(self, data):
        kind = data.get("type", "idea")
        if kind not in ("idea", "fieldlab"):
            raise RecordError(f'type must be "idea" or "fieldlab", not {kind!r}')
        external_id = str(data.get("id") or "").strip()
        if not external_id:
            raise RecordError("the record has no id")
        if len(external_id) > 200:
            raise RecordError("the id is longer than 200 characters")
        model, parent = (IdeaPage, self.idea_index) if kind == "idea" else (FieldlabSessionPage, self.fieldlab_index)
        if parent is None:
            raise RecordError(f"there is no {model._meta.verbose_name} index page to import under")

        page = model.objects.filter(external_id=external_id).first()
        record_fingerprint = fingerprint(data)
        previous = ImportedRecord.objects.filter(external_id=external_id).first()
        if page and previous and previous.fingerprint == record_fingerprint:
            if self.publish and (not page.live or page.has_unpublished_changes):
                page.get_latest_revision().publish()
                return PUBLISHED
            return UNCHANGED

        draft = page.get_latest_revision_as_object() if page else model(external_id=external_id, live=False)
        adoptions = []
        if kind == "idea":
            self.fill_idea(draft, data)
            adoptions = self.adoptions(data.get("adoptions") or [])
        else:
            self.fill_fieldlab(draft, data)
        if page is None:
            draft.slug = free_slug(parent, draft.title)
            parent.add_child(instance=draft)
        revision = draft.save_revision(log_action=True)
        if self.publish:
            revision.publish()
        for adoption in adoptions:
            register_adoption(draft, **adoption)
        ImportedRecord.objects.update_or_create(
            external_id=external_id, defaults={"page": draft.page_ptr, "fingerprint": record_fingerprint}
        )
        return UPDATED if page else CREATED

    def fill_common(self, page, data):
        page.title = self.text(data, "title", required=True)[:255]
        page.summary = self.text(data, "summary")
        page.themes.set([self.theme(name) for name in data.get("themes") or []])
        page.tags.set([str(tag).replace("\x00", "").strip()[:100] for tag in data.get("tags") or [] if str(tag).strip("\x00 ")])

    def fill_idea(self, page, data):
        self.fill_common(page, data)
        page.body = self.text(data, "body")
        page.municipality = self.municipality(data.get("municipality")) if data.get("municipality") else None
        page.organisation = self.text(data, "organisation")[:200]
        page.status = choice_value(IdeaStatus, data.get("status") or IdeaStatus.SUBMITTED, "status")
        page.layer = choice_value(CommonGroundLayer, data["layer"], "layer") if data.get("layer") else ""
        page.found_via = choice_value(FoundVia, data["found_via"], "found_via") if data.get("found_via") else ""
        contact = data.get("contact") or {}
        page.contact_name = str(contact.get("name") or "")[:200]
        page.contact_email = str(contact.get("email") or "")
        page.links = [
            IdeaLink(title=str(link.get("title") or link.get("url"))[:200], url=str(link.get("url") or ""))
            for link in data.get("links") or []
        ]

    def fill_fieldlab(self, page, data):
        self.fill_common(page, data)
        page.status = choice_value(FieldlabStatus, data.get("status") or FieldlabStatus.PLANNED, "status")
        page.starts_at = self.moment(data, "starts_at")
        page.ends_at = self.moment(data, "ends_at") if data.get("ends_at") else page.starts_at
        page.location = self.text(data, "location")[:255]
        page.host_municipality = self.municipality(data["host"]) if data.get("host") else None
        page.participants.set([self.municipality(code) for code in data.get("participants") or []])
        page.facilitator = self.text(data, "facilitator")[:200]
        page.problem = self.text(data, "problem")
        page.agenda = self.text(data, "agenda")
        page.report = self.text(data, "report")
        page.decisions = [
            FieldlabDecision(
                text=str(decision.get("text") or "")[:500],
                owner=str(decision.get("owner") or "")[:200],
                due_date=self.day(decision.get("due"), "decision due date"),
                done=bool(decision.get("done")),
            )
            for decision in data.get("decisions") or []
        ]
        page.related_ideas.set([self.idea(external_id) for external_id in data.get("related_ideas") or []])

    def adoptions(self, entries):
        adoptions = {}
        for entry in entries:
            municipality = self.municipality(entry.get("municipality"))
            if municipality.code in adoptions:
                raise RecordError(f"municipality {municipality.code} is listed twice in adoptions")
            adoptions[municipality.code] = dict(
                municipality=municipality,
                status=choice_value(AdoptionStatus, entry.get("status") or AdoptionStatus.INTEREST, "adoption status"),
                since=self.day(entry.get("since"), "adoption date"),
                note=str(entry.get("note") or "")[:500],
            )
        return list(adoptions.values())

    @staticmethod
    def text(data, key, required=False):
        value = data.get(key)
        if value is None or (required and not str(value).strip()):
            if required:
                raise RecordError(f"{key} is required")
            return ""
        if not isinstance(value, str):
            raise RecordError(f"{key} must be text")
        return value.replace("\x00", "").strip()

    def municipality(self, code):
        municipality = self.municipalities.get(str(code or "").strip().upper())
        if municipality is None:
            raise RecordError(f"unknown municipality code {code!r} (expected a CBS code such as GM0363)")
        return municipality

    def theme(self, name):
        theme = self.themes.get(str(name).strip()) or self.themes.get(str(name).strip().lower())
        if theme is None:
            raise RecordError(f"unknown theme {name!r}")
        return theme

    @staticmethod
    def idea(external_id):
        idea = IdeaPage.objects.filter(external_id=external_id).first()
        if idea is None:
            raise RecordError(f"related idea {external_id!r} does not exist")
        return idea

    @staticmethod
    def day(value, what):
        if not value:
            return None
        day = parse_date(str(value))
        if day is None:
            raise RecordError(f"{what} {value!r} is not a date (YYYY-MM-DD)")
        return day

    @staticmethod
    def moment(data, key):
        value = str(data.get(key) or "")
        try:
            moment = parse_datetime(value) or datetime.combine(parse_date(value), time(9, 0))
        except (TypeError, ValueError):
            moment = None
        if moment is None:
            raise RecordError(f"{key} {value!r} is not a date and time (ISO 8601)")
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def import_records(source_records, publish=False, progress=False):
    """Import `SourceRecord`s (ideas before fieldlabs, so fieldlabs can relate to them)."""
    records = sorted(source_records, key=lambda record: (record.data or {}).get("type") == "fieldlab")
    importer = PageImporter(publish=publish)
    report = ImportReport()
    for record in tqdm(records, disable=not progress, unit="record", desc="Importing"):
        if record.error:
            report.problems.append((record.location, record.error))
            continue
        try:
            with transaction.atomic():
                outcome = importer.import_record(record.data)
        except RecordError as error:
            report.problems.append((record.location, str(error)))
        except ValidationError as error:
            report.problems.append((record.location, validation_message(error)))
        else:
            report.counts[outcome] += 1
    return report
