"""Who is calling: from a number written any way, the caller, the company, past calls and open referrals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from ..db.models import Call
from ..phones import format_phone
from . import callers, companies, referrals
from .calls import CallInfo, call_info
from .callers import CallerInfo
from .companies import CompanyInfo
from .referrals import ReferralInfo

PREVIOUS_CALLS_SHOWN = 20


@dataclass(frozen=True)
class Recognition:
    phone: str  # E.164
    phone_display: str
    caller: CallerInfo | None  # the most likely person (most recently heard on this number)
    callers: tuple[CallerInfo, ...]  # everyone known on this number (a switchboard is shared)
    company: CompanyInfo | None
    previous_calls: tuple[CallInfo, ...]  # newest first
    open_referrals: tuple[ReferralInfo, ...]

    @property
    def known(self) -> bool:
        return self.caller is not None or self.company is not None or bool(self.previous_calls)


def recognise(context, phone: str, *, today: date | None = None) -> Recognition:
    """Everything known about the number calling, for the operator to greet the caller by name."""
    e164 = callers.require_phone(phone)
    today = today or date.today()
    with context.sessions() as session:
        people = callers.by_phone(session, e164)
        caller = people[0] if people else None
        company = None
        if caller is not None and caller.company_id is not None:
            company = companies.live(session, caller.company_id)
        caller_ids = [person.id for person in people]
        conditions = [Call.phone == e164]
        if caller_ids:
            conditions.append(Call.caller_id.in_(caller_ids))
        if company is None:
            # A number heard before without a known person: the company of its latest call.
            last = session.scalar(
                select(Call).where(Call.phone == e164, Call.company_id.is_not(None))
                .order_by(Call.started_at.desc(), Call.id.desc()).limit(1)
            )
            if last is not None:
                company = companies.live(session, last.company_id)
        if company is not None:
            conditions.append(Call.company_id == company.id)
        calls = session.scalars(
            select(Call).where(or_(*conditions)).order_by(Call.started_at.desc(), Call.id.desc())
            .limit(PREVIOUS_CALLS_SHOWN)
        ).all()
        open_ones = referrals.open_referrals_of(
            session, company_id=company.id if company else None, caller_ids=caller_ids, today=today)
        return Recognition(
            phone=e164, phone_display=format_phone(e164),
            caller=callers.caller_info(caller) if caller else None,
            callers=tuple(callers.caller_info(person) for person in people),
            company=companies.company_info(company) if company else None,
            previous_calls=tuple(call_info(call, today) for call in calls),
            open_referrals=tuple(open_ones),
        )
