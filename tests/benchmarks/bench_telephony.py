"""A ring from the telephone system to the recognised caller on the call screen, timed on the real window.

A script, not a test (benchmarks print figures; they do not assert timings):

    /work/venv/bin/python tests/benchmarks/bench_telephony.py [--runs 20] [--calls 100000]

The demo catalogue in a temporary SQLite database, plus --calls calls from bench_window's generator (so
that recognition searches a real-sized log) and a few known callers; the real MainWindow offscreen with
its real runner threads and its call-event endpoint. The PBX simulator of the tests (a thread, real HTTP)
sends newCall; the clock runs from just before the request is written to the moment the call screen shows
the caller's company as recognised (what the operator reads). Each ring then ends unanswered (a missed call
logged), as a PBX would, before the next one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--calls", type=int, default=100_000)
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-telephony-"))
    os.environ["BOUQUET_DESK_DATA_DIR"] = str(folder / "data")
    url = f"sqlite:///{folder / 'bench.db'}"

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from bouquet_desk.app import open_context
    from bouquet_desk.core.calls.calls import NewCall, log_call
    from bouquet_desk.core.catalogue.demo import load_demo
    from bouquet_desk.ui.call.drafts import DraftStore
    from bouquet_desk.ui.main_window import MainWindow
    from bouquet_desk.ui.runner import TaskRunner
    from tests.pbx_simulator import Pbx

    context = open_context(url, seed_demo=False)
    load_demo(context)
    if options.calls:
        from bench_window import fill_calls

        seconds = fill_calls(url, options.calls)
        print(f"{options.calls:,} calls generated in {seconds:.1f} s")
    context.settings.operator = "Banc d'essai"
    context.settings.telephony_port = 0
    known = []
    for n in range(options.runs):
        number = f"03 53 73 {40 + n // 100:02d} {n % 100:02d}"
        company = f"Entreprise fictive du banc {n:03d}"
        log_call(context, NewCall(category="PFMP", phone=number, company_name=company, caller_name=f"Contact {n}"))
        known.append((number.replace(" ", ""), company))

    app = QApplication.instance() or QApplication([])
    runner = TaskRunner(app)
    window = MainWindow(context, runner, drafts=DraftStore(folder / "drafts"), build_index=False, poll=False)
    window.show()
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
    endpoint = (f"http://127.0.0.1:{window.telephony.server.port}/api/v1/cti/"
                f"{context.settings.telephony_token}")
    pbx = Pbx(endpoint)
    steps = []
    window.telephony.step_done.connect(lambda step: steps.append(step.kind))
    label = window.call_screen.form.recognised

    samples = []
    for n, (number, company) in enumerate(known):
        sent = {}

        def ring(number=number, sent=sent):
            sent["at"] = time.perf_counter()
            return pbx.ring(number, call_id=f"bench-{n}")[1].result()

        worker = threading.Thread(target=ring)
        worker.start()
        limit = time.perf_counter() + 10
        while company not in label.text() and time.perf_counter() < limit:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)
        shown = time.perf_counter()
        worker.join()
        if company not in label.text():
            print(f"ring {n}: caller not shown within 10 s")
            continue
        samples.append((shown - sent["at"]) * 1000)
        done = len(steps)
        pbx.hangup(f"bench-{n}", number, cause="cancel")
        limit = time.perf_counter() + 10
        while len(steps) == done and time.perf_counter() < limit:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        for _ in range(20):  # let the missed call's write and the queue reload finish
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    pbx.close()
    window.close()
    runner.wait(10000)
    context.close()

    print("  samples (ms): " + " ".join(f"{s:.0f}" for s in samples))
    ordered = sorted(samples)
    print(f"ring → recognised caller on the call screen, {len(samples)} rings "
          f"(recognition delay {context.settings.recognise_delay_ms} ms is not on this path: a ring recognises at once)")
    print(f"  median {statistics.median(ordered):.1f} ms · p95 {ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]:.1f} ms"
          f" · max {ordered[-1]:.1f} ms · min {ordered[0]:.1f} ms")


if __name__ == "__main__":
    main()
