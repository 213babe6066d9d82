"""The bad-input corpus through the real command: each file imported by `bouquet-desk import` in its own
process, as the user runs it. Prints, per file, the exit code, the peak memory (resident set, from the
kernel's accounting of that process), the seconds taken and the first line of stderr; then the totals: files
tried, refused cleanly (exit 2, nothing written, no traceback), and the worst peak.

    python tests/benchmarks/bench_hostile.py [--keep FOLDER]
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_WRAPPER = """
import resource, subprocess, sys
db, data, path = sys.argv[1:]
done = subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", "sqlite:///" + db, "--data-dir", data,
                       "import", path], stdout=subprocess.DEVNULL)
sys.stderr.flush()
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="write the corpus there and keep it")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch) / "hostile"
        # Written by another process: a child forked from a parent that built the bombs in memory would
        # start with the parent's resident size, and its peak would say nothing of the import.
        subprocess.run([sys.executable, str(ROOT / "tests" / "data" / "hostile" / "make_hostile.py"), str(folder)],
                       check=True, capture_output=True)
        files = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns)
        db, data = Path(scratch) / "base.db", Path(scratch) / "data"
        subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", f"sqlite:///{db}", "--data-dir", str(data),
                        "db", "upgrade"], check=True, capture_output=True)
        clean, worst = 0, (0.0, "")
        for path in files:
            # Each import is run by a fresh, small wrapper process that reports its child's peak: the kernel
            # carries a parent's high-water mark into a forked child, so measuring from here would not do.
            started = time.perf_counter()
            result = subprocess.run([sys.executable, "-c", _WRAPPER, str(db), str(data), str(path)],
                                    capture_output=True, text=True, encoding="utf-8", errors="replace")
            seconds = time.perf_counter() - started
            code_text, peak_text = result.stdout.split()
            code, peak, stderr = int(code_text), int(peak_text) / 1024, result.stderr
            with sqlite3.connect(db) as connection:
                written = connection.execute("SELECT count(*) FROM establishments").fetchone()[0]
            ok = code == 2 and written == 0 and "Traceback" not in stderr
            clean += ok
            worst = max(worst, (peak, path.name))
            first = stderr.strip().splitlines()[0][:110] if stderr.strip() else ""
            print(f"{'ok ' if ok else 'BAD'} exit {code}  {peak:7.1f} Mo  {seconds:5.2f} s  "
                  f"{path.name:40s} {first}")
        print(f"\nfiles tried: {len(files)}, refused cleanly: {clean}, worst peak: {worst[0]:.0f} MB ({worst[1]})")


if __name__ == "__main__":
    main()
