"""Demo committees and their meetings, through the real services and case actions.

``seed_committees()`` sets up the two committees of the department with seats
for demo staff (``approver`` chairs the land committee, ``reviewer`` is its
secretary and sits on the mining committee). ``seed_committee()`` decides the
demo cases that wait at a committee stage (``seed_cases(waiting=…)``): each
committee sits every week a case waits for it, the members vote, and the
case's story goes on from the vote. With no waiting cases it adds three past
meetings whose cases were driven to the committee stage by the real case
actions and decided by the members' ballots. Either way it schedules a coming
meeting with an agenda. A case never leaves a committee stage but by a vote.
Deterministic; a second run adds nothing.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from xiaoneng.cases import actions
from xiaoneng.cases.clock import refresh_clocks
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.committee import services
from xiaoneng.committee.choices import Choice, CommitteeKind, MemberRole
from xiaoneng.committee.models import Committee, Meeting, Membership
from xiaoneng.core import clock
from xiaoneng.org.models import Unit
from xiaoneng.workdays.services import get_calendar

VALID_FROM = date(2025, 1, 1)
PLACE = "国土资源厅三楼第一会议室"

# code, name, kind, stage name, number prefix, chair, secretary, members
COMMITTEES = [
    (
        "LAND",
        "国土资源厅土地审核委员会",
        CommitteeKind.LAND,
        "土地审核委员会审议",
        "土审",
        "approver",
        "reviewer",
        ["nx_staff08", "nx_staff03", "nx_staff05", "nx_staff02", "nx_staff06", "handler"],
    ),
    (
        "MINING",
        "国土资源厅矿业权审核委员会",
        CommitteeKind.MINING,
        "矿业权审核委员会审议",
        "矿审",
        "nx_staff08",
        "nx_staff04",
        ["approver", "reviewer", "nx_staff05", "nx_staff03", "nx_staff06", "handler"],
    ),
]

# Per past meeting: (committee code, working days ago, absent members, votes per item).
# A vote list gives each present voter's choice in seat order; "R" declares a conflict.
PAST = [
    ("LAND", 45, ["nx_staff06"], ["FFFFFA", "FFFAFF"]),
    ("MINING", 30, [], ["FFFFFFF", "FAAFARF"]),
    ("LAND", 12, ["handler", "nx_staff02"], ["FFFFF", "FFRFA"]),
]
LETTERS = {"F": Choice.FOR, "A": Choice.AGAINST, "B": Choice.ABSTAIN, "R": Choice.RECUSE}
OPINIONS = {
    Choice.FOR: "符合国土空间规划和供地政策，同意。",
    Choice.AGAINST: "用地规模偏大，建议核减后再报。",
    Choice.ABSTAIN: "对补充耕地落实情况尚有疑问。",
    Choice.RECUSE: "本人近亲属在申请单位任职，申请回避。",
}


def _users(names):
    by_name = get_user_model().objects.in_bulk(names, field_name="username")
    return [by_name[name] for name in names if name in by_name]


def seed_committees() -> int:
    """The two committees and their seats (idempotent); returns the seats created."""
    department = Unit.objects.get(code="NX-DLR")
    created = 0
    for code, name, kind, stage, prefix, chair, secretary, members in COMMITTEES:
        committee, _ = Committee.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "unit": department,
                "stage_name": stage,
                "number_prefix": prefix,
            },
        )
        seats = [(chair, MemberRole.CHAIR), (secretary, MemberRole.SECRETARY)]
        seats += [(member, MemberRole.MEMBER) for member in members]
        for user in _users([username for username, _role in seats]):
            role = dict(seats)[user.username]
            _row, new = Membership.objects.get_or_create(
                committee=committee, user=user, defaults={"role": role, "valid_from": VALID_FROM}
            )
            created += new
    return created


def _items_for(committee) -> list[ServiceItem]:
    return list(
        ServiceItem.objects.filter(stages__name=committee.stage_name, level="province")
        .distinct()
        .order_by("code")
    )


def _case_at_committee(item, at: datetime, index: int):
    """A new application driven by the real actions to the committee stage."""
    users = {u.username: u for u in _users(["clerk", "handler", "reviewer"])}
    case = actions.do_submit(
        acting_user=users["clerk"],
        service_item=item,
        channel="window",
        applicant_kind="org",
        applicant_name=["宁夏建设投资集团有限公司", "宁夏宝丰能源集团股份有限公司"][index % 2],
        credit_code="91350100M000100Y43",
        legal_representative="马建军",
        phone="13995000000",
        title=f"{item.name}（审核委员会审议示例{index + 1}）",
        now=at,
    )
    step = timedelta(hours=1)
    case = actions.do_accept(case, acting_user=users["clerk"], now=at + step)
    case = actions.do_assign(
        case, acting_user=users["clerk"], handler=users["handler"], now=at + 2 * step
    )
    for day, role in ((1, "handler"), (2, "reviewer")):
        case = actions.do_advance(
            case,
            acting_user=users[role],
            opinion="经审查，材料齐全，符合法定条件，提请审核委员会审议。",
            now=at + timedelta(days=day),
        )
    return case


def _shift(day: date, n: int) -> date:
    """``n`` working days after ``day`` (before it when negative)."""
    cal = get_calendar()
    if n >= 0:
        return cal.add_workdays(day, n)
    while n < 0:
        day -= timedelta(days=1)
        n += cal.is_workday(day)
    return day


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _hold(committee, day: date, absent, votes, index) -> Meeting:
    secretary = committee.memberships.get(role=MemberRole.SECRETARY).user
    prepared = _shift(day, -8)
    meeting = services.schedule_meeting(
        committee,
        acting_user=secretary,
        starts_at=_moment(day, 14, 30),
        place=PLACE,
        now=_moment(prepared, 9),
    )
    items = _items_for(committee)
    for n, _votes in enumerate(votes):
        case = _case_at_committee(items[(index + n) % len(items)], _moment(prepared, 9, 30), n)
        services.add_agenda_item(
            meeting, acting_user=secretary, case=case, now=_moment(_shift(day, -1), 10)
        )
    voters = list(committee.voters_on(day).order_by("role", "pk"))
    present = [m.user for m in voters if m.user.username not in absent]
    services.record_attendance(
        meeting,
        acting_user=secretary,
        present_ids=[u.pk for u in present],
        now=_moment(day, 14, 25),
    )
    services.open_meeting(meeting, acting_user=secretary, now=_moment(day, 14, 30))
    for n, item in enumerate(meeting.items.order_by("order")):
        for k, (user, letter) in enumerate(zip(present, votes[n], strict=False)):
            choice = LETTERS[letter]
            services.cast_ballot(
                item,
                acting_user=user,
                choice=choice,
                opinion=OPINIONS[choice],
                now=_moment(day, 15 + n, k),
            )
        services.close_item(item, acting_user=secretary, now=_moment(day, 15 + n, 50))
    services.close_meeting(meeting, acting_user=secretary, now=_moment(day, 17, 30))
    _decide_passed(meeting, day)
    return meeting


def _decide_passed(meeting, day: date) -> None:
    """The approver decides the passed cases and the window issues the licence."""
    approver, clerk = _users(["approver", "clerk"])
    for item in meeting.items.filter(result="passed").select_related("case"):
        case = actions.do_decide(
            item.case,
            acting_user=approver,
            result="approve",
            now=_moment(_shift(day, 1), 10),
        )
        actions.do_complete(case, acting_user=clerk, now=_moment(_shift(day, 2), 10))


def _sit(committee, day: date, cases) -> Meeting:
    """A sitting on ``day`` over ``cases``, scheduled with its agenda the working day before."""
    secretary = committee.memberships.get(role=MemberRole.SECRETARY).user
    eve = _shift(day, -1)
    meeting = services.schedule_meeting(
        committee,
        acting_user=secretary,
        starts_at=_moment(day, 14, 30),
        place=PLACE,
        now=_moment(eve, 9),
    )
    for case in cases:
        services.add_agenda_item(meeting, acting_user=secretary, case=case, now=_moment(eve, 10))
    return meeting


def decide_by_committee(case, *, day: date, passed: bool = True) -> tuple:
    """Put one case that waits at a committee stage before its committee on ``day``.

    Every voting member is present and votes for (``passed``) or against;
    returns ``(case, moment)`` with the case as the vote left it and the time
    the meeting closed. For demos and tests that need a case past the committee.
    """
    committee = Committee.objects.get(stage_name=case.stage_name, unit_id=case.authority_id)
    choice = Choice.FOR if passed else Choice.AGAINST
    _meeting, closed_at = _run(
        committee, day, [case], lambda _n, present: [(user, choice) for user in present]
    )
    return Case.objects.get(pk=case.pk), closed_at


def _run(committee, day: date, cases, ballots, absent=()) -> tuple:
    """Hold a sitting over ``cases`` and close it; returns (meeting, closing time).

    ``ballots(item_index, present) -> [(user, choice)]``, ``present`` being
    the voters present (all but ``absent``, by username).
    """
    secretary = committee.memberships.get(role=MemberRole.SECRETARY).user
    meeting = _sit(committee, day, cases)
    voters = list(committee.voters_on(day).order_by("role", "pk"))
    present = [m.user for m in voters if m.user.username not in absent]
    services.record_attendance(
        meeting,
        acting_user=secretary,
        present_ids=[u.pk for u in present],
        now=_moment(day, 14, 25),
    )
    services.open_meeting(meeting, acting_user=secretary, now=_moment(day, 14, 30))
    at = _moment(day, 14, 35)
    for n, item in enumerate(meeting.items.order_by("order")):
        for user, choice in ballots(n, present):
            at += timedelta(minutes=1)
            services.cast_ballot(
                item, acting_user=user, choice=choice, opinion=OPINIONS[choice], now=at
            )
        at += timedelta(minutes=2)
        services.close_item(item, acting_user=secretary, now=at)
    at += timedelta(minutes=5)
    services.close_meeting(meeting, acting_user=secretary, now=at)
    return meeting, at


# Committees sit on these weekdays (0 = Monday) when a case waits for them.
SITTING_DAY = {"LAND": 1, "MINING": 3}


def _ballots_for(rng: random.Random):
    """Mostly for; now and then a member abstains, objects or recuses; a few contested items."""

    def ballots(_n, present):
        contested = rng.random() < 0.08
        votes = []
        for k, user in enumerate(present):
            roll = rng.random()
            if contested:
                choice = Choice.AGAINST if k % 3 != 0 else Choice.FOR
            elif roll < 0.04 and k == len(present) - 1:
                choice = Choice.RECUSE
            elif roll < 0.08:
                choice = Choice.ABSTAIN
            elif roll < 0.12:
                choice = Choice.AGAINST
            else:
                choice = Choice.FOR
            votes.append((user, choice))
        return votes

    return ballots


def _hold_history(committees, waiting, today: date, rng: random.Random) -> int:
    """Decide the waiting demo cases at weekly sittings up to yesterday; returns the sittings.

    A case goes on the agenda of its committee's first sitting after the day
    it reached the committee stage (the agenda is set the working day before).
    After the vote its story goes on; a case sent back, revised and forwarded
    again waits for a later sitting.
    """
    by_stage = {c.stage_name: c for c in committees.values()}
    queue = [w for w in waiting if w.at_committee() and w.case.stage_name in by_stage]
    if not queue:
        return 0
    cal = get_calendar()
    day = min(w.case.stage_started_on for w in queue)
    last = _shift(today, -1)
    held = 0
    while day <= last and queue:
        day = cal.add_workdays(day, 1)
        if day > last:
            break
        for code, weekday in SITTING_DAY.items():
            committee = committees.get(code)
            if committee is None or day.weekday() != weekday:
                continue
            eve = _shift(day, -1)
            due = [
                w
                for w in queue
                if w.case.stage_name == committee.stage_name and w.case.stage_started_on < eve
            ]
            if not due:
                continue
            absent = rng.sample(["handler", "nx_staff02", "nx_staff06", ""], 1)
            _meeting, closed_at = _run(
                committee, day, [w.case for w in due], _ballots_for(rng), absent=absent
            )
            held += 1
            for w in due:
                queue.remove(w)
                if w.resume(closed_at):
                    queue.append(w)
    return held


def seed_committee(today: date | None = None, waiting=(), seed: int = 2026) -> dict:
    """Committees, their past meetings and a coming one; nothing when already there.

    ``waiting``: the demo cases' stories stopped at a committee stage
    (``cases.demo.seed_cases(waiting=…)``), decided here at weekly sittings.
    """
    seats = seed_committees()
    if Meeting.objects.exists():
        return {"committee_seats": seats, "committee_meetings": 0}
    today = today or clock.today()
    committees = {c.code: c for c in Committee.objects.all()}
    made = 0
    if waiting:
        rng = random.Random(seed)  # noqa: S311  (demo data, not secrets)
        made += _hold_history(committees, waiting, today, rng)
    else:
        for index, (code, ago, absent, votes) in enumerate(PAST):
            _hold(committees[code], _shift(today, -ago), absent, votes, index)
            made += 1
    for code in ("LAND", "MINING"):
        committee = committees[code]
        secretary = committee.memberships.get(role=MemberRole.SECRETARY).user
        eligible = list(services.eligible_cases(committee, secretary))
        if code == "MINING" and not eligible:
            continue
        coming = services.schedule_meeting(
            committee,
            acting_user=secretary,
            starts_at=_moment(_shift(today, 3), 14, 30),
            place=PLACE,
            now=_moment(today, 9),
        )
        made += 1
        if not eligible:
            item = _items_for(committee)[0]
            eligible = [
                _case_at_committee(item, _moment(_shift(today, -4), 9), n) for n in range(2)
            ]
        for case in eligible:
            services.add_agenda_item(
                coming, acting_user=secretary, case=case, now=_moment(today, 10)
            )
    if waiting:
        refresh_clocks(Case.objects.open(), today)
    return {"committee_seats": seats, "committee_meetings": made}
