"""One query word → the index terms it may stand for, each with a quality and the reason it was taken.

Exact word and its stem (1.0), abbreviation (0.95), completion of the word being typed, correction of a typo
(the allowance grows with the word's length), synonym, broader word, word family. All of it is computed on
the vocabulary, never on the records.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .index import SearchIndex
from .lexicon import Lexicon
from .phonetic import phonetic_key
from .stemming import family_root, stem

# Reasons, as (kind, detail) pairs; explanations are written from them.
WORD, ABBREVIATION, PREFIX, TYPO, SYNONYM, BROADER, FAMILY, JOB, PHONETIC = (
    "word", "abbreviation", "prefix", "typo", "synonym", "broader", "family", "job", "phonetic")
# A word spelt by ear ("lojistique"): the same sound is worth about a one-letter typo; a sound one step away
# (a vowel or a mute e more or less: "patisri") is a weaker guess, taken only when nothing closer was found.
SOUND_QUALITY = 0.8
NEAR_SOUND_QUALITY = 0.65

_NO_VOWELS = str.maketrans("", "", "aeiouy")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
MAX_COMPLETIONS = 40
MIN_WIDEN = 4
MAX_CORRECTIONS = 12


def typo_allowance(length: int) -> int:
    """Edits forgiven in a word of this length: none when short (too many neighbours), more when long."""
    if length <= 3:
        return 0
    if length <= 6:
        return 1
    return 2


def typo_quality(distance: int) -> float:
    return 0.85 if distance <= 1 else 0.7


class Expansion:
    """Terms for one query word: term id → (quality, reason); plus stems for the job-title matcher."""

    __slots__ = ("terms", "stems")

    def __init__(self) -> None:
        self.terms: dict[int, tuple[float, tuple[str, str]]] = {}
        self.stems: dict[str, float] = {}

    def offer(self, term_id: int | None, quality: float, reason: tuple[str, str]) -> None:
        if term_id is None:
            return
        known = self.terms.get(term_id)
        if known is None or known[0] < quality:
            self.terms[term_id] = (quality, reason)


def expand(word: str, prefix: bool, index: SearchIndex, lexicon: Lexicon) -> Expansion:
    out = Expansion()
    bases: dict[str, tuple[float, tuple[str, str]]] = {word: (1.0, (WORD, word))}
    known = word in index.surfaces or stem(word) in index.term_ids or word in index.extra_surfaces
    short = lexicon.abbreviations.get(word)
    if short:
        bases.setdefault(short, (0.95, (ABBREVIATION, short)))
    completed = False
    if prefix and len(word) >= 2:
        for completion in _completions(word, index):
            completed = True
            quality = 0.6 + 0.35 * len(word) / len(completion)
            if completion not in bases or bases[completion][0] < quality:
                bases[completion] = (quality, (PREFIX, completion))
    # A word being typed that already has completions is not a typo (yet): no correction is looked for.
    if not known and not short and not completed:
        same_sound, near_sound = index.sounds_like(word)
        sounds = set(same_sound)
        corrections = _corrections(word, index)
        for correction, distance in corrections:
            quality = typo_quality(distance)
            # A correction that also sounds like the word is said so: « sodure » sonne comme « soudure ».
            reason = (PHONETIC, correction) if correction in sounds or _near_sound(word, correction) else (
                TYPO, correction)
            if correction not in bases or bases[correction][0] < quality:
                bases[correction] = (quality, reason)
        # Exact and edit-distance matches are weak (none, or two letters off): the sound decides.
        if not corrections or min(distance for _c, distance in corrections) > 1:
            for surface in same_sound:
                if surface not in bases or bases[surface][0] < SOUND_QUALITY:
                    bases[surface] = (SOUND_QUALITY, (PHONETIC, surface))
            if not corrections and not same_sound:
                for surface in near_sound:
                    bases.setdefault(surface, (NEAR_SOUND_QUALITY, (PHONETIC, surface)))
    term_ids = index.term_ids
    for base, (quality, reason) in bases.items():
        base_stem = stem(base)
        out.stems[base_stem] = max(quality, out.stems.get(base_stem, 0.0))
        for term_id in index.surfaces.get(base, ()):
            out.offer(term_id, quality, reason)
        out.offer(term_ids.get(base_stem), quality, reason)
        out.offer(term_ids.get(base), quality, reason)
        if reason[0] == PREFIX:
            continue
        for synonym in lexicon.synonyms.get(base_stem, ()):
            out.offer(term_ids.get(synonym), quality * 0.85, (SYNONYM, synonym))
        for narrower in lexicon.broader.get(base_stem, ()):
            out.offer(term_ids.get(narrower), quality * 0.9, (BROADER, narrower))
        if len(base) >= 5:
            for term_id in index.roots.get(family_root(base), ()):
                out.offer(term_id, quality * 0.75, (FAMILY, index.term_names[term_id]))
    return out


def _near_sound(word: str, other: str) -> bool:
    """Same sound, or the same consonants and as many vowel sounds, spelt otherwise ("sodure", "soudure"):
    misheard, not mistyped (a vowel left out, "electrcite", is a typo)."""
    if phonetic_key(word) == phonetic_key(other):
        return True
    if sorted(word) == sorted(other):
        return False  # the same letters in another order: fingers, not ears ("electricein")
    return (len(word) >= 5 and word.translate(_NO_VOWELS) == other.translate(_NO_VOWELS)
            and len(_VOWEL_GROUPS.findall(word)) == len(_VOWEL_GROUPS.findall(other)))


def _completions(word: str, index: SearchIndex) -> list[str]:
    vocabulary = index.sorted_surfaces()
    start = bisect_left(vocabulary, word)
    found = []
    for position in range(start, len(vocabulary)):
        candidate = vocabulary[position]
        if not candidate.startswith(word):
            break
        if candidate != word:
            found.append(candidate)
    if len(found) > MAX_COMPLETIONS:
        # Too many words start so: keep the commonest, a completion nobody means is noise.
        found.sort(key=lambda candidate: (-_weight(candidate, index), len(candidate)))
        found = found[:MAX_COMPLETIONS]
    return found


def _weight(surface: str, index: SearchIndex) -> int:
    return sum(index.df(term_id) for term_id in index.surfaces.get(surface, ()))


def corrections_of(word: str, index: SearchIndex) -> list[tuple[str, int]]:
    """Vocabulary words within the typo allowance of `word`, with their edit distance."""
    return _corrections(word, index)


def _corrections(word: str, index: SearchIndex) -> list[tuple[str, int]]:
    allowance = typo_allowance(len(word))
    if not allowance:
        return []
    choices: list[str] = []
    for length in range(len(word) - allowance, len(word) + allowance + 1):
        choices.extend(index.typo_candidates(length, word[0], word[1]))
    choices = list(dict.fromkeys(choices))
    found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=allowance, limit=MAX_CORRECTIONS)
    # A typo rarely hits the first letter; a correction that changes it is kept only when nothing else is.
    same_start = [(choice, int(distance)) for choice, distance, _ in found if choice[0] == word[0]]
    return same_start or [(choice, int(distance)) for choice, distance, _ in found]


def widen(word: str, index: SearchIndex, lexicon: Lexicon) -> Expansion:
    """The word looked for further off, when the query found nothing at all: one more typo allowed in a
    long word, the sounds one step away, and the word family. Weaker than any ordinary expansion; like them,
    computed on the vocabulary only."""
    out = expand(word, False, index, lexicon)
    if len(word) < MIN_WIDEN:
        return out
    # One more typo only in long words: a short one that far off is another word ("cuisine", "celine").
    allowance = typo_allowance(len(word)) + (1 if len(word) >= 8 else 0)
    choices: list[str] = []
    for length in range(len(word) - allowance, len(word) + allowance + 1):
        choices.extend(index.typo_candidates(length, word[0], word[1]))
    found = process.extract(word, list(dict.fromkeys(choices)), scorer=OSA.distance, score_cutoff=allowance,
                            limit=MAX_CORRECTIONS)
    for choice, _distance, _ in found:
        for term_id in index.surfaces.get(choice, ()):
            out.offer(term_id, 0.5, (TYPO, choice))
    same, near = index.sounds_like(word)
    if not near:
        near = index.sounds_like(word + "e")[1]
    for surface in same + near:
        for term_id in index.surfaces.get(surface, ()):
            out.offer(term_id, 0.55, (PHONETIC, surface))
    for term_id in index.roots.get(family_root(word), ()):
        out.offer(term_id, 0.5, (FAMILY, index.term_names[term_id]))
    return out
