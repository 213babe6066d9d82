"""The one save service of the call screen, what a write reports it changed, and the follow-up of referrals
(chase, queues, the contact's notice), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bouquet_desk.core.calls import followup
from bouquet_desk.core.calls.calls import NewCall, finish_call, get_call
from bouquet_desk.core.calls.display import change_text, field_value
from bouquet_desk.core.calls.history import history
from bouquet_desk.core.calls.referrals import refer, update_referral
from bouquet_desk.core.calls.saving import save_call
from bouquet_desk.core.calls.workdays import proposed_callback_day
from bouquet_desk.core.db.models import Company
from bouquet_desk.core.errors import UserError
from bouquet_desk.core.letters import list_letters, mark_sent, pending_calls
from bouquet_desk.core.ops.changes import changes_since, current_marker, tracked

PHONE = "03 53 73 00 11"


def _companies(context) -> int:
    with context.sessions() as session:
        return session.scalar(select(func.count()).select_from(Company))


def test_editing_a_call_to_a_known_company_finds_it_instead_of_making_a_second(catalogue):
    known = save_call(catalogue, NewCall(category="PFMP", phone="03 53 73 00 12", company_name="DUPONT"))
    call = save_call(catalogue, NewCall(category="PFMP", phone=PHONE))
    before = _companies(catalogue)
    edited = save_call(catalogue, NewCall(category="PFMP", phone=PHONE, company_name="Dupont SARL"),
                       call_id=call.id, expected_version=call.version)
    assert edited.company_id == known.company_id
    assert _companies(catalogue) == before
    # The same rule as a new call: a new call naming "SARL Dupont" finds it too.
    again = save_call(catalogue, NewCall(category="PFMP", company_name="SARL Dupont"))
    assert again.company_id == known.company_id


def test_an_edit_seen_at_an_old_version_writes_nothing_not_even_a_company(catalogue):
    call = save_call(catalogue, NewCall(category="PFMP", phone=PHONE))
    save_call(catalogue, NewCall(category="PFMP", phone=PHONE, notes="autre poste"), call_id=call.id,
              expected_version=call.version)
    before = _companies(catalogue)
    with pytest.raises(UserError, match="modifié par un autre poste"):
        save_call(catalogue, NewCall(category="PFMP", phone=PHONE, company_name="Garage Nouveau"),
                  call_id=call.id, expected_version=call.version)
    assert _companies(catalogue) == before  # the company of a refused save is not left behind
    assert get_call(catalogue, call.id).notes == "autre poste"


def test_a_finished_call_keeps_its_duration_when_saved_again(catalogue):
    started = datetime(2026, 11, 30, 9, 0, 0)
    call = save_call(catalogue, NewCall(category="PFMP", phone=PHONE, started_at=started,
                                        ended_at=started + timedelta(minutes=4)))
    assert call.duration_s == 240
    later = save_call(catalogue, NewCall(category="PFMP", phone=PHONE, notes="corrigé", started_at=started,
                                         ended_at=started + timedelta(hours=3)),
                      call_id=call.id, expected_version=call.version)
    assert later.duration_s == 240 and later.ended_at == call.ended_at and later.notes == "corrigé"
    changed = history(catalogue.sessions, "call", call.id)[-1].changes
    assert "notes" in changed and "ended_at" not in changed  # the history keeps what really changed


def test_a_call_saved_on_the_line_is_finished_once_and_keeps_that_end(catalogue):
    started = datetime(2026, 11, 30, 9, 0, 0)
    open_call = save_call(catalogue, NewCall(category="PFMP", phone=PHONE, started_at=started))  # « Orienter »
    assert open_call.ended_at is None and open_call.duration_s is None
    finished = finish_call(catalogue, open_call.id, started + timedelta(minutes=3))
    assert finished.duration_s == 180
    again = finish_call(catalogue, open_call.id, started + timedelta(hours=2))  # the next call started later
    assert again.duration_s == 180 and again.ended_at == finished.ended_at


def test_a_call_to_return_always_has_its_day(catalogue):
    today = date(2026, 12, 1)
    call = save_call(catalogue, NewCall(category="PFMP", phone=PHONE, outcome="callback"), today=today)
    assert call.follow_up_on == today
    # Proposed: today on a working day, else the next one (Saturday 5 December -> Monday 7).
    assert proposed_callback_day(date(2026, 12, 1)) == date(2026, 12, 1)
    assert proposed_callback_day(date(2026, 12, 5)) == date(2026, 12, 7)
    assert proposed_callback_day(date(2026, 12, 25)) == date(2026, 12, 28)


def test_a_write_reports_what_it_changed_and_the_poll_leaves_it_to_its_writer(catalogue, open_ctx):
    marker = current_marker(catalogue.sessions)
    info, changes = tracked(lambda: save_call(catalogue, NewCall(category="PFMP", phone=PHONE,
                                                                 company_name="Garage Démo")))
    assert changes.own and changes.call_ids == {info.id}
    assert changes.company_ids == {info.company_id} and info.caller_id in changes.caller_ids
    referral, changes = tracked(lambda: refer(catalogue, info.id, "C037"))
    assert changes.referral_ids == {referral.id} and info.id in changes.call_ids  # the outcome became referred
    marker, polled = changes_since(catalogue.sessions, marker)
    assert polled.empty  # this program's own writes are not a colleague's
    colleague = open_ctx(catalogue.url)
    marker, polled = changes_since(colleague.sessions, current_marker(colleague.sessions))
    update_referral(catalogue, referral.id, status="acknowledged")
    _marker, polled = changes_since(colleague.sessions, marker)
    assert polled.referral_ids == {referral.id} and not polled.own


def test_a_catalogue_edit_reports_the_uai_it_touched(catalogue):
    from bouquet_desk.core.catalogue import editing
    from bouquet_desk.core.db.models import Establishment, Formation

    with catalogue.sessions() as session:
        formation = session.scalars(select(Formation).order_by(Formation.id)).first()
        uai = session.get(Establishment, formation.establishment_id).uai
        version = formation.version
    _detail, changes = tracked(lambda: editing.update_formation(catalogue, formation.id, expected_version=version,
                                                                capacity=33))
    assert changes.catalogue_changed and changes.uais == {uai} and not changes.catalogue_reloaded


def test_referring_makes_the_contact_s_notice(catalogue):
    call = save_call(catalogue, NewCall(category="PFMP", phone=PHONE, company_name="Garage Démo"))
    referral = refer(catalogue, call.id, "C037")
    notices = followup.make_notice(catalogue, referral)
    assert [letter.recipient for letter in notices] == ["contact"]
    assert notices[0].referral_id == referral.id


def test_chasing_a_silent_contact_logs_it_moves_the_deadline_and_makes_the_notice_again(catalogue):
    call = save_call(catalogue, NewCall(category="PFMP", phone=PHONE, company_name="Garage Démo"))
    referral = refer(catalogue, call.id, "C037", today=date(2026, 11, 2))
    queues = followup.referral_queues(catalogue, today=date(2026, 11, 20))
    assert [r.id for r in queues.overdue] == [referral.id] and not queues.due_today
    chase = followup.chase_referral(catalogue, referral.id, expected_version=referral.version,
                                    today=date(2026, 11, 20))
    assert chase.referral.due_on > date(2026, 11, 20) and chase.referral.status == "sent"
    assert chase.notice_ids and list_letters(catalogue, call.id)[-1].id in chase.notice_ids
    assert followup.chase_count(catalogue, referral.id) == 1
    assert not followup.referral_queues(catalogue, today=date(2026, 11, 20)).overdue
    # Due on its new deadline: then in « À relancer », not late.
    assert [r.id for r in followup.referral_queues(catalogue, today=chase.referral.due_on).due_today] == [referral.id]
    closed = update_referral(catalogue, referral.id, status="no_answer")
    with pytest.raises(UserError, match="close"):
        followup.chase_referral(catalogue, referral.id, expected_version=closed.version)


def test_a_letter_marked_sent_is_no_longer_pending(catalogue):
    from bouquet_desk.core.letters import create_letters

    call = save_call(catalogue, NewCall(category="PFMP", phone=PHONE, company_name="Garage Démo"))
    refer(catalogue, call.id, "C037")
    assert call.id in {p.call_id for p in pending_calls(catalogue)}
    letter = create_letters(catalogue, call.id, to="company")[0]
    mark_sent(catalogue, [letter.id])
    assert call.id not in {p.call_id for p in pending_calls(catalogue)}


def test_history_values_are_shown_in_french():
    assert change_text("call", {"outcome": [None, "referred"]}) == "issue : orienté"
    assert change_text("referral", {"status": ["sent", "acknowledged"]}) == "statut : envoyée → prise en charge"
    assert change_text("referral", {"outcome": [None, "internship"]}) == "résultat : stage conclu"
    assert field_value("call", "follow_up_on", "2026-12-03") == "03/12/2026"
    assert field_value("call", "category", "PFMP") == "Stage (PFMP)"
    assert "0623328F" not in change_text("call", {"items": [[], ["0623328F/40025214"]]})
