"""Whether one document matches a query plan, decided from its stored analysed fields.

The database decides matches for whole result sets (DatabaseEngine.compile). This is the same
rule for a few hundred documents already in hand: the candidates an impact list proposes
(search.impact_lists), which need checking against the whole query and its filters without
asking the full-text index about each of them.

A clause's alternative matches when all its terms occur in the text fields, anywhere (as FTS5's
`{columns} : (a AND b)` and PostgreSQL's `a & b`), or, for a phrase, one after the other within
one field. Strict plans need every group, relaxed plans any; a compound's single parts
(`partial` alternatives) count only in a relaxed plan and only for the `widened` clauses.
"""

from .ranking import FIELDS, contains_sequence


class PlanMatcher:
    def __init__(self, plan, relaxed=False, widened=frozenset()):
        self.plan = plan
        self.relaxed = relaxed
        self.widened = widened

    def matches(self, fields):
        """Whether a document with these analysed fields ({field: [terms]}) matches the plan."""
        present = set().union(*(fields[name] for name in FIELDS))
        groups = [
            any(
                self.alternative_matches(alternative, fields, present)
                for c, clause in enumerate(group)
                for alternative in clause.alternatives
                if not alternative.partial or (self.relaxed and (g, c) in self.widened)
            )
            for g, group in enumerate(self.plan.groups)
        ]
        if not (any(groups) if self.relaxed else all(groups)):
            return False
        return not any(
            self.alternative_matches(alternative, fields, present)
            for clause in self.plan.excluded
            for alternative in clause.alternatives
        )

    @staticmethod
    def alternative_matches(alternative, fields, present):
        if not alternative.phrase:
            return all(term in present for term in alternative.terms)
        return any(contains_sequence(fields[name], alternative.terms) for name in FIELDS)


def passes_filters(facet_tokens, filters, token_for):
    """Whether a document with these facet tokens has, for every filtered facet, one of its selected values."""
    return all(
        any(token_for(facet, value) in facet_tokens for value in values)
        for facet, values in filters.items()
        if values
    )
