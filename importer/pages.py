"""Turning import records into idea and fieldlab pages.

Each record is written in its own transaction: a bad record is reported with its
location and reason and leaves nothing behind, while the others still import.
Pages are created and changed through Wagtail revisions (core.drafts), so history and
the audit log stay right (https://docs.wagtail.org/en/stable/reference/pages/model_reference.html).

The importer never publishes what an editor did not:
- a record whose content hash equals that of its last import is unchanged, and then
  nothing happens, whatever state the page is in;
- a changed record becomes a new revision (published with `publish=True`) only when
  editors have not touched the page since the last import (see `editor_changes`);
- otherwise the page is left as it is and the record is reported as a conflict.
"""

import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from modelsearch.signal_handlers import post_save_signal_handler as search_index_on_save
from modelsearch.tasks import insert_or_update_object_task
from tqdm import tqdm
from wagtail.models import Page, PageLogEntry
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from fieldlabs.models import FieldlabDecision, FieldlabIndexPage, FieldlabSessionPage, FieldlabStatus
from adoptions.ledger import register_adoption
from adoptions.models import AdoptionStatus
from ideas.models import (
    CommonGroundLayer,
    FoundVia,
    IdeaIndexPage,
    IdeaLink,
    IdeaMerge,
    IdeaPage,
    IdeaStatus,
)
from municipalities.models import Municipality
from themes.models import Theme
from core.drafts import create_draft, latest_draft, publish, save_draft
from core.signals import deferred_indexing
from core.links import ALLOWED_LINK_SCHEMES, is_safe_link_url, validate_link_url

from .models import ImportedRecord
from .schema import SchemaError, check_record

CREATED, UPDATED, UNCHANGED, CONFLICT = "created", "updated", "unchanged", "conflict"

# Audit log actions on a page that do not change what the page says or whether it is live.
ACTIONS_THAT_LEAVE_THE_PAGE_ALONE = frozenset({"veldwerk.comment_hidden", "veldwerk.comment_unhidden"})


class RecordError(ValueError):
    """A record that cannot be imported; the message is shown to the person importing."""


class Conflict(Exception):
    """A changed record whose page editors have touched since its last import; left alone."""


@dataclass
class ImportReport:
    counts: dict = field(default_factory=lambda: dict.fromkeys((CREATED, UPDATED, UNCHANGED, CONFLICT), 0))
    problems: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)

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


def clean(value):
    """Text as stored: without NUL characters (PostgreSQL refuses them) and surrounding space."""
    return (value or "").replace("\x00", "").strip()


def merged_into(page):
    """"the idea was merged into …" while `page` is a merged duplicate, else ""."""
    merge = IdeaMerge.objects.filter(duplicate_id=page.pk, undone_at__isnull=True).select_related("canonical").first()
    return f"the idea was merged into {merge.canonical.title!r} (page {merge.canonical_id})" if merge else ""


def editor_changes(page, record):
    """Why `page` is no longer as the importer left it at `record`, or "" when it is.

    Editors have touched the page when any of these holds:
    - its latest revision is not the one the importer wrote (an editor or scout saved a draft,
      published their own changes, or a workflow made a revision);
    - its audit log has an entry newer than the importer's last one, other than comment
      moderation and the publication of the importer's own revision (so an editor who reviews
      and publishes an imported draft does not block later imports): unpublishing, moving,
      renaming, locking, merging and every other act in the Wagtail admin are logged there;
    - it was live after the import and is not now, or the other way round with another
      revision (catches code that unpublishes without logging);
    - it is an idea merged into another one (an active IdeaMerge), logged or not.
    The importer writes without a user, so none of its own acts are mistaken for an editor's.
    """
    merged = merged_into(page)
    if merged:
        return merged
    if record.revision_id is None or page.latest_revision_id != record.revision_id:
        return "editors saved changes to the page after the last import"
    newer = (
        PageLogEntry.objects.filter(page_id=page.pk, pk__gt=record.last_log_entry_id or 0)
        .exclude(action__in=ACTIONS_THAT_LEAVE_THE_PAGE_ALONE)
        .exclude(action="wagtail.publish", revision_id=record.revision_id)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if newer:
        who = f" by {newer.user.get_username()}" if newer.user else ""
        return f"the page's history has {newer.action!r}{who} on {newer.timestamp:%Y-%m-%d %H:%M} after the last import"
    if record.live and not page.live:
        return "the page was unpublished after the last import"
    if page.live and not record.live and page.live_revision_id != record.revision_id:
        return "another revision of the page was published after the last import"
    return ""


class PageImporter:
    """Creates or updates one page per record; lookups are loaded once per import.

    `overwrite` lists external ids whose conflicts the person importing resolves in favour of
    the source: their changed records become new revisions even though editors touched the
    page (never for a merged duplicate).
    """

    def __init__(self, publish=False, overwrite=()):
        self.publish = publish
        self.overwrite = {str(external_id) for external_id in overwrite}
        self.municipalities = {m.code: m for m in Municipality.objects.all()}
        self.themes = {t.slug: t for t in Theme.objects.all()} | {t.name.lower(): t for t in Theme.objects.all()}
        self.idea_index = IdeaIndexPage.objects.first()
        self.fieldlab_index = FieldlabIndexPage.objects.first()

    def import_record(self, data):
        try:
            check_record(data)
        except SchemaError as error:
            raise RecordError(str(error)) from None
        kind = data.get("type") or "idea"
        external_id = clean(str(data.get("id") if data.get("id") is not None else ""))
        if not external_id:
            raise RecordError("the record has no id")
        if len(external_id) > 200:
            raise RecordError("the id is longer than 200 characters")
        model, parent = (IdeaPage, self.idea_index) if kind == "idea" else (FieldlabSessionPage, self.fieldlab_index)
        if parent is None:
            raise RecordError(f"there is no {model._meta.verbose_name} index page to import under")

        record_fingerprint = fingerprint(data)
        previous = ImportedRecord.objects.filter(external_id=external_id).first()
        if previous and previous.fingerprint == record_fingerprint:
            return UNCHANGED
        page = self.page_to_update(previous, model, external_id)

        draft = latest_draft(page) if page else model(external_id=external_id)
        adoptions = []
        if kind == "idea":
            self.fill_idea(draft, data)
            adoptions = self.adoptions(data.get("adoptions") or [])
        else:
            self.fill_fieldlab(draft, data)
        revision = save_draft(draft) if page else create_draft(parent, draft)
        if self.publish:
            publish(revision)
        for adoption in adoptions:
            register_adoption(draft, **adoption)
        # One reference index and one Wagtail search index update per record, not one per save
        # (create, revision, publish): import_records switches Wagtail's automatic updates off.
        update_reference_index_task.enqueue(draft._meta.app_label, draft._meta.model_name, str(draft.pk))
        insert_or_update_object_task.enqueue(draft._meta.app_label, draft._meta.model_name, str(draft.pk))
        ImportedRecord.objects.update_or_create(
            external_id=external_id,
            defaults={
                "page": draft.page_ptr,
                "fingerprint": record_fingerprint,
                "revision": revision,
                "last_log_entry_id": PageLogEntry.objects.filter(page_id=draft.pk).order_by("-pk").values_list("pk", flat=True).first(),
                "live": Page.objects.filter(pk=draft.pk).values_list("live", flat=True).get(),
            },
        )
        return UPDATED if page else CREATED

    def page_to_update(self, previous, model, external_id):
        """The page a changed record updates (None for a new one); Conflict when editors touched it.

        The page row is locked first (on PostgreSQL), so an editor saving at the same moment
        waits for this record's transaction instead of slipping in between check and write.
        """
        if previous is None:
            existing = model.objects.filter(external_id=external_id).first()
            if existing is None:
                return None
            if external_id not in self.overwrite or merged_into(existing):
                reason = merged_into(existing) or "it was not made by the importer"
                raise Conflict(f"a page with external id {external_id!r} exists but {reason}; the page was left as it is")
            Page.objects.select_for_update().filter(pk=existing.pk).first()
            return existing
        Page.objects.select_for_update().filter(pk=previous.page_id).first()
        page = previous.page.specific
        if not isinstance(page, model):
            raise RecordError(f"the record was imported as a {type(page)._meta.verbose_name}; its type cannot change")
        reason = merged_into(page) or editor_changes(page, previous)
        if reason and (previous.external_id not in self.overwrite or merged_into(page)):
            raise Conflict(f"{reason}; the page was left as it is")
        return page

    def fill_common(self, page, data):
        page.title = self.text(data, "title", required=True)[:255]
        page.summary = self.text(data, "summary")
        page.themes.set([self.theme(name) for name in data.get("themes") or []])
        page.tags.set(list(dict.fromkeys(clean(tag)[:100] for tag in data.get("tags") or [] if clean(tag))))

    def fill_idea(self, page, data):
        self.fill_common(page, data)
        page.body = self.text(data, "body")
        page.municipality = self.municipality(data.get("municipality")) if data.get("municipality") else None
        page.organisation = self.text(data, "organisation")[:200]
        page.status = choice_value(IdeaStatus, data.get("status") or IdeaStatus.SUBMITTED, "status")
        page.layer = choice_value(CommonGroundLayer, data["layer"], "layer") if data.get("layer") else ""
        page.found_via = choice_value(FoundVia, data["found_via"], "found_via") if data.get("found_via") else ""
        contact = data.get("contact") or {}
        page.contact_name = clean(contact.get("name"))[:200]
        page.contact_email = clean(contact.get("email"))
        page.links = [self.link(number, link) for number, link in enumerate(data.get("links") or [])]

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
                text=clean(decision.get("text"))[:500],
                owner=clean(decision.get("owner"))[:200],
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
                note=clean(entry.get("note"))[:500],
            )
        return list(adoptions.values())

    @staticmethod
    def text(data, key, required=False):
        value = data.get(key)
        if not isinstance(value, (str, type(None))):
            raise RecordError(f"field {key} must be text")
        if required and not clean(value):
            raise RecordError(f"{key} is required")
        return clean(value)

    @staticmethod
    def link(number, link):
        """An IdeaLink for `links[number]`; only http, https and mailto addresses are imported."""
        url = clean(link.get("url"))
        if not is_safe_link_url(url):
            raise RecordError(
                f"links[{number}].url {url[:100]!r} is refused: only {', '.join(ALLOWED_LINK_SCHEMES)} links are imported"
            )
        try:
            validate_link_url(url)
        except ValidationError:
            raise RecordError(f"links[{number}].url {url[:100]!r} is not a valid web or e-mail address") from None
        return IdeaLink(title=(clean(link.get("title")) or url)[:200], url=url)

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
        try:
            day = parse_date(str(value))
        except ValueError:
            day = None
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
        if moment is None or not 1900 <= moment.year <= 9000:
            raise RecordError(f"{key} {value!r} is not a date and time (ISO 8601)")
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


@contextmanager
def wagtail_search_updated_once_per_record():
    """Switch off Wagtail's own search-index update on every save of an idea or fieldlab page
    (the admin's page search); `import_record` updates it once per record instead.

    Wagtail offers no per-thread switch for this (as it does for the reference index), so the
    signal receivers are disconnected for the whole process while the import runs: meant for the
    import command, not for imports inside a running web server.
    """
    models = (IdeaPage, FieldlabSessionPage)
    disconnected = [model for model in models if post_save.disconnect(search_index_on_save, sender=model)]
    try:
        yield
    finally:
        for model in disconnected:
            post_save.connect(search_index_on_save, sender=model)


def import_records(source_records, publish=False, progress=False, overwrite=()):
    """Import `SourceRecord`s (ideas before fieldlabs, so fieldlabs can relate to them).

    Every record ends up in exactly one place of the report: a count of created, updated,
    unchanged or conflict (conflicts are also listed with their reason), or a problem.
    The changed pages are indexed in batches at the end (`deferred_indexing`), not per record.
    """
    records = sorted(source_records, key=lambda record: isinstance(record.data, dict) and record.data.get("type") == "fieldlab")
    importer = PageImporter(publish=publish, overwrite=overwrite)
    report = ImportReport()
    with deferred_indexing(), wagtail_search_updated_once_per_record():
        for record in tqdm(records, disable=not progress, unit="record", desc="Importing"):
            if record.error:
                report.problems.append((record.location, record.error))
                continue
            try:
                with transaction.atomic(), disable_reference_index_auto_update():
                    outcome = importer.import_record(record.data)
            except Conflict as conflict:
                report.conflicts.append((record.location, str(conflict)))
                report.counts[CONFLICT] += 1
            except RecordError as error:
                report.problems.append((record.location, str(error)))
            except ValidationError as error:
                report.problems.append((record.location, validation_message(error)))
            else:
                report.counts[outcome] += 1
    return report
