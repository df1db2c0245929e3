"""Other forms of a Dutch word that the stemmer does not bring together.

The Snowball stemmer leaves some plurals and most derivations apart: "begraafplaats" and
"begraafplaatsen", "organisatie" and "organisaties", "melden" and "melding", "registreren" and
"registratie". The planner adds the stems of these forms as alternatives, but only those the
index knows, so a guess that is not a word never widens a query.
"""

VOWELS = set("aeiou")
# (ending, replacement): verb and noun forms of one word ("melden" ↔ "melding", "registreren" ↔ "registratie").
DERIVATIONS = (("en", "ing"), ("ing", "en"), ("ingen", "en"), ("eren", "atie"), ("atie", "eren"), ("aties", "eren"))
MIN_LENGTH = 5


def variant_forms(word):
    """Plural, singular and derived forms of `word` (not all of them words)."""
    if len(word) < MIN_LENGTH or not word.isalpha():
        return set()
    forms = {word + "en", word + "s", word + "n"}
    if word[-1] not in VOWELS and word[-2] in VOWELS and word[-3] not in VOWELS:
        forms.add(word + word[-1] + "en")  # "plan" → "plannen"
    if word.endswith("en"):
        forms.add(word[:-2])
    if word.endswith("s"):
        forms.add(word[:-1])
    for ending, replacement in DERIVATIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            forms.add(word[: -len(ending)] + replacement)
    if word.endswith("nnen") or word.endswith("llen") or word.endswith("tten"):
        forms.add(word[:-3] + "ing")  # "plannen" → "planning"
    forms.discard(word)
    return forms
