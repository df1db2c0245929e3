"""The facts a specialist decides from, per search hit: origin, adoptions per status and last update.

Loaded for all hits of a page at once, so a results page makes the same number of queries
however many hits it shows.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from adoptions.models import Adoption, AdoptionStatus
from ideas.models import IdeaPage
from municipalities.models import Municipality

SHOWN_ADOPTION_STATUSES = (AdoptionStatus.PRODUCTION, AdoptionStatus.PILOT, AdoptionStatus.INTEREST)


@dataclass(frozen=True)
class AdoptionCounts:
    """How many municipalities use an idea in production, pilot it or are interested (not who stopped)."""

    production: int = 0
    pilot: int = 0
    interest: int = 0

    def as_dict(self):
        return {"production": self.production, "pilot": self.pilot, "interest": self.interest}


@dataclass(frozen=True)
class ResultFacts:
    """For an idea: the municipality and/or organisation it comes from and its adoptions.
    For a fieldlab: its host municipality, and no adoptions (fieldlabs are not adopted)."""

    municipality: Municipality | None
    organisation: str
    adoptions: AdoptionCounts | None
    updated_at: datetime | None  # the page's last publication: what the public saw change, never a draft

    @property
    def origin(self):
        return " · ".join(part for part in (self.municipality and self.municipality.name, self.organisation) if part)

    def as_dict(self):
        """The facts as the JSON search API gives them (documented in the README)."""
        municipality = {"code": self.municipality.code, "name": self.municipality.name} if self.municipality else None
        return {
            "origin": {"municipality": municipality, "organisation": self.organisation or None},
            "adoptions": self.adoptions.as_dict() if self.adoptions is not None else None,
            "updated_at": self.updated_at,
        }


def origin_municipality_id(page):
    return page.municipality_id if isinstance(page, IdeaPage) else page.host_municipality_id


def adoption_counts(idea_ids):
    """AdoptionCounts per idea id, in one query (ideas without adoptions are left out)."""
    rows = (
        Adoption.objects.filter(idea_id__in=idea_ids)
        .order_by()  # the model's ordering by municipality name would split the groups
        .values("idea_id")
        .annotate(**{status.value: Count("pk", filter=Q(status=status)) for status in SHOWN_ADOPTION_STATUSES})
    )
    return {row.pop("idea_id"): AdoptionCounts(**row) for row in rows}


def result_facts(pages):
    """ResultFacts per page id for live idea and fieldlab pages, in at most two queries."""
    pages = list(pages)
    municipality_ids = {origin_municipality_id(page) for page in pages} - {None}
    municipalities = Municipality.objects.in_bulk(municipality_ids) if municipality_ids else {}
    idea_ids = [page.pk for page in pages if isinstance(page, IdeaPage)]
    adoptions = adoption_counts(idea_ids) if idea_ids else {}
    return {
        page.pk: ResultFacts(
            municipality=municipalities.get(origin_municipality_id(page)),
            organisation=page.organisation if isinstance(page, IdeaPage) else "",
            adoptions=adoptions.get(page.pk, AdoptionCounts()) if isinstance(page, IdeaPage) else None,
            updated_at=page.last_published_at,
        )
        for page in pages
    }
