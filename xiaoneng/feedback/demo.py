"""Demo complaints, ratings and rectifications, through the services.

Deterministic for a seed and idempotent: each part runs only while its table
is empty. It needs the demo organisation and cases (``seed_cases``).
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from xiaoneng.campaign.choices import ProblemArea
from xiaoneng.cases.models import Case
from xiaoneng.core import clock
from xiaoneng.feedback import services
from xiaoneng.feedback.choices import Finding, RatingChannel
from xiaoneng.feedback.models import Complaint, Rating
from xiaoneng.org.models import StaffProfile
from xiaoneng.workdays.services import get_calendar

# Mostly satisfied, as published 好差评 figures are: 1 very satisfied … 5 very dissatisfied.
LEVEL_WEIGHTS = [(1, 52), (2, 28), (3, 12), (4, 5), (5, 3)]
COMMENTS = {
    1: ["办事效率高，一次办好", "窗口服务热情周到", ""],
    2: ["整体满意", "", "指引清楚"],
    3: ["等待时间稍长", "", "材料要求可以再简化"],
    4: ["多次补充材料，来回跑", "答复不够清楚"],
    5: ["超过承诺时限仍未办结", "工作人员态度生硬"],
}
COMPLAINT_TEXTS = [
    "窗口工作人员态度生硬，对咨询不予解释。",
    "申请材料已齐全仍被要求反复补充，来回跑了多次。",
    "办理时间超过公开承诺的时限，没有任何说明。",
    "工作人员在上班时间玩手机，群众等候很久。",
    "现场踏勘时有工作人员暗示需要请吃饭。",
    "办事指南与实际要求不一致，导致多次往返。",
]


def _at(day, rng) -> datetime:
    tz = timezone.get_current_timezone()
    return datetime.combine(day, time(9, 0), tzinfo=tz) + timedelta(minutes=rng.randrange(480))


def seed_feedback(seed: int = 2026) -> dict:
    """Add the demo ratings, rectifications and complaints; returns the counts added."""
    rng = random.Random(seed)  # noqa: S311  (demo data, not secrets)
    counts = {"ratings": 0, "rectifications": 0, "complaints": 0}
    if not Rating.objects.exists():
        counts.update(_seed_ratings(rng))
    if not Complaint.objects.exists():
        counts["complaints"] = _seed_complaints(rng)
    return counts


def _seed_ratings(rng) -> dict:
    today = clock.today()
    calendar = get_calendar()
    levels, weights = zip(*LEVEL_WEIGHTS, strict=True)
    cases = list(
        Case.objects.filter(status__in=list(services.FINISHED_STATUSES), closed_on__isnull=False)
        .select_related("unit__region")
        .order_by("pk")
    )
    ratings = rectifications = 0
    for case in cases:
        if rng.random() >= 0.3:
            continue
        day = min(case.closed_on + timedelta(days=rng.randrange(1, 4)), today)
        level = rng.choices(levels, weights)[0]
        rating = services.record_rating(
            case,
            moment="completion",
            level=level,
            comment=rng.choice(COMMENTS[level]),
            channel=rng.choice([RatingChannel.PORTAL, RatingChannel.PORTAL, RatingChannel.SMS]),
            now=_at(day, rng),
        )
        ratings += 1
        if level >= 4:
            rectifications += 1
            _advance_rectification(rating.rectification, rng, calendar, today)
    return {"ratings": ratings, "rectifications": rectifications}


def _advance_rectification(rect, rng, calendar, today) -> None:
    """Take a rectification to one of its states, by its age and chance."""
    supervisors = services.supervisors_of_unit(rect.unit)
    if not supervisors:
        return
    supervisor = supervisors[0]
    verify_day = calendar.add_workdays(rect.opened_on, 1)
    if verify_day > today or rng.random() < 0.15:
        return  # still awaiting verification
    valid = rng.random() < 0.8
    rect = services.verify_rectification(
        rect,
        acting_user=supervisor,
        valid=valid,
        reason="" if valid else "评价内容与办件无关",
        now=_at(verify_day, rng),
    )
    if not valid:
        return
    fix_day = calendar.add_workdays(verify_day, rng.randrange(2, 18))
    if fix_day > today or rng.random() < 0.15:
        return  # being rectified (some overdue)
    rect = services.record_fix(
        rect,
        acting_user=supervisor,
        fix="对窗口人员进行专题培训，优化办理流程",
        answer="经核实，您反映的问题属实，我们已整改并致歉。",
        now=_at(fix_day, rng),
    )
    visit_day = calendar.add_workdays(fix_day, 2)
    if visit_day > today:
        return
    view = rng.choice(["satisfied", "satisfied", "fairly", "dissatisfied"])
    rect = services.record_return_visit(
        rect,
        acting_user=supervisor,
        visited_on=visit_day,
        method=rng.choice(["phone", "sms", "visit"]),
        view=view,
        note="申请人表示认可" if view != "dissatisfied" else "申请人仍不满意",
        now=_at(visit_day, rng),
    )
    if view == "dissatisfied" and visit_day < today:
        rect = services.appeal_rectification(
            rect, reason="整改流于形式，问题未解决", now=_at(visit_day + timedelta(days=1), rng)
        )


def _seed_complaints(rng, count: int = 40) -> int:
    today = clock.today()
    calendar = get_calendar()
    staff = list(
        StaffProfile.objects.filter(user__is_active=True, shown_in_public=True)
        .select_related("unit__region")
        .order_by("staff_no")[:40]
    )
    cases = list(Case.objects.select_related("unit").order_by("pk")[:400])
    if not staff or not cases:
        return 0
    areas = ProblemArea.values
    made = 0
    for index in range(count):
        kind = ["unit", "staff", "case"][index % 3]
        received = calendar.add_workdays(today - timedelta(days=rng.randrange(5, 150)), 0)
        anonymous = rng.random() < 0.4
        subject = {"unit_code": "", "staff_no": "", "case_number": ""}
        if kind == "unit":
            subject["unit_code"] = rng.choice(cases).unit.code
        elif kind == "staff":
            subject["staff_no"] = rng.choice(staff).staff_no
        else:
            subject["case_number"] = rng.choice(cases).number
        complaint, _code = services.submit_complaint(
            subject_kind=kind,
            area=areas[index % len(areas)],
            description=rng.choice(COMPLAINT_TEXTS),
            anonymous=anonymous,
            name="" if anonymous else rng.choice(["张伟", "李娜", "马强", "王芳", "杨军"]),
            phone="" if anonymous else f"139{rng.randrange(10**8):08d}",
            now=_at(received, rng),
            **subject,
        )
        made += 1
        _advance_complaint(complaint, index, rng, calendar, today)
    return made


FINDING_TEXTS = {
    Finding.SUBSTANTIATED: "经调查核实，反映问题属实，已责令被投诉单位整改并追究相关人员责任。",
    Finding.PARTLY: "经调查核实，反映问题部分属实，已要求相关单位改进。",
    Finding.NOT_SUBSTANTIATED: "经调查核实，反映问题不属实，办理过程符合规定。",
}


class _Steps:
    """Times for one complaint's steps: on the given day, never before the previous step."""

    def __init__(self, start, rng):
        self.last, self.rng = start, rng

    def on(self, day) -> datetime:
        self.last = max(self.last + timedelta(minutes=20), _at(day, self.rng))
        return self.last


def _advance_complaint(complaint, index, rng, calendar, today) -> None:
    supervisors = services.supervisors_of_unit(complaint.subject_unit)
    if not supervisors:
        return
    supervisor = supervisors[0]
    steps = _Steps(complaint.received_at, rng)
    stage = index % 8  # 0: left received (old ones overdue), 1: declined, 2-3: investigating …
    if stage == 0:
        return
    decide_day = min(calendar.add_workdays(complaint.received_on, rng.randrange(1, 6)), today)
    if stage == 1:
        services.decline_complaint(
            complaint,
            acting_user=supervisor,
            reason="反映事项不属于本系统受理范围，已告知向有关部门反映。",
            now=steps.on(decide_day),
        )
        return
    services.accept_complaint(complaint, acting_user=supervisor, now=steps.on(decide_day))
    if stage == 7:
        services.order_on_complaint(
            complaint,
            acting_user=supervisor,
            instruction="请于限期内核查所反映问题并书面报告。",
            limit_days=10,
            now=steps.on(decide_day),
        )
    if stage == 2:
        return
    services.add_investigation_note(
        complaint,
        acting_user=supervisor,
        text="已调阅办件记录并约谈相关人员。",
        now=steps.on(decide_day),
    )
    if stage == 3:
        return
    find_day = min(calendar.add_workdays(decide_day, rng.randrange(3, 20)), today)
    finding = rng.choice(
        [Finding.SUBSTANTIATED, Finding.SUBSTANTIATED, Finding.PARTLY, Finding.NOT_SUBSTANTIATED]
    )
    services.record_finding(
        complaint,
        acting_user=supervisor,
        finding=finding,
        text=FINDING_TEXTS[finding],
        now=steps.on(find_day),
    )
    if stage == 4:
        return
    reply_day = min(calendar.add_workdays(find_day, rng.randrange(1, 5)), today)
    services.reply_complaint(
        complaint,
        acting_user=supervisor,
        text="您反映的问题已调查处理，感谢您对国土资源工作的监督。",
        now=steps.on(reply_day),
    )
