"""Importing a catalogue: all or nothing, in one transaction; every error reported at once."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from sqlalchemy import insert

from ..db.base import utcnow
from ..db.models import CatalogueEdition
from ..progress import Progress, no_progress
from .parsing import ParsedWorkbook, parse_workbook
from .planning import Plan, plan_import
from .report import CatalogueError, ImportIssue, ImportReport
from .snapshot import load_snapshot
from .sheets import SPECS
from .text import fold, squash
from .workbook import RawWorkbook, read_catalogue_file
from .writer import write_plan

log = logging.getLogger("bouquet_desk.catalogue")

PLAN_LABEL = "Comparaison avec la base"


def import_catalogue(
    context,
    path: str | Path,
    *,
    operator: str | None = None,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import an .xlsx, a folder or a .zip of CSV into the database of `context` (an AppContext: sessions and
    reference data). `operator` defaults to the operator of the settings.

    Raises CatalogueError (a UserError) listing every problem when the workbook has any error: nothing is
    written then. With dry_run, everything is checked and counted but nothing is written.
    """
    progress = progress or no_progress
    raw = read_catalogue_file(path, progress)
    parsed = parse_workbook(raw, progress)
    who = context.operator if operator is None else operator
    reference = context.reference
    if dry_run:
        progress(0, 1, PLAN_LABEL)
        with context.sessions() as session:
            plan = _plan(parsed, raw, load_snapshot(session), reference, progress)
        return _report(raw, parsed, plan, edition_id=None, dry_run=True)
    progress(0, 1, PLAN_LABEL)
    with context.sessions.begin() as session:
        snapshot = load_snapshot(session)
        plan = _plan(parsed, raw, snapshot, reference, progress)
        edition_id = None
        if plan.changed:
            now = utcnow()
            summary = {
                "counts": {count.sheet: _counts_dict(count) for count in plan.counts()},
                "warnings": len(parsed.warnings),
            }
            edition_id = session.execute(
                insert(CatalogueEdition).returning(CatalogueEdition.id),
                {
                    "imported_at": now,
                    "source": raw.source[:500],
                    "sha256": raw.sha256,
                    "operator": who,
                    "summary": json.dumps(summary, ensure_ascii=False, sort_keys=True),
                },
            ).scalar_one()
            write_plan(session, plan, snapshot, edition_id=edition_id, who=who, now=now, progress=progress)
    report = _report(raw, parsed, plan, edition_id=edition_id, dry_run=False)
    log.info("catalogue %s imported: %s", raw.source, "; ".join(str(count) for count in report.counts))
    return report


def _plan(parsed: ParsedWorkbook, raw: RawWorkbook, snapshot, reference, progress: Progress) -> Plan:
    plan = plan_import(parsed, snapshot, reference)
    progress(1, 1, PLAN_LABEL)
    if parsed.errors:
        raise CatalogueError(raw.source, _in_order(parsed.errors), _in_order(parsed.warnings))
    return plan


def _report(raw: RawWorkbook, parsed: ParsedWorkbook, plan: Plan, *, edition_id, dry_run: bool) -> ImportReport:
    return ImportReport(
        source=raw.source,
        sha256=raw.sha256,
        counts=plan.counts(),
        warnings=tuple(_in_order(parsed.warnings)),
        dry_run=dry_run,
        edition_id=edition_id,
    )


def _in_order(issues: list[ImportIssue]) -> list[ImportIssue]:
    """Sheet by sheet in the order of the format, then row by row, as the user will go through them."""
    order = {spec.name: index for index, spec in enumerate(SPECS)}
    columns = {spec.name: {squash(c.name): index for index, c in enumerate(spec.columns)} for spec in SPECS}

    def key(issue: ImportIssue):
        sheet = fold(issue.sheet or "")
        column = columns.get(sheet, {}).get(squash(issue.column or ""), len(columns))
        return (order.get(sheet, -1), issue.row or 0, column)

    return sorted(issues, key=key)


def _counts_dict(count) -> dict:
    return {
        "created": count.created,
        "updated": count.updated,
        "archived": count.archived,
        "restored": count.restored,
        "unchanged": count.unchanged,
    }
