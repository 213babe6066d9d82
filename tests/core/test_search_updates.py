"""The index follows the catalogue: one record added, changed or removed without a rebuild; a rebuild in
another thread swaps in atomically while searches go on."""

from __future__ import annotations

import threading
from dataclasses import replace

from search_samples import keys, reference, sample_engine, sample_records

from bouquet_desk.core.search.engine import SearchEngine
from bouquet_desk.core.search.records import SearchRecord


def _boulangerie(uai="0620001A"):
    return SearchRecord(kind="formation", uai=uai, cfd="50022114", title="BOULANGER (CAP)", diploma="CAP",
                        establishment="Lycée professionnel Jean Prouvé", commune="Lens", lat=50.43954, lng=2.8191)


def test_add_update_remove_one_record():
    engine = sample_engine()
    assert not engine.search("boulanger ").exact  # only the nearest matches, marked as such
    engine.upsert([_boulangerie()])
    assert keys(engine.search("boulanger "), 1) == [("formation", "0620001A", "50022114")]
    engine.upsert([replace(_boulangerie(), title="BOULANGER PATISSIER (CAP)")])
    found = engine.search("boulanger ")
    assert len(found.results) == 1 and found.results[0].title == "CAP Boulanger pâtissier"
    engine.remove([("formation", "0620001A", "50022114")])
    assert not engine.search("boulanger ").exact  # only the nearest matches, marked as such


def test_many_changes_compact_the_index():
    engine = sample_engine()
    for round_ in range(3):
        engine.upsert([replace(_boulangerie(), cfd=f"5002{n:04d}") for n in range(800)])
    assert len(engine) == len(sample_records()) + 800
    assert len(engine.search("boulanger ", limit=500).results) == 500


def test_rebuild_in_a_thread_while_searching():
    engine = SearchEngine(reference=reference())
    engine.build(sample_records()[:5])
    errors = []
    done = threading.Event()

    def keep_searching():
        try:
            while not done.is_set():
                engine.search("soudage")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    reader = threading.Thread(target=keep_searching)
    reader.start()
    worker = threading.Thread(target=engine.build, args=(sample_records(),))
    worker.start()
    worker.join()
    done.set()
    reader.join()
    assert errors == []
    assert engine.ready
    assert len(engine) == len(sample_records())
    assert engine.search("soudage").results


def test_searching_before_the_first_build_answers_nothing_at_once():
    engine = SearchEngine(reference=reference())
    assert not engine.ready
    assert engine.search("soudage").results == ()
