"""No call refused under concurrency: four PCs logging 50 calls each, every call touching callers and
companies the others touch too, while a colleague re-imports the catalogue. All 200 calls are logged, on
PostgreSQL and on SQLite; and two referral updates never leave a state mixing both."""

from __future__ import annotations

import multiprocessing
import os
import queue
import time
import traceback

import pytest
from catalogue_files import find_row, read_sheets, write_xlsx
from sqlalchemy import func, select

from bouquet_desk.core.db.models import Call, Caller, Company

WRITERS, CALLS_EACH = 4, 50
SHARED_PHONES = [f"03 53 73 00 0{n}" for n in range(4)]  # fictional range
SHARED_COMPANIES = ["Fonderie Fictive", "Garage Imaginaire", "Boulangerie Inventée"]


def _writer(url: str, data_dir: str, worker: int, barrier, results) -> None:
    os.environ["BOUQUET_DESK_DATA_DIR"] = data_dir
    ids, errors = [], []
    try:
        from bouquet_desk.app import open_context
        from bouquet_desk.core.calls.calls import NewCall, log_call

        context = open_context(url, migrate=False, seed_demo=False)
        context.settings.operator = f"poste-{worker}"
        barrier.wait(timeout=300)
        for n in range(CALLS_EACH):
            phone = SHARED_PHONES[(worker + n) % len(SHARED_PHONES)]
            try:
                info = log_call(context, NewCall(
                    category="PFMP", phone=phone,
                    caller_name=f"Appelant partagé {phone[-1]}", caller_email=f"p{phone[-1]}-{worker}@demo-bouquet.invalid",
                    company_name=SHARED_COMPANIES[n % len(SHARED_COMPANIES)], commune="Lens",
                    notes=f"appel {n} du poste {worker}", refer_to=("C001",) if n % 10 == 0 else (),
                ))
                ids.append(info.id)
            except Exception as exc:  # noqa: BLE001 - every refusal counts
                errors.append(f"{type(exc).__name__}: {exc}")
        context.close()
    except Exception:  # noqa: BLE001
        errors.append(traceback.format_exc())
    results.put((worker, ids, errors))


def _importer(url: str, data_dir: str, files: list[str], stop, results) -> None:
    os.environ["BOUQUET_DESK_DATA_DIR"] = data_dir
    done, errors = 0, []
    from bouquet_desk.app import open_context
    from bouquet_desk.core.catalogue import import_catalogue

    context = open_context(url, migrate=False, seed_demo=False)
    while not stop.is_set():
        try:
            import_catalogue(context, files[done % len(files)])
            done += 1
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.2)
    context.close()
    results.put(("import", done, errors))


def test_200_calls_sharing_callers_and_companies_with_imports_running(db_url, open_ctx, data_dir, dev_catalogue,
                                                                      tmp_path):
    context = open_ctx(db_url)
    from bouquet_desk.core.catalogue import import_catalogue

    import_catalogue(context, dev_catalogue)
    sheets = read_sheets(dev_catalogue)
    find_row(sheets, "contacts", ref="C001")[sheets["contacts"][0].index("disponibilites")] = "lundi matin"
    changed = write_xlsx(sheets, tmp_path / "modifie.xlsx")
    spawn = multiprocessing.get_context("spawn")
    barrier, results, stop = spawn.Barrier(WRITERS), spawn.Queue(), spawn.Event()
    importer = spawn.Process(target=_importer, args=(db_url, str(data_dir), [str(changed), str(dev_catalogue)],
                                                     stop, results))
    importer.start()
    writers = [spawn.Process(target=_writer, args=(db_url, str(data_dir), w, barrier, results))
               for w in range(WRITERS)]
    for process in writers:
        process.start()
    collected, deadline = {}, time.monotonic() + 600
    try:
        while len(collected) < WRITERS:
            try:
                worker, ids, errors = results.get(timeout=1)
                collected[worker] = (ids, errors)
            except queue.Empty:
                assert time.monotonic() < deadline, "writers hung"
                assert all(p.exitcode in (None, 0) for p in writers), [p.exitcode for p in writers]
        stop.set()
        _, imports, import_errors = results.get(timeout=300)
    finally:
        stop.set()
        for process in (*writers, importer):
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    errors = [error for _, errs in collected.values() for error in errs]
    assert errors == []
    ids = [call_id for ids, _ in collected.values() for call_id in ids]
    print(f"calls logged: {len(ids)} of {WRITERS * CALLS_EACH}; imports meanwhile: {imports}")
    assert len(ids) == WRITERS * CALLS_EACH == len(set(ids))
    assert imports >= 1 and import_errors == [] or all("modifié" in e or "autre poste" in e for e in import_errors)
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Call)) == WRITERS * CALLS_EACH
        # Shared records upserted, not duplicated: one caller per number, one record per company.
        assert session.scalar(select(func.count()).select_from(Caller)) == len(SHARED_PHONES)
        assert session.scalar(select(func.count()).select_from(Company)) == len(SHARED_COMPANIES)


def test_a_second_referral_update_is_told_rather_than_mixed(context, dev_catalogue):
    from bouquet_desk.core.calls.calls import NewCall, log_call
    from bouquet_desk.core.calls.referrals import update_referral
    from bouquet_desk.core.catalogue import import_catalogue
    from bouquet_desk.core.errors import UserError

    import_catalogue(context, dev_catalogue)
    call = log_call(context, NewCall(category="PFMP", phone=SHARED_PHONES[0], refer_to=("C001",)))
    referral = call.referrals[0]
    first = update_referral(context, referral.id, status="done", outcome="hire")
    # The second PC read the referral before the first saved: told, by the version it read.
    with pytest.raises(UserError, match="autre poste"):
        update_referral(context, referral.id, status="no_answer", expected_version=referral.version)
    # Or it read nothing (a script): its fields merge onto the stored state only if the whole makes sense.
    with pytest.raises(UserError, match="déjà terminée avec un résultat"):
        update_referral(context, referral.id, status="acknowledged")
    merged = update_referral(context, referral.id, note="signé lundi")
    assert (merged.status, merged.outcome, merged.note) == ("done", "hire", "signé lundi")
    assert merged.version == first.version + 1
