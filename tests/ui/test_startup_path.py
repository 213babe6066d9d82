"""The way to the first paint of the window stays light: no database library (SQLAlchemy and the models load
once the window is on screen, with the database), no spreadsheet reader, no Alembic, no Word library, no
phone-number metadata, no mail sending nor letter writing, no charts; and a database already at head is checked
by reading its revision, compared with the head read from the migration scripts' text (which must agree with
Alembic's own reading)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from bouquet_desk.core.db import migrate

HEAVY = ("sqlalchemy", "bouquet_desk.core.db.models", "openpyxl", "alembic", "docx", "phonenumbers", "bouquet_desk.core.mail.sending",
         "bouquet_desk.core.letters.compose", "bouquet_desk.core.letters.office_server", "PySide6.QtCharts")

# Starts the window as `bouquet-desk --db URL` does, and when the main window is first painted, writes which of
# the heavy modules are loaded, then quits.
PROBE = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from bouquet_desk.app import main

seen = {}

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.objectName() == "mainWindow" and not seen:
            seen["modules"] = [name for name in %(heavy)r if name in sys.modules]
            QTimer.singleShot(0, QApplication.instance().quit)
        return False

def install():
    app = QApplication.instance()
    app.installEventFilter(watch)

watch = Painted()
QTimer.singleShot(0, install)
code = main(["--db", sys.argv[1]])
print("RESULT " + json.dumps(seen))
"""


def test_head_read_from_the_scripts_is_alembics_head():
    assert migrate.head_revision() == migrate.alembic_head_revision()


def test_window_start_imports_none_of_the_heavy_modules(sqlite_context, tmp_path):
    url = sqlite_context.url
    sqlite_context.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BOUQUET_DESK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", PROBE % {"heavy": HEAVY}, url], capture_output=True, text=True,
                          timeout=120, env=env)
    line = next((l for l in done.stdout.splitlines() if l.startswith("RESULT ")), None)
    assert line is not None, done.stdout + done.stderr
    seen = json.loads(line[len("RESULT "):])
    assert seen["modules"] == [], f"imported before the first paint: {seen['modules']}"


def test_schema_at_head_is_one_query(sqlite_context):
    from sqlalchemy import event

    from bouquet_desk.core.db import database

    statements = []
    event.listen(sqlite_context.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: statements.append(statement))
    assert database.prepare(sqlite_context.engine) is False
    assert statements == ["SELECT version_num FROM alembic_version"]


def test_new_database_is_created_and_an_old_one_upgraded(tmp_path):
    from sqlalchemy import text

    from bouquet_desk.core.db import database
    from bouquet_desk.core.db.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert migrate.schema_revision(engine) is None
    assert database.prepare(engine) is True
    assert migrate.schema_revision(engine) == migrate.head_revision()
    from alembic import command

    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert migrate.schema_revision(engine) == "0001" != migrate.head_revision()
    assert database.prepare(engine) is False  # not new: upgraded
    assert migrate.schema_revision(engine) == migrate.head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    engine.dispose()


# The first start of all, in a new data folder: the window paints before the database is created (no SQLAlchemy,
# no Alembic) and before the demo catalogue is read (no openpyxl), then creates the database, loads the demo in
# the background and builds the search index from it.
FIRST_START = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from bouquet_desk.app import main

seen = {}

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.objectName() == "mainWindow" and "modules" not in seen:
            seen["modules"] = [name for name in ("sqlalchemy", "alembic", "openpyxl") if name in sys.modules]
            seen["establishments_at_paint"] = obj.engine.ready and len(obj.engine)
            QTimer.singleShot(50, lambda: wait(obj))
        return False

def wait(window, tries=[0]):
    from bouquet_desk.core.catalogue.demo import demo_waiting
    tries[0] += 1
    if (not demo_waiting(window.context) and window.engine.ready and len(window.engine)) or tries[0] > 1200:
        seen["waiting"] = demo_waiting(window.context)
        seen["records"] = len(window.engine) if window.engine.ready else 0
        seen["status"] = window.index_label.text()
        seen["message"] = window.statusBar().currentMessage()
        import gc
        seen["frozen"] = gc.get_freeze_count()
        QApplication.instance().quit()
        return
    QTimer.singleShot(50, lambda: wait(window))

def install():
    QApplication.instance().installEventFilter(watch)

watch = Painted()
QTimer.singleShot(0, install)
main([])
print("RESULT " + json.dumps(seen))
"""


def test_first_start_paints_then_loads_the_demo(tmp_path):
    from bouquet_desk.core.settings import Settings

    data = tmp_path / "data"
    settings = Settings()
    settings.operator = "Sandrine"
    settings.telephony_port = 0
    settings.save(data)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BOUQUET_DESK_DATA_DIR=str(data))
    env.pop("BOUQUET_DESK_DB", None)
    done = subprocess.run([sys.executable, "-c", FIRST_START], capture_output=True, text=True, timeout=180, env=env)
    line = next((l for l in done.stdout.splitlines() if l.startswith("RESULT ")), None)
    assert line is not None, done.stdout + done.stderr
    seen = json.loads(line[len("RESULT "):])
    assert seen["modules"] == [], seen
    assert seen["waiting"] is False and seen["records"] > 500, seen  # 101 establishments, 533 formations…
    assert seen["status"].startswith("Index construit"), seen
    # Said in words the operator counts, short enough for the status bar beside its permanent labels.
    assert re.fullmatch(r"Catalogue de démonstration chargé : \d+ établissements, \d+ formations", seen["message"]), seen
    assert seen["frozen"] > 100_000, seen  # the index and the window, out of the cyclic collector's walks


def test_a_demo_left_waiting_is_loaded_at_the_next_start(tmp_path, monkeypatch):
    from bouquet_desk.app import open_context
    from bouquet_desk.core.catalogue.demo import demo_waiting, load_demo
    from bouquet_desk.core.catalogue.editing import catalogue_counts

    monkeypatch.setenv("BOUQUET_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BOUQUET_DESK_DB", raising=False)
    first = open_context(None, demo_later=True)
    assert first.created and demo_waiting(first) and catalogue_counts(first.sessions) == (0, 0)
    first.close()  # the window closed before the demo was read
    again = open_context(None, demo_later=True)
    assert not again.created and demo_waiting(again)
    load_demo(again)
    assert not demo_waiting(again) and catalogue_counts(again.sessions)[0] > 100
    again.close()
    assert not demo_waiting(open_context(None, demo_later=True))


# A database that cannot be opened: the window is already on screen; it says why in French, then the program
# leaves with exit code 2 (input refused), as the command line does.
UNREACHABLE = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from bouquet_desk.app import main
from bouquet_desk.ui import launch

seen = {"painted": False}

def error(parent, title, text, details=""):
    seen.update(title=title, text=text, parent=parent.objectName() if parent else None, painted_first=seen["painted"])

launch.MessageBox.error = error

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.objectName() == "mainWindow":
            seen["painted"] = True
        return False

watch = Painted()
QTimer.singleShot(0, lambda: QApplication.instance().installEventFilter(watch))
seen["code"] = main(["--db", sys.argv[1]])
print("RESULT " + json.dumps(seen))
"""


def test_a_database_that_cannot_open_is_said_over_the_window(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BOUQUET_DESK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", UNREACHABLE, "nosuchdatabase://serveur/base"], capture_output=True,
                          text=True, timeout=120, env=env)
    line = next((l for l in done.stdout.splitlines() if l.startswith("RESULT ")), None)
    assert line is not None, done.stdout + done.stderr
    seen = json.loads(line[len("RESULT "):])
    assert seen["painted_first"] and seen["parent"] == "mainWindow", seen
    assert seen["title"] == "Bouquet Desk ne peut pas démarrer", seen
    assert "Base de données non prise en charge : « nosuchdatabase »" in seen["text"], seen
    assert seen["code"] == 2, seen
