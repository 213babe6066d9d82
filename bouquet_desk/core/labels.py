"""Labels as people write them: the one place that turns stored titles and names into what people read.

National lists shout: "METIERS DE L'ELECTRICITE ET DE SES ENVIRONNEMENTS CONNECTES (BAC PRO)", "INSTITUT
UNIVERSITAIRE DE TECHNOLOGIE DE BETHUNE, UNIVERSITE D'ARTOIS". People write "Métiers de l'électricité et de
ses environnements connectés", with the diploma as its own short label (« Bac pro »), and "IUT de Béthune".

The rules:
- What was typed in mixed case is shown as typed: an establishment wrote it so. Only its shouted commune
  names are written properly ("Antenne du Lycée Béhal LENS" → "… Lens").
- A shouted text is put in sentence case, each word spelt as resources/reference/spelling.csv says (the
  accented form, or capitals for an acronym); a word whose accented form is ambiguous stays as it is.
- In a shouted establishment name, what follows the kind of establishment ("Lycée professionnel") is a
  proper name: each word capitalised, communes written as the commune table writes them.
- Stored values never change: these functions are applied where rows are built for display, never on
  import or export. They are pure functions of the text, cached: a window lists many rows.
"""

from __future__ import annotations

import csv
import functools
import re

from .paths import resource_path
from .text import fold

# The diploma families of the catalogue (Formation.diploma) as people say them.
DIPLOMA_LABELS = {
    "CAP": "CAP", "BAC PRO": "Bac pro", "BTS": "BTS", "MC": "MC", "BP": "BP", "CS": "CS", "BUT": "BUT",
    "LICENCE PRO": "Licence pro", "LICENCE": "Licence", "MASTER": "Master", "TITRE PRO": "Titre pro",
    "TITRE": "Titre", "INGENIEUR": "Diplôme d'ingénieur", "BAC TECHNO": "Bac techno", "BAC GENERAL": "Bac général",
    "BEP": "BEP", "DUT": "DUT", "DN MADE": "DN MADE", "CPGE": "CPGE", "DE": "Diplôme d'État", "AUTRE": "",
}
# Acronyms that are also French words, so the spelling table cannot know them ("le but", "un cap").
EDUCATION_ACRONYMS = frozenset({"but", "cap", "bts", "cfa", "iut", "ufr", "greta", "afpi", "afpa", "lp", "lpo",
                                "lgt", "erea", "segt", "dut", "mc", "bp", "cs", "ddfpt", "cpge", "staps"})
# Small words that stay lower case inside a proper name ("Lycée Joliot-Curie", "Loos-en-Gohelle").
PARTICLES = frozenset({"de", "du", "des", "d", "l", "la", "le", "les", "et", "en", "sur", "sous", "lez",
                       "aux", "au", "a", "dit", "dite"})
# The words that say what kind of establishment it is; the proper name starts after them.
KIND_WORDS = frozenset({
    "lycee", "professionnel", "professionnelle", "polyvalent", "general", "generale", "technologique",
    "technique", "agricole", "prive", "privee", "public", "publique", "enseignement", "metiers", "des", "du",
    "de", "d", "l", "la", "le", "les", "et", "institut", "universitaire", "technologie", "ecole", "college",
    "centre", "formation", "apprentis", "unite", "recherche", "universite", "faculte", "sciences", "regional",
    "regionale", "section", "antenne", "site", "campus", "cfa", "lp", "lpo", "lgt", "segt", "erea", "ufr", "iut",
    "greta", "groupement", "etablissements", "maritime", "horticole", "national", "nationale", "superieur",
    "superieure", "ingenieurs", "sante", "social", "sociale", "continue", "service", "commun", "en",
})
# Long forms people shorten, in a name already put in sentence case.
SHORT_FORMS = (
    (re.compile(r"\bInstitut universitaire de technologie\b", re.IGNORECASE), "IUT"),
    (re.compile(r"\bUnité de formation et de recherche\b", re.IGNORECASE), "UFR"),
    (re.compile(r"\bCentre de formation d'apprentis\b", re.IGNORECASE), "CFA"),
)
# ", Université d'Artois" after an IUT or a UFR: the parent body, which the short name does not repeat.
_PARENT = re.compile(r",\s*Université\b.*$")
# A trailing parenthesis naming only the diploma: "(BAC PRO)", "(CAP)", "(MC NIVEAU III)", "(LP ARRAS)".
_DIPLOMA_TAG = re.compile(
    r"\s*\((?:CAPA?M?|BAC|BTS[AM]?|BPA?\d?|BEPA?|MC\d?|CS[A\d]?|BT[AN]?|BMA?|BC|DMA|TP|LP|LIC|LICENCE|MASTER|BUT|"
    r"DUT|DEUST|TH\S*)\b[^()]*\)\s*$", re.IGNORECASE)
_TRAILING_TAG = re.compile(r"\s*\(([^()]*)\)\s*$")
# Letters that name an option or a category: "option A", "permis B".
_LETTER_AFTER = frozenset({"option", "options", "type", "groupe", "classe", "categorie", "permis", "niveau"})
_TOKEN = re.compile(r"[^\W\d_]+|\d+[^\W_]*|[^\w]+|_+", re.UNICODE)
# The spelling table knows every French word of at most this many letters: a shorter unknown one is an acronym.
SHORT_ACRONYM = 4
_ORDINAL = re.compile(r"^\d+(?:er|ere|re|e|eme|nde|nd|de|d)$")
_ROMAN = re.compile(r"^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})$")


@functools.cache
def _spelling() -> dict[str, str]:
    with resource_path("reference", "spelling.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        return {word: written for word, written in reader}


def is_shouted(text: str) -> bool:
    """Letters, none in lower case: "METIERS DE L'ELECTRICITE"."""
    return any(char.isalpha() for char in text) and not any(char.islower() for char in text)


def _written(word: str, previous: str) -> str:
    """One shouted word as written, in lower case unless an acronym."""
    key = fold(word)
    if len(word) == 1 and fold(previous) in _LETTER_AFTER:
        return word.upper()
    if key in EDUCATION_ACRONYMS or _ROMAN.match(key) and len(key) > 1:
        return word.upper()
    if _ORDINAL.match(key):
        return key  # "2nde", "1re"
    written = _spelling().get(key)
    if written is not None:
        return written
    if any(char.isdigit() for char in word) or (len(key) <= SHORT_ACRONYM and key.isalpha()):
        return word.upper()  # "IG2I"; a short word the table does not know: "MCO", "SIO"
    return word.lower()


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def sentence(text: str) -> str:
    """A shouted text in sentence case with accents; a mixed-case text as typed."""
    text = " ".join((text or "").split())
    if not is_shouted(text):
        return text
    out: list[str] = []
    previous = ""
    first = True
    for token in _TOKEN.findall(text):
        if not token[0].isalnum():
            out.append(token)
            continue
        word = _written(token, previous)
        if first:
            word = _capitalise(word)
            first = False
        out.append(word)
        previous = token
    return "".join(out)


def restore_accents(text: str) -> str:
    """Accents put back on a text typed in mixed case without them ("Genie civil" → "Génie civil"), each
    word keeping its case; acronyms and ambiguous words as typed. For deriving data, not for display."""
    def fix(match: re.Match) -> str:
        word = match.group(0)
        written = _spelling().get(fold(word))
        if written is None or written.isupper() or fold(written) != fold(word) or word.isupper():
            return word
        return _capitalise(written) if word[0].isupper() else written
    return re.sub(r"[^\W\d_]+", fix, text)


def diploma_label(diploma: str | None) -> str:
    """« Bac pro », « BTS »: the family code as people say it; empty when unknown."""
    code = " ".join((diploma or "").upper().split())
    if code in DIPLOMA_LABELS:
        return DIPLOMA_LABELS[code]
    return sentence(code) if code else ""


@functools.lru_cache(maxsize=100_000)
def formation_title(title: str | None, diploma: str | None = None) -> str:
    """The title alone, as people write it: the diploma tag of a national list dropped ("(BAC PRO)", or a
    tag starting with the formation's own diploma code)."""
    text = " ".join((title or "").split())
    if is_shouted(text):
        text = _DIPLOMA_TAG.sub("", text) or text
        tag = _TRAILING_TAG.search(text)
        code = (diploma or "").split()
        if tag and code and tag.group(1).split() and tag.group(1).split()[0].upper() == code[0].upper():
            text = text[: tag.start()].rstrip() or text
    return sentence(text)


@functools.lru_cache(maxsize=100_000)
def formation_label(title: str | None, diploma: str | None) -> str:
    """The diploma then the title, for a line of text: "Bac pro Métiers de l'électricité …"."""
    shown = formation_title(title, diploma)
    label = diploma_label(diploma)
    if not label or fold(shown).startswith(fold(label) + " ") or fold(shown) == fold(label):
        return shown
    return f"{label} {shown}"


def display_title(kind: str, title: str | None, diploma: str | None = None) -> str:
    """The title of a search result or catalogue item as shown: a formation with its diploma, an
    establishment's name as written; rooms and people as typed."""
    if kind == "formation":
        return formation_label(title, diploma)
    if kind == "establishment":
        return establishment_name(title)
    return title or ""


def _commune_spelling(words: list[str]) -> str | None:
    from .reference import default_reference

    core = [word.strip(",;:()") for word in words]
    if not all(core) or fold(core[0]) in PARTICLES or fold(core[-1]) in PARTICLES:
        return None
    if not any(len(word) > 2 for word in core):
        return None
    commune = default_reference().commune(" ".join(core))
    return commune.name if commune is not None else None


def _with_punctuation(words: list[str], name: str) -> str:
    """The commune name with the punctuation that stood around its words: "(BETHUNE)," → "(Béthune),"."""
    lead = re.match(r"^[,;:()]*", words[0]).group(0)
    trail = re.search(r"[,;:()]*$", words[-1]).group(0)
    return f"{lead}{name}{trail}"


def _commune_runs(tokens: list[str]):
    """(start, end, name) of the longest runs of whitespace tokens naming a commune, left to right."""
    index = 0
    while index < len(tokens):
        for end in range(min(len(tokens), index + 4), index, -1):
            name = _commune_spelling(tokens[index:end])
            if name is not None:
                yield index, end, _with_punctuation(tokens[index:end], name)
                index = end
                break
        else:
            index += 1


def _proper_word(token: str, first: bool) -> str:
    """One shouted token of a proper name: "JOLIOT-CURIE" → "Joliot-Curie", "D'ARTOIS" → "d'Artois"."""
    out: list[str] = []
    previous = ""
    for part in _TOKEN.findall(token):
        if not part[0].isalnum():
            out.append(part)
            continue
        written = _written(part, previous)
        if (written.isupper() and len(written) > 1) or (fold(part) in PARTICLES and not (first and not out)):
            out.append(written)
        else:
            out.append(_capitalise(written))
        previous = part
    return "".join(out)


def _proper(tokens: list[str], *, first: bool = True) -> list[str]:
    out: list[str] = []
    runs = {start: (end, name) for start, end, name in _commune_runs(tokens)}
    index = 0
    while index < len(tokens):
        if index in runs:
            end, name = runs[index]
            out.append(name)
            index = end
        else:
            out.append(_proper_word(tokens[index], first and index == 0))
            index += 1
    return out


_SHOUTED_TOKEN = re.compile(r"^[,;:(]*[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*[,;:)]*$")
_ELIDED_SHOUT = re.compile(r"^([dlDL]['’])([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+[,;:)]*)$")


def _fix_shouted_communes(name: str) -> str:
    """In a mixed-case name, the shouted words that name communes, written properly; the rest as typed."""
    tokens = name.split(" ")
    out: list[str] = []
    index = 0
    while index < len(tokens):
        end = index
        while end < len(tokens) and _SHOUTED_TOKEN.match(tokens[end]) and is_shouted(tokens[end]) \
                and sum(char.isalpha() for char in tokens[end]) > 1:
            end += 1
        if end == index:
            elided = _ELIDED_SHOUT.match(tokens[index])
            name = _commune_spelling([elided.group(2)]) if elided else None
            out.append(f"{elided.group(1)}{name}" if name else tokens[index])  # "d'ARRAS" → "d'Arras"
            index += 1
            continue
        run = tokens[index:end]
        replaced = {start: (stop, name) for start, stop, name in _commune_runs(run)}
        position = 0
        while position < len(run):
            if position in replaced:
                stop, commune = replaced[position]
                out.append(commune)
                position = stop
            else:
                out.append(run[position])  # a shouted acronym (CFA, AFTRAL) stays as typed
                position += 1
        index = end
    return " ".join(out)


@functools.lru_cache(maxsize=100_000)
def establishment_name(name: str | None) -> str:
    """The name as people write it: "IUT de Béthune", "Lycée professionnel Henri Senez"."""
    text = " ".join((name or "").split())
    if not text:
        return ""
    if not is_shouted(text):
        return _fix_shouted_communes(text)
    tokens = text.split(" ")
    kind: list[str] = []
    for token in tokens:
        parts = [fold(part) for part in re.split(r"[^\w]+", token) if part]
        if parts and all(part in KIND_WORDS for part in parts):
            kind.append(token)
        else:
            break
    # The kind ends before its last particles: "LYCEE DE" + "LENS" → "Lycée de" + "Lens".
    rest = tokens[len(kind):]
    result = " ".join(part for part in (sentence(" ".join(kind)), " ".join(_proper(rest, first=not kind))) if part)
    result = _capitalise(result)
    for pattern, short in SHORT_FORMS:
        result = pattern.sub(short, result)
    if re.match(r"^(IUT|UFR)\b", result):
        result = _PARENT.sub("", result)
    return result
