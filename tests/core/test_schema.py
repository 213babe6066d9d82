"""The schema: migrations create what the models describe, and the core stays free of Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bouquet_desk.core.db.integrity import check
from bouquet_desk.core.db.migrate import current_revision, head_revision

PACKAGE = Path(__file__).resolve().parents[2] / "bouquet_desk"


def test_migrations_match_models(context):
    assert current_revision(context.engine) == head_revision()
    report = check(context.engine)
    assert report.sound, report.problems


def test_core_never_imports_qt():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "core").rglob("*.py")
        if any(line.lstrip().startswith(("import PySide6", "from PySide6")) for line in path.read_text().splitlines())
    ]
    assert offenders == []
    # And at run time: importing every core module loads no Qt.
    code = (
        "import pkgutil, importlib, sys, bouquet_desk.core as c\n"
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(c.__path__, 'bouquet_desk.core.')]\n"
        "assert not any(k.startswith('PySide6') for k in sys.modules), 'Qt loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_package_is_listed_for_the_wheel():
    import tomllib

    listed = set(tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(path.parent.relative_to(PACKAGE.parent).parts)
        for path in PACKAGE.rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
