"""The order in which a key project's approvals must be obtained (pure data).

A construction project's land passes, in this order: the geological-hazard
assessment and the check for overlain minerals, which the pre-approval needs
(建设项目用地预审管理办法 Art. 10), the pre-approval itself (土地管理法
Art. 52, during the feasibility study), the reclamation plan (土地复垦条例
Art. 11, before the land is approved), the conversion of farmland and then the
expropriation of collective land (土地管理法 Art. 44, 46: one approval after
the other), the grant or allocation of the state-owned land (供地, Art. 54)
and temporary land for the works. Mining rights follow their own track:
exploration, reserves review, then the mining licence and its changes.
Registration of the land right closes the land track.

Items not named here come last, in code order.
"""

from xiaoneng.projects.choices import Phase

# (item code, phase), in procedural order.
PROCEDURE: list[tuple[str, str]] = [
    ("DZZH", Phase.PRELIMINARY),  # 地质灾害危险性评估报告备案
    ("YFKC", Phase.PRELIMINARY),  # 建设项目压覆重要矿产资源审批
    ("YDYS", Phase.PRELIMINARY),  # 建设项目用地预审
    ("FKFA", Phase.LAND),  # 土地复垦方案审查
    ("NYDZY", Phase.LAND),  # 农用地转用审批
    ("TDZS", Phase.LAND),  # 土地征收审批
    ("HBYD", Phase.SUPPLY),  # 国有建设用地使用权划拨批准
    ("LSYD", Phase.SUPPLY),  # 临时用地审批
    ("TKXL", Phase.MINING),  # 探矿权新立登记
    ("TKYX", Phase.MINING),  # 探矿权延续登记
    ("TKBL", Phase.MINING),  # 探矿权保留登记
    ("CLPS", Phase.MINING),  # 矿产资源储量评审备案
    ("CKXL", Phase.MINING),  # 采矿权新立登记
    ("KQZR", Phase.MINING),  # 探矿权采矿权转让审批
    ("CKBG", Phase.MINING),  # 采矿权变更登记
    ("CKYX", Phase.MINING),  # 采矿权延续登记
    ("BDCFZ", Phase.REGISTRATION),  # 不动产登记（非住宅）
]
POSITION = {code: index for index, (code, _phase) in enumerate(PROCEDURE)}
PHASE = dict(PROCEDURE)

# The approval that grants construction land: the hectares approved for a
# project are those of its conversion approvals (农用地转用, which covers
# unused land in the same 建设用地审批). Expropriation and supply act on the
# same land, so counting them too would count it twice.
AREA_ITEM_CODES = frozenset({"NYDZY"})


def sort_key(code: str) -> tuple[int, str]:
    """Procedural position of an item; unknown items after the known ones, by code."""
    return (POSITION.get(code, len(PROCEDURE)), code)


def phase_of(code: str) -> str:
    return PHASE.get(code, Phase.OTHER)


def next_step(steps: dict[str, bool]) -> str | None:
    """The first item, in procedural order, whose approval is not yet done.

    ``steps`` maps the item codes a project has cases for to whether one of
    them is approved. None when every approval is done (or there is none).
    """
    for code in sorted(steps, key=sort_key):
        if not steps[code]:
            return code
    return None
