"""The demo service catalogue: 21 real matters of a provincial land and resources department.

Each item carries the legal basis it is decided on (law, article), the
statutory limit those bases set and the shorter limit the department
promises, the fee rule, the materials the applicant hands in and the stage
plan a case follows. The citations name the version of each text where its
article numbers have moved (土地管理法 2019, 实施条例 2021, 测绘法 2017,
矿产资源法 2009 — the 2024 revision of the mining law renumbered it, so an
official updating the catalogue should re-check CLPS and YFKC, which cite it).

Conventions of the data:

- Limits are working days counted from the day after acceptance. Where a
  regulation sets its own limit (40 days for new mining and exploration
  registration and for transfers, 30 for real-estate registration) no
  extension is granted, because Art. 42 of the Administrative Licensing Law
  yields to it ("法律、法规另有规定的，依照其规定"); elsewhere Art. 42's
  20 + 10 days apply.
- The acceptance stage has a budget of one working day at the window; the
  budgets of the stages after it add up to the promised limit.
"""

from xiaoneng.catalog.choices import Category, FeeKind, MaterialForm, StageKind
from xiaoneng.org.choices import RegionLevel, Role

VENUE_PROVINCE = "宁夏回族自治区政务服务中心国土资源厅窗口（银川市金凤区）"
VENUE_YINCHUAN = "银川市民大厅国土资源局窗口（银川市金凤区）"
OFFICE_HOURS = "工作日 9:00—12:00，13:30—17:30"

ORIGINAL = MaterialForm.ORIGINAL
COPY = MaterialForm.COPY
ELECTRONIC = MaterialForm.ELECTRONIC

ART_42 = (
    "《中华人民共和国行政许可法》第四十二条（二十日内作出决定，经本行政机关负责人批准可延长十日）"
)

LAND_COMMITTEE = "土地审核委员会审议"
MINING_COMMITTEE = "矿业权审核委员会审议"


def material(name, form=ORIGINAL, copies=1, note="", *, required=True) -> dict:
    return {"name": name, "form": form, "copies": copies, "note": note, "required": required}


def stage(code, name, kind, role, budget_days) -> dict:
    return {"code": code, "name": name, "kind": kind, "role": role, "budget_days": budget_days}


ACCEPT = stage("accept", "受理", StageKind.ACCEPTANCE, Role.CLERK, 1)


def approval_plan(
    first, review, decide, issue, *, committee=None, decide_name="审批", issue_name="办结发证"
) -> list[dict]:
    """受理 → 初审 → 审核 → [审核委员会] → 决定 → 办结, with the budgets given."""
    plan = [
        ACCEPT,
        stage("preliminary", "初审", StageKind.REVIEW, Role.HANDLER, first),
        stage("review", "审核", StageKind.REVIEW, Role.REVIEWER, review),
    ]
    if committee:
        name, days = committee
        plan.append(stage("committee", name, StageKind.COMMITTEE, Role.REVIEWER, days))
    plan.append(stage("decide", decide_name, StageKind.DECISION, Role.APPROVER, decide))
    plan.append(stage("issue", issue_name, StageKind.ISSUE, Role.CLERK, issue))
    return plan


# 不动产登记: 审核 → 复审 → 登簿 → 缮证发证 (不动产登记暂行条例第十八条至第二十一条).
REGISTRATION_PLAN = [
    ACCEPT,
    stage("examine", "审核", StageKind.REVIEW, Role.HANDLER, 5),
    stage("recheck", "复审", StageKind.REVIEW, Role.REVIEWER, 2),
    stage("register", "登簿", StageKind.DECISION, Role.APPROVER, 2),
    stage("issue", "缮证发证", StageKind.ISSUE, Role.CLERK, 1),
]

REGISTRATION_BASIS = (
    "《中华人民共和国民法典》第二百零九条、第二百一十条（不动产物权经依法登记发生效力，"
    "由不动产所在地的登记机构办理）；\n"
    "《不动产登记暂行条例》第十四条、第十六条（申请及申请材料）、第二十条（不动产登记机构"
    "应当自受理登记申请之日起30个工作日内办结不动产登记手续，法律另有规定的除外）；\n"
    "《不动产登记暂行条例实施细则》（国土资源部令第63号）。"
)
REGISTRATION_CONDITIONS = (
    "1. 不动产界址、空间界限、面积等权籍调查成果明确；\n"
    "2. 不动产权属来源合法，权属无争议；\n"
    "3. 申请登记事项与不动产登记簿的记载不冲突；\n"
    "4. 依法应当由当事人双方共同申请的，双方共同申请。"
)
REGISTRATION_MATERIALS = [
    material("不动产登记申请书"),
    material("申请人身份证明", COPY, note="身份证件原件现场核验"),
    material("不动产权属证书或土地、房屋权属来源证明", ORIGINAL),
    material("登记原因证明文件", ORIGINAL, note="如买卖合同、继承或赠与证明、抵押合同等"),
    material("不动产权籍调查成果（不动产测绘报告）", note="首次登记时提交", required=False),
    material("完税或减免税凭证", COPY, note="依法需要缴税的提交", required=False),
]
REGISTRATION_FEE_BASIS = (
    "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》"
    "（发改价格规〔2016〕2559号）：住宅类不动产登记收费标准为每件80元，"
    "非住宅类不动产登记收费标准为每件550元，均含第一本不动产权属证书工本费；"
    "每增加一本证书加收证书工本费10元。"
)

LAND_ITEMS = [
    {
        "code": "YDYS",
        "name": "建设项目用地预审",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-USE",
        "legal_basis": (
            "《中华人民共和国土地管理法》（2019年修正）第五十二条（建设项目可行性研究论证时，"
            "自然资源主管部门对建设用地有关事项进行审查并提出意见）；\n"
            "《建设项目用地预审管理办法》（国土资源部令第68号）第四条（分级预审）、"
            "第十一条（预审自受理之日起二十日内完成，经负责预审的国土资源主管部门负责人批准"
            "可延长十日）。"
        ),
        "conditions": (
            "1. 建设项目符合国家产业政策和供地政策；\n"
            "2. 选址符合土地利用总体规划，确需修改规划的已按规定论证；\n"
            "3. 用地规模符合建设用地指标（标准），节约集约用地；\n"
            "4. 占用耕地的，补充耕地初步方案可行、资金有保障；\n"
            "5. 需审批的项目在可行性研究阶段提出，需核准的项目在核准前提出。"
        ),
        "statutory": 20,
        "promised": 12,
        "extension": 10,
        "materials": [
            material("建设项目用地预审申请表"),
            material("预审申请报告", note="含拟用地总规模、地类、补充耕地初步方案"),
            material("项目建议书批复或核准、备案文件", COPY),
            material(
                "标注项目用地范围的土地利用总体规划图和土地利用现状图", note="比例尺不小于1:1万"
            ),
            material("市、县国土资源主管部门初审意见"),
            material(
                "压覆矿产资源和地质灾害危险性评估情况说明",
                COPY,
                note="位于地质灾害易发区的项目附评估报告",
            ),
        ],
        "stages": approval_plan(4, 3, 3, 2),
    },
    {
        "code": "NYDZY",
        "name": "农用地转用审批",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-FARMLAND",
        "legal_basis": (
            "《中华人民共和国土地管理法》（2019年修正）第四十四条（建设占用土地涉及农用地转为"
            "建设用地的，应当办理农用地转用审批手续）；\n"
            "《中华人民共和国土地管理法实施条例》（2021年修订，国务院令第743号）第二十三条、"
            "第二十四条；\n" + ART_42 + "。\n"
            "本厅审查后报自治区人民政府批准；占用永久基本农田的，报国务院批准。"
        ),
        "conditions": (
            "1. 符合国土空间规划（土地利用总体规划）和土地利用年度计划；\n"
            "2. 占用耕地的，已落实耕地占补平衡；\n"
            "3. 单独选址的建设项目已通过用地预审；\n"
            "4. 申请由市、县人民政府组织报批。"
        ),
        "statutory": 20,
        "promised": 15,
        "extension": 10,
        "online": False,
        "materials": [
            material("建设用地呈报说明书"),
            material("农用地转用方案"),
            material("补充耕地方案及耕地占补平衡落实证明"),
            material("建设项目用地预审意见", COPY, note="单独选址建设项目提交", required=False),
            material("勘测定界图及勘测定界技术报告书"),
            material("市、县人民政府审查意见"),
        ],
        "stages": approval_plan(5, 3, 2, 2, committee=(LAND_COMMITTEE, 3)),
    },
    {
        "code": "TDZS",
        "name": "土地征收审批",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-FARMLAND",
        "legal_basis": (
            "《中华人民共和国土地管理法》（2019年修正）第四十五条（为公共利益需要征收的情形）、"
            "第四十六条（征收永久基本农田、永久基本农田以外的耕地超过三十五公顷、其他土地超过"
            "七十公顷的，由国务院批准；征收其他土地由省、自治区、直辖市人民政府批准）、"
            "第四十七条（征收程序）；\n"
            "《中华人民共和国土地管理法实施条例》（2021年修订，国务院令第743号）第四章第三节；\n"
            + ART_42
            + "。"
        ),
        "conditions": (
            "1. 属于《土地管理法》第四十五条规定的公共利益需要的情形；\n"
            "2. 已发布征收土地预公告，完成土地现状调查和社会稳定风险评估；\n"
            "3. 征地补偿安置方案已公告并听取意见，依法组织听证；\n"
            "4. 已与多数被征地农村集体经济组织成员签订补偿安置协议；\n"
            "5. 征地补偿安置费用和被征地农民社会保障费用已足额落实。"
        ),
        "statutory": 20,
        "promised": 15,
        "extension": 10,
        "online": False,
        "materials": [
            material("建设用地呈报说明书"),
            material("征收土地方案"),
            material("征收土地预公告及土地现状调查结果", COPY),
            material("社会稳定风险评估报告"),
            material("征地补偿安置方案公告、听证材料及补偿安置协议签订情况", COPY),
            material("征地补偿安置费用和社会保障费用落实证明"),
            material("勘测定界图及勘测定界技术报告书"),
        ],
        "stages": approval_plan(5, 3, 2, 2, committee=(LAND_COMMITTEE, 3)),
    },
    {
        "code": "HBYD",
        "name": "国有建设用地使用权划拨批准",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-USE",
        "legal_basis": (
            "《中华人民共和国土地管理法》（2019年修正）第五十四条（国家机关用地和军事用地、"
            "城市基础设施用地和公益事业用地、国家重点扶持的能源、交通、水利等基础设施用地等，"
            "经县级以上人民政府依法批准，可以以划拨方式取得）；\n"
            "《中华人民共和国城市房地产管理法》第二十三条、第二十四条；\n"
            "《划拨用地目录》（国土资源部令第9号）；\n" + ART_42 + "。"
        ),
        "conditions": (
            "1. 用地项目符合《划拨用地目录》；\n"
            "2. 已取得建设项目立项（核准、备案）文件和用地预审意见；\n"
            "3. 涉及农用地转用和土地征收的，已依法办理；\n"
            "4. 宗地界址清楚，权属无争议。"
        ),
        "statutory": 20,
        "promised": 12,
        "extension": 10,
        "materials": [
            material("国有建设用地使用权划拨申请书"),
            material("建设项目批准、核准或备案文件", COPY),
            material("建设项目用地预审意见", COPY),
            material("建设用地规划许可证及附图", COPY),
            material("宗地勘测定界图及界址点坐标"),
            material(
                "申请单位统一社会信用代码证明及法定代表人身份证明",
                COPY,
                note="委托办理的附授权委托书原件",
            ),
        ],
        "stages": approval_plan(4, 3, 3, 2),
    },
    {
        "code": "LSYD",
        "name": "临时用地审批",
        "category": Category.LICENSING,
        "level": RegionLevel.CITY,
        "unit": "NX-YC",
        "legal_basis": (
            "《中华人民共和国土地管理法》（2019年修正）第五十七条（建设项目施工和地质勘查需要"
            "临时使用土地的，由县级以上人民政府自然资源主管部门批准；不得修建永久性建筑物，"
            "期限一般不超过二年）；\n"
            "《中华人民共和国土地管理法实施条例》（2021年修订，国务院令第743号）第二十条；\n"
            "《自然资源部关于规范临时用地管理的通知》（自然资规〔2021〕2号）；\n" + ART_42 + "。"
        ),
        "conditions": (
            "1. 属于建设项目施工、地质勘查临时使用的土地，不修建永久性建（构）筑物；\n"
            "2. 原则上不占用永久基本农田；\n"
            "3. 已与土地所有权人或使用权人签订临时使用土地合同；\n"
            "4. 已编制土地复垦方案（报告表）并落实复垦费用；\n"
            "5. 使用期限一般不超过二年。"
        ),
        "statutory": 20,
        "promised": 10,
        "extension": 10,
        "materials": [
            material("临时用地申请书"),
            material("临时使用土地合同", note="与土地所有权人或使用权人签订"),
            material("土地复垦方案报告表及复垦费用缴存证明"),
            material("临时用地勘测定界图"),
            material("建设项目批准文件或地质勘查项目证明", COPY),
        ],
        "stages": approval_plan(3, 3, 2, 2),
    },
    {
        "code": "FKFA",
        "name": "土地复垦方案审查",
        "category": Category.OTHER_POWER,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-FARMLAND",
        "legal_basis": (
            "《土地复垦条例》（国务院令第592号）第十三条（土地复垦义务人在办理建设用地申请或者"
            "采矿权申请手续时，随有关报批材料报送土地复垦方案；方案不符合要求的，不得批准建设"
            "用地、不得颁发采矿许可证）；\n"
            "《土地复垦条例实施办法》（国土资源部令第56号）；\n"
            "《国土资源部办公厅关于做好矿山地质环境保护与土地复垦方案编报有关工作的通知》"
            "（国土资规〔2016〕21号）。\n"
            "办理时限参照" + ART_42 + "；专家评审时间不计入办理时限。"
        ),
        "conditions": (
            "1. 方案按《土地复垦方案编制规程》（TD/T 1031）编制；\n"
            "2. 复垦目标、标准和措施可行，损毁耕地优先复垦为耕地；\n"
            "3. 复垦费用预算合理，资金来源明确；\n"
            "4. 已征求土地权利人意见。"
        ),
        "statutory": 20,
        "promised": 15,
        "extension": 10,
        "materials": [
            material("土地复垦方案审查申请表"),
            material("土地复垦方案报告书（或报告表）", copies=2, note="附电子文档"),
            material("土地权利人意见"),
            material("项目立项文件或采矿权申请相关文件", COPY),
            material("土地损毁预测及复垦区范围图"),
        ],
        "stages": approval_plan(6, 4, 3, 2, decide_name="审定"),
    },
]

REAL_ESTATE_ITEMS = [
    {
        "code": "BDCDJ",
        "name": "不动产登记（住宅）",
        "category": Category.CONFIRMATION,
        "level": RegionLevel.CITY,
        "unit": "NX-YC",
        "legal_basis": REGISTRATION_BASIS,
        "conditions": REGISTRATION_CONDITIONS,
        "statutory": 30,
        "promised": 10,
        "extension": 0,
        "fee": (FeeKind.FIXED, "80", "件", REGISTRATION_FEE_BASIS),
        "materials": REGISTRATION_MATERIALS,
        "stages": REGISTRATION_PLAN,
    },
    {
        "code": "BDCFZ",
        "name": "不动产登记（非住宅）",
        "category": Category.CONFIRMATION,
        "level": RegionLevel.CITY,
        "unit": "NX-YC",
        "legal_basis": REGISTRATION_BASIS,
        "conditions": REGISTRATION_CONDITIONS,
        "statutory": 30,
        "promised": 10,
        "extension": 0,
        "fee": (FeeKind.FIXED, "550", "件", REGISTRATION_FEE_BASIS),
        "materials": REGISTRATION_MATERIALS,
        "stages": REGISTRATION_PLAN,
    },
    {
        "code": "BDCCX",
        "name": "不动产登记资料查询",
        "category": Category.PUBLIC_SERVICE,
        "level": RegionLevel.CITY,
        "unit": "NX-YC",
        "legal_basis": (
            "《不动产登记暂行条例》第二十七条（权利人、利害关系人可以依法查询、复制不动产登记"
            "资料）；\n"
            "《不动产登记暂行条例实施细则》（国土资源部令第63号）第一百条（符合规定的查询申请"
            "应当场提供查询，因情况特殊不能当场提供的，应当在5个工作日内提供）；\n"
            "《不动产登记资料查询暂行办法》（国土资源部令第80号）。"
        ),
        "conditions": (
            "1. 查询人为不动产权利人、利害关系人或者其委托的人；\n"
            "2. 利害关系人查询的，说明查询目的并提交利害关系证明材料；\n"
            "3. 查询目的合法，查询结果不得用于其他目的。"
        ),
        "statutory": 5,
        "promised": 3,
        "extension": 0,
        "materials": [
            material("不动产登记资料查询申请书"),
            material("查询人身份证明", COPY, note="身份证件原件现场核验"),
            material("利害关系证明材料", COPY, note="利害关系人查询时提交", required=False),
            material("授权委托书", note="委托他人查询时提交", required=False),
        ],
        "stages": [
            ACCEPT,
            stage("search", "检索核对", StageKind.REVIEW, Role.HANDLER, 1),
            stage("approve", "审核", StageKind.DECISION, Role.APPROVER, 1),
            stage("issue", "出具查询结果", StageKind.ISSUE, Role.CLERK, 1),
        ],
    },
]

MINING_ITEMS = [
    {
        "code": "CKXL",
        "name": "采矿权新立登记",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-MINING",
        "legal_basis": (
            "《矿产资源开采登记管理办法》（国务院令第241号）第三条（省、自治区、直辖市人民政府"
            "地质矿产主管部门的审批登记权限）、第五条（申请材料）、第六条（登记管理机关应当自"
            "收到申请之日起40日内，作出准予登记或者不予登记的决定，并通知采矿权申请人）。"
        ),
        "conditions": (
            "1. 矿区范围已经登记管理机关划定，无争议；\n"
            "2. 矿产资源储量报告已评审备案，矿产资源开发利用方案已审查；\n"
            "3. 已编制矿山地质环境保护与土地复垦方案；\n"
            "4. 申请人为依法设立的企业法人，资金、技术和设备与开采规模相适应；\n"
            "5. 符合矿产资源规划和国家产业政策。"
        ),
        "statutory": 40,
        "promised": 25,
        "extension": 0,
        "fee": (
            FeeKind.PER_UNIT,
            "1000",
            "平方公里·年",
            "《矿产资源开采登记管理办法》（国务院令第241号）第九条：采矿权使用费按照矿区范围的"
            "面积逐年缴纳，标准为每平方公里每年1000元；《探矿权采矿权使用费和价款管理办法》"
            "（财综字〔1999〕74号）。新立登记时缴纳第一年的使用费。",
        ),
        "materials": [
            material("采矿权申请登记书及矿区范围图", copies=3, note="附电子文档"),
            material("采矿权申请人营业执照", COPY),
            material("矿产资源开发利用方案及审查意见"),
            material("矿山地质环境保护与土地复垦方案及审查意见"),
            material("环境影响评价报告及批复文件", COPY),
            material("划定矿区范围批复及矿产资源储量评审备案文件", COPY),
        ],
        "stages": approval_plan(8, 6, 4, 2, committee=(MINING_COMMITTEE, 5), issue_name="发证"),
    },
    {
        "code": "CKYX",
        "name": "采矿权延续登记",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-MINING",
        "legal_basis": (
            "《矿产资源开采登记管理办法》（国务院令第241号）第七条（采矿许可证有效期满需要继续"
            "采矿的，应当在有效期届满的30日前办理延续登记手续；逾期不办理的，采矿许可证自行"
            "废止）；\n" + ART_42 + "。"
        ),
        "conditions": (
            "1. 采矿许可证在有效期内，于有效期届满30日前提出申请；\n"
            "2. 矿区范围内尚有可供开采的资源储量；\n"
            "3. 已缴纳采矿权使用费和采矿权价款（出让收益）；\n"
            "4. 已履行矿山地质环境治理恢复与土地复垦义务。"
        ),
        "statutory": 20,
        "promised": 15,
        "extension": 10,
        "materials": [
            material("采矿权延续申请登记书及矿区范围图", copies=3),
            material("采矿许可证正副本"),
            material("剩余资源储量核实报告及评审备案文件", COPY),
            material("矿山地质环境保护与土地复垦方案"),
            material("采矿权使用费、价款缴纳凭证", COPY),
        ],
        "stages": approval_plan(6, 4, 3, 2, issue_name="发证"),
    },
    {
        "code": "CKBG",
        "name": "采矿权变更登记",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-MINING",
        "legal_basis": (
            "《矿产资源开采登记管理办法》（国务院令第241号）第十五条（变更矿区范围、主要开采"
            "矿种、开采方式、矿山企业名称，或者经依法批准转让采矿权的，应当在采矿许可证有效期"
            "内向登记管理机关申请变更登记）；\n" + ART_42 + "。"
        ),
        "conditions": (
            "1. 采矿许可证在有效期内；\n"
            "2. 属于《矿产资源开采登记管理办法》第十五条规定的变更情形；\n"
            "3. 变更矿区范围或开采矿种的，已完成资源储量评审备案和开发利用方案审查；\n"
            "4. 采矿权未被查封，设有抵押的已取得抵押权人同意。"
        ),
        "statutory": 20,
        "promised": 15,
        "extension": 10,
        "materials": [
            material("采矿权变更申请登记书及矿区范围图", copies=3),
            material("采矿许可证正副本"),
            material("变更事由证明文件", COPY, note="如企业名称变更登记通知、转让批准文件等"),
            material(
                "矿产资源开发利用方案及审查意见",
                note="变更矿区范围、开采矿种或开采方式时提交",
                required=False,
            ),
            material("采矿权人营业执照", COPY),
        ],
        "stages": approval_plan(6, 4, 3, 2, issue_name="发证"),
    },
    {
        "code": "CKZX",
        "name": "采矿权注销登记",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-MINING",
        "legal_basis": (
            "《矿产资源开采登记管理办法》（国务院令第241号）第十六条（采矿权人停办、关闭矿山的，"
            "应当自决定停办或者关闭矿山之日起30日内，向原发证机关申请办理采矿许可证注销登记"
            "手续）；\n"
            "《中华人民共和国行政许可法》第七十条（行政许可的注销）、第四十二条（办理时限）。"
        ),
        "conditions": (
            "1. 矿山已停办或关闭，或采矿许可证有效期届满不再延续；\n"
            "2. 已提交闭坑地质报告，完成矿山地质环境治理恢复和土地复垦；\n"
            "3. 已缴清采矿权使用费、价款等应缴费用。"
        ),
        "statutory": 20,
        "promised": 10,
        "extension": 10,
        "materials": [
            material("采矿权注销申请登记书"),
            material("采矿许可证正副本"),
            material("闭坑地质报告及审查意见", COPY),
            material("矿山地质环境治理恢复与土地复垦验收意见", COPY),
        ],
        "stages": approval_plan(3, 3, 2, 2),
    },
    {
        "code": "TKXL",
        "name": "探矿权新立登记",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-MINING",
        "legal_basis": (
            "《矿产资源勘查区块登记管理办法》（国务院令第240号）第四条（省、自治区、直辖市人民"
            "政府地质矿产主管部门的审批登记权限）、第六条（申请材料）、第八条（登记管理机关应当"
            "自收到申请之日起40日内，按照申请在先的原则作出准予登记或者不予登记的决定）。"
        ),
        "conditions": (
            "1. 申请勘查的区块符合矿产资源规划，与已设矿业权无重叠；\n"
            "2. 以招标、拍卖、挂牌方式出让的，已签订探矿权出让合同；\n"
            "3. 申请人资金能力不低于勘查实施方案第一勘查年度的投入；\n"
            "4. 已编制符合地质勘查规范的勘查实施方案。"
        ),
        "statutory": 40,
        "promised": 25,
        "extension": 0,
        "fee": (
            FeeKind.PER_UNIT,
            "100",
            "平方公里·年",
            "《矿产资源勘查区块登记管理办法》（国务院令第240号）第十二条：探矿权使用费以勘查"
            "年度计算，逐年缴纳；第一个至第三个勘查年度每平方公里每年缴纳100元，从第四个勘查"
            "年度起每平方公里每年增加100元，最高不超过每平方公里每年500元。新立登记时缴纳第一个"
            "勘查年度的使用费。",
        ),
        "materials": [
            material("探矿权申请登记书及勘查区块范围图", copies=3, note="附电子文档"),
            material("申请人营业执照或事业单位法人证书", COPY),
            material("勘查实施方案及评审意见"),
            material("勘查资金来源证明"),
            material("探矿权出让合同", COPY),
        ],
        "stages": approval_plan(8, 7, 6, 4, issue_name="发证"),
    },
    {
        "code": "TKYX",
        "name": "探矿权延续登记",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-MINING",
        "legal_basis": (
            "《矿产资源勘查区块登记管理办法》（国务院令第240号）第十条（勘查许可证有效期最长为"
            "3年；需要延长勘查工作时间的，应当在有效期届满的30日前办理延续登记手续，每次延续"
            "时间不得超过2年；逾期不办理的，勘查许可证自行废止）；\n" + ART_42 + "。"
        ),
        "conditions": (
            "1. 勘查许可证在有效期内，于有效期届满30日前提出申请；\n"
            "2. 已完成规定的最低勘查投入；\n"
            "3. 已缴纳探矿权使用费；\n"
            "4. 已提交勘查工作报告和延续期勘查实施方案。"
        ),
        "statutory": 20,
        "promised": 15,
        "extension": 10,
        "materials": [
            material("探矿权延续申请登记书及勘查区块范围图", copies=3),
            material("勘查许可证正副本"),
            material("勘查工作总结报告及最低勘查投入证明"),
            material("延续期勘查实施方案"),
            material("探矿权使用费缴纳凭证", COPY),
        ],
        "stages": approval_plan(6, 4, 3, 2, issue_name="发证"),
    },
    {
        "code": "TKBL",
        "name": "探矿权保留登记",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-MINING",
        "legal_basis": (
            "《矿产资源勘查区块登记管理办法》（国务院令第240号）第十一条（探明可供开采的矿体后，"
            "经登记管理机关批准，可以在勘查许可证有效期届满的30日前申请保留探矿权；保留期限最长"
            "不得超过2年，需要延长的可以申请延长2次，每次不得超过2年）；\n" + ART_42 + "。"
        ),
        "conditions": (
            "1. 勘查许可证有效期内已探明可供开采的矿体；\n"
            "2. 因国家政策、技术条件等非探矿权人原因暂不能申请采矿权；\n"
            "3. 于勘查许可证有效期届满30日前提出申请；\n"
            "4. 已缴纳探矿权使用费。"
        ),
        "statutory": 20,
        "promised": 15,
        "extension": 10,
        "materials": [
            material("探矿权保留申请登记书", copies=3),
            material("勘查许可证正副本"),
            material("经评审备案的矿产资源储量报告", COPY, note="勘查程度达到详查及以上"),
            material("申请保留探矿权的理由说明及证明文件"),
        ],
        "stages": approval_plan(6, 4, 3, 2, issue_name="发证"),
    },
    {
        "code": "KQZR",
        "name": "探矿权采矿权转让审批",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-MINING",
        "legal_basis": (
            "《探矿权采矿权转让管理办法》（国务院令第242号）第三条（可以转让的情形）、第四条"
            "（省、自治区、直辖市人民政府地质矿产主管部门的审批权限）、第五条和第六条（转让"
            "条件）、第十条（审批管理机关应当自收到转让申请之日起40日内，作出准予转让或者不准"
            "转让的决定，并通知转让人和受让人）。"
        ),
        "conditions": (
            "1. 转让探矿权的：自颁发勘查许可证之日起满2年或者已发现可供进一步勘查或开采的矿产"
            "资源，完成最低勘查投入，权属无争议，已缴纳探矿权使用费和价款；\n"
            "2. 转让采矿权的：矿山企业投入采矿生产满1年，权属无争议，已缴纳采矿权使用费、价款、"
            "资源税和矿产资源补偿费；\n"
            "3. 受让人符合探矿权人或采矿权人的条件。"
        ),
        "statutory": 40,
        "promised": 25,
        "extension": 0,
        "materials": [
            material("探矿权（采矿权）转让申请书"),
            material("转让人与受让人签订的转让合同"),
            material("受让人资质条件证明文件", COPY),
            material("转让人具备转让条件的证明"),
            material("矿产资源勘查或开采情况报告"),
            material("勘查许可证或采矿许可证正副本"),
        ],
        "stages": approval_plan(9, 6, 3, 2, committee=(MINING_COMMITTEE, 5), issue_name="办结发证"),
    },
    {
        "code": "CLPS",
        "name": "矿产资源储量评审备案",
        "category": Category.OTHER_POWER,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-MINING",
        "legal_basis": (
            "《中华人民共和国矿产资源法》（2009年修正）第十三条（省、自治区、直辖市矿产储量审批"
            "机构负责审查批准供矿山建设设计使用的勘探报告）；\n"
            "《矿产资源储量评审认定办法》（国土资发〔1999〕205号）。\n"
            "专家评审由宁夏矿产资源储量评审中心组织，评审时间不计入办理时限；办理时限参照"
            + ART_42
            + "。"
        ),
        "conditions": (
            "1. 储量报告符合《固体矿产资源储量分类》（GB/T 17766）等标准规范；\n"
            "2. 探矿权、采矿权在有效期内，报告范围与矿业权范围一致；\n"
            "3. 已通过评审机构组织的专家评审。"
        ),
        "statutory": 20,
        "promised": 15,
        "extension": 10,
        "materials": [
            material("矿产资源储量评审备案申请表"),
            material("矿产资源储量报告（含附图、附表）", copies=2, note="附电子文档"),
            material("勘查许可证或采矿许可证", COPY),
            material("评审机构出具的评审意见书"),
            material("地质资料汇交凭证", COPY),
        ],
        "stages": approval_plan(6, 4, 3, 2, decide_name="审定", issue_name="备案"),
    },
    {
        "code": "YFKC",
        "name": "建设项目压覆重要矿产资源审批",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-MINING",
        "legal_basis": (
            "《中华人民共和国矿产资源法》（2009年修正）第三十三条（非经国务院授权的部门批准，"
            "不得压覆重要矿床）；\n"
            "《中华人民共和国矿产资源法实施细则》第三十五条；\n"
            "《国土资源部关于进一步做好建设项目压覆重要矿产资源审批管理工作的通知》"
            "（国土资发〔2010〕137号）；\n" + ART_42 + "。"
        ),
        "conditions": (
            "1. 建设项目已取得立项（核准、备案）文件；\n"
            "2. 已编制建设项目压覆重要矿产资源评估报告并通过评审；\n"
            "3. 压覆已设矿业权的，已与矿业权人签订补偿协议；\n"
            "4. 压覆石油、天然气、放射性矿产或者达到大型矿区规模的，按国土资发〔2010〕137号"
            "报国土资源部审批。"
        ),
        "statutory": 20,
        "promised": 15,
        "extension": 10,
        "materials": [
            material("建设项目压覆重要矿产资源申请书"),
            material("建设项目立项（核准、备案）文件", COPY),
            material("压覆重要矿产资源评估报告及评审意见"),
            material("与矿业权人签订的补偿协议", note="压覆已设矿业权时提交", required=False),
            material("压覆范围图及拐点坐标"),
        ],
        "stages": approval_plan(6, 4, 3, 2),
    },
]

GEO_SURVEY_ITEMS = [
    {
        "code": "DZZH",
        "name": "地质灾害危险性评估报告备案",
        "category": Category.OTHER_POWER,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-GEO",
        "legal_basis": (
            "《地质灾害防治条例》（国务院令第394号）第二十一条（在地质灾害易发区内进行工程建设，"
            "应当在可行性研究阶段进行地质灾害危险性评估，并将评估结果作为可行性研究报告的组成"
            "部分）；\n"
            "《国土资源部关于加强地质灾害危险性评估工作的通知》（国土资发〔2004〕69号）。\n"
            "办理时限参照" + ART_42 + "。"
        ),
        "conditions": (
            "1. 评估单位具备相应的地质灾害危险性评估资质；\n"
            "2. 评估报告按地质灾害危险性评估规范编制，评估范围和级别符合要求；\n"
            "3. 评估报告已通过专家审查。"
        ),
        "statutory": 20,
        "promised": 10,
        "extension": 10,
        "materials": [
            material("地质灾害危险性评估报告备案登记表"),
            material("地质灾害危险性评估报告", copies=2, note="附电子文档"),
            material("专家审查意见"),
            material("评估单位资质证书", COPY),
            material("建设项目立项文件或用地范围图", COPY),
        ],
        "stages": approval_plan(4, 2, 2, 2, decide_name="审定", issue_name="备案"),
    },
    {
        "code": "CHZZ",
        "name": "测绘资质审批",
        "category": Category.LICENSING,
        "level": RegionLevel.PROVINCE,
        "unit": "NX-DLR-SURVEY",
        "legal_basis": (
            "《中华人民共和国测绘法》（2017年修订）第二十七条（国家对从事测绘活动的单位实行测绘"
            "资质管理制度）、第二十八条（省、自治区、直辖市人民政府测绘地理信息主管部门按照职责"
            "负责测绘资质审查、发放测绘资质证书）；\n"
            "《测绘资质管理办法》（自然资源部2021年印发）；\n" + ART_42 + "。"
        ),
        "conditions": (
            "1. 具有法人资格；\n"
            "2. 有与申请的专业类别和等级相适应的专业技术人员；\n"
            "3. 有与申请的专业类别和等级相适应的技术装备和设施；\n"
            "4. 有健全的技术和质量保证体系、安全保障措施、信息安全保密管理制度以及测绘成果和"
            "资料档案管理制度。"
        ),
        "statutory": 20,
        "promised": 15,
        "extension": 10,
        "materials": [
            material("测绘资质申请表", ELECTRONIC, note="通过测绘资质管理信息系统填报"),
            material("营业执照或事业单位法人证书", ELECTRONIC),
            material(
                "专业技术人员身份证明、学历或职称证明及社会保险缴纳证明",
                ELECTRONIC,
                note="原件扫描件",
            ),
            material("仪器设备所有权证明及检定证书", ELECTRONIC),
            material("质量保证体系、保密管理和档案管理制度文件", ELECTRONIC),
        ],
        "stages": approval_plan(6, 4, 3, 2, issue_name="发证"),
    },
]

ITEMS = LAND_ITEMS + REAL_ESTATE_ITEMS + MINING_ITEMS + GEO_SURVEY_ITEMS
