"""The demo campaign: the department's report (宁夏国土资源系统开展行政效能建设工作) in data.

Seven months in three phases (June–December 2026): mobilisation and the
leading group under the head of the department (刘卉, 一把手), the five
self-inspections (五查找) with the report's questions, rectification,
work-discipline checks, sixteen concentrated study sessions in the last two
months, and every unit's plan and next year's work ideas. Whatever is dated
on or before today (``clock.today()``) has happened, through the services;
what lies ahead is scheduled only. Deterministic; a second run adds nothing.
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Count

from xiaoneng.campaign import campaigns, discipline, services, study
from xiaoneng.campaign.choices import (
    AnswerResult,
    FindingKind,
    GroupRole,
    PhaseKind,
    ProblemStatus,
    Severity,
    SourceKind,
    SubmissionKind,
)
from xiaoneng.campaign.models import Campaign, Problem
from xiaoneng.core import clock
from xiaoneng.org.models import StaffProfile, Unit

NAME = "宁夏国土资源系统行政效能建设活动"
SHANGHAI = ZoneInfo("Asia/Shanghai")
START, END = date(2026, 6, 1), date(2026, 12, 31)

PHASES = [
    (
        PhaseKind.MOBILISATION,
        date(2026, 6, 1),
        date(2026, 6, 30),
        "传达自治区政府效能建设大会精神，成立领导小组，制定实施方案，动员全系统干部职工投身效能建设。",
        [
            ("召开厅机关效能建设动员大会", date(2026, 6, 1), 1),
            ("成立国土资源系统行政效能建设领导小组", date(2026, 6, 1), 3),
            ("制定并下发行政效能建设实施方案", date(2026, 6, 1), 5),
            ("召开全系统再动员、再部署大会", date(2026, 6, 22), 3),
        ],
    ),
    (
        PhaseKind.INSPECTION,
        date(2026, 7, 1),
        date(2026, 10, 30),
        "按照“五查找、五促进”的要求，重点查找和解决思想认识、工作效率、服务质量、行为规范、"
        "工作纪律五个方面的突出问题，边查边改。",
        [
            ("组织学习国土资源部“十项措施、五条禁令”", date(2026, 7, 1), 10),
            ("开展“五查找”自查自纠", date(2026, 7, 1), 20),
            ("重点项目用地调研检查，建立报批“绿色通道”", date(2026, 7, 15), 20),
            ("开展工作纪律明察暗访", date(2026, 8, 3), 40),
            ("查摆问题整改落实", date(2026, 9, 1), 40),
        ],
    ),
    (
        PhaseKind.SUMMARY,
        date(2026, 11, 2),
        date(2026, 12, 31),
        "集中学习，总结经验教训，完善工作制度、监督制度和考评制度，提出明年的工作思路、目标和落实措施。",
        [
            ("安排十六次集中学习", date(2026, 11, 2), 40),
            ("修订完善效能建设工作制度、监督制度和考评制度", date(2026, 11, 16), 25),
            ("召开行政效能建设总结大会", date(2026, 12, 21), 5),
        ],
    ),
]
UNIT_TASK = ("完成本单位“五查找”自查", date(2026, 7, 1), 20)

STUDY_TOPICS = [
    ("行政效能建设的重要意义与实施方案解读", "办公室"),
    ("国土资源部“十项措施、五条禁令”", "驻厅纪检组"),
    ("中华人民共和国行政许可法", "政策法规处"),
    ("中华人民共和国土地管理法及实施条例", "政策法规处"),
    ("建设用地审查报批与“绿色通道”", "土地利用管理处"),
    ("耕地保护与占补平衡", "耕地保护处"),
    ("矿产资源法与矿业权审批", "矿业权管理处"),
    ("地质灾害防治与地质环境保护", "地质环境处"),
    ("全区第二次土地调查技术规程", "地籍管理处"),
    ("土地利用总体规划修编", "规划处"),
    ("第二轮矿产资源规划", "宁夏矿产资源储量评审中心"),
    ("国土资源执法监察与自由裁量权", "执法监察局"),
    ("政务公开与“金土工程”电子政务", "宁夏国土资源信息中心"),
    ("土地开发整理项目管理", "宁夏土地整理中心"),
    ("廉洁自律规定与公务员行为规范", "驻厅纪检组"),
    ("测绘管理法规与地理信息安全", "测绘管理处"),
]

PROBLEMS = {
    "thinking": ["部分同志政治业务学习参加不积极", "处室间协调配合不够，存在推诿现象"],
    "efficiency": ["个别审批环节办理拖拉，超出承诺时限", "工作流程繁琐，材料重复提交"],
    "service": ["窗口接待不够热情，解释不耐心", "服务基层意识不强，上门服务少"],
    "conduct": ["岗位职责不够明确，存在职责交叉", "收费公示不完整"],
    "discipline": ["个别人员上班时间迟到早退", "工作时间浏览与工作无关网页"],
}
MEASURES = "明确责任人和整改时限，修订岗位职责和工作流程，加强督促检查，整改情况报领导小组。"
FINDING_TEXT = {  # kind: (what the check found, the person's explanation)
    FindingKind.LATE_EARLY: (
        "8:40 检查时尚未到岗。",
        "当日送孩子就医晚到，已向处室负责人请假，今后注意。",
    ),
    FindingKind.ABSENT: (
        "上班时间不在岗，未履行请假手续。",
        "临时到档案室查阅资料，未及时告知，今后严格登记。",
    ),
    FindingKind.CHATTING_GAMING: (
        "上班时间浏览与工作无关的网页。",
        "已认识到错误，保证今后不再发生。",
    ),
}
ROLE_RANK = ["leader", "approver", "reviewer", "supervisor", "handler", "clerk"]


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def _participants():
    """Units with staff: the department and its offices, the city and county bureaus."""
    with_staff = Unit.objects.annotate(n=Count("staff")).filter(n__gt=0, is_active=True)
    return list(with_staff.order_by("region__code", "sort_order", "code"))


def _responsible(unit):
    profiles = list(StaffProfile.objects.filter(unit=unit).select_related("user"))
    ranked = sorted(
        profiles,
        key=lambda p: min(
            [
                ROLE_RANK.index(g)
                for g in p.user.groups.values_list("name", flat=True)
                if g in ROLE_RANK
            ]
            or [len(ROLE_RANK)]
        ),
    )
    return ranked[0].user if ranked else None


def _local_supervisor(unit, fallback):
    for user in services.supervisors_of_unit(unit):
        if services.unit_in_scope(user, unit):
            return user
    return fallback


def seed_campaign(seed: int = 2026) -> dict:
    """Create the report's campaign once, with its progress as of today."""
    if Campaign.objects.filter(name=NAME).exists():
        return {"campaign": 0}
    users = {user.username: user for user in get_user_model().objects.all()}
    leader = users.get("leader")
    if leader is None:
        return {"campaign": 0}
    rng = random.Random(seed)  # noqa: S311  (demo data, not secrets)
    today = clock.today()
    units = _participants()
    department = Unit.objects.get(code="NX-DLR")
    campaign = campaigns.create_campaign(
        acting_user=leader,
        name=NAME,
        organiser=department,
        starts_on=START,
        ends_on=END,
        units=units,
        description=(
            "按照自治区政府效能建设大会部署，集中利用七个月的时间，分三个阶段在全系统全面深入地开展"
            "一次行政效能建设活动；各单位结合实际制定实施方案，并提出明年的工作思路、目标和落实措施。"
        ),
    )
    _seed_group(campaign, leader, users, units)
    counts = {"campaign": 1}
    counts["tasks"] = _seed_phases(campaign, leader, units, rng, today)
    counts["submissions"] = _seed_submissions(campaign, leader, units, rng, today)
    counts["problems"] = _seed_checklists(campaign, units, rng, today)
    counts["checks"] = _seed_checks(units, users, rng, today)
    _seed_other_problems(units, users, rng, today)
    _seed_rectification(users, rng, today)
    counts["sessions"] = _seed_study(campaign, users, units, rng, today)
    counts["overdue"] = services.flag_overdue_rectifications(today)
    return counts


def _seed_group(campaign, leader, users, units):
    campaigns.set_group_member(
        campaign, acting_user=leader, user=leader, role=GroupRole.HEAD, duty="组长，负总责"
    )
    deputies = [users.get("approver"), users.get("nx_staff08"), users.get("nx_staff09")]
    for user in filter(None, deputies):
        campaigns.set_group_member(
            campaign, acting_user=leader, user=user, role=GroupRole.DEPUTY, duty="副组长"
        )
    members = ["reviewer", "nx_staff03", "nx_staff05", "supervisor"]
    members += [f"{abbr}_staff06" for abbr in ("yc", "szs", "wz", "gy", "zw")]
    for username in members:
        if username in users:
            campaigns.set_group_member(
                campaign,
                acting_user=leader,
                user=users[username],
                role=GroupRole.MEMBER,
                duty="成员",
            )
    for unit in units:
        responsible = _responsible(unit)
        if responsible is not None:
            campaigns.set_unit_responsible(
                campaign, acting_user=leader, unit=unit, responsible=responsible
            )


def _done_on(rng, task, today):
    """When a task dated before today was done: mostly in time, now and then late."""
    late = rng.random() < 0.15
    day = task.due_date + timedelta(days=rng.randint(1, 6)) if late else task.due_date
    day = max(task.issued_on, day - timedelta(days=0 if late else rng.randint(0, 3)))
    return day if day <= today else None


def _seed_phases(campaign, leader, units, rng, today) -> int:
    count = 0
    for kind, starts_on, ends_on, goals, tasks in PHASES:
        phase = campaigns.set_phase(
            campaign,
            acting_user=leader,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            goals=goals,
        )
        rows = [(title, issued, limit, None) for title, issued, limit in tasks]
        if kind == PhaseKind.INSPECTION:
            title, issued, limit = UNIT_TASK
            rows += [
                (f"{title}（{unit.short_name or unit.name}）", issued, limit, unit)
                for unit in units
            ]
        for title, issued, limit, unit in rows:
            task = campaigns.add_phase_task(
                phase,
                acting_user=leader,
                title=title,
                issued_on=issued,
                limit_days=limit,
                unit=unit,
            )
            count += 1
            done_on = _done_on(rng, task, today)
            if done_on is not None:
                actor = leader if unit is None else _responsible(unit)
                campaigns.complete_phase_task(task, acting_user=actor, now=_at(done_on, 17))
    return count


def _seed_submissions(campaign, leader, units, rng, today) -> int:
    requests = [
        (SubmissionKind.PLAN, date(2026, 6, 3), 10),
        (SubmissionKind.IDEAS, date(2026, 11, 16), 20),
    ]
    count = 0
    for kind, issued, limit in requests:
        if issued > today:
            continue
        campaigns.request_submissions(
            campaign, acting_user=leader, kind=kind, issued_on=issued, limit_days=limit
        )
        for submission in campaign.submissions.filter(kind=kind).select_related("unit"):
            roll = rng.random()
            if roll < 0.08:
                continue  # not handed in
            span = (submission.due_date - issued).days
            day = issued + timedelta(days=rng.randint(2, max(2, span)))
            if roll > 0.9:
                day = submission.due_date + timedelta(days=rng.randint(2, 8))
            if day > today:
                continue
            name = submission.unit.short_name or submission.unit.name
            text = (
                "{}行政效能建设实施方案：成立本单位效能建设工作小组，一把手负总责；"
                "按照“五查找、五促进”开展自查自纠，建立整改台账，落实限时办结和服务承诺。"
                if kind == SubmissionKind.PLAN
                else "{}明年工作思路：巩固效能建设成果，优化审批流程，压缩办理时限，"
                "推进政务公开和电子政务，完善考评制度。"
            ).format(name)
            campaigns.submit(
                submission, acting_user=_responsible(submission.unit), text=text, now=_at(day, 16)
            )
            count += 1
    return count


def _seed_checklists(campaign, units, rng, today) -> int:
    items = list(campaigns.active_items())
    found = 0
    for unit in units:
        day = date(2026, 7, 6) + timedelta(days=rng.randint(0, 18))
        if day > today:
            continue
        responsible = _responsible(unit)
        fills = [(responsible, False)]
        fills += [
            (profile.user, True)
            for profile in StaffProfile.objects.filter(unit=unit).select_related("user")
        ]
        for user, personal in fills:
            sheet = campaigns.open_checklist(campaign, acting_user=user, personal=personal)
            answers = {}
            for item in items:
                chance = 0.08 if not personal else 0.02
                if rng.random() < chance:
                    text = rng.choice(PROBLEMS[item.template.area])
                    severity = rng.choice([Severity.MINOR, Severity.MINOR, Severity.SERIOUS])
                    answers[item.pk] = (AnswerResult.PROBLEM, text, severity)
                else:
                    answers[item.pk] = (AnswerResult.OK, "", Severity.MINOR)
            found += len(
                campaigns.submit_checklist(
                    sheet, acting_user=user, answers=answers, now=_at(day, 15)
                )
            )
    return found


def _seed_checks(units, users, rng, today) -> int:
    fallback = users.get("supervisor")
    count = 0
    for index, unit in enumerate(units):
        if index % 3:
            continue
        day = date(2026, 8, 4) + timedelta(days=rng.randint(0, 80))
        if day > today or day.weekday() >= 5:
            continue
        checker = _local_supervisor(unit, fallback)
        staff = [
            p.user
            for p in StaffProfile.objects.filter(unit=unit)
            .exclude(user__groups__name__in=["leader", "supervisor"])
            .select_related("user")
            .distinct()
        ]
        findings = [
            (person, kind, FINDING_TEXT[kind][0])
            for person in staff
            if rng.random() < 0.2
            for kind in [rng.choice(list(FINDING_TEXT))]
        ]
        check = discipline.record_check(
            acting_user=checker,
            unit=unit,
            checked_at=_at(day, 8, 40),
            findings=findings,
            notes="上班时间对办公室、窗口在岗情况进行暗访。",
            now=_at(day, 12),
        )
        for finding in check.findings.all():
            if rng.random() < 0.5:
                discipline.explain_finding(
                    finding,
                    acting_user=finding.person,
                    explanation=FINDING_TEXT[finding.kind][1],
                    now=_at(day + timedelta(days=1), 9),
                )
        count += 1
    return count


def _seed_other_problems(units, users, rng, today):
    """Problems from complaints, bad ratings and supervision orders in the autumn."""
    supervisor = users.get("supervisor")
    kinds = [SourceKind.COMPLAINT, SourceKind.RATING, SourceKind.ORDER]
    titles = {
        SourceKind.COMPLAINT: "群众投诉：办件拖延，答复不及时",
        SourceKind.RATING: "差评：窗口解释不清，多次往返",
        SourceKind.ORDER: "督办：超期办件限期办结",
    }
    for index in range(9):
        day = date(2026, 9, 14) + timedelta(days=7 * index)
        if day > today or supervisor is None:
            continue
        unit = units[rng.randrange(len(units))]
        kind = kinds[index % 3]
        services.raise_problem(
            acting_user=supervisor,
            unit=unit,
            area="service" if kind != SourceKind.ORDER else "efficiency",
            severity=Severity.SERIOUS,
            title=titles[kind],
            source_kind=kind,
            responsible=_responsible(unit),
            now=_at(day),
        )


def _seed_rectification(users, rng, today):
    """Measures, progress and verification for the problems, as far as today reaches."""
    fallback = users.get("supervisor")
    for problem in Problem.objects.filter(status=ProblemStatus.OPEN).select_related("unit"):
        responsible = problem.responsible or _responsible(problem.unit)
        planned = problem.raised_on + timedelta(days=rng.randint(1, 5))
        if planned > today:
            continue
        services.plan_rectification(
            problem,
            acting_user=responsible,
            measures=MEASURES,
            responsible=responsible,
            now=_at(planned),
        )
        finished = problem.due_date + timedelta(days=rng.randint(-14, 3))
        if finished > today or finished <= planned:
            continue
        services.report_progress(
            problem,
            acting_user=responsible,
            text="已按措施完成整改，制度已修订并执行。",
            final=True,
            now=_at(finished, 11),
        )
        verified = finished + timedelta(days=rng.randint(1, 4))
        if verified > today:
            continue
        supervisor = _local_supervisor(problem.unit, fallback)
        passed = rng.random() > 0.12
        services.verify_rectification(
            problem,
            acting_user=supervisor,
            passed=passed,
            reason="" if passed else "整改证据不充分，请补充制度文件和执行记录。",
            now=_at(verified, 15),
        )


def _seed_study(campaign, users, units, rng, today) -> int:
    organiser = users.get("approver") or users.get("leader")
    department_units = [
        unit for unit in units if unit.code == "NX-DLR" or unit.code.startswith("NX-DLR-")
    ]
    day = date(2026, 11, 3)
    count = 0
    for topic, speaker in STUDY_TOPICS:
        while day.weekday() not in (1, 3):  # Tuesday and Thursday afternoons
            day += timedelta(days=1)
        session = study.schedule_session(
            campaign,
            acting_user=organiser,
            topic=topic,
            speaker=f"{speaker}专家",
            starts_at=_at(day, 15),
            ends_at=_at(day, 17),
            place="厅机关三楼会议室",
            audience=department_units,
        )
        count += 1
        if day <= today:
            _attend(session, organiser, department_units, rng)
        day += timedelta(days=1)
    return count


def _attend(session, organiser, units, rng):
    for profile in StaffProfile.objects.filter(unit__in=units).select_related("user"):
        roll = rng.random()
        if roll < 0.07:
            attendance = study.request_leave(
                session,
                acting_user=profile.user,
                reason="出差",
                now=session.starts_at - timedelta(days=1),
            )
            study.decide_leave(attendance, acting_user=organiser, approve=True)
        elif roll < 0.92:
            attendance = study.sign_in(
                session, acting_user=profile.user, now=session.starts_at - timedelta(minutes=5)
            )
            study.confirm_attendance(attendance, acting_user=organiser)
