"""Letter speed: the .docx of a call (target ≤ 300 ms) and its PDF through LibreOffice (target ≤ 2 s).

A script, not a test (benchmarks print figures; they do not assert timings):

    /work/venv/bin/python tests/benchmarks/bench_letters.py [--runs N]

It seeds a fresh SQLite file with a call of two referrals (tests/letter_data.py), then times, as the window
would call them: create_letters (read the call, check and render the template, archive the .docx), and the
PDF conversion of that .docx. The first LibreOffice start of a process is slower (it builds its private
profile), so it is printed apart from the median of the next ones. Medians of N runs.
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
            (info,) = create_letters(context, call.call_id)
            docx = open_letter(context, info.id).docx
            cold, _ = timed(lambda: docx_to_pdf(docx))
            warm = [timed(lambda: docx_to_pdf(docx))[0] for _ in range(args.runs)]
            print(f"PDF (LibreOffice)            : {statistics.median(warm):6.2f} s median of {args.runs} "
                  f"(first start of the process {cold:.2f} s, profile created)")
        finally:
            context.close()


if __name__ == "__main__":
    main()
