"""The journal read page after page from the last row shown (keyset pagination) gives exactly the calls, in
the order, that reading the whole log at once gives: both sorts, both directions, calls without a phone number
(NULLs sort first on SQLite and last on PostgreSQL), equal start times, and with a filter, on both databases."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bouquet_desk.core.calls.calls import NewCall, log_call
from bouquet_desk.core.calls.log_pages import LogFilter, page

START = datetime(2026, 4, 6, 9)


@pytest.fixture
def log(context):
    context.settings.operator = "opératrice-test"
    for n in range(23):
        # Every third call has no number; several share a start time and several a number.
        phone = None if n % 3 == 0 else f"03 21 70 {10 + n % 5:02d} {10 + n % 4:02d}"
        log_call(context, NewCall(category="PFMP" if n % 2 else "LOCAUX", phone=phone,
                                  company_name=f"Société Fictive {n % 4}", notes=f"appel d'essai {n}",
                                  started_at=START + timedelta(minutes=10 * (n // 3))))
    return context


def read_by_pages(context, filt: LogFilter, sort: str, descending: bool, size: int) -> list[int]:
    ids, last = [], None
    while True:
        rows = page(context.sessions, filt, sort=sort, descending=descending, limit=size, after=last)
        ids += [row.id for row in rows]
        if len(rows) < size:
            return ids
        last = rows[-1]


@pytest.mark.parametrize("sort", ["started_at", "phone"])
@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("filt", [LogFilter(), LogFilter(category="PFMP")], ids=["all", "PFMP"])
def test_pages_after_the_last_row_are_the_whole_log_in_order(log, sort, descending, filt):
    whole = [row.id for row in page(log.sessions, filt, sort=sort, descending=descending, limit=1000)]
    assert len(whole) == (23 if filt.empty else 11)
    for size in (1, 2, 4, 7):
        assert read_by_pages(log, filt, sort, descending, size) == whole, size


def test_the_null_numbers_are_all_read_once(log):
    ids = read_by_pages(log, LogFilter(), "phone", False, 3)
    assert len(ids) == len(set(ids)) == 23
    rows = {row.id: row for row in page(log.sessions, LogFilter(), sort="phone", descending=False, limit=1000)}
    assert sum(rows[i].phone is None for i in ids) == 8
