"""The wheel carries everything: built from the repository, installed in a fresh virtual environment and
used from another folder, it migrates, loads the demo, imports and exports."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(REPO)],
        check=True,
        cwd=work,
    )
    wheel = next((work / "dist").glob("bouquet_desk-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    # The dependencies come from the test environment (a .pth adds its site-packages, not its .pth files,
    # so the editable checkout stays out of reach): only the package itself is the wheel's.
    fresh_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True
    ).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(fresh_site, "test-deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    return venv


def run(venv: Path, *args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / "bouquet-desk"), *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_wheel_works_from_another_folder(installed, tmp_path, dev_catalogue):
    env = {**os.environ, "BOUQUET_DESK_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("BOUQUET_DESK_DB", None)
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import bouquet_desk; print(bouquet_desk.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    ).stdout
    assert str(installed) in where, where

    version = run(installed, "--version", cwd=tmp_path, env=env)
    assert version.returncode == 0 and "bouquet-desk" in version.stdout

    # First use of the default database: created, migrated, demo loaded.
    check = run(installed, "db", "check", cwd=tmp_path, env=env)
    assert check.returncode == 0, check.stderr
    assert (tmp_path / "data" / "bouquet-desk.db").exists()
    exported = tmp_path / "demo.xlsx"
    assert run(installed, "export", str(exported), cwd=tmp_path, env=env).returncode == 0
    from openpyxl import load_workbook

    workbook = load_workbook(exported, read_only=True)
    assert sum(1 for _ in workbook["etablissements"].iter_rows(min_row=2)) > 40
    workbook.close()

    # A named database starts empty and takes an import.
    db = f"sqlite:///{tmp_path / 'other.db'}"
    imported = run(installed, "--db", db, "import", str(dev_catalogue), cwd=tmp_path, env=env)
    assert imported.returncode == 0, imported.stderr

    # The window opens on the default database (offscreen) and shows the demo's establishments.
    code = (
        "from bouquet_desk.app import open_context\n"
        "from bouquet_desk.ui.launch import make_application\n"
        "from bouquet_desk.ui.main_window import MainWindow\n"
        "app = make_application()\n"
        "w = MainWindow(open_context(None), build_index=False, poll=False)\n"
        "w.show(); w.tabs.setCurrentWidget(w.catalogue); app.processEvents()\n"
        "print(w.catalogue.establishments.model().rowCount())\n"
    )
    shown = subprocess.run(
        [str(installed / "bin" / "python"), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert shown.returncode == 0, shown.stderr
    assert int(shown.stdout.strip().splitlines()[-1]) > 40
