"""The synonym list shared by every engine: the file in the repository plus the
groups editors add in the admin (`SynonymGroup`)."""

import functools
from pathlib import Path

from .analysis import terms

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"


def parse_groups(text):
    """Groups of equivalent expressions from the synonym file format (comma-separated lines)."""
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        expressions = [e.strip() for e in line.split(",") if e.strip()]
        if len(expressions) > 1:
            groups.append(expressions)
    return groups


@functools.lru_cache(maxsize=1)
def file_groups():
    return tuple(tuple(group) for group in parse_groups(SYNONYMS_FILE.read_text(encoding="utf-8")))


def all_groups():
    from .models import SynonymGroup

    return list(file_groups()) + [tuple(group) for group in SynonymGroup.objects.expression_lists()]


class SynonymMap:
    """Maps an analysed expression (a tuple of terms) to its equivalent analysed expressions."""

    def __init__(self, groups):
        self.equivalents = {}
        for group in groups:
            analysed = [tuple(terms(expression)) for expression in group]
            analysed = [a for a in dict.fromkeys(analysed) if a]
            for expression in analysed:
                self.equivalents.setdefault(expression, set()).update(a for a in analysed if a != expression)
        self.longest = max((len(e) for e in self.equivalents), default=1)

    def alternatives(self, expression):
        return self.equivalents.get(tuple(expression), set())


_cache = {"version": None, "map": None}


def synonym_map():
    """The current synonym map; rebuilt when editors change a synonym group."""
    from .models import SynonymGroup

    version = SynonymGroup.objects.version()
    if _cache["version"] != version or _cache["map"] is None:
        _cache["map"] = SynonymMap(all_groups())
        _cache["version"] = version
    return _cache["map"]
