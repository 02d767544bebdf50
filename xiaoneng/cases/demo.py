"""A year of realistic demo cases, built through the real actions.

Every case is registered and moved on by ``actions.do_*`` at historical
times (the actions take ``now``), so its events, documents and hash chain are
exactly what the live system would have written. Deterministic for a seed.

A case that reaches a review committee's stage (审核委员会) stops there: only
the committee's vote at a meeting moves it on. ``seed_cases(waiting=[...])``
hands those stories to the caller (the committee app's demo), which holds the
meetings and then calls ``resume()`` to play the rest of each story.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from xiaoneng.cases import actions
from xiaoneng.cases.clock import refresh_clocks
from xiaoneng.cases.models import Case, KeyProject
from xiaoneng.cases.scope import user_roles
from xiaoneng.catalog.choices import StageKind
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.validators import credit_code_check_character, id_check_character
from xiaoneng.org.choices import Role
from xiaoneng.org.models import StaffProfile, Unit
from xiaoneng.org.scope import authority_of
from xiaoneng.workdays.services import get_calendar

KEY_PROJECTS = [
    ("NX-KP-2026-01", "银川河东国际机场三期扩建工程", 10),
    ("NX-KP-2026-02", "宁东能源化工基地煤制油配套项目", 12),
    ("NX-KP-2026-03", "银西高铁宁夏段配套工程", None),
    ("NX-KP-2026-04", "黄河宁夏段生态保护修复工程", 8),
]
SURNAMES = "王李张刘马杨丁白海田何周吴赵金苏黄郭"
GIVEN = ["建军", "秀英", "国栋", "玉梅", "志明", "丽华", "福贵", "春燕", "永平", "学文"]
COMPANIES = [
    "宁夏宝丰能源集团股份有限公司", "宁夏天元锰业集团有限公司", "国家能源集团宁夏煤业有限责任公司",
    "宁夏建设投资集团有限公司", "银川通联资本投资运营有限公司", "中卫市沙坡头旅游产业集团有限公司",
    "宁夏交通建设股份有限公司", "石嘴山市矿业开发有限公司", "吴忠市城市建设投资有限公司",
    "固原市六盘山水务有限公司", "宁夏华夏特钢有限公司", "宁夏晟晏实业集团有限公司",
]  # fmt: skip
COUNTY_CODES = ["640104", "640105", "640106", "640121", "640122", "640181", "640202", "640302"]
PAUSE_REASON = "依法组织专家评审和现场踏勘，所需时间不计入审查期限"
STREETS = ["北京中路", "宁安大街", "亲水大街"]
PAUSE_KINDS = ["expert_review", "site_survey", "public_notice", "hearing", "testing"]
MISSING = [
    "建设项目批准文件",
    "用地界址图及坐标",
    "土地权属证明",
    "法定代表人身份证明",
    "测绘成果报告",
]

# (outcome, weight): where the demo case's story stops.
OUTCOMES = [
    ("received", 6), ("supplement", 4), ("refused", 4), ("withdrawn", 3), ("review", 24),
    ("paused", 6), ("extended", 5), ("approved", 5), ("denied", 5), ("completed", 38),
]  # fmt: skip


FINAL_OUTCOMES = {"refused", "withdrawn", "denied", "completed"}
# Beyond this age (working days) a real case is nearly always closed; the few
# that are not are the overdue ones supervision is for.
SETTLED_AGE = 30
STUCK_SHARE = 0.04


def _outcome(rng: random.Random, age: int) -> str:
    outcomes = OUTCOMES
    if age > SETTLED_AGE and rng.random() > STUCK_SHARE:
        outcomes = [(name, weight) for name, weight in OUTCOMES if name in FINAL_OUTCOMES]
    return rng.choices([name for name, _ in outcomes], [weight for _, weight in outcomes])[0]


def _id_number(rng: random.Random) -> str:
    region = rng.choice(COUNTY_CODES)
    born = datetime(1960, 1, 1) + timedelta(days=rng.randrange(0, 40 * 365))  # noqa: DTZ001
    body = f"{region}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return body + id_check_character(body)


def _credit_code(rng: random.Random) -> str:
    region = rng.choice(["640100", "640200", "640300"])
    body = "91" + region + "".join(rng.choice("0123456789ABCDEFGH") for _ in range(9))
    return body + credit_code_check_character(body)


class _Story:
    """Moves one case through its actions at plausible, advancing office times."""

    def __init__(self, rng, calendar, staff, case, now_limit):
        self.rng, self.calendar, self.staff = rng, calendar, staff
        self.case, self.limit = case, now_limit
        self.at = case.received_at

    def later(self, min_days=0, max_days=3) -> datetime | None:
        """The next office time a few working days on; None when that is in the future."""
        day = timezone.localdate(self.at)
        step = self.rng.randint(min_days, max_days)
        day = self.calendar.add_workdays(day, step) if step else day
        moment = datetime.combine(day, time(9, 0), tzinfo=self.at.tzinfo) + timedelta(
            minutes=self.rng.randrange(0, 8 * 60)
        )
        moment = max(moment, self.at + timedelta(minutes=5))
        if moment > self.limit:
            return None
        self.at = moment
        return moment

    def person(self, role):
        return self.rng.choice(self.staff[(self.case.authority_id, role)])

    def act(self, fn, role, min_days=0, max_days=3, **kwargs) -> bool:
        moment = self.later(min_days, max_days)
        if moment is None:
            return False
        user = kwargs.pop("user", None) or self.person(role)
        self.case = fn(self.case, acting_user=user, now=moment, **kwargs)
        return True


def _staff_by_authority() -> dict:
    staff = {}
    profiles = StaffProfile.objects.select_related("user", "unit__parent").prefetch_related(
        "user__groups"
    )
    for profile in profiles:
        authority = authority_of(profile.unit)
        for role in user_roles(profile.user):
            staff.setdefault((authority.pk, role), []).append(profile.user)
    return staff


def _review_to_decision(story: _Story, slow: bool) -> bool:
    """Forward through the review stages; True when the decision stage is reached.

    A committee stage is not forwarded: the story stops there (False) until
    the committee has voted (``resume``).
    """
    while story.case.stage["kind"] == StageKind.REVIEW:
        stage = story.case.stage
        user = story.case.handler if stage["role"] == Role.HANDLER else None
        budget = stage["budget_days"] * (2 if slow else 1)
        if not story.act(
            actions.do_advance,
            stage["role"],
            1,
            max(1, budget),
            user=user,
            opinion=story.rng.choice(
                ["经审查，材料齐全，符合法定条件。", "同意，请审核。", "拟同意。"]
            ),
        ):
            return False
    return story.case.stage["kind"] == StageKind.DECISION


def _play(story: _Story, outcome: str, slow: bool) -> None:
    rng = story.rng
    if outcome == "received":
        return
    if outcome == "refused":
        story.act(
            actions.do_refuse,
            Role.CLERK,
            0,
            2,
            reason="申请事项不属于本机关职权范围",
            legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
        )
        return
    if outcome == "supplement" or rng.random() < 0.15:
        missing = rng.sample(MISSING, rng.randint(1, 3))
        if not story.act(actions.do_request_supplement, Role.CLERK, 0, 2, missing=missing):
            return
        if outcome == "supplement":
            return
    if outcome == "withdrawn" and rng.random() < 0.5:
        story.act(actions.do_withdraw, Role.CLERK, 0, 3, reason="申请人书面申请撤回")
        return
    if not story.act(actions.do_accept, Role.CLERK, 0, 2):
        return
    if not story.act(actions.do_assign, Role.CLERK, 0, 0, handler=story.person(Role.HANDLER)):
        return
    if outcome == "withdrawn":
        story.act(actions.do_withdraw, Role.CLERK, 1, 5, reason="项目调整，申请撤回")
        return
    if outcome in ("paused", "extended") or rng.random() < 0.1:
        if not story.act(
            actions.do_pause,
            Role.HANDLER,
            1,
            3,
            user=story.case.handler,
            kind=rng.choice(PAUSE_KINDS),
            reason=PAUSE_REASON,
        ):
            return
        if outcome == "paused":
            return
        if not story.act(actions.do_resume, Role.HANDLER, 2, 10, user=story.case.handler):
            return
    can_extend = story.case.rules["max_extension_days"] > 0
    if can_extend and (outcome == "extended" or rng.random() < 0.05):
        if not story.act(
            actions.do_request_extension,
            Role.HANDLER,
            1,
            3,
            user=story.case.handler,
            days=rng.randint(5, story.case.rules["max_extension_days"]),
            reason="案情复杂，需进一步核实用地范围",
        ):
            return
        if not story.act(actions.do_approve_extension, Role.APPROVER, 0, 2):
            return
    _finish(story, outcome, slow)


def _finish(story: _Story, outcome: str, slow: bool) -> None:
    """From review to the decision and the licence, as far as the outcome and time go."""
    if not _review_to_decision(story, slow) or outcome == "review":
        return
    deny = outcome == "denied"
    if not story.act(
        actions.do_decide,
        Role.APPROVER,
        0,
        3,
        result="deny" if deny else "approve",
        reason="拟用地涉及永久基本农田，不符合土地利用总体规划" if deny else "",
    ):
        return
    if outcome == "completed":
        story.act(actions.do_complete, Role.CLERK, 0, 2, fee_charged=story.case.fee_due)


class Waiting:
    """A demo story stopped at a committee stage, to be resumed after the vote."""

    def __init__(self, story: _Story, outcome: str, slow: bool):
        self.story, self.outcome, self.slow = story, outcome, slow

    @property
    def case(self) -> Case:
        return self.story.case

    def at_committee(self) -> bool:
        case = self.story.case
        return case.status == "in_review" and case.stage["kind"] == StageKind.COMMITTEE

    def resume(self, after: datetime) -> bool:
        """Play the rest of the story from ``after`` (the committee's vote).

        True when the case is back at a committee stage (it was sent back,
        revised and forwarded again) and waits for another meeting.
        """
        story = self.story
        story.case = Case.objects.get(pk=story.case.pk)
        story.at = max(story.at, after)
        _finish(story, self.outcome, self.slow)
        return self.at_committee()


def seed_key_projects() -> list[KeyProject]:
    projects = []
    for code, name, limit in KEY_PROJECTS:
        project, _ = KeyProject.objects.get_or_create(
            code=code, defaults={"name": name, "promised_limit_days": limit}
        )
        projects.append(project)
    return projects


def seed_cases(count: int = 2000, seed: int = 2026, today=None, waiting=None) -> int:
    """Add ``count`` cases received over the year before ``today``; returns how many.

    Cases that reach a committee stage wait there; when ``waiting`` is a list,
    their stories are appended to it (``Waiting``) for the committee demo.
    """
    rng = random.Random(seed)  # noqa: S311  (demo data, not secrets)
    now = timezone.localtime()
    if today is not None:
        now = datetime.combine(today, time(18, 0), tzinfo=now.tzinfo)
    calendar = get_calendar()
    staff = _staff_by_authority()
    projects = seed_key_projects()
    items = [
        item
        for item in ServiceItem.objects.active().select_related("unit").prefetch_related("stages")
        if item.level in ("province", "city")
    ]
    authorities = {
        "province": [authority_of(Unit.objects.get(code="NX-DLR"))],
        "city": list(Unit.objects.filter(code__in=["NX-YC", "NX-SZS", "NX-WZ", "NX-GY", "NX-ZW"])),
    }
    first_day = timezone.localdate(now) - timedelta(days=365)
    made = 0
    for _ in range(count):
        item = rng.choice(items)
        authority = rng.choice(authorities[item.level])
        clerk = rng.choice(staff[(authority.pk, Role.CLERK)])
        day = calendar.add_workdays(first_day, rng.randrange(0, 245))
        received = datetime.combine(day, time(9, 0), tzinfo=now.tzinfo) + timedelta(
            minutes=rng.randrange(0, 8 * 60)
        )
        if received > now:
            continue
        is_org = rng.random() < 0.6
        case = actions.do_submit(
            acting_user=clerk,
            service_item=item,
            channel=rng.choice(["window", "online"]) if item.online_allowed else "window",
            applicant_kind="org" if is_org else "person",
            applicant_name=rng.choice(COMPANIES)
            if is_org
            else rng.choice(SURNAMES) + rng.choice(GIVEN),
            id_number="" if is_org else _id_number(rng),
            credit_code=_credit_code(rng) if is_org else "",
            legal_representative=rng.choice(SURNAMES) + rng.choice(GIVEN) if is_org else "",
            phone=f"139{rng.randrange(0, 10**8):08d}",
            address=f"银川市金凤区{rng.choice(STREETS)}{rng.randint(1, 300)}号",
            title=f"{item.name}（{rng.choice(['一期', '二期', '扩建', '技改'])}）",
            quantity=Decimal(rng.randint(1, 20)),
            key_project=rng.choice(projects) if rng.random() < 0.05 else None,
            authority=authority,
            now=received,
        )
        outcome = _outcome(rng, calendar.workdays_between(day, timezone.localdate(now)))
        slow = rng.random() < 0.2
        story = _Story(rng, calendar, staff, case, now)
        _play(story, outcome, slow=slow)
        stopped = Waiting(story, outcome, slow)
        if waiting is not None and stopped.at_committee():
            waiting.append(stopped)
        made += 1
    refresh_clocks(Case.objects.open(), timezone.localdate(now))
    return made
