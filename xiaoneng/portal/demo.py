"""Demo content of the portal: campaign announcements and the laws the department applies.

The announcements follow the department's efficiency-campaign report
(/work/shared/reference): the mobilisation meeting, the three-phase plan,
the five self-inspections, public badges and open procedures, the green
channel for key projects. The policy documents are real texts with their
real promulgation numbers; no Ningxia regulation is included because its
current number could not be verified here (an official adds it in the admin).

Idempotent: rows are found by title and created once.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from xiaoneng.org.models import Unit
from xiaoneng.portal.choices import AnnouncementCategory, LegalLevel, PolicyCategory
from xiaoneng.portal.models import Announcement, PolicyDocument

SHANGHAI = ZoneInfo("Asia/Shanghai")

ANNOUNCEMENTS = [
    (
        "国土资源厅召开厅机关行政效能建设动员大会",
        AnnouncementCategory.CAMPAIGN,
        "NX-DLR-OFFICE",
        datetime(2026, 3, 2, 16, 0, tzinfo=SHANGHAI),
        "自治区政府召开全区政府效能建设大会后，厅党组立即召开专题会议，安排部署国土资源系统"
        "行政效能建设工作。厅机关全体人员和各事业单位班子成员参加动员大会，传达自治区政府效能"
        "建设大会精神。\n"
        "会议要求厅直机关全体干部职工深入学习领会效能建设的重要意义，按照“五查找、五促进”的"
        "要求，全面查找国土资源系统效能建设方面存在的突出问题，实现工作效能的大提升。",
    ),
    (
        "关于在全区国土资源系统开展行政效能建设活动的通知",
        AnnouncementCategory.NOTICE,
        "NX-DLR",
        datetime(2026, 3, 9, 9, 30, tzinfo=SHANGHAI),
        "各市、县（区）国土资源局，厅机关各处室、厅直各事业单位：\n"
        "经厅党组研究，决定集中利用七个月的时间，分动员学习、查摆整改、总结提高三个阶段，在全"
        "系统全面深入地开展行政效能建设活动。成立由厅长任组长的行政效能建设领导小组，实行"
        "“一把手”负总责、领导小组指导协调、各单位具体负责的工作机制。\n"
        "各单位要紧密结合本单位工作实际，制定切实可行的实施方案，重点查找思想认识、工作效率、"
        "服务质量、行为规范、工作纪律五个方面的问题，并于每阶段结束后报送工作进展。",
    ),
    (
        "关于全系统工作人员实行挂牌上岗接受群众监督的公告",
        AnnouncementCategory.DISCLOSURE,
        "NX-DLR",
        datetime(2026, 4, 1, 10, 0, tzinfo=SHANGHAI),
        "为深入推进政务公开，自觉接受群众监督，自即日起，全区国土资源系统窗口及业务工作人员"
        "一律佩戴工作牌上岗，公示姓名、工号、岗位和职责。\n"
        "办事群众可在本网站“挂牌上岗”栏目查询工作人员信息，对工作人员的服务进行评价或投诉。"
        "对门难进、脸难看、话难听、事难办等问题，欢迎拨打服务监督电话0951-12336反映。",
    ),
    (
        "关于公开行政审批办事程序、办事时限和收费标准的公告",
        AnnouncementCategory.DISCLOSURE,
        "NX-DLR-APPROVAL",
        datetime(2026, 4, 15, 10, 0, tzinfo=SHANGHAI),
        "根据行政效能建设工作安排，我厅对项目审批、办证审查等群众关心、社会关注的事项，进一步"
        "公开办事程序、办事标准、办事时限和收费依据，并在工作质量、服务态度、办事时效等方面作出"
        "承诺。\n"
        "各项行政许可事项的法定时限、承诺时限、申请材料、收费标准及依据，已在本网站“办事指南”"
        "栏目公布；办结结果在“办结公示”栏目公开，接受社会监督。",
    ),
    (
        "关于对重点项目用地报批实行“绿色通道”的通知",
        AnnouncementCategory.NOTICE,
        "NX-DLR-USE",
        datetime(2026, 5, 6, 15, 0, tzinfo=SHANGHAI),
        "为切实提高行政效能，保障国家和自治区重点项目建设用地，各级国土资源管理部门对重点项目"
        "用地要提前介入、跟踪服务，把可能遇到的问题考虑在先、解决在前。\n"
        "对列入重点项目名单的建设项目，用地报批实行“绿色通道”，特事特办、即到即办，并可实行"
        "短于一般事项的承诺时限；必要时将办公地点前移，推行上门服务。",
    ),
]

POLICIES = [
    (
        "中华人民共和国土地管理法",
        "中华人民共和国主席令第三十二号",
        "全国人民代表大会常务委员会",
        date(2020, 1, 1),
        LegalLevel.LAW,
        PolicyCategory.LAND,
        "1986年6月25日第六届全国人民代表大会常务委员会第十六次会议通过，2019年8月26日第十三届"
        "全国人民代表大会常务委员会第十二次会议第三次修正，自2020年1月1日起施行。\n"
        "规定土地的所有权和使用权、土地利用总体规划、耕地保护、建设用地及监督检查等制度，是本厅"
        "建设项目用地预审、农用地转用和土地征收审查等事项的主要依据。全文以国家法律法规数据库"
        "公布的文本为准。",
    ),
    (
        "中华人民共和国土地管理法实施条例",
        "中华人民共和国国务院令第743号",
        "国务院",
        date(2021, 9, 1),
        LegalLevel.ADMINISTRATIVE_REGULATION,
        PolicyCategory.LAND,
        "2021年7月2日国务院令第743号第三次修订，自2021年9月1日起施行。\n"
        "细化国土空间规划、耕地保护、建设用地审批、土地征收程序和监督检查的规定。全文以国家"
        "法律法规数据库公布的文本为准。",
    ),
    (
        "中华人民共和国矿产资源法",
        "中华人民共和国主席令第三十六号",
        "全国人民代表大会常务委员会",
        date(2025, 7, 1),
        LegalLevel.LAW,
        PolicyCategory.MINERAL,
        "2024年11月8日第十四届全国人民代表大会常务委员会第十二次会议修订，自2025年7月1日起施行。\n"
        "规定矿业权出让与登记、矿产资源勘查开采、矿区生态修复和监督管理等制度。全文以国家法律"
        "法规数据库公布的文本为准。",
    ),
    (
        "中华人民共和国行政许可法",
        "中华人民共和国主席令第二十九号",
        "全国人民代表大会常务委员会",
        date(2019, 4, 23),
        LegalLevel.LAW,
        PolicyCategory.ADMINISTRATION,
        "2003年8月27日第十届全国人民代表大会常务委员会第四次会议通过，2019年4月23日第十三届"
        "全国人民代表大会常务委员会第十次会议修正。\n"
        "规定行政许可的设定、实施机关、申请与受理（第三十二条）、审查与决定、期限（第四十二条、"
        "第四十五条）和监督检查，是本网站公开办事时限和办结结果的依据。全文以国家法律法规数据库"
        "公布的文本为准。",
    ),
    (
        "中华人民共和国行政处罚法",
        "中华人民共和国主席令第七十号",
        "全国人民代表大会常务委员会",
        date(2021, 7, 15),
        LegalLevel.LAW,
        PolicyCategory.ADMINISTRATION,
        "2021年1月22日第十三届全国人民代表大会常务委员会第二十五次会议修订，自2021年7月15日起"
        "施行。\n"
        "规定行政处罚的种类和设定、实施机关、管辖、决定程序（含听证）和执行，是国土资源违法案件"
        "查处和处罚决定公开的依据。全文以国家法律法规数据库公布的文本为准。",
    ),
    (
        "不动产登记暂行条例",
        "中华人民共和国国务院令第656号",
        "国务院",
        date(2015, 3, 1),
        LegalLevel.ADMINISTRATIVE_REGULATION,
        PolicyCategory.REGISTRATION,
        "2014年11月24日国务院令第656号公布，自2015年3月1日起施行，此后经国务院修订。\n"
        "规定不动产登记簿、登记程序（申请、受理、审核、登簿）和登记信息共享与保护，不动产登记"
        "机构应当自受理登记申请之日起30个工作日内办结。全文以国家法律法规数据库公布的文本为准。",
    ),
]


def seed_portal() -> dict:
    """Create the demo announcements and policy documents once; return what was added."""
    units = {unit.code: unit for unit in Unit.objects.filter(code__startswith="NX-DLR")}
    added = {"announcements": 0, "policies": 0}
    for title, category, unit_code, published_at, body in ANNOUNCEMENTS:
        _, created = Announcement.objects.get_or_create(
            title=title,
            defaults={
                "category": category,
                "issuing_unit": units.get(unit_code),
                "published_at": published_at,
                "is_published": True,
                "body": body,
            },
        )
        added["announcements"] += created
    for order, (title, number, issuer, effective, level, category, body) in enumerate(POLICIES):
        _, created = PolicyDocument.objects.get_or_create(
            title=title,
            defaults={
                "document_number": number,
                "issuer": issuer,
                "effective_on": effective,
                "legal_level": level,
                "category": category,
                "issuing_unit": units.get("NX-DLR-LAW"),
                # Listed in this order, newest first: the land law on top.
                "published_at": datetime(2026, 1, 5, 9, 0, tzinfo=SHANGHAI).replace(
                    minute=len(POLICIES) - order
                ),
                "is_published": True,
                "body": body,
            },
        )
        added["policies"] += created
    return added
