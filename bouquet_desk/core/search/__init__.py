"""Who does what and where: the catalogue search, free of Qt.

For the window:

    engine = SearchEngine(context.reference)
    engine.build_from_db(context.sessions)                # in a worker thread at start; searches answer
                                                          # (empty) meanwhile and switch to the new index at once
    answer = engine.search(text, kind=None, near=None, limit=50,   # each debounced keystroke, any thread
                           home=caller_commune, literal=undone_keys)
    for result in answer.results: result.kind, result.title, result.establishment, result.commune,
                                  result.why, result.score, result.key, result.db_id, result.approximate ...
    answer.understood        # (key, label) items: intents, spoken words, place, room size; undo by key
    answer.exact             # False: nothing matched well, the results are the nearest (« Aucun résultat exact »)
    engine.refresh(context.sessions, uais)                # after an import or an edit of those establishments
    engine.upsert(records) / engine.remove(keys)          # finer updates, when the caller has the rows
    record_unmet(context.sessions, text, kind)            # when the operator commits a search with no exact answer

`near` naming a town the engine does not know raises UserError; odd text never raises.
"""

from .engine import SearchEngine
from .records import SearchRecord
from .results import SearchAnswer, SearchResult
from .source import load_records
from .unmet import record_unmet, scrub

__all__ = ["SearchAnswer", "SearchEngine", "SearchRecord", "SearchResult", "load_records", "record_unmet", "scrub"]
