"""The desktop bundle: built with PyInstaller into a temporary folder (packaging/build.sh), then started from
another folder, offscreen: version, an import, a search, the embedded default database, the window.

Slow (a minute or two): marked `bundle`. Skipped when PyInstaller is not installed, unless
BOUQUET_DESK_REQUIRE_BUNDLE is set (CI), which makes that a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bundle, pytest.mark.skipif(sys.platform == "win32",
                                                     reason="the Windows bundle is built on Windows")]

REPO = Path(__file__).resolve().parents[2]
REQUIRE_ENV = "BOUQUET_DESK_REQUIRE_BUNDLE"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{REQUIRE_ENV} is set but PyInstaller is not installed: pip install -e '.[packaging]'")
        pytest.skip("PyInstaller not installed (pip install -e '.[packaging]')")
    if shutil.which("objdump") is None:
        message = "objdump (binutils) is needed by PyInstaller on Linux"
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("bundle")
    start = time.monotonic()
    built = subprocess.run(["bash", str(REPO / "packaging" / "build.sh"), str(out)], capture_output=True, text=True,
                           env={**os.environ, "PYTHON": sys.executable}, timeout=1200)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-5000:]
    folder = out / "bouquet-desk"
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"\nbundle built in {time.monotonic() - start:.0f} s, {size / 1e6:.0f} MB")
    return folder


@pytest.fixture
def run(bundle, tmp_path):
    """Runs the bundled program from a folder outside the repository, with its own data folder."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(BOUQUET_DESK_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    env.pop("BOUQUET_DESK_DB", None)

    def _run(*args: str, expect: int = 0) -> subprocess.CompletedProcess:
        done = subprocess.run([str(bundle / "bouquet-desk"), *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == expect, (args, done.stdout[-2000:], done.stderr[-2000:])
        assert "Traceback" not in done.stderr
        return done

    _run.env = env
    return _run


def test_bundle_carries_the_package_data(bundle):
    internal = bundle / "_internal"
    assert (internal / "bouquet_desk" / "resources" / "icons" / "bouquet-desk.svg").exists()
    assert (internal / "bouquet_desk" / "migrations" / "env.py").exists()
    assert list((internal / "bouquet_desk" / "migrations" / "versions").glob("0001_*.py"))
    assert (internal / "bouquet-desk.png").exists() and (internal / "bouquet-desk.desktop").exists()
    assert not list(internal.rglob("*WebEngine*")) and not list(internal.rglob("libQt6Quick*"))


def test_bundle_runs_the_command_line(run, dev_catalogue, tmp_path):
    from bouquet_desk import __version__

    assert run("--version").stdout.strip() == f"bouquet-desk {__version__}"
    db = f"sqlite:///{tmp_path / 'catalogue.db'}"
    imported = run("--db", db, "import", str(dev_catalogue), "--json")
    assert json.loads(imported.stdout)["changed"]
    found = json.loads(run("--db", db, "search", "plombier", "--json").stdout)
    assert found and any("plomb" in json.dumps(item, ensure_ascii=False).lower() for item in found[:5])
    # The embedded default database: created, migrated and seeded with the demo on first use.
    assert "Base saine" in run("db", "check").stdout
    assert (tmp_path / "data" / "bouquet-desk.db").exists()
    saved = tmp_path / "copie.db"
    run("backup", str(saved))
    assert saved.exists()


def test_bundle_reaches_postgresql(run, pg_url, tmp_path):
    run("--db", pg_url, "db", "upgrade")  # the psycopg driver and the migrations, from the bundle
    assert "Base saine" in run("--db", pg_url, "db", "check").stdout
    dump = tmp_path / "serveur.dump"
    run("--db", pg_url, "backup", str(dump))
    assert dump.read_bytes()[:5] == b"PGDMP"


def test_bundle_opens_the_window(bundle, run, tmp_path):
    window = subprocess.Popen([str(bundle / "bouquet-desk")], cwd=tmp_path, env=run.env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        log = tmp_path / "data" / "logs" / "bouquet-desk.log"
        # Up when the demo has been loaded into the new default database and the window has stayed up.
        while time.monotonic() < deadline and window.poll() is None:
            if log.exists() and "demo" in log.read_text(encoding="utf-8"):
                break
            time.sleep(0.5)
        time.sleep(3)
        assert window.poll() is None, window.communicate(timeout=10)
    finally:
        window.terminate()
        try:
            _, stderr = window.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            window.kill()
            _, stderr = window.communicate()
    assert "Traceback" not in stderr
    assert " ERROR " not in (tmp_path / "data" / "logs" / "bouquet-desk.log").read_text(encoding="utf-8")
