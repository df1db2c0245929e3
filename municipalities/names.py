"""Matching the names people write for a municipality to its CBS code."""

import re
import unicodedata

# Everyday names for municipalities whose official CBS name differs.
EVERYDAY_NAMES = {
    "den haag": "GM0518",
    "the hague": "GM0518",
    "den bosch": "GM0796",
    "hengelo": "GM0164",
    "laren": "GM0417",
    "rijswijk": "GM0603",
    "middelburg": "GM0687",
    "beek": "GM0888",
    "stein": "GM0971",
}

_PREFIX = re.compile(r"^(gemeente|municipality of|gem\.)\s+")
_SUFFIX = re.compile(r"\s*\((nh|l|o|zh|z)\.\)$")


def normalise_name(name):
    """Lower-case, accent-free, without 'Gemeente' and without CBS suffixes such as '(NH.)'."""
    folded = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower().strip()
    folded = _PREFIX.sub("", folded)
    return re.sub(r"\s+", " ", folded)


def codes_by_name(municipalities):
    """Map normalised names (official, without suffix, and everyday) to CBS codes."""
    mapping = dict(EVERYDAY_NAMES)
    for code, name in municipalities:
        normalised = normalise_name(name)
        mapping[normalised] = code
        mapping.setdefault(_SUFFIX.sub("", normalised), code)
    return mapping
