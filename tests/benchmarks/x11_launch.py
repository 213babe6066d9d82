"""Timing a program's start the way its user sees it: from the process start to its window painted on an X
display (a private Xvfb), watched from outside the process through Xlib (ctypes, no extra dependency).

    with Xvfb() as display:
        seconds = time_to_paint(["bouquet-desk", "--data-dir", d], display, title="Bouquet Desk —")

The watcher selects SubstructureNotify on the root window, so it hears each top-level window created; it then
listens to that window's Expose events and, after the first one (or its MapNotify), reads its top rows until
they are no longer the black of the empty server (the window drawn): that moment is "painted". A window whose _NET_WM_NAME does not
start with `title` (a splash, a tooltip) is ignored.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time

_X = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
_X.XOpenDisplay.restype = ctypes.c_void_p
_X.XOpenDisplay.argtypes = [ctypes.c_char_p]
_X.XDefaultRootWindow.restype = ctypes.c_ulong
_X.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
_X.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
_X.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
_X.XPending.argtypes = [ctypes.c_void_p]
_X.XFlush.argtypes = [ctypes.c_void_p]
_X.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
_X.XCloseDisplay.argtypes = [ctypes.c_void_p]
_X.XInternAtom.restype = ctypes.c_ulong
_X.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
_X.XGetWindowProperty.argtypes = [
    ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long, ctypes.c_int, ctypes.c_ulong,
    ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong),
    ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p)]
_X.XFree.argtypes = [ctypes.c_void_p]
_X.XGetImage.restype = ctypes.c_void_p
_X.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                         ctypes.c_ulong, ctypes.c_int]
_X.XSetErrorHandler.restype = ctypes.c_void_p

EXPOSE, CREATE_NOTIFY, MAP_NOTIFY = 12, 16, 19
EXPOSURE_MASK, STRUCTURE_NOTIFY_MASK, SUBSTRUCTURE_NOTIFY_MASK = 1 << 15, 1 << 17, 1 << 19
Z_PIXMAP, ALL_PLANES = 2, 0xFFFFFFFF


class _XImage(ctypes.Structure):  # the leading fields of Xlib's XImage
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int)]


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(lambda _d, _e: 0)
_X.XSetErrorHandler(_ERROR_HANDLER)  # a window gone before we read it (BadWindow) is not fatal


class Xvfb:
    """A private X server for the duration of a `with` block; `str(self)` is its DISPLAY."""

    def __init__(self, size: str = "1920x1080x24") -> None:
        self.size = size
        self.process: subprocess.Popen | None = None
        self.display = ""

    def __enter__(self) -> str:
        if not shutil.which("Xvfb"):
            raise RuntimeError("Xvfb is not installed")
        # -noreset: the server would reset when the measured program quits, refusing the next connection.
        # On a shared machine other sessions run X servers whose lock files this /tmp may not show (their
        # abstract sockets are shared): a random high number, kept only if our own server stays up on it.
        rng = random.Random()
        for _attempt in range(20):
            self.display = f":{rng.randrange(1000, 30000)}"
            self.process = subprocess.Popen(["Xvfb", self.display, "-screen", "0", self.size, "-br", "-noreset",
                                             "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
            if self._answers() and self.process.poll() is None:
                return self.display
            self.__exit__()
        raise RuntimeError("no free display for Xvfb")

    def _answers(self) -> bool:
        deadline = time.perf_counter() + 15
        while time.perf_counter() < deadline and self.process.poll() is None:
            probe = _X.XOpenDisplay(self.display.encode())
            if probe:
                _X.XCloseDisplay(probe)
                time.sleep(0.2)  # a server already there answers too: ours must still be running after
                return self.process.poll() is None
            time.sleep(0.05)
        return False

    def __exit__(self, *_exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def _window_name(display, window: int, atom: int, utf8: int) -> str:
    kind, fmt, count, after = ctypes.c_ulong(), ctypes.c_int(), ctypes.c_ulong(), ctypes.c_ulong()
    data = ctypes.c_void_p()
    if _X.XGetWindowProperty(display, window, atom, 0, 1024, 0, utf8, ctypes.byref(kind), ctypes.byref(fmt),
                             ctypes.byref(count), ctypes.byref(after), ctypes.byref(data)) != 0 or not data.value:
        return ""
    try:
        return ctypes.string_at(data.value, count.value).decode("utf-8", "replace")
    finally:
        _X.XFree(data)


def _top_drawn(display, window: int, width: int = 400, rows: int = 60) -> bool:
    """True when the window's top rows are no longer the black of the server's background (-br): the program
    has drawn into them."""
    image = _X.XGetImage(display, window, 0, 0, width, rows, ALL_PLANES, Z_PIXMAP)
    if not image:
        return False
    try:
        head = _XImage.from_address(image)
        data = ctypes.string_at(head.data, head.bytes_per_line * head.height)
        step = head.bits_per_pixel // 8 or 4
    finally:
        # XDestroyImage is a macro calling the image's own destroy function; XFree(data) + XFree(image) is its
        # effect for an image XGetImage made.
        _X.XFree(_XImage.from_address(image).data)
        _X.XFree(image)
    return data.count(0) < len(data) - len(data) // step  # the pad byte of each 32-bit pixel stays 0


def time_to_paint(command: list[str], display: str, *, title: str, env: dict | None = None,
                  timeout: float = 120.0) -> tuple[float, float, subprocess.Popen]:
    """(seconds to the first Expose of the titled window, seconds to its top painted, the still running process),
    both from just before the process is started."""
    xdisplay = _X.XOpenDisplay(display.encode())
    if not xdisplay:
        raise RuntimeError(f"cannot open display {display}")
    name_atom = _X.XInternAtom(xdisplay, b"_NET_WM_NAME", 0)
    utf8 = _X.XInternAtom(xdisplay, b"UTF8_STRING", 0)
    root = _X.XDefaultRootWindow(xdisplay)
    _X.XSelectInput(xdisplay, root, SUBSTRUCTURE_NOTIFY_MASK)
    _X.XSync(xdisplay, 0)
    event = ctypes.create_string_buffer(192)  # sizeof(XEvent) on 64-bit Xlib
    child_env = dict(env or os.environ, DISPLAY=display)
    child_env.pop("QT_QPA_PLATFORM", None)
    started = time.perf_counter()
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen(command, env=child_env, stdout=subprocess.DEVNULL, stderr=errors)
    exposed = None
    candidates: set[int] = set()
    try:
        while True:
            if time.perf_counter() - started > timeout or process.poll() is not None:
                errors.seek(0)
                raise RuntimeError(f"no window titled {title!r} ({'timeout' if process.poll() is None else 'exited'}): "
                                   f"{errors.read().decode(errors='replace')[-2000:]}")
            if exposed is not None:
                for window in list(candidates):
                    if _top_drawn(xdisplay, window):
                        return exposed, time.perf_counter() - started, process
                time.sleep(0.002)
            if not _X.XPending(xdisplay):
                time.sleep(0.001)
                continue
            _X.XNextEvent(xdisplay, event)
            kind = ctypes.c_int.from_buffer(event, 0).value
            if kind == CREATE_NOTIFY:
                window = ctypes.c_ulong.from_buffer(event, 40).value  # XCreateWindowEvent.window
                _X.XSelectInput(xdisplay, window, EXPOSURE_MASK | STRUCTURE_NOTIFY_MASK)
                _X.XFlush(xdisplay)
            elif kind in (EXPOSE, MAP_NOTIFY):
                # MapNotify comes through the root window's substructure: a window mapped and exposed before
                # its Expose mask was selected (a loaded machine) is still seen.
                window = ctypes.c_ulong.from_buffer(event, 32 if kind == EXPOSE else 40).value
                if _window_name(xdisplay, window, name_atom, utf8).startswith(title):
                    candidates.add(window)
                    if exposed is None:
                        exposed = time.perf_counter() - started
    except BaseException:
        stop(process)
        raise
    finally:
        _X.XCloseDisplay(xdisplay)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
