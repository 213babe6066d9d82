"""Where in a record a word was found, and what that place is worth.

Codes are ordered by weight so that, in a posting list sorted by (document, field), the first entry of a
document is its best one. Title and codes weigh most, then the job link and the kind of item, then the
establishment and town, then tags and free text.
"""

from __future__ import annotations

TITLE, CODE, JOB, KIND, JOB_RELATED, ESTABLISHMENT, PLACE, TAGS, TEXT = range(9)
# Fields up to KIND are "strong": a record found there is about the word, not merely near it.
LAST_STRONG = KIND
FIELD_BITS = 4
FIELD_MASK = (1 << FIELD_BITS) - 1

WEIGHTS = (3.0, 3.0, 2.7, 2.0, 1.5, 1.5, 1.2, 1.0, 0.7) + (0.0,) * (16 - 9)
MAX_WEIGHT = 3.0

# Shown in explanations ("« soudeur » dans l'intitulé").
LABELS = ("l'intitulé", "le code", "le métier", "le type", "un métier voisin", "l'établissement",
          "la commune", "les mots-clés", "la description") + ("",) * (16 - 9)
