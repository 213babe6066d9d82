"""What an operator's query asks: words to match, a town to rank by distance, a minimum room size, and what
the caller's way of saying it was understood to mean (intents, spoken words), each of which can be undone.

Steps, in order: letters spelled one by one are joined ("b t s" → "bts"); a glued word made of two known ones
is split ("bacpro" → "bac pro"); a number after a unit, a capacity word, a room word or "pour" becomes a room
size; a town becomes the place; intent words ("stage", "apprenti", "former", "louer", "embaucher") steer the
ranking instead of being matched; spoken phrases ("placo", "chef de travaux") are rewritten into the
catalogue's words; filler words of phone speech ("bonjour", "voudrais", "jeunes") and stop words go.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from ..text import fold
from .lexicon import Intent, Lexicon
from .normalize import STOP_WORDS, cap_query, ends_with_separator, words
from .phonetic import phonetic_key
from .places import Place, PlaceFinder
from .stemming import stem

_NUMBER_WITH_UNIT = re.compile(r"^(\d{1,5})([a-z]+)$")
_CAPACITY_WORDS = frozenset({"capacite", "jauge", "minimum", "min", "moins", "mini", "pour"})
# A town after these words is surely a place ("à Lens", "près de Liévin"), whatever else it could mean.
_LOCATIVES = frozenset({"a", "sur", "pres", "vers", "autour", "secteur", "cote", "proche", "proximite", "region"})
# "b t s", "c.a.p": letters said one by one (not an elided "l'" or "d'", which an apostrophe follows).
_SPELLED = re.compile(r"(?<![\w'’])[a-z](?:[ .][a-z]){1,5}\.?(?![\w'’])")
MAX_TOKENS = 12
_ELIDABLE = frozenset("cdjlmnst")
_VOWELS_OR_H = frozenset("aeiouyh")
MIN_SPLIT_PART = 3
MIN_SOUNDED_INTENT = 6

# Keys of what can be undone; intents and spoken phrases add their code or phrase after the colon.
PLACE, HOME, CAPACITY, INTENT, SPOKEN = "place", "home", "capacity", "intent:", "spoken:"


@dataclass(frozen=True, slots=True)
class Understanding:
    """One thing the query was understood to mean, shown to the operator, who can undo it by its key."""

    key: str
    label: str


@dataclass
class ParsedQuery:
    text: str
    tokens: list[str] = field(default_factory=list)
    # Words that name the town: they may match text too, but a record need not hold them.
    optional: list[str] = field(default_factory=list)
    prefix_last: bool = False
    min_capacity: int | None = None
    place: Place | None = None
    intents: list[Intent] = field(default_factory=list)
    understood: list[Understanding] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.tokens and not self.optional and self.place is None and self.min_capacity is None


def parse(text: str, places: PlaceFinder | None, lexicon: Lexicon,
          ambiguous: Callable[[str], bool] = lambda word: False,
          unknown: Callable[[str], bool] = lambda word: False,
          known: Callable[[str], bool] = lambda word: True,
          literal: Collection[str] = ()) -> ParsedQuery:
    """`ambiguous(word)`: the word is also a word of the trade; `unknown(word)`: the word is nowhere in the
    vocabulary, not even one typo away, so a town one typo away is what was meant ("lievn"); `known(word)`:
    the word is in the vocabulary. `literal`: keys of understandings the operator undid."""
    text = cap_query(text)
    parsed = ParsedQuery(text=text)
    tokens = words(_join_spelled(text))
    finished = ends_with_separator(text)
    tokens = _split_glued(tokens, known, unknown, lexicon.fillers, finished)
    if CAPACITY not in literal:
        tokens = _take_capacity(tokens, lexicon.capacity_units, lexicon.room_words, parsed)
        if parsed.min_capacity is not None:
            parsed.understood.append(Understanding(CAPACITY, f"au moins {parsed.min_capacity} personnes"))
    if places is not None and PLACE not in literal:
        found = places.find(tokens)
        if found is None:
            found = places.find_misspelt(tokens, unknown)
        if found is not None:
            place, start, end = found
            named = tokens[start:end]
            if not all(word in STOP_WORDS for word in named):
                certain = start > 0 and tokens[start - 1] in _LOCATIVES
                # A one-word town that is also a word of the trade ("Avion", "Bus") is a town only after
                # "à", "près de"...; otherwise the word stays a word.
                if len(named) > 1 or certain or not ambiguous(named[0]):
                    parsed.place = place
                    parsed.optional = [word for word in named if word not in STOP_WORDS]
                    # A town typed in full is finished even without a trailing space.
                    finished = finished or end == len(tokens)
                    tokens = tokens[:start] + tokens[end:]
                    parsed.understood.append(Understanding(PLACE, f"près de {place.name}"))
    last = tokens[-1] if tokens else None
    content = [word for word in tokens if word not in STOP_WORDS]
    content = _take_intents(content, lexicon.intents, literal, parsed)
    content = _rewrite_spoken(content, lexicon, literal, parsed)
    kept = [word for word in content if word not in lexicon.fillers]
    if not kept and content and not parsed.intents and parsed.place is None and parsed.min_capacity is None:
        kept = content  # only filler words: they are what was asked ("merci"), not noise around a need
    if not kept:
        for intent in parsed.intents:
            kept.extend(word for word in intent.alone if word not in kept)
    parsed.tokens = list(dict.fromkeys(kept))[:MAX_TOKENS]
    # The last word is still being typed only when it survived every step as it was typed.
    parsed.prefix_last = bool(parsed.tokens) and not finished and parsed.tokens[-1] == last and (
        not content or content[-1] == last)
    return parsed


def _join_spelled(text: str) -> str:
    folded = fold(text)
    if len(folded) != len(text):
        return text  # a ligature changed the length: positions would not match, keep the text as it is
    out, position = [], 0
    for match in _SPELLED.finditer(folded):
        letters = "".join(char for char in match.group() if char.isalpha())
        if _elided_pair(letters, folded[match.end():]):
            continue  # "à l habilitation": a word and an article typed without its apostrophe, no sigle
        out.append(text[position:match.start()])
        out.append(letters)
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _elided_pair(letters: str, after: str) -> bool:
    """Two letters whose second is an article or pronoun elided before a vowel or h ("a l habilitation",
    "j m inscris"), typed on the phone without the apostrophe: French, not a spelled sigle ("l p", "b t s")."""
    following = after.lstrip()
    return (len(letters) == 2 and letters[1] in _ELIDABLE and len(following) < len(after)
            and following[:1] in _VOWELS_OR_H)


def _split_glued(tokens: list[str], known: Callable[[str], bool], unknown: Callable[[str], bool],
                 fillers: frozenset[str], finished: bool) -> list[str]:
    """"bacpro" → "bac", "pro": a word the vocabulary does not know, nor any word one typo away, made of two
    words it knows. Phone speech ("bonjour" is "bon" + "jour") is left whole."""
    out: list[str] = []
    for position, word in enumerate(tokens):
        typing = position == len(tokens) - 1 and not finished
        if (len(word) < 2 * MIN_SPLIT_PART or not word.isalpha() or typing or word in fillers
                or word in STOP_WORDS or known(word) or not unknown(word)):
            out.append(word)
            continue
        best = None
        for cut in range(MIN_SPLIT_PART, len(word) - MIN_SPLIT_PART + 1):
            head, tail = word[:cut], word[cut:]
            if head not in STOP_WORDS and tail not in STOP_WORDS and known(head) and known(tail):
                balance = min(len(head), len(tail))
                if best is None or balance > best[0]:
                    best = (balance, head, tail)
        out.extend(best[1:] if best else (word,))
    return out


def _take_capacity(tokens: list[str], units: frozenset[str], rooms: frozenset[str],
                   parsed: ParsedQuery) -> list[str]:
    """A room size: "60 personnes", "60p", "capacité 60", "pour 60", or a bare number once a room is named
    ("amphi 250", "salle info 25", "réfectoire 150")."""
    room_said = False
    for position, word in enumerate(tokens):
        glued = _NUMBER_WITH_UNIT.match(word)
        if glued and glued.group(2) in units:
            parsed.min_capacity = int(glued.group(1))
            return tokens[:position] + tokens[position + 1:]
        if not word.isdigit():
            room_said = room_said or word in rooms or stem(word) in rooms
            continue
        if len(word) > 5:
            continue
        after = tokens[position + 1] if position + 1 < len(tokens) else ""
        before = tokens[position - 1] if position > 0 else ""
        if after in units:
            parsed.min_capacity = int(word)
            return tokens[:position] + tokens[position + 2:]
        if before in _CAPACITY_WORDS:
            parsed.min_capacity = int(word)
            return tokens[:position - 1] + tokens[position + 1:]
        if room_said and 2 <= int(word) <= 5000:
            parsed.min_capacity = int(word)
            return tokens[:position] + tokens[position + 1:]
    return tokens


def _take_intents(content: list[str], intents: tuple[Intent, ...], literal: Collection[str],
                  parsed: ParsedQuery) -> list[str]:
    out = list(content)
    for intent in intents:
        key = INTENT + intent.code
        if key in literal:
            continue
        found = False
        # One intent word spelt by ear ("aprentissage", "stagière") is still that word.
        sounds = {phonetic_key(phrase[0]) for phrase in intent.phrases
                  if len(phrase) == 1 and len(phrase[0]) >= MIN_SOUNDED_INTENT}
        for position, word in enumerate(out):
            if len(word) >= MIN_SOUNDED_INTENT and phonetic_key(word) in sounds and not (
                    position and out[position - 1] in intent.not_after):
                out[position] = next(phrase[0] for phrase in intent.phrases
                                     if len(phrase) == 1 and phonetic_key(phrase[0]) == phonetic_key(word))
        for phrase in intent.phrases:
            size = len(phrase)
            start = 0
            while start + size <= len(out):
                if tuple(out[start:start + size]) == phrase and not (start and out[start - 1] in intent.not_after):
                    del out[start:start + size]
                    found = True
                else:
                    start += 1
        if found:
            parsed.intents.append(intent)
            parsed.understood.append(Understanding(key, intent.label))
    return out


def _rewrite_spoken(content: list[str], lexicon: Lexicon, literal: Collection[str],
                    parsed: ParsedQuery) -> list[str]:
    """Phrases callers say that no title spells, longest first, replaced by the catalogue's words (the
    operator sees the rewrite and can undo it, to search the words as said)."""
    table = lexicon.spoken
    if not table:
        return content
    out: list[str] = []
    position = 0
    while position < len(content):
        for size in range(min(4, len(content) - position), 0, -1):
            phrase = tuple(content[position:position + size])
            entry = table.get(phrase)
            if entry is not None and SPOKEN + entry.said not in literal:
                out.extend(entry.words)
                parsed.understood.append(Understanding(
                    SPOKEN + entry.said, f"« {entry.said} » = {' '.join(entry.words)}"))
                position += size
                break
        else:
            out.append(content[position])
            position += 1
    return out
