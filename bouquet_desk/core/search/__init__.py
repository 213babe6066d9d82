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

from ..deferred import names_from

# Each public name is loaded on first use: the window imports the engine on the way to its first paint, and the
# database side (source, unmet) would bring SQLAlchemy and the models with it.
_HOMES = {"SearchAnswer": "results", "SearchEngine": "engine", "SearchRecord": "records", "SearchResult": "results",
          "load_records": "source", "record_unmet": "unmet", "scrub": "unmet"}
__all__ = sorted(_HOMES)
__getattr__ = names_from(__name__, _HOMES)
