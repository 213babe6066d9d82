"""Letter speed: the .docx of a call (target ≤ 300 ms), its PDF cold (a LibreOffice started for it, ≤ 2 s) and
warm (the LibreOffice kept running by core/letters/office_server.py, ≤ 0.5 s after the first).

A script, not a test (benchmarks print figures; they do not assert timings):

    /work/venv/bin/python tests/benchmarks/bench_letters.py [--runs N]

It seeds a fresh SQLite file with a call of two referrals (tests/letter_data.py), then times, as the window
would call them: create_letters (read the call, check and render the template, archive the .docx), and the
PDF conversion of that .docx: cold (a LibreOffice started per conversion, the fallback; the very first one of a
process also builds its profile, printed apart) and warm (the server the window starts when it opens, timed
once it is ready; its start time is printed apart). Medians of N runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1]))  # tests/, for letter_data


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (default 7)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-letters-") as folder:
        os.environ["BOUQUET_DESK_DATA_DIR"] = folder
        from letter_data import seed_call

        from bouquet_desk.app import open_context
        from bouquet_desk.core.letters import create_letters, open_letter
        from bouquet_desk.core.letters.pdf import docx_to_pdf, soffice_path

        context = open_context(f"sqlite:///{Path(folder) / 'bench.db'}", seed_demo=False)
        try:
            call = seed_call(context)
            first, _ = timed(lambda: create_letters(context, call.call_id))
            docx_times = [timed(lambda: create_letters(context, call.call_id))[0] for _ in range(args.runs)]
            notice_times = [timed(lambda: create_letters(context, call.call_id, to="contact"))[0] / 2
                            for _ in range(args.runs)]
            print(f".docx, letter to the company : {statistics.median(docx_times) * 1000:6.0f} ms median of "
                  f"{args.runs} (first call of the process {first * 1000:.0f} ms)")
            print(f".docx, notice to a contact   : {statistics.median(notice_times) * 1000:6.0f} ms median of "
                  f"{args.runs}")
            if soffice_path() is None:
                print("PDF: LibreOffice (soffice) not installed, skipped")
                return
            from bouquet_desk.core.letters.office_server import SERVER

            (info,) = create_letters(context, call.call_id)
            docx = open_letter(context, info.id).docx
            first_cold, _ = timed(lambda: docx_to_pdf(docx))
            cold = [timed(lambda: docx_to_pdf(docx))[0] for _ in range(args.runs)]
            print(f"PDF cold (LibreOffice start) : {statistics.median(cold):6.2f} s median of {args.runs} "
                  f"(first start of the process {first_cold:.2f} s, profile created)")
            started, _ = timed(lambda: (SERVER.start(), SERVER.wait_ready()))
            if not SERVER.ready:
                print(f"PDF warm: server not running ({SERVER.failure})")
                return
            first_warm, _ = timed(lambda: docx_to_pdf(docx))
            warm = [timed(lambda: docx_to_pdf(docx))[0] for _ in range(args.runs)]
            print(f"PDF warm (server kept)       : {statistics.median(warm):6.2f} s median of {args.runs} "
                  f"(first letter {first_warm:.2f} s; server start with warm-up {started:.1f} s, in the background)")
            SERVER.stop()
        finally:
            context.close()


if __name__ == "__main__":
    main()
