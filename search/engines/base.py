"""The abstract search engine; concrete engines are chosen by the SEARCH_ENGINE setting."""

from abc import ABC, abstractmethod


class SearchEngine(ABC):
    name = ""

    def is_available(self):
        """False while the engine is known to be down (see the Elasticsearch circuit breaker)."""
        return True

    @abstractmethod
    def index_documents(self, documents):
        """Add or replace documents (dicts from search.documents.search_document)."""

    @abstractmethod
    def delete_documents(self, page_ids):
        """Remove documents; unknown ids are ignored."""

    @abstractmethod
    def search(self, query):
        """Answer a SearchQuery with SearchResults (page ids, never model instances)."""

    @abstractmethod
    def autocomplete(self, prefix, limit=8):
        """Page ids of documents whose title has a word starting with `prefix`, best first."""

    @abstractmethod
    def similar(self, page_id, limit=5):
        """Ids of the documents most like the given one (more-like-this), best first."""

    @abstractmethod
    def indexed_ids(self):
        """The set of page ids in the index, to find drift between pages and index."""

    def outdated_ids(self):
        """Page ids indexed in an older form (an older search.analysis.ANALYSIS_VERSION, or before the
        ranking data was kept) that `search_index verify` indexes again."""
        return set()

    @abstractmethod
    def clear(self):
        """Empty the index."""

    def settle(self):
        """Bring the index back into the shape a rebuild leaves it in, after many of its documents were
        replaced one at a time (`search_index verify` after an analysis change). Nothing by default."""

    def rebuild(self, documents):
        """Replace the whole index with `documents`; returns how many were indexed."""
        self.clear()
        count = 0
        batch = []
        for document in documents:
            batch.append(document)
            if len(batch) >= 500:
                self.index_documents(batch)
                count += len(batch)
                batch = []
        if batch:
            self.index_documents(batch)
            count += len(batch)
        return count
