"""Demo key projects: five real-sounding Ningxia projects on the land-supply board.

Idempotent: projects are found by code, a case already on a project is not
linked again, a service of the same kind and date is not recorded twice.
Existing demo cases of matching items are put on the projects through the
service (audit + case event), earlier steps preferring decided cases and the
last step an open one, so that the board shows a procedure under way.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q

from xiaoneng.cases.choices import OPEN_STATUSES, ProjectLevel
from xiaoneng.cases.models import Case, KeyProject
from xiaoneng.core import clock
from xiaoneng.org.choices import Role
from xiaoneng.org.models import Region
from xiaoneng.projects import services
from xiaoneng.projects.choices import ServiceKind
from xiaoneng.projects.procedure import AREA_ITEM_CODES, sort_key

# code, name, owner, level, county, industry, planned ha, farmland ha, minerals,
# coordinator, planned start, item codes of its approvals.
PROJECTS = [
    (
        "NX-ZD-2026-01",
        "乌海至玛沁高速公路青铜峡至中卫段",
        "宁夏交通建设投资集团有限公司",
        ProjectLevel.NATIONAL,
        "640381",
        "交通基础设施",
        "612.5000",
        "183.2000",
        "",
        "reviewer",
        date(2026, 9, 1),
        ["YDYS", "NYDZY", "TDZS", "LSYD"],
    ),
    (
        "NX-ZD-2026-02",
        "中卫沙坡头区100万千瓦光伏复合发电项目",
        "国家电投集团宁夏能源铝业中卫新能源有限公司",
        ProjectLevel.REGION,
        "640502",
        "新能源",
        "2150.0000",
        "0",
        "",
        "reviewer",
        date(2026, 6, 15),
        ["DZZH", "YDYS", "NYDZY", "HBYD"],
    ),
    (
        "NX-ZD-2026-03",
        "宁东能源化工基地煤制油二期及配套煤矿项目",
        "国家能源集团宁夏煤业有限责任公司",
        ProjectLevel.NATIONAL,
        "640181",
        "煤化工",
        "386.0000",
        "42.6000",
        "煤炭（配套矿井设计产能800万吨/年）",
        "nx_staff05",
        date(2027, 3, 1),
        ["YFKC", "YDYS", "CLPS", "CKXL"],
    ),
    (
        "NX-ZD-2026-04",
        "宁夏清水河流域城乡供水工程",
        "宁夏水务投资集团有限公司",
        ProjectLevel.REGION,
        "640402",
        "水利",
        "95.3000",
        "61.8000",
        "",
        "nx_staff03",
        date(2026, 10, 8),
        ["YDYS", "FKFA", "NYDZY", "TDZS"],
    ),
    (
        "NX-ZD-2026-05",
        "石嘴山经济技术开发区新材料产业园",
        "石嘴山经济技术开发区管理委员会",
        ProjectLevel.CITY,
        "640221",
        "新材料",
        "240.0000",
        "88.5000",
        "",
        "reviewer",
        date(2026, 8, 1),
        ["YDYS", "NYDZY", "BDCFZ"],
    ),
]

# The share of the planned land its conversion approvals have granted so far.
APPROVED_SHARE = {
    "NX-ZD-2026-01": Decimal("0.55"),
    "NX-ZD-2026-02": Decimal("0.8"),
    "NX-ZD-2026-04": Decimal("0.35"),
    "NX-ZD-2026-05": Decimal("0.7"),
}

SERVICES = [
    (
        ServiceKind.CONSULTATION,
        75,
        "自然资源厅会议室",
        "厅利用处、耕保处、项目建设单位及设计单位",
        "提前介入选址论证，核对土地利用总体规划和生态保护红线，明确预审材料清单。",
    ),
    (
        ServiceKind.ONSITE,
        30,
        "项目现场",
        "项目协调人、属地国土资源局、建设单位",
        "上门服务，现场踏勘用地范围，指导编制补充耕地方案和勘测定界成果。",
    ),
]


def _upsert_project(row, regions, users) -> tuple[KeyProject, bool]:
    (code, name, owner, level, county, industry, planned, farmland, minerals, coordinator,
     start, _items) = row  # fmt: skip
    values = {
        "name": name,
        "owner": owner,
        "level": level,
        "region": regions[county],
        "industry": industry,
        "planned_hectares": Decimal(planned),
        "planned_farmland_hectares": Decimal(farmland),
        "minerals": minerals,
        "coordinator": users[coordinator],
        "planned_start": start,
        "promised_limit_days": None,
        "is_active": True,
    }
    project = KeyProject.objects.filter(code=code).first()
    if project is None:
        return KeyProject.objects.create(code=code, **values), True
    changed = [name for name, value in values.items() if getattr(project, name) != value]
    if changed:
        for field_name in changed:
            setattr(project, field_name, values[field_name])
        project.save(update_fields=changed)
    return project, False


def _candidate(project: KeyProject, code: str, want_done: bool) -> Case | None:
    cases = (
        Case.objects.filter(service_item__code=code, key_project__isnull=True)
        .filter(authority__region__code__in=_authority_regions(project))
        .select_related("authority__region")
        .order_by("received_at", "pk")
    )
    done = Q(status__in=services.DONE_STATUSES)
    preferred = cases.filter(done if want_done else Q(status__in=OPEN_STATUSES)).first()
    return preferred or cases.first()


def _authority_regions(project: KeyProject) -> list[str]:
    """The regions whose authorities decide for the project's county: province, city, county."""
    code = project.region.code
    return [code[:2] + "0000", code[:4] + "00", code]


def _linker(project: KeyProject, case: Case):
    """The coordinator when the case is his authority's, else the approver of its bureau."""
    if Case.objects.visible_to(project.coordinator).filter(pk=case.pk).exists():
        return project.coordinator
    user_model = get_user_model()
    return (
        user_model.objects.filter(
            groups__name=Role.APPROVER, profile__unit=case.authority, is_active=True
        )
        .order_by("username")
        .first()
    )


# The green-channel projects the case demo registered by name only
# (cases/demo.py): their register data, so the board shows them whole.
EARLIER_PROJECTS = {
    "NX-KP-2026-01": ("宁夏民航机场集团有限公司", ProjectLevel.REGION, "640181", "交通基础设施",
                      "326.4000", "41.8000", "", date(2026, 3, 1)),
    "NX-KP-2026-02": ("国家能源集团宁夏煤业有限责任公司", ProjectLevel.REGION, "640181",
                      "能源化工", "285.0000", "0", "煤", date(2026, 4, 1)),
    "NX-KP-2026-03": ("宁夏铁路投资有限公司", ProjectLevel.NATIONAL, "640302",
                      "交通基础设施", "412.6000", "96.5000", "", date(2026, 5, 1)),
    "NX-KP-2026-04": ("宁夏回族自治区水利厅", ProjectLevel.REGION, "640381", "生态保护",
                      "158.0000", "12.0000", "", date(2026, 3, 15)),
}  # fmt: skip


def _complete_earlier_projects(users) -> None:
    regions = {
        region.code: region
        for region in Region.objects.filter(code__in={row[2] for row in EARLIER_PROJECTS.values()})
    }
    coordinator = (
        users.get("reviewer") or get_user_model().objects.filter(username="reviewer").first()
    )
    for project in KeyProject.objects.filter(code__in=EARLIER_PROJECTS, owner=""):
        owner, level, county, industry, planned, farmland, minerals, start = EARLIER_PROJECTS[
            project.code
        ]
        project.owner, project.level, project.region = owner, level, regions[county]
        project.industry, project.minerals, project.planned_start = industry, minerals, start
        project.planned_hectares = Decimal(planned)
        project.planned_farmland_hectares = Decimal(farmland)
        project.coordinator = coordinator
        project.save()


def seed_projects() -> dict[str, int]:
    """Add the demo key projects, put matching demo cases on them; returns what was added."""
    codes = {row[4] for row in PROJECTS}
    regions = {region.code: region for region in Region.objects.filter(code__in=codes)}
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in={row[9] for row in PROJECTS})}  # fmt: skip
    counts = {"key_projects": 0, "project_links": 0, "project_services": 0}
    _complete_earlier_projects(users)
    today = clock.today()
    for row in PROJECTS:
        project, created = _upsert_project(row, regions, users)
        counts["key_projects"] += created
        items = sorted(row[11], key=sort_key)
        have = set(project.cases.values_list("service_item__code", flat=True))
        for index, code in enumerate(items):
            if code in have:
                continue
            case = _candidate(project, code, want_done=index < len(items) - 1)
            actor = _linker(project, case) if case is not None else None
            if actor is None:
                continue
            if services.link_case(project, case, acting_user=actor):
                counts["project_links"] += 1
            if code in AREA_ITEM_CODES and case.status in services.DONE_STATUSES:
                share = APPROVED_SHARE.get(project.code, Decimal("0.5"))
                services.record_approved_land(
                    case,
                    hectares=project.planned_hectares * share,
                    farmland_hectares=project.planned_farmland_hectares * share,
                    acting_user=project.coordinator,
                )
        for kind, days_ago, place, participants, notes in SERVICES:
            held_on = today - timedelta(days=days_ago)
            if project.services.filter(kind=kind).exists():
                continue
            services.record_service(
                project,
                kind=kind,
                held_on=held_on,
                place=place,
                participants=participants,
                notes=notes,
                acting_user=project.coordinator,
            )
            counts["project_services"] += 1
    return counts
