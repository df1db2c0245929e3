from django.db import models
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _


class SynonymGroupQuerySet(models.QuerySet):
    def expression_lists(self):
        return [group.expressions() for group in self]

    def version(self):
        """Changes whenever a group is added, edited or removed; used to refresh caches."""
        state = self.aggregate(count=Count("pk"), latest=Max("updated_at"))
        return (state["count"], state["latest"])


class SynonymGroup(models.Model):
    """Equivalent search terms added by editors, on top of the synonym file in the repository."""

    terms = models.CharField(
        _("equivalent terms"), max_length=500,
        help_text=_("Comma-separated, e.g. “trouwen, huwelijk, wedding”. A term may have several words."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SynonymGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def expressions(self):
        return [term.strip() for term in self.terms.split(",") if term.strip()]


class SearchDocument(models.Model):
    """A page as the database engine indexes it (see search.documents.search_document).

    On SQLite the full text is indexed in the contentless FTS5 table `search_fts` (rowid = page id,
    migration 0010), which keeps no copy of what it indexes; on PostgreSQL in the narrow table
    `search_vector` (page id, vector, title vector), with GIN indexes (migration 0008). The text
    itself and its analysed terms are kept once, compressed, in `stored`.
    """

    page = models.OneToOneField("wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+")
    type = models.CharField(max_length=20)
    external_id = models.CharField(max_length=200, null=True, blank=True)
    title = models.CharField(max_length=255)
    published_at = models.DateTimeField(null=True, db_index=True)
    adoption_count = models.PositiveIntegerField(default=0, db_index=True)
    stored = models.BinaryField(
        default=b"", help_text="the analysed terms, facet tokens, summary, body and keywords, compressed "
        "(search.engines.stored.StoredDocument)",
    )
    analysis_version = models.PositiveSmallIntegerField(default=0, help_text="search.analysis.ANALYSIS_VERSION it was indexed with")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_document"

    def __str__(self):
        return self.title


class SearchFacet(models.Model):
    """One facet value of a document (a document has several municipalities, themes, tags)."""

    # Not indexed on its own: the (document, facet, value) index serves every lookup by document.
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facet_values", db_index=False)
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        db_table = "search_facet"
        # (document, facet, value) covers facet counting among a set of documents: it reads the index only.
        indexes = [models.Index(fields=["document", "facet", "value"])]


class SearchWord(models.Model):
    """The index vocabulary: every word that occurs in a document, for "did you mean" and typos."""

    word = models.CharField(max_length=40, primary_key=True)
    document_frequency = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "search_word"


class SearchTerm(models.Model):
    """How many indexed documents contain each index term (stems and compound parts), for ranking."""

    term = models.CharField(max_length=40, primary_key=True)
    document_frequency = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "search_term"


class SearchStatistic(models.Model):
    """Collection statistics for ranking: "documents", and "terms:<field>" (terms in that field over
    all documents, for the average field length)."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        db_table = "search_statistic"


class SearchImpactList(models.Model):
    """A frequent term's impact list (search.engines.impact_lists): every document whose impact for
    the term is above `floor_impact` is in SearchImpact."""

    term = models.CharField(max_length=40, primary_key=True)
    floor_impact = models.FloatField()

    class Meta:
        db_table = "search_impact_list"


class SearchImpact(models.Model):
    """One document in a term's impact list, with its impact for the term."""

    pk = models.CompositePrimaryKey("term", "page_id")
    term = models.CharField(max_length=40)
    page_id = models.BigIntegerField()
    impact = models.FloatField()

    class Meta:
        db_table = "search_impact"
        indexes = [models.Index(fields=["page_id"], name="search_impact_page_idx")]


class PendingIndexUpdate(models.Model):
    """A page whose index update failed; retried with the next update and by `search_index verify`."""

    page_id = models.PositiveBigIntegerField(primary_key=True)
    failed_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_pending_update"
