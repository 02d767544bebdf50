"""The default self-inspection checklists: the five areas and their questions as the
department's campaign report lists them (二、深入查摆问题 … 重点查找和解决五个方面的问题).

The text is copied here (not imported) so that this migration never changes;
the system administrator edits the checklists in the admin afterwards.
"""

from django.db import migrations

DEFAULT_CHECKLISTS = [
    (
        "thinking",
        "思想认识问题",
        [
            "政治业务学习是否按要求参加，学习态度是否端正",
            "是否牢固树立宁夏“一盘棋”思想，自觉维护团结、稳定与改革、发展的大局",
            "是否能够积极配合相关部门、相关处室工作，形成合力，有无各自为政、相互扯皮拆台等现象",
        ],
    ),
    (
        "efficiency",
        "工作效率问题",
        [
            "精神是否振奋，有无精神萎靡、自由散漫现象",
            "作风是否过硬，有无办事拖拉、故意设障、拖延不办现象",
            "工作流程是否优化，节奏是否加快，工作是否高效",
        ],
    ),
    (
        "service",
        "服务质量问题",
        [
            "是否严格执行、规范行政许可行为，严格按照法定程序实施行政许可",
            "服务基层、服务企业和群众的意识是否增强，是否能够踏踏实实为群众办好事、办实事",
            "接待服务对象是否热情，有无违反服务文明用语、态度冷漠、敷衍推诿，"
            "是否存在门难进、脸难看、话难听、事难办等现象",
        ],
    ),
    (
        "conduct",
        "行为规范问题",
        [
            "职责范围是否明确，岗位职责是否到位",
            "监督管理机制是否健全，行政行为是否规范",
            "各种收费是否合理",
            "是否严格执行廉洁自律规定，有无吃拿卡要、收送礼金和有价证券等现象",
        ],
    ),
    (
        "discipline",
        "工作纪律问题",
        [
            "是否严格执行工作纪律，有无不作为或乱作为现象",
            "是否遵守工作制度，有无迟到早退、脱岗串岗和聊天玩游戏等现象",
        ],
    ),
]


def create_defaults(apps, schema_editor):
    Template = apps.get_model("campaign", "ChecklistTemplate")
    Item = apps.get_model("campaign", "ChecklistItem")
    for area, title, questions in DEFAULT_CHECKLISTS:
        template, _created = Template.objects.get_or_create(area=area, defaults={"title": title})
        for order, text in enumerate(questions, start=1):
            Item.objects.get_or_create(template=template, order=order, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [("campaign", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
