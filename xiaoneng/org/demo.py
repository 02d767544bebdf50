"""Demo organisation: Ningxia's real divisions, the department's units and ~60 staff.

Idempotent: rows are found by their natural keys (region code, unit code,
username) and saved only when a value differs, so a second run writes
nothing — not even history rows.
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from xiaoneng.org.choices import RegionLevel, Role, UnitKind
from xiaoneng.org.models import Region, StaffProfile, Unit
from xiaoneng.org.roles import is_staff_for, sync_roles, validate_role_set

DEMO_PASSWORD = "Demo@2026"  # noqa: S105  (published demo credential, README)

PROVINCE = ("640000", "宁夏回族自治区")
CITIES = [
    ("640100", "银川市", "YC"),
    ("640200", "石嘴山市", "SZS"),
    ("640300", "吴忠市", "WZ"),
    ("640400", "固原市", "GY"),
    ("640500", "中卫市", "ZW"),
]
# GB/T 2260 county-level divisions of Ningxia.
COUNTIES = [
    ("640104", "兴庆区"),
    ("640105", "西夏区"),
    ("640106", "金凤区"),
    ("640121", "永宁县"),
    ("640122", "贺兰县"),
    ("640181", "灵武市"),
    ("640202", "大武口区"),
    ("640205", "惠农区"),
    ("640221", "平罗县"),
    ("640302", "利通区"),
    ("640303", "红寺堡区"),
    ("640323", "盐池县"),
    ("640324", "同心县"),
    ("640381", "青铜峡市"),
    ("640402", "原州区"),
    ("640422", "西吉县"),
    ("640423", "隆德县"),
    ("640424", "泾源县"),
    ("640425", "彭阳县"),
    ("640502", "沙坡头区"),
    ("640521", "中宁县"),
    ("640522", "海原县"),
]

DEPARTMENT = ("NX-DLR", "宁夏回族自治区国土资源厅", "国土资源厅")
# (code suffix, name, short name, kind)
DEPARTMENT_UNITS = [
    ("OFFICE", "办公室", "办公室", UnitKind.OFFICE),
    ("APPROVAL", "行政审批办公室", "审批办", UnitKind.OFFICE),
    ("LAW", "政策法规处", "法规处", UnitKind.OFFICE),
    ("PLAN", "规划处", "规划处", UnitKind.OFFICE),
    ("FARMLAND", "耕地保护处", "耕保处", UnitKind.OFFICE),
    ("USE", "土地利用管理处", "利用处", UnitKind.OFFICE),
    ("CADASTRE", "地籍管理处", "地籍处", UnitKind.OFFICE),
    ("MINING", "矿业权管理处", "矿权处", UnitKind.OFFICE),
    ("GEO", "地质环境处", "地环处", UnitKind.OFFICE),
    ("SURVEY", "测绘管理处", "测绘处", UnitKind.OFFICE),
    ("ENFORCE", "执法监察局", "执法局", UnitKind.OFFICE),
    ("DISCIPLINE", "驻厅纪检组", "纪检组", UnitKind.OFFICE),
    ("HR", "人事教育处", "人教处", UnitKind.OFFICE),
    ("INFO", "宁夏国土资源信息中心", "信息中心", UnitKind.INSTITUTION),
    ("CONSOLIDATION", "宁夏土地整理中心", "整理中心", UnitKind.INSTITUTION),
    ("RESERVES", "宁夏矿产资源储量评审中心", "评审中心", UnitKind.INSTITUTION),
]

DEPT_ADDRESS = "银川市金凤区北京中路"
DEPT_PHONE = "0951-5012345"

# The named demo accounts of the README: (username, name, unit code, post, roles).
NAMED_STAFF = [
    ("clerk", "马晓燕", "NX-DLR-APPROVAL", "窗口受理员", [Role.CLERK]),
    ("handler", "李建国", "NX-DLR-USE", "主任科员", [Role.HANDLER]),
    ("reviewer", "王志强", "NX-DLR-USE", "副处长", [Role.REVIEWER]),
    ("approver", "张海涛", "NX-DLR", "副厅长", [Role.APPROVER]),
    ("supervisor", "杨丽", "NX-DLR-DISCIPLINE", "纪检监察员", [Role.SUPERVISOR]),
    ("leader", "刘卉", "NX-DLR", "厅长", [Role.LEADER]),
    ("sysadmin", "周斌", "NX-DLR-INFO", "系统管理员", [Role.SYSADMIN]),
    ("secadmin", "吴敏", "NX-DLR-INFO", "安全保密管理员", [Role.SECADMIN]),
    ("auditadmin", "郑芳", "NX-DLR-DISCIPLINE", "安全审计员", [Role.AUDITADMIN]),
    ("yc_clerk", "丁雪梅", "NX-YC", "窗口受理员", [Role.CLERK]),
    ("yc_supervisor", "白永红", "NX-YC", "纪检监察员", [Role.SUPERVISOR]),
]

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史黎贺顾毛郝龚邵万钱武戴孔汤"
)
GIVEN = [
    "建华",
    "国庆",
    "海燕",
    "秀兰",
    "志刚",
    "红梅",
    "永强",
    "丽娟",
    "文斌",
    "晓东",
    "玉兰",
    "春生",
    "学军",
    "淑芬",
    "宏伟",
    "桂英",
    "金山",
    "凤霞",
    "振宇",
    "慧敏",
]

DUTIES = {
    "窗口受理员": "接收申请材料，当场受理、一次性告知补正或不予受理，出具受理凭证。",
    "承办人": "按审查标准审查申请材料，组织现场踏勘，提出承办意见。",
    "主任科员": "承办本处室行政许可事项的审查，提出承办意见。",
    "审核人": "审核承办意见，提出审核意见或退回补充。",
    "副处长": "审核本处室承办的许可事项。",
    "处长": "审核本处室承办的许可事项，组织集体研究。",
    "分管副局长": "审批分管的行政许可事项，审批延期申请。",
    "副厅长": "审批分管的行政许可事项，审批延期申请。",
    "纪检监察员": "对行政许可办理实施电子监察，处理投诉，发出督办单。",
    "纪检组长": "领导纪检监察工作，审定红黄牌与督办事项。",
    "执法监察员": "查处违法用地、违法采矿案件。",
    "局长": "全面负责本局工作。",
    "厅长": "全面负责国土资源厅工作。",
}

# Per city bureau: the business roles every bureau has.
BUREAU_ROLES = [
    ("窗口受理员", [Role.CLERK]),
    ("承办人", [Role.HANDLER]),
    ("审核人", [Role.REVIEWER]),
    ("分管副局长", [Role.APPROVER]),
    ("纪检监察员", [Role.SUPERVISOR]),
    ("局长", [Role.LEADER]),
]
COUNTY_ROLES = [("窗口受理员", [Role.CLERK]), ("承办人", [Role.HANDLER])]
DEPARTMENT_EXTRA = [
    ("NX-DLR-APPROVAL", "窗口受理员", [Role.CLERK]),
    ("NX-DLR-FARMLAND", "主任科员", [Role.HANDLER]),
    ("NX-DLR-FARMLAND", "处长", [Role.REVIEWER]),
    ("NX-DLR-MINING", "主任科员", [Role.HANDLER]),
    ("NX-DLR-MINING", "处长", [Role.REVIEWER]),
    ("NX-DLR-GEO", "主任科员", [Role.HANDLER]),
    ("NX-DLR-ENFORCE", "执法监察员", [Role.HANDLER]),
    ("NX-DLR", "副厅长", [Role.APPROVER]),
    ("NX-DLR-DISCIPLINE", "纪检组长", [Role.SUPERVISOR, Role.LEADER]),
]


def _upsert(model, lookup: dict, values: dict):
    """get-or-create by ``lookup``; save only the fields whose value differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj, bool(changed)


def seed_regions() -> dict[str, Region]:
    province, _ = _upsert(
        Region, {"code": PROVINCE[0]}, {"name": PROVINCE[1], "level": RegionLevel.PROVINCE}
    )
    regions = {province.code: province}
    for code, name, _abbr in CITIES:
        regions[code], _ = _upsert(
            Region, {"code": code}, {"name": name, "level": RegionLevel.CITY, "parent": province}
        )
    for code, name in COUNTIES:
        parent = regions[code[:4] + "00"]
        regions[code], _ = _upsert(
            Region, {"code": code}, {"name": name, "level": RegionLevel.COUNTY, "parent": parent}
        )
    return regions


def seed_units(regions: dict[str, Region]) -> dict[str, Unit]:
    units = {}
    code, name, short = DEPARTMENT
    dept, _ = _upsert(
        Unit,
        {"code": code},
        {
            "name": name,
            "short_name": short,
            "kind": UnitKind.DEPARTMENT,
            "region": regions["640000"],
            "parent": None,
            "address": DEPT_ADDRESS,
            "phone": DEPT_PHONE,
            "sort_order": 0,
        },
    )
    units[code] = dept
    for order, (suffix, name, short, kind) in enumerate(DEPARTMENT_UNITS, start=1):
        units[f"{code}-{suffix}"], _ = _upsert(
            Unit,
            {"code": f"{code}-{suffix}"},
            {
                "name": name,
                "short_name": short,
                "kind": kind,
                "region": regions["640000"],
                "parent": dept,
                "address": DEPT_ADDRESS,
                "phone": "",
                "sort_order": order,
            },
        )
    for order, (region_code, city, abbr) in enumerate(CITIES, start=1):
        bureau_code = f"NX-{abbr}"
        units[bureau_code], _ = _upsert(
            Unit,
            {"code": bureau_code},
            {
                "name": f"{city}国土资源局",
                "short_name": f"{city[:-1]}局",
                "kind": UnitKind.BUREAU,
                "region": regions[region_code],
                "parent": dept,
                "address": f"{city}人民政府政务服务中心",
                "phone": f"0951-60{order:02d}100",
                "sort_order": order,
            },
        )
    for order, (region_code, county) in enumerate(COUNTIES, start=1):
        city_code = region_code[:4] + "00"
        city_name, abbr = next((name, ab) for c, name, ab in CITIES if c == city_code)
        is_district = county.endswith("区")
        units[f"NX-{region_code}"], _ = _upsert(
            Unit,
            {"code": f"NX-{region_code}"},
            {
                "name": f"{city_name}国土资源局{county[:-1]}分局"
                if is_district
                else f"{county}国土资源局",
                "short_name": f"{county}局",
                "kind": UnitKind.BRANCH if is_district else UnitKind.BUREAU,
                "region": regions[region_code],
                "parent": units[f"NX-{abbr}"],
                "address": f"{county}政务服务中心",
                "phone": "",
                "sort_order": order,
            },
        )
    return units


def _staff_rows(units: dict[str, Unit]):
    """Every demo account as (username, name, unit code, post, roles), deterministic."""
    rng = random.Random(2026)  # noqa: S311  (demo names, not secrets)
    names = set()

    def fresh_name():
        while True:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            if name not in names:
                names.add(name)
                return name

    for row in NAMED_STAFF:
        names.add(row[1])
        yield row
    for index, (unit_code, post, roles) in enumerate(DEPARTMENT_EXTRA, start=1):
        yield (f"nx_staff{index:02d}", fresh_name(), unit_code, post, roles)
    for _code, _city, abbr in CITIES:
        for index, (post, roles) in enumerate(BUREAU_ROLES, start=1):
            username = f"{abbr.lower()}_staff{index:02d}"
            yield (username, fresh_name(), f"NX-{abbr}", post, roles)
    for region_code, _county in COUNTIES[::3]:
        for index, (post, roles) in enumerate(COUNTY_ROLES, start=1):
            yield (f"c{region_code}_{index}", fresh_name(), f"NX-{region_code}", post, roles)


def seed_staff(units: dict[str, Unit]) -> int:
    sync_roles()
    groups = {group.name: group for group in Group.objects.all()}
    user_model = get_user_model()
    existing = set(user_model.objects.values_list("username", flat=True))
    # Argon2 is deliberately slow; hashing the one shared demo password once
    # keeps seeding fast (and the demo password is public anyway).
    password_hash = None
    count = 0
    for number, (username, name, unit_code, post, roles) in enumerate(_staff_rows(units), 1):
        validate_role_set(roles)
        if username not in existing:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
        user, _ = _upsert(
            user_model,
            {"username": username},
            {"first_name": name, "is_staff": is_staff_for(roles), "is_active": True},
        )
        if username not in existing:
            user.password = password_hash
            user.save(update_fields=["password"])
        wanted = {groups[str(role)].pk for role in roles}
        if set(user.groups.values_list("pk", flat=True)) != wanted:
            user.groups.set(wanted)
        _upsert(
            StaffProfile,
            {"user": user},
            {
                "unit": units[unit_code],
                "staff_no": f"NX{number:04d}",
                "title": post,
                "duties": DUTIES.get(post, ""),
                "shown_in_public": Role.SYSADMIN not in roles
                and Role.SECADMIN not in roles
                and Role.AUDITADMIN not in roles,
            },
        )
        count += 1
    return count


def seed_org() -> dict:
    regions = seed_regions()
    units = seed_units(regions)
    staff = seed_staff(units)
    return {"regions": len(regions), "units": len(units), "staff": staff}
