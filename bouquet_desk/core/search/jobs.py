"""Job words to formations: a job title said on the phone → ROME codes → formations carrying those codes.

"plombier" is in no diploma title, but it is a ROME job title (F1603), and the diplomas that lead there
carry F1603. The job titles are matched as a whole: a title is a candidate only when the query holds most
of its words, so "aide" alone does not drag in every "aide-xxx" job of the ROME.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .normalize import content_words
from .stemming import stem

MIN_SPECIFICITY = 0.5
KEEP_RATIO = 0.4
MAX_CODES = 12
MIN_SCORE = 0.35


@dataclass(frozen=True, slots=True)
class JobLink:
    code: str
    title: str
    score: float
    tokens: frozenset[int]


class JobMatcher:
    def __init__(self, job_titles: Iterable[tuple[str, str]]) -> None:
        self.titles: list[tuple[str, str, frozenset[str]]] = []
        self.by_stem: dict[str, list[int]] = {}
        self.surfaces: set[str] = set()
        for title, code in job_titles:
            words = content_words(title)
            stems = frozenset(stem(word) for word in words)
            if not stems:
                continue
            number = len(self.titles)
            self.titles.append((title, code.upper(), stems))
            self.surfaces.update(words)
            for one in stems:
                self.by_stem.setdefault(one, []).append(number)

    def match(self, token_stems: Sequence[dict[str, float]]) -> list[JobLink]:
        """Job titles covered by the query; token_stems[i] maps the stems query word i may stand for to
        their quality (1 for the word itself, less for a correction or a completion)."""
        if not token_stems:
            return []
        touched: dict[int, dict[str, tuple[int, float]]] = {}
        for index, candidates in enumerate(token_stems):
            for one, quality in candidates.items():
                for number in self.by_stem.get(one, ()):
                    hits = touched.setdefault(number, {})
                    if hits.get(one, (0, 0.0))[1] < quality:
                        hits[one] = (index, quality)
        best: dict[str, JobLink] = {}
        for number, hits in touched.items():
            title, code, stems = self.titles[number]
            specificity = len(hits) / len(stems)
            if specificity < MIN_SPECIFICITY:
                continue
            tokens = frozenset(index for index, _q in hits.values())
            quality = min(q for _i, q in hits.values())
            # A job title half said is a weak hint: specificity counts twice. The words of the query the
            # title does not cover are scored on their own, so they do not weaken the link.
            score = specificity * specificity * quality
            known = best.get(code)
            if known is None or score > known.score or (score == known.score and len(title) < len(known.title)):
                best[code] = JobLink(code, title, score, tokens)
        if not best:
            return []
        top = max(link.score for link in best.values())
        kept = [link for link in best.values() if link.score >= KEEP_RATIO * top and link.score >= MIN_SCORE]
        kept.sort(key=lambda link: (-link.score, link.code))
        return kept[:MAX_CODES]


def related_rome(cfd: str | None, own: Sequence[str], rome_for_cfd) -> tuple[str, ...]:
    """ROME codes of neighbouring diploma codes, for a diploma that has none of its own.

    Common first years ("2NDE COMMUNE"), renewed codes and options of one diploma share the first six
    characters of the CFD (level and speciality); their jobs are a fair guess for a code without links.
    """
    if own or not cfd or len(cfd) != 8 or rome_for_cfd is None:
        return ()
    prefix = cfd[:6]
    found: dict[str, None] = {}
    for suffix in range(100):
        sibling = f"{prefix}{suffix:02d}"
        if sibling != cfd:
            for code in rome_for_cfd(sibling):
                found[code] = None
    return tuple(found)
