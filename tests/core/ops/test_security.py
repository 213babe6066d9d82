"""Security rules that a test can hold: no SQL assembled from strings, no database password written to the
user's files, personal data files readable by their owner only."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

PACKAGE = Path(__file__).resolve().parents[3] / "bouquet_desk"

SQL_CALLS = {"execute", "exec_driver_sql", "executemany", "executescript", "text"}

# Documented exceptions: (file relative to bouquet_desk/, function) -> why the string is safe.
ALLOWED: dict[tuple[str, str], str] = {}


def _dynamic_string(node: ast.AST, assigned: dict[str, ast.AST], depth: int = 0) -> bool:
    """True when `node` builds a string at run time: f-string with values, % or + on strings, .format()."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        sides = (node.left, node.right)
        return any(isinstance(s, (ast.Constant, ast.JoinedStr)) and isinstance(getattr(s, "value", ""), str)
                   or _dynamic_string(s, assigned, depth + 1) for s in sides)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return isinstance(node.func.value, (ast.Constant, ast.JoinedStr))
    if isinstance(node, ast.Name) and node.id in assigned and depth < 3:
        return _dynamic_string(assigned[node.id], assigned, depth + 1)
    return False


def sql_from_strings(source: str, filename: str = "<code>") -> list[tuple[int, str]]:
    """(line, function) of every execute()/exec_driver_sql()/text() whose SQL is built from strings."""
    tree = ast.parse(source, filename)
    found: dict[int, str] = {}
    # Functions first (their local assignments resolve names), then the module's own statements.
    for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))] + [tree]:
        assigned = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                assigned[node.targets[0].id] = node.value
        for node in ast.walk(function):
            if not isinstance(node, ast.Call) or not node.args or node.lineno in found:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in SQL_CALLS and _dynamic_string(node.args[0], assigned):
                found[node.lineno] = getattr(function, "name", "<module>")
    return sorted(found.items())


def test_the_checker_sees_the_usual_ways_of_building_sql():
    bad = '''
def a(c, name):
    c.execute(f"SELECT * FROM t WHERE name = '{name}'")
def b(c, name):
    c.execute("SELECT * FROM t WHERE name = '%s'" % name)
def d(c, name):
    c.exec_driver_sql("SELECT * FROM " + name)
def e(name):
    return text("DELETE FROM t WHERE id = {}".format(name))
def f(c, name):
    query = f"DROP TABLE {name}"
    c.execute(query)
'''
    good = '''
def a(c, name):
    c.execute(text("SELECT * FROM t WHERE name = :name"), {"name": name})
def b(c):
    c.exec_driver_sql("PRAGMA integrity_check")
def d(session, model, name):
    session.execute(select(model).where(model.name == name))
def e(label):
    return f"{label} : fini"
'''
    assert [line for line, _ in sql_from_strings(bad)] == [3, 5, 7, 9, 12]
    assert sql_from_strings(good) == []


def test_no_sql_is_assembled_from_strings_in_the_package():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        for line, function in sql_from_strings(path.read_text(encoding="utf-8"), str(path)):
            if (relative, function) not in ALLOWED:
                found.append(f"bouquet_desk/{relative}:{line} in {function}()")
    assert not found, ("SQL built from strings (use bound parameters or SQLAlchemy expressions; a quoted "
                       "identifier from a validated name goes in ALLOWED with its reason):\n" + "\n".join(found))


# ---------------------------------------------------------------- passwords


SECRET = "pw-must-not-leak-7319"


def test_a_database_password_never_reaches_the_user_s_files(pg_url, data_dir, tmp_path):
    """The URL (with its password) comes from --db or BOUQUET_DESK_DB on each start and is never written:
    not to settings.json, not to the logs, not to a backup's name."""
    url = make_url(pg_url).set(password=SECRET).render_as_string(hide_password=False)  # trust auth ignores it
    (data_dir / "settings.json").write_text('{"operator": "Alice"}', encoding="utf-8")

    def cli(*args, env_url=False):
        env = dict(os.environ)
        argv = [sys.executable, "-m", "bouquet_desk", "-v"]
        if env_url:
            env["BOUQUET_DESK_DB"] = url
        else:
            argv += ["--db", url]
        return subprocess.run([*argv, *args], env=env, capture_output=True, text=True, timeout=120)

    assert cli("db", "upgrade").returncode == 0
    assert cli("call", "add", "--phone", "03 21 77 88 99", "--category", "PFMP").returncode == 0
    assert cli("db", "check", env_url=True).returncode == 0
    assert cli("backup", str(tmp_path / "serveur.dump")).returncode == 0
    unreachable = url.replace(str(make_url(pg_url).port), "1")  # a failure message names the URL: hidden
    failed = subprocess.run(
        [sys.executable, "-m", "bouquet_desk", "--db", unreachable, "db", "check"], capture_output=True, text=True,
        timeout=120)
    assert failed.returncode == 2 and SECRET not in failed.stderr and "***" in failed.stderr

    from bouquet_desk.app import open_context

    context = open_context(url, seed_demo=False)
    try:
        context.settings.save()
    finally:
        context.close()
    written = [path for path in data_dir.rglob("*") if path.is_file()]
    assert data_dir / "settings.json" in written and any("logs" in path.parts for path in written)
    for path in written:
        assert SECRET.encode() not in path.read_bytes(), path
    assert "postgresql" not in (data_dir / "settings.json").read_text(encoding="utf-8")


def test_settings_have_no_place_for_a_database_address():
    from dataclasses import fields

    from bouquet_desk.core.settings import Settings

    names = {field.name for field in fields(Settings)}
    assert not {name for name in names if any(word in name for word in ("url", "password", "database", "db_"))}


# ---------------------------------------------------------------- permissions


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_settings_and_logs_become_owner_only(open_ctx, data_dir):
    from bouquet_desk.core.ops.backup import ensure_daily_backup

    context = open_ctx(None)
    context.settings.save()
    logs = data_dir / "logs"
    logs.mkdir(exist_ok=True)
    (logs / "bouquet-desk.log").write_text("journal", encoding="utf-8")
    for path in (data_dir / "settings.json", logs / "bouquet-desk.log"):
        os.chmod(path, 0o644)
    os.chmod(logs, 0o755)
    ensure_daily_backup(context, today=date(2025, 3, 12))
    assert (data_dir / "settings.json").stat().st_mode & 0o777 == 0o600
    assert (logs / "bouquet-desk.log").stat().st_mode & 0o777 == 0o600
    assert logs.stat().st_mode & 0o777 == 0o700
