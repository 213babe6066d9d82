"""What both PyInstaller specs share (bouquet-desk.spec for Linux, windows/bouquet-desk-windows.spec):
the data shipped inside the package, the modules loaded by name at run time, and what to leave out.

The package is analysed from the source checkout (pathex = the repository), and the two folders that the
wheel maps into the package (resources/ → bouquet_desk.resources, db/ → bouquet_desk.migrations, see
pyproject.toml) are copied to the same place inside the bundle, so `importlib.resources` and Alembic find
them exactly as in an installed wheel.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENTRY = str(REPO / "packaging" / "launcher.py")

# Loaded by name at run time, invisible to the import analysis.
HIDDEN_IMPORTS = [
    "bouquet_desk.resources",
    "bouquet_desk.migrations",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg",
    "psycopg_binary",
    "alembic.ddl.sqlite",
    "alembic.ddl.postgresql",
    "alembic.runtime.migration",
    "alembic.autogenerate",
    "logging.handlers",
    "PySide6.QtSvg",  # the window's icon is an SVG (imageformats/qsvg needs QtSvg)
    "PySide6.QtHttpServer",  # the telephone's call-event endpoint (imported when the window starts)
    "PySide6.QtWebSockets",  # QtHttpServer's library links against it
    "PySide6.QtConcurrent",  # PySide6.QtHttpServer imports it (QFuture responses)
    "PySide6.QtPdf",  # printing and the letter preview render PDFs in-process (ui/printing.py)
    "keyrings.alt.file",  # the SMTP password's file fallback where the system has no keyring
]

# Qt modules the application does not use (it uses QtCore, QtGui, QtWidgets, QtCharts, QtPrintSupport,
# QtSvg, QtNetwork, QtPdf, QtHttpServer and the QtWebSockets and QtConcurrent it needs), and Python tools that are
# not part of the program: a smaller bundle, a faster build.
EXCLUDES = [
    "tkinter", "_tkinter", "pytest", "_pytest", "hypothesis", "IPython", "pydoc_data", "numpy",
    "PySide6.QtWebEngine", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel", "PySide6.QtWebView",
    "PySide6.Qt3DAnimation", "PySide6.Qt3DCore", "PySide6.Qt3DExtras", "PySide6.Qt3DInput", "PySide6.Qt3DLogic",
    "PySide6.Qt3DRender", "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtSpatialAudio",
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuick3D", "PySide6.QtQuickControls2", "PySide6.QtQuickTest",
    "PySide6.QtQuickWidgets", "PySide6.QtQmlFeatures", "PySide6.QtDataVisualization", "PySide6.QtGraphs",
    "PySide6.QtGraphsWidgets", "PySide6.QtLocation", "PySide6.QtPositioning", "PySide6.QtBluetooth",
    "PySide6.QtNfc", "PySide6.QtSensors", "PySide6.QtSerialBus", "PySide6.QtSerialPort",
    "PySide6.QtTextToSpeech", "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtPdfWidgets",
    "PySide6.QtRemoteObjects", "PySide6.QtScxml", "PySide6.QtStateMachine", "PySide6.QtNetworkAuth",
    "PySide6.QtCanvasPainter", "PySide6.QtLabsStyleKit", "PySide6.QtAsyncio", "PySide6.QtUiTools",
    "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtXml", "PySide6.QtDBus",
    "PySide6.QtSvgWidgets", "PySide6.scripts",
]


def package_datas() -> list[tuple[str, str]]:
    """(source, folder inside the bundle): the package's data as the wheel carries it."""
    from PyInstaller.utils.hooks import collect_data_files

    datas = [
        (str(REPO / "resources"), "bouquet_desk/resources"),
        (str(REPO / "db"), "bouquet_desk/migrations"),
    ]
    # Word templates of python-docx and docxtpl, the phone metadata, alembic's own files.
    for package in ("docx", "docxtpl", "phonenumbers", "alembic"):
        datas += collect_data_files(package)
    # unoserver runs under LibreOffice's Python, outside the bundle: it needs its sources as files, and its
    # metadata (it reads its own version); keyring finds its backends through entry points.
    from PyInstaller.utils.hooks import copy_metadata

    datas += collect_data_files("unoserver", include_py_files=True) + copy_metadata("unoserver")
    datas += copy_metadata("keyring") + copy_metadata("keyrings.alt")
    return datas


def hidden_imports() -> list[str]:
    from PyInstaller.utils.hooks import collect_submodules

    # The phone metadata is one module per region, imported by name; so are the command-line modules, and the
    # core services the window names as deferred modules (core/deferred.py) until its first paint is done.
    return HIDDEN_IMPORTS + collect_submodules("keyring.backends") + collect_submodules("bouquet_desk.cli") + collect_submodules(
        "bouquet_desk.core") + collect_submodules("phonenumbers.data") + collect_submodules(
        "phonenumbers.carrierdata") + collect_submodules("phonenumbers.geodata") + collect_submodules(
        "phonenumbers.shortdata")


def unwanted(name: str) -> bool:
    """Qt files left out of the bundle (TOC filter): translations of Qt itself and the excluded modules'
    libraries and plugins, which the PySide6 hooks would otherwise bring along."""
    lowered = name.replace("\\", "/").lower()
    if "/translations/" in lowered and not any(tag in lowered for tag in ("_fr.", "_en.")):
        return True  # the window is in French: Qt's own translations to other languages stay out
    heavy = ("qtwebengine", "qt6quick", "qt6qml", "qt63d", "qt6multimedia", "qt6pdfquick", "qt6location",
             "qt6datavisualization", "qt6graphs", "qt6designer", "qt6virtualkeyboard", "qt6spatialaudio",
             "qt6texttospeech", "qt6bluetooth", "qt6nfc", "qt6sensors", "qt6serial", "qt6remoteobjects",
             "qt6scxml", "qt6statemachine", "qt6shadertools", "qt6quick3d", "qt6webchannel",
             "/qml/", "/plugins/multimedia", "/plugins/sceneparsers", "/plugins/renderers", "/plugins/geometryloaders",
             "/plugins/position", "/plugins/sensors", "/plugins/texttospeech", "/plugins/qmltooling",
             "/plugins/virtualkeyboard", "/plugins/renderplugins", "/plugins/webview", "/plugins/designer")
    return any(part in lowered for part in heavy)
