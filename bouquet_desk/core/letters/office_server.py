"""One LibreOffice kept running between PDF conversions, so that a letter's PDF after the first takes a fraction
of a second instead of a LibreOffice start (1.5–2.5 s) each time.

The server is unoserver's (PyPI): it needs a Python that can `import uno`, which is LibreOffice's own Python on
Windows and macOS, or the system Python with Debian's python3-uno on Linux. Not the application's Python: this
module only starts that server as a child process and talks to it over XML-RPC on 127.0.0.1 (stdlib), which is
why it works from a virtual environment. start() returns at once; until the server answers, and whenever it
cannot run (no uno Python, LibreOffice missing, the server died), conversions take the cold path of pdf.py.
"""

from __future__ import annotations

import atexit
import importlib.util
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from pathlib import Path

log = logging.getLogger("bouquet_desk.letters.pdf")

UNO_PYTHON_ENV = "BOUQUET_DESK_UNO_PYTHON"
START_TIMEOUT_S = 90
CONVERT_TIMEOUT_S = 60


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _can_import_uno(python: str) -> bool:
    try:
        done = subprocess.run([python, "-c", "import uno"], stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def uno_python(soffice: str) -> str | None:
    """A Python interpreter that can import uno: the override, LibreOffice's own, the system's, or ours."""
    override = os.environ.get(UNO_PYTHON_ENV)
    if override:
        return override
    program = Path(os.path.realpath(soffice)).parent
    candidates = [program / "python.exe", program / "python", program.parent / "Resources" / "python",
                  Path("/usr/bin/python3")]
    for candidate in candidates:
        if candidate.is_file() and _can_import_uno(str(candidate)):
            return str(candidate)
    if importlib.util.find_spec("uno") is not None:
        return sys.executable
    return None


# Run by the uno Python: unoserver's own main, plus a watchdog that ends it (and so its LibreOffice, to which
# unoserver passes SIGTERM on) when the application that started it is gone without stopping it (killed).
_BOOT = """
import os, runpy, signal, sys, threading, time
parent = int(sys.argv.pop(1))
def watch():
    while os.getppid() == parent:
        time.sleep(2)
    os.kill(os.getpid(), signal.SIGTERM)
if os.name == "posix":
    threading.Thread(target=watch, daemon=True).start()
sys.argv[0] = "unoserver"
runpy.run_module("unoserver.server", run_name="__main__")
"""


def _unoserver_path() -> str | None:
    """The folder holding the unoserver package (and its metadata), put on the uno Python's path."""
    spec = importlib.util.find_spec("unoserver")
    if spec is None or not spec.submodule_search_locations:
        return None
    return str(Path(list(spec.submodule_search_locations)[0]).parent)


class OfficeServer:
    def __init__(self) -> None:
        self._lock = threading.Lock()  # one conversion at a time: one document model in LibreOffice
        self._state_lock = threading.Lock()
        self._ready = threading.Event()
        self._process: subprocess.Popen | None = None
        self._port: int | None = None
        self._folder: Path | None = None
        self._starting = False
        self.failure = ""  # why the server is not running, for the log and the benchmark

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self._process is not None and self._process.poll() is None

    def start(self, soffice: str | None = None, *, warm_up: bool = True) -> bool:
        """Starts the server in the background (returns at once); False when it cannot run here."""
        from .pdf import soffice_path

        with self._state_lock:
            if self._starting or self.ready:
                return True
            soffice = soffice or soffice_path()
            if soffice is None:
                self.failure = "LibreOffice introuvable"
                return False
            self._starting = True
        threading.Thread(target=self._run, args=(soffice, warm_up), name="office-server", daemon=True).start()
        return True

    def _run(self, soffice: str, warm_up: bool) -> None:
        try:
            self._launch(soffice)
            if warm_up and self.ready:
                # The first document of a LibreOffice loads Writer and its filters: paid here, not by a letter.
                from .pdf import warm_up_document

                self.convert(warm_up_document())
        except Exception as exc:  # noqa: BLE001 - the cold path stays; this is only an optimisation
            self.failure = str(exc)
            log.warning("LibreOffice server not started: %s", exc)
            self.stop()
        finally:
            self._starting = False

    def _launch(self, soffice: str) -> None:
        python = uno_python(soffice)
        if python is None:
            raise RuntimeError("aucun Python avec uno (installez python3-uno, ou LibreOffice complet)")
        package = _unoserver_path()
        if package is None:
            raise RuntimeError("le paquet unoserver n'est pas installé")
        # In the data folder's scratch space: the letters it converts never sit in /tmp, and a killed
        # application's folder is swept at the next start (core/ops/scratch.py).
        from ..ops.scratch import scratch_prefix, scratch_root

        self._folder = Path(tempfile.mkdtemp(prefix=scratch_prefix("bouquet-desk-office"), dir=scratch_root()))
        self._port = _free_port()
        uno_port = _free_port()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([package, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        env["TMPDIR"] = str(self._folder)  # LibreOffice's own copies of the letters stay in the scratch folder
        command = [python, "-c", _BOOT, str(os.getpid()), "--interface", "127.0.0.1", "--port", str(self._port),
                   "--uno-interface", "127.0.0.1", "--uno-port", str(uno_port), "--executable", soffice,
                   "--user-installation", str(self._folder / "profile"),
                   "--libreoffice-pid-file", str(self._folder / "soffice.pid"),
                   "--conversion-timeout", str(CONVERT_TIMEOUT_S), "--quiet"]
        started = time.perf_counter()
        with open(self._folder / "server.log", "wb") as output:
            # Its own process group: stop() ends the server and every LibreOffice process under it, and
            # nothing else.
            group = {"start_new_session": True} if os.name == "posix" else {
                "creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
            self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output, stderr=output,
                                             env=env, **group)
        atexit.register(self.stop)
        proxy = self._proxy(5)
        while time.perf_counter() - started < START_TIMEOUT_S:
            if self._process.poll() is not None:
                raise RuntimeError(f"le serveur s'est arrêté (code {self._process.returncode}) : "
                                   f"{self._log_tail()}")
            try:
                proxy.info()
            except (OSError, xmlrpc.client.Error):
                time.sleep(0.25)
                continue
            self._ready.set()
            log.info("LibreOffice server ready on port %s in %.1f s", self._port, time.perf_counter() - started)
            return
        raise RuntimeError(f"le serveur ne répond pas après {START_TIMEOUT_S} s")

    def _log_tail(self) -> str:
        try:
            return " ".join((self._folder / "server.log").read_text(errors="replace").split()[-30:])
        except OSError:
            return ""

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self._port}", allow_none=True,
                                         transport=_TimeoutTransport(timeout))

    def wait_ready(self, timeout: float = START_TIMEOUT_S) -> bool:
        """Waits for the start (and its warm-up conversion) to finish; True when the server is running."""
        deadline = time.monotonic() + timeout
        while self._starting and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.ready

    def convert(self, docx: bytes) -> bytes | None:
        """The PDF of a .docx, or None when the server cannot make it (the caller takes the cold path)."""
        if not self.ready:
            return None
        with self._lock:
            try:
                result = self._proxy(CONVERT_TIMEOUT_S + 5).convert(
                    None, xmlrpc.client.Binary(docx), None, "pdf", "writer_pdf_Export", [], False, None, None)
            except (OSError, xmlrpc.client.Error) as exc:
                log.warning("LibreOffice server conversion failed (%s): cold start instead", exc)
                self._ready.clear()
                return None
        data = result.data if isinstance(result, xmlrpc.client.Binary) else bytes(result or b"")
        return data if data.startswith(b"%PDF") else None

    def stop(self) -> None:
        """Ends the server this process started and the LibreOffice under it (its own process group)."""
        self._ready.clear()
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.terminate()  # unoserver passes the signal on to its LibreOffice
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)
            if os.name == "posix":
                import signal

                for sig, pause in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 0.0)):
                    try:
                        os.killpg(process.pid, sig)  # what is left of the group the server led
                    except OSError:
                        break  # the group is empty: everything ended
                    time.sleep(pause)
            else:
                self._kill_recorded_soffice()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _kill_recorded_soffice(self) -> None:
        try:
            pid = int((self._folder / "soffice.pid").read_text().strip())
            os.kill(pid, 9)
        except (OSError, ValueError, TypeError):
            pass  # nothing recorded, or already gone


SERVER = OfficeServer()


def start_in_background() -> bool:
    """Called when the window opens: the server is ready by the time the first letter is asked for."""
    return SERVER.start()
