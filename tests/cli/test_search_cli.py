"""`bouquet-desk search` as a program: JSON, the batch protocol (one answer flushed per line), filters,
and the exit code for an unknown town. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from bouquet_desk.core.catalogue.importer import import_catalogue
from bouquet_desk.core.db.models import SearchLog


@pytest.fixture
def catalogue_url(db_url, open_ctx, dev_catalogue, data_dir):
    context = open_ctx(db_url)
    import_catalogue(context, dev_catalogue)
    return db_url


def _command(url, *args):
    return [sys.executable, "-m", "bouquet_desk", "--db", url, "search", *args]


def _run(url, *args, stdin=None):
    return subprocess.run(_command(url, *args), input=stdin, capture_output=True, text=True, timeout=120,
                          env=os.environ.copy())


def test_search_json(catalogue_url):
    done = _run(catalogue_url, "plombier", "--json", "--limit", "3")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert 0 < len(results) <= 3
    first = results[0]
    assert first["kind"] == "formation" and first["uai"] == "0623377J"
    assert {"cfd", "title", "establishment", "commune", "score", "why"} <= set(first)


def test_search_table_by_default(catalogue_url):
    done = _run(catalogue_url, "amphithéâtre")
    assert done.returncode == 0, done.stderr
    assert "Amphithéâtre" in done.stdout and "1." in done.stdout


def test_kind_and_near(catalogue_url):
    done = _run(catalogue_url, "salle", "--kind", "resource", "--near", "Lens", "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert results and all(result["kind"] == "resource" and "code" in result for result in results)
    assert results[0]["commune"] == "Lens"


def test_unknown_town_exits_2(catalogue_url):
    done = _run(catalogue_url, "plombier", "--near", "Atlantis")
    assert done.returncode == 2
    assert "Atlantis" in done.stderr


def test_batch_answers_each_line_before_the_next_is_sent(catalogue_url):
    with subprocess.Popen(_command(catalogue_url, "--batch", "--json", "--limit", "5"), stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=os.environ.copy()) as process:
        process.stdin.write("iut lens\n")
        process.stdin.flush()
        first = json.loads(process.stdout.readline())  # would hang if the answer were not flushed
        assert first[0] == {**first[0], "kind": "establishment", "uai": "0623985V"}
        process.stdin.write("bts sp3s\n")
        process.stdin.flush()
        second = json.loads(process.stdout.readline())
        assert second[0]["cfd"] in ("32033001", "32033002")
        process.stdin.write("\n")
        process.stdin.flush()
        assert json.loads(process.stdout.readline()) == []
        process.stdin.close()
        errors = process.stderr.read()
        assert process.wait(timeout=60) == 0, errors


def test_nothing_found_is_recorded_without_personal_data(catalogue_url, open_ctx):
    done = _run(catalogue_url, "dresseur", "de", "dragons", "0612345678", "--json")
    assert done.returncode == 0, done.stderr
    # Never a blank list: the nearest matches, each marked as such; the need is recorded all the same.
    results = json.loads(done.stdout)
    assert results and all(result["approximate"] for result in results)
    context = open_ctx(catalogue_url)
    with context.sessions() as session:
        assert session.execute(select(SearchLog.query)).scalars().all() == ["dresseur de dragons"]


def test_batch_survives_odd_bytes_and_long_lines(catalogue_url):
    lines = b"plomb\xffier\n" + b"x" * 20_000 + b"\n'; DROP TABLE formations; --\nmacon\n"
    done = subprocess.run(_command(catalogue_url, "--batch", "--json", "--no-log"), input=lines,
                          capture_output=True, timeout=120, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(answers) == 4
    assert answers[3][0]["cfd"] in ("50023217", "50023224")


@pytest.mark.parametrize("url, said", [
    ("mysql://bouquet@serveur/base", "non prise en charge : « mysql »"),
    ("nosuchdatabase://serveur/base", "non prise en charge : « nosuchdatabase »"),
    ("sqlite:///:memory:", "en mémoire n'est pas prise en charge"),
])
def test_a_database_address_we_cannot_use_is_refused_in_french(url, said):
    done = _run(url, "plombier")
    assert done.returncode == 2, done.stderr
    assert said in done.stderr and "Traceback" not in done.stderr
