"""Demo committees and their meetings, through the real services and case actions.

``seed_committees()`` sets up the two committees of the department with seats
for demo staff (``approver`` chairs the land committee, ``reviewer`` is its
secretary and sits on the mining committee). ``seed_committee()`` adds three
past meetings whose cases were driven to the committee stage by the real case
actions and decided by the members' ballots, and one coming meeting with an
agenda. Deterministic; a second run adds nothing.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from xiaoneng.cases import actions
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


def seed_committee(today: date | None = None) -> dict:
    """Committees, three past meetings and one coming one; nothing when already there."""
    seats = seed_committees()
    if Meeting.objects.exists():
        return {"committee_seats": seats, "committee_meetings": 0}
    today = today or clock.today()
    committees = {c.code: c for c in Committee.objects.all()}
    made = 0
    for index, (code, ago, absent, votes) in enumerate(PAST):
        _hold(committees[code], _shift(today, -ago), absent, votes, index)
        made += 1
    land = committees["LAND"]
    secretary = land.memberships.get(role=MemberRole.SECRETARY).user
    coming = services.schedule_meeting(
        land,
        acting_user=secretary,
        starts_at=_moment(_shift(today, 3), 14, 30),
        place=PLACE,
        now=_moment(today, 9),
    )
    eligible = list(services.eligible_cases(land, secretary)[:3])
    if not eligible:
        item = _items_for(land)[0]
        eligible = [_case_at_committee(item, _moment(_shift(today, -4), 9), n) for n in range(2)]
    for case in eligible:
        services.add_agenda_item(coming, acting_user=secretary, case=case, now=_moment(today, 10))
    return {"committee_seats": seats, "committee_meetings": made + 1}
