"""Derive resources/reference/spelling.csv: how a word shouted without accents is written in French.

National lists (BCN titles, ACCE names, Parcoursup) shout: "METIERS DE L'ELECTRICITE". The application shows
them in sentence case with their accents (bouquet_desk/core/labels.py), and this table says, for each word
folded to lower case without accents, its written form:
- an accented or ligatured lower-case form ("electricite" -> "électricité", "oeuvre" -> "œuvre");
- or the upper-case form of an acronym ("bts" -> "BTS"), as the mixed-case sources write it.

Where the forms come from, most trusted first:
1. The accented, mixed-case text of the open data: Certif Info certification labels (the same diplomas'
   titles, written properly), ROME job labels and titles, master titles, commune names, and the mixed-case
   names of the ACCE directory. A word gets the form these texts use; when they use two forms of one word
   often enough, or when they use it rarely (under 20 times) and the word list finds the plain spelling
   commoner ("mais" and "maïs"),
   it is ambiguous and gets no row: it stays as it is.
2. For a word those texts do not have: the French word list of the pyspellchecker package (word
   frequencies from subtitles), only when one form clearly dominates (its runner-up, the unaccented form
   included, is under 5 % of it): "connectes"/"connectés" would tie, "metiers" has only "métiers".
Only the words of the titles and names the helpdesk shows (BCN, ACCE, Parcoursup, masters, the texts above)
are kept, so the table stays small. A word whose best form is its plain spelling has no row.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

# Two forms of one word in the trusted texts: the runner-up must stay under this share of the winner.
TRUSTED_RUNNER_UP = 0.1
# A trusted form seen at least this often wins even when the word list prefers the plain spelling ("à").
TRUSTED_STRONG = 20
# ... and in the word list, where frequencies are large and noisy, under this share.
LIST_RUNNER_UP = 0.05
# An acronym: written in capitals in at least this share of its occurrences (and at least twice).
ACRONYM_SHARE = 0.8
# ... unless it is a common French word ("si", "but", "badge"): labels.py names the few diploma acronyms
# that are also words (BUT, CAP).
COMMON_WORD = 3000
# A shouted word of at most this many letters that no text or list knows is taken for an acronym.
SHORT_UNKNOWN = 4
# ... a short word of the word list at least this frequent is a French word ("gros", "bois", "lait").
SHORT_KNOWN = 50
_VOWELS = re.compile("[aeiouy]")
_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?|[^\W_]*\d[^\W_]*", re.UNICODE)
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def words(text: str) -> Iterator[str]:
    for match in _WORD.finditer(text):
        token = match.group(0).replace("’", "'")
        # "l'électricité": the elided article is its own word.
        if "'" in token:
            head, _, tail = token.partition("'")
            yield head
            yield tail
        else:
            yield token


def _column(path: Path, names: Iterable[str], read_rows) -> Iterator[str]:
    for row in read_rows(path):
        for name in names:
            if row.get(name):
                yield row[name]


def trusted_texts(source: Path, read_rows) -> Iterator[str]:
    yield from _column(source / "certifinfo_certifications_rome.csv", ["Libelle_Diplome"], read_rows)
    yield from _column(source / "rome_fiches.csv", ["libelle_rome"], read_rows)
    yield from _column(source / "rome_appellations.csv", ["libelle_appellation_long"], read_rows)
    yield from _column(source / "tmm_mentions_master_62.csv",
                       ["Intitulé de la mention de master", "Domaine(s) de la mention de master"], read_rows)
    yield from _column(source / "communes_62.csv", ["commune_article"], read_rows)
    yield from _column(source / "diplomes_professionnels_cpc.csv", ["Intitulé de la spécialité (et options)"],
                       read_rows)


def directory_names(source: Path, read_rows) -> Iterator[str]:
    """The mixed-case ACCE names: trusted for accents, not for capitals (they shout their communes)."""
    for name in _column(source / "etablissements_62.csv", ["appellation_officielle"], read_rows):
        if any(char.islower() for char in name):
            yield name


def shown_texts(source: Path, read_rows) -> Iterator[str]:
    """The shouted titles and names the application shows, whose words need a written form."""
    yield from _column(source / "bcn_v_formation_diplome.csv", ["LIBELLE_LONG_200"], read_rows)
    yield from _column(source / "etablissements_62.csv", ["appellation_officielle"], read_rows)
    yield from _column(source / "parcoursup_francuniv_62.csv", ["Filiere de formation", "etablissement"], read_rows)


def word_list() -> dict[str, int]:
    from spellchecker import SpellChecker  # packaging-time only: the application reads the derived table

    return dict(SpellChecker(language="fr").word_frequency.dictionary)


def derive_spelling(source: Path, read_rows) -> tuple[list[list[str]], dict[str, int]]:
    trusted: dict[str, Counter] = defaultdict(Counter)
    capitals: Counter = Counter()
    texts = [(text, True) for text in trusted_texts(source, read_rows)]
    texts += [(name, False) for name in directory_names(source, read_rows)]
    for text, capitals_count in texts:
        if not any(char.islower() for char in text):
            continue  # a shouted text says nothing of how a word is written
        for word in words(text):
            if len(word) == 1 and word.isupper():
                continue  # "option A", "permis B": a letter, not the word "a"
            key = fold(word)
            if capitals_count and len(word) > 1 and word.isupper():
                capitals[key] += 1
            trusted[key][word.lower()] += 1
    wanted = set(trusted)
    for text in shown_texts(source, read_rows):
        wanted.update(fold(word) for word in words(text))
    listed: dict[str, Counter] = defaultdict(Counter)
    short_words: set[str] = set()
    for word, frequency in word_list().items():
        key = fold(word)
        if key in wanted:
            listed[key][word] += frequency
        if len(key) <= SHORT_UNKNOWN and frequency >= SHORT_KNOWN and key.isalpha():
            short_words.add(key)
    rows, counts = [], Counter()
    for key in sorted(wanted):
        total = sum(trusted.get(key, Counter()).values())
        common = sum(listed.get(key, Counter()).values()) >= COMMON_WORD
        if capitals[key] >= 2 and capitals[key] >= ACRONYM_SHARE * total and len(key) > 1 and not common:
            rows.append([key, key.upper()])
            counts["acronym"] += 1
            continue
        unknown = key not in trusted and key not in listed and len(key) > 1
        if unknown and (len(key) <= SHORT_UNKNOWN or not _VOWELS.search(key)):
            # "MCO", "GEII", "BTP": a short shouted word that is no French word is an acronym.
            if key.isalpha() or any(char.isdigit() for char in key):
                rows.append([key, key.upper()])
                counts["unknown short"] += 1
            continue
        for forms, share, origin in ((trusted.get(key), TRUSTED_RUNNER_UP, "trusted"),
                                     (listed.get(key), LIST_RUNNER_UP, "list")):
            if not forms:
                continue
            (best, best_count), *rest = forms.most_common() + [("", 0)]
            runner_up = rest[0][1]
            plain_in_list = listed.get(key, Counter())
            if runner_up >= share * best_count or (
                    origin == "trusted" and best_count < TRUSTED_STRONG and best != key
                    and plain_in_list[key] and plain_in_list[key] >= plain_in_list[best]):
                # Two forms in use, or the plain spelling is the commoner word ("mais" before "maïs").
                counts["ambiguous"] += 1
            elif best != key:
                rows.append([key, best])
                counts[origin] += 1
            break
    # The short French words, even those written as they are shouted: for the application, a shouted word
    # of at most four letters that this table does not know is an acronym ("MCO", "SIO").
    settled = {row[0] for row in rows}
    acronyms = wanted_acronyms(rows)
    for key in sorted(short_words | {key for key in trusted if len(key) <= SHORT_UNKNOWN and key.isalpha()}):
        if key not in settled and key not in acronyms:
            rows.append([key, key])
            counts["short word"] += 1
    rows.sort()
    return rows, dict(counts)


def wanted_acronyms(rows: list[list[str]]) -> set[str]:
    return {word for word, written in rows if written.isupper()}
